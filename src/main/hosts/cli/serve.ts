// `avsal serve`: the headless host. Prints the tokenised URL and keeps running until SIGINT/SIGTERM.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startHttpHost } from '../http/httpHost'
import { packageInfo, type AppService } from '../../app'
import { usage } from './output'

export interface ServeOptions {
  port?: string
  host?: string
  open?: string
  rendererDir?: string
}

export async function runServe(service: AppService, options: ServeOptions): Promise<number> {
  const port = options.port === undefined ? 5170 : Number(options.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usage(`--port must be 0…65535, got ${options.port}`)
  const rendererDir = options.rendererDir ?? join(packageInfo().root, 'out', 'renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw usage(`the UI is not built (${rendererDir}/index.html missing): run \`npm run build\` first`)
  }
  const host = options.host ?? '127.0.0.1'
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    process.stderr.write(`avsal: warning: listening on ${host}, reachable from other machines (the token still guards the API)\n`)
  }
  if (options.open) await service.call('openDataset', [options.open])
  service.startWatchingRoots()
  const http = await startHttpHost({ service, rendererDir, host, port })
  process.stdout.write(`AVSal Workstation (headless) at ${http.launchUrl}\n`)
  process.stdout.write('Open that link in a browser (over SSH: ssh -L <port>:127.0.0.1:<port> server). Ctrl+C stops.\n')
  await new Promise<void>((resolvePromise) => {
    const stop = (): void => resolvePromise()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await http.close()
  service.close()
  return 0
}
