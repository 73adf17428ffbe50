// Entry of the headless host bundle (out/main/serve.js): `node out/main/serve.js [--port N] …`.
import { main } from '../cli/main'

main(['serve', ...process.argv.slice(2)]).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    process.stderr.write(`avsal serve: ${(err as Error).message}\n`)
    process.exitCode = 1
  }
)
