// Parent side of job processes: start, progress with rate and ETA, cancel, and a run marked
// failed when its process dies without saying why (crash, out-of-memory, kill -9).
import { fork } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import type { JobProgress } from '../../shared/types'
import type { EventHub } from '../app/events'
import { finishRun, getRun, type Store } from '../store'
import type { FromJob, JobSpec, ToJob } from './protocol'

/** A started job process, whatever started it (fork here, utilityProcess under Electron). */
export interface JobHandle {
  post(message: ToJob): void
  onMessage(listener: (message: FromJob) => void): void
  onExit(listener: (code: number | null) => void): void
  kill(): void
}

export type SpawnJob = () => JobHandle

export function forkSpawner(entry: string): SpawnJob {
  return () => {
    const child = fork(entry, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' })
    return {
      post: (message) => {
        if (child.connected) child.send(message)
      },
      onMessage: (listener) => child.on('message', (m) => listener(m as FromJob)),
      onExit: (listener) => child.on('exit', (code) => listener(code)),
      kill: () => child.kill('SIGKILL')
    }
  }
}

interface ActiveJob {
  handle: JobHandle
  progress: JobProgress
  startedAt: number
  killTimer: NodeJS.Timeout | null
  cancelRequested: boolean
}

const CANCEL_GRACE_MS = 5000

export class JobRunner {
  private readonly jobs = new Map<string, ActiveJob>()

  constructor(
    private readonly spawn: SpawnJob,
    private readonly events: EventHub,
    private readonly store: Store
  ) {}

  start(kind: string, label: string, job: JobSpec): string {
    const jobId = randomUUID()
    const handle = this.spawn()
    const active: ActiveJob = {
      handle,
      startedAt: Date.now(),
      killTimer: null,
      cancelRequested: false,
      progress: { jobId, kind, label, done: 0, total: 0, rate: 0, etaSeconds: null, status: 'running' }
    }
    this.jobs.set(jobId, active)
    handle.onMessage((message) => this.onMessage(active, message))
    handle.onExit((code) => this.onExit(active, code))
    handle.post({ type: 'start', jobId, job })
    this.emit(active)
    return jobId
  }

  cancel(jobId: string): boolean {
    const active = this.jobs.get(jobId)
    if (!active || active.progress.status !== 'running') return false
    active.cancelRequested = true
    active.handle.post({ type: 'cancel' })
    active.killTimer = setTimeout(() => active.handle.kill(), CANCEL_GRACE_MS)
    return true
  }

  list(): JobProgress[] {
    return [...this.jobs.values()].map((j) => j.progress)
  }

  stopAll(): void {
    for (const job of this.jobs.values()) if (job.progress.status === 'running') job.handle.kill()
  }

  private onMessage(active: ActiveJob, message: FromJob): void {
    const p = active.progress
    switch (message.type) {
      case 'run':
        p.runId = message.runId
        break
      case 'progress': {
        p.done = message.done
        p.total = message.total
        p.message = message.message
        const seconds = (Date.now() - active.startedAt) / 1000
        p.rate = seconds > 0 ? message.done / seconds : 0
        p.etaSeconds = p.rate > 0 ? (message.total - message.done) / p.rate : null
        break
      }
      case 'done':
        p.status = 'done'
        p.done = p.total
        p.etaSeconds = 0
        break
      case 'cancelled':
        p.status = 'cancelled'
        break
      case 'failed':
        p.status = 'failed'
        p.message = `[${message.error.code}] ${message.error.message}`
        break
    }
    this.emit(active)
  }

  private onExit(active: ActiveJob, code: number | null): void {
    if (active.killTimer) clearTimeout(active.killTimer)
    const p = active.progress
    if (p.status !== 'running') return
    // died without a final word: the run must not stay 'running' in the log
    const reason = active.cancelRequested
      ? 'cancelled; the job process did not stop in time and was killed'
      : `the job process exited unexpectedly (${code === null ? 'killed' : `exit code ${code}`}); rows written so far are kept`
    p.status = active.cancelRequested ? 'cancelled' : 'failed'
    p.message = reason
    if (p.runId) {
      const run = getRun(this.store, p.runId)
      if (run && (run.status === 'running' || run.status === 'queued')) {
        finishRun(this.store, p.runId, active.cancelRequested ? 'cancelled' : 'failed', active.cancelRequested ? undefined : reason)
      }
    }
    this.emit(active)
  }

  private emit(active: ActiveJob): void {
    this.events.emit({ type: 'job-progress', progress: { ...active.progress } })
  }
}
