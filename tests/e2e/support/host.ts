// Starts the built headless host (`node out/main/serve.js --port 0`) as a real child process and
// reads the tokenised URL it prints.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const REPO = resolve(__dirname, '../../..')
export const SERVE_ENTRY = join(REPO, 'out/main/serve.js')

export interface RunningHost {
  url: string
  launchUrl: string
  token: string
  dataDir: string
  output: () => string
  stop(): Promise<void>
}

export async function startHost(options: { dataDir?: string; args?: string[] } = {}): Promise<RunningHost> {
  if (!existsSync(SERVE_ENTRY)) throw new Error(`${SERVE_ENTRY} missing: run \`npm run build\` (npm test does)`)
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'avsal-e2e-data-'))
  const child: ChildProcess = spawn(process.execPath, [SERVE_ENTRY, '--port', '0', '--data-dir', dataDir, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  const launchUrl = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in 20 s:\n${out}`)), 20_000)
    const check = (): void => {
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        resolvePromise(match[1])
      }
    }
    child.stdout?.on('data', check)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`host exited with ${code}:\n${out}`))
    })
  })
  const parsed = new URL(launchUrl)
  return {
    url: parsed.origin,
    launchUrl,
    token: parsed.searchParams.get('token') ?? '',
    dataDir,
    output: () => out,
    stop: () =>
      new Promise<void>((resolvePromise) => {
        if (child.exitCode !== null) return resolvePromise()
        child.once('exit', () => resolvePromise())
        child.kill('SIGTERM')
      })
  }
}

/** Calls the API the way the renderer does. */
export async function apiCall<T>(host: RunningHost, method: string, ...args: unknown[]): Promise<T> {
  const res = await fetch(`${host.url}/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` },
    body: JSON.stringify({ args })
  })
  const body = (await res.json()) as { ok: boolean; result?: T; error?: { code: string; message: string } }
  if (!body.ok) throw Object.assign(new Error(body.error?.message), { code: body.error?.code })
  return body.result as T
}
