// Runs an ffmpeg/ffprobe command to completion, collecting stdout as bytes and stderr as text.
// Streaming callers (frame cache, raw decode) spawn directly; this is for the one-shot calls.
import { spawn } from 'node:child_process'
import { AppError } from '../../shared/errors'

export interface ToolResult {
  exitCode: number
  stdout: Buffer
  stderr: string
}

export interface RunToolOptions {
  timeoutMs?: number
  signal?: AbortSignal
}

/** Keep only the tail of stderr: a corrupt file can make ffmpeg print megabytes of warnings. */
const STDERR_LIMIT = 64 * 1024

export function runTool(bin: string, args: string[], options: RunToolOptions = {}): Promise<ToolResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })
    const out: Buffer[] = []
    let stderr = ''
    let timedOut = false
    let timer: NodeJS.Timeout | undefined
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(() => {
        timedOut = true
        child.kill('SIGKILL')
      }, options.timeoutMs)
    }
    const onAbort = (): void => {
      child.kill('SIGKILL')
    }
    options.signal?.addEventListener('abort', onAbort, { once: true })
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk
      if (stderr.length > STDERR_LIMIT * 2) stderr = stderr.slice(-STDERR_LIMIT)
    })
    child.on('error', (err) => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      reject(new AppError('ffmpeg-missing', `cannot run ${bin}: ${err.message}`))
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      if (timedOut) {
        reject(new AppError('timeout', `${bin} ${args.join(' ')} did not finish within ${options.timeoutMs} ms`))
        return
      }
      if (options.signal?.aborted) {
        reject(new AppError('cancelled', `${bin} was cancelled`))
        return
      }
      resolvePromise({ exitCode: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out), stderr })
    })
  })
}
