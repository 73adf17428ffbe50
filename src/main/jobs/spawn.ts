// How a job process starts: child_process.fork of the built entry here (the CLI and the
// headless host), Electron's utilityProcess in the desktop app (hosts/electron.ts passes its own).
// The child's own output (library warnings, native crash text) comes back line by line for the
// run's log file.
import { fork } from 'node:child_process'
import { entryPoint } from '../core/packageInfo'
import type { FromJob, ToJob } from './protocol'

/** A started job process, whatever started it. */
export interface JobHandle {
  post(message: ToJob): void
  onMessage(listener: (message: FromJob) => void): void
  /** exit code, or the signal that killed it */
  onExit(listener: (code: number | null, signal: string | null) => void): void
  /** lines the process printed on stdout/stderr */
  onOutput(listener: (line: string) => void): void
  kill(): void
}

export type SpawnJob = () => JobHandle

export interface ForkOptions {
  /** extra Node flags, e.g. ['--import', 'tsx'] to run the TypeScript entry in tests */
  execArgv?: string[]
}

function splitLines(listener: (line: string) => void): (chunk: Buffer) => void {
  let pending = ''
  return (chunk) => {
    pending += chunk.toString('utf8')
    const lines = pending.split(/\r?\n/)
    pending = lines.pop() ?? ''
    for (const line of lines) if (line.trim()) listener(line)
  }
}

export function forkSpawner(entry: string, options: ForkOptions = {}): SpawnJob {
  return () => {
    const child = fork(entry, [], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
      execArgv: options.execArgv ?? []
    })
    const outputListeners: ((line: string) => void)[] = []
    const emit = splitLines((line) => outputListeners.forEach((l) => l(line)))
    child.stdout?.on('data', emit)
    child.stderr?.on('data', emit)
    return {
      post: (message) => {
        if (child.connected) child.send(message)
      },
      onMessage: (listener) => child.on('message', (m) => listener(m as FromJob)),
      onExit: (listener) => child.on('exit', (code, signal) => listener(code, signal)),
      onOutput: (listener) => outputListeners.push(listener),
      kill: () => child.kill('SIGKILL')
    }
  }
}

/** The job process of this installation (the built entry, or the source under AVSAL_RUN_FROM_SOURCE=1). */
export function defaultJobSpawner(): SpawnJob {
  const entry = entryPoint('job')
  return forkSpawner(entry.path, { execArgv: entry.execArgv })
}
