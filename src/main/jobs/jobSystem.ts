// The app side of every job: a request is checked by its kind (no run exists yet if it is bad),
// becomes a queued run owned by this process, waits for its device lane (heavy jobs run one at a
// time per device, across every process sharing the log), runs in a job process, and ends with
// the job's own final report — or, when the process dies without one, as failed (a crash) or
// interrupted (killed). This process writes a heartbeat for its runs and sweeps the runs of
// owners that are gone, so a dead CLI never blocks the queue.
import { appendFileSync, existsSync, mkdirSync, statSync } from 'node:fs'
import { randomUUID } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { AppError, toErrorBody, type ErrorBody } from '../../shared/errors'
import type { AppEvent, JobProgress, JobStatus } from '../../shared/types'
import { thisProcessOwner, type ProcessOwner } from '../core/processOwner'
import {
  addArtifact,
  claimRun,
  createRun,
  finishRun,
  getRun,
  heartbeatRuns,
  markStopping,
  queuePosition,
  requeueRun,
  runSummary,
  sweepOrphanedRuns,
  RESUMABLE_STATUSES,
  type InterruptedRun,
  type Store
} from '../store'
import type { FinalMessage, FromJob } from './protocol'
import { isJobKindName, JOB_KINDS, jobKindForRun, type JobKindName, type JobRequests, type PrepareEnv } from './registry'
import type { JobHandle, SpawnJob } from './spawn'

export interface JobSystemOptions {
  store: Store
  dbPath: string
  /** what job kinds check requests against (the CPU threads per heavy job come from the lane width) */
  env: Omit<PrepareEnv, 'threadsPerHeavyJob'>
  spawn: SpawnJob
  emit(event: AppEvent): void
  /** run logs (<runId>.log) */
  logDir: string
  owner?: ProcessOwner
  /** heavy jobs that may run at once on one device (default: AVSAL_JOBS_PER_DEVICE, else 1) */
  perDevice?: number
  /** how often queued jobs look for a free lane */
  pollMs?: number
  heartbeatMs?: number
  /** how often the owners of active runs are checked (a dead process frees its lane) */
  sweepMs?: number
  /** a cancelled job that does not stop within this is killed */
  cancelGraceMs?: number
}

/** How a job ended, for whoever waited on it (the CLI prints it). */
export interface FinishedJob {
  progress: JobProgress
  /** the kind's result (a report), for 'done' and, when it has one, for 'cancelled'/'stopped-resumable' */
  result?: unknown
  error?: ErrorBody
}

interface ActiveJob {
  jobId: string
  runId: string
  kind: JobKindName
  spec: unknown
  progress: JobProgress
  handle: JobHandle | null
  startedAt: number
  killTimer: NodeJS.Timeout | null
  cancelRequested: boolean
  final: FinalMessage | null
  finished: FinishedJob | null
  waiters: ((finished: FinishedJob) => void)[]
  logPath: string
}

/** how long the app's periodic writes (heartbeats, queue claims) may wait for a job's write lock */
export const APP_WRITE_WAIT_MS = 20

const TERMINAL: readonly JobStatus[] = ['done', 'failed', 'cancelled', 'interrupted', 'stopped-resumable']

function defaultPerDevice(): number {
  const value = Number(process.env.AVSAL_JOBS_PER_DEVICE ?? 1)
  return Number.isInteger(value) && value >= 1 ? value : 1
}

export class JobSystem {
  private readonly jobs = new Map<string, ActiveJob>()
  private readonly owner: ProcessOwner
  private readonly perDevice: number
  private readonly env: PrepareEnv
  private readonly pollMs: number
  private readonly sweepMs: number
  private readonly cancelGraceMs: number
  private pumpTimer: NodeJS.Timeout | null = null
  private readonly heartbeatTimer: NodeJS.Timeout
  private lastSweep = 0
  private closed = false

  constructor(private readonly options: JobSystemOptions) {
    this.owner = options.owner ?? thisProcessOwner()
    this.perDevice = options.perDevice ?? defaultPerDevice()
    this.env = { ...options.env, threadsPerHeavyJob: Math.max(1, Math.floor(availableParallelism() / this.perDevice)) }
    this.pollMs = options.pollMs ?? 500
    this.sweepMs = options.sweepMs ?? 5000
    this.cancelGraceMs = options.cancelGraceMs ?? 10_000
    this.heartbeatTimer = setInterval(() => this.heartbeat(), options.heartbeatMs ?? 5000)
    this.heartbeatTimer.unref()
  }

  /** Checks the request with its kind, queues its run and returns at once. */
  async submit<K extends JobKindName>(kindName: K, request: JobRequests[K]): Promise<{ jobId: string; runId: string }> {
    if (this.closed) throw new AppError('invalid-state', 'the app is shutting down; no new job can start')
    const kind = JOB_KINDS[kindName]
    const prepared = await kind.prepare(request, this.env)
    const run = createRun(this.options.store, { ...prepared.run, owner: this.owner, device: prepared.device })
    return this.enqueue(kindName, run.id, prepared.spec, prepared.label, prepared.device)
  }

  /** Queues a stopped or interrupted run of a resumable kind again; it continues where it stopped. */
  async resume(runId: string): Promise<{ jobId: string; runId: string }> {
    const run = getRun(this.options.store, runId)
    if (!run) throw new AppError('unknown-run', `no run ${runId} in the experiment log`)
    const kindName = jobKindForRun(run.kind)
    const kind = kindName ? JOB_KINDS[kindName] : null
    if (!kindName || !kind?.resumable || !kind.resumeSpec) throw new AppError('not-resumable', `${run.kind} runs cannot be resumed; start a new one`)
    if (!RESUMABLE_STATUSES.includes(run.status)) {
      throw new AppError('not-resumable', `run ${runId} is ${run.status}; only ${RESUMABLE_STATUSES.join(' or ')} runs can be resumed`)
    }
    const spec = kind.resumeSpec(run.config, this.env)
    requeueRun(this.options.store, runId, this.owner)
    const label = runSummary(this.options.store, run).label
    return this.enqueue(kindName, runId, spec, `${label} (resumed)`, run.device)
  }

  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId)
    if (!job || TERMINAL.includes(job.progress.status)) return false
    job.cancelRequested = true
    if (job.progress.status === 'queued') {
      this.finishHere(job, 'cancelled', { reason: 'cancelled while queued' })
      return true
    }
    job.handle?.post({ type: 'cancel' })
    this.markStoppingQuietly(job, 'cancel requested')
    job.killTimer ??= setTimeout(() => job.handle?.kill(), this.cancelGraceMs)
    return true
  }

  /** Stops a resumable job after its current step (the run ends stopped-resumable). */
  stop(jobId: string): boolean {
    const job = this.jobs.get(jobId)
    if (!job || TERMINAL.includes(job.progress.status)) return false
    if (!JOB_KINDS[job.kind].resumable) throw new AppError('not-resumable', `${job.kind} jobs cannot be stopped and resumed; cancel it instead`)
    if (job.progress.status === 'queued') {
      this.finishHere(job, 'stopped-resumable', { reason: 'stopped while queued' })
      return true
    }
    job.handle?.post({ type: 'stop' })
    this.markStoppingQuietly(job, 'stop requested')
    return true
  }

  list(): JobProgress[] {
    return [...this.jobs.values()].map((j) => ({ ...j.progress }))
  }

  /** Resolves when the job has ended (its final report arrived, or its process died). */
  wait(jobId: string): Promise<FinishedJob> {
    const job = this.jobs.get(jobId)
    if (!job) return Promise.reject(new AppError('not-found', `no job ${jobId}`))
    if (job.finished) return Promise.resolve(job.finished)
    return new Promise((resolve) => job.waiters.push(resolve))
  }

  /** Active runs of owners that are gone become interrupted (see store/runs.ts). */
  sweep(): InterruptedRun[] {
    this.lastSweep = Date.now()
    return sweepOrphanedRuns(this.options.store)
  }

  /** The app is closing: running jobs are killed and their runs marked interrupted (resumable). */
  close(): void {
    this.closed = true
    clearInterval(this.heartbeatTimer)
    if (this.pumpTimer) clearTimeout(this.pumpTimer)
    for (const job of this.jobs.values()) {
      if (TERMINAL.includes(job.progress.status)) continue
      this.finishHere(job, 'interrupted', { reason: 'interrupted: the app closed while the run was active' })
      job.handle?.kill()
    }
  }

  // ---- internals ----

  private enqueue(kind: JobKindName, runId: string, spec: unknown, label: string, device: string | null): { jobId: string; runId: string } {
    const jobId = randomUUID()
    mkdirSync(this.options.logDir, { recursive: true })
    const job: ActiveJob = {
      jobId,
      runId,
      kind,
      spec,
      handle: null,
      startedAt: Date.now(),
      killTimer: null,
      cancelRequested: false,
      final: null,
      finished: null,
      waiters: [],
      logPath: join(this.options.logDir, `${runId}.log`),
      progress: {
        jobId,
        kind,
        label,
        done: 0,
        total: 0,
        rate: 0,
        etaSeconds: null,
        status: 'queued',
        runId,
        queuePosition: queuePosition(this.options.store, runId),
        device,
        resumable: JOB_KINDS[kind].resumable
      }
    }
    this.jobs.set(jobId, job)
    this.emitProgress(job)
    this.pump()
    return { jobId, runId }
  }

  /** Starts every queued job whose lane has room; keeps polling while any waits. */
  private pump(): void {
    if (this.pumpTimer) {
      clearTimeout(this.pumpTimer)
      this.pumpTimer = null
    }
    if (this.closed) return
    const queued = [...this.jobs.values()].filter((j) => j.progress.status === 'queued')
    if (queued.length === 0) return
    if (Date.now() - this.lastSweep >= this.sweepMs) this.sweep()
    for (const job of queued) {
      let started: boolean | null = false
      try {
        // a job writing flat out holds the lock: skip this try rather than stall the app's thread
        started = this.options.store.tryWrite(() => claimRun(this.options.store, job.runId, { perDevice: this.perDevice }), APP_WRITE_WAIT_MS)
      } catch (err) {
        this.finishHere(job, 'failed', { error: toErrorBody(err) })
        continue
      }
      if (started === null) continue
      if (started) {
        this.launch(job)
        continue
      }
      const status = getRun(this.options.store, job.runId)?.status
      if (status !== 'queued') {
        // finished elsewhere while it waited (cancelled from another window, swept)
        this.adoptFinal(job, status ?? 'failed', 'the run left the queue outside this process')
        continue
      }
      const position = queuePosition(this.options.store, job.runId)
      if (position !== job.progress.queuePosition) {
        job.progress.queuePosition = position
        job.progress.message = position === null ? undefined : `queued on ${job.progress.device}, position ${position}`
        this.emitProgress(job)
      }
    }
    if ([...this.jobs.values()].some((j) => j.progress.status === 'queued')) {
      this.pumpTimer = setTimeout(() => this.pump(), this.pollMs)
    }
  }

  private launch(job: ActiveJob): void {
    job.startedAt = Date.now()
    job.progress.status = 'running'
    job.progress.queuePosition = null
    job.progress.message = undefined
    try {
      const handle = this.options.spawn()
      job.handle = handle
      handle.onMessage((message) => this.onMessage(job, message))
      handle.onExit((code, signal) => this.onExit(job, code, signal))
      handle.onOutput((line) => this.appendLog(job, line))
      handle.post({
        type: 'start',
        jobId: job.jobId,
        runId: job.runId,
        kind: job.kind,
        spec: job.spec,
        dbPath: this.options.dbPath,
        cacheDir: this.env.cacheDir,
        owner: this.owner
      })
    } catch (err) {
      this.finishHere(job, 'failed', { error: toErrorBody(err) })
      return
    }
    this.emitProgress(job)
  }

  private onMessage(job: ActiveJob, message: FromJob): void {
    const p = job.progress
    switch (message.type) {
      case 'progress': {
        p.done = message.done
        p.total = message.total
        p.message = message.message
        const seconds = Math.max((Date.now() - job.startedAt) / 1000, 1e-3)
        p.rate = message.done / seconds
        p.etaSeconds = p.rate > 0 && message.total > 0 ? (message.total - message.done) / p.rate : null
        this.emitProgress(job)
        return
      }
      case 'metrics':
        this.options.emit({ type: 'job-metrics', jobId: job.jobId, runId: job.runId, entries: message.entries })
        return
      case 'artifact':
        return
      case 'log':
        this.appendLog(job, message.line)
        return
      case 'final':
        job.final = message
        job.handle?.post({ type: 'release' })
        this.settle(job, message)
        return
    }
  }

  private onExit(job: ActiveJob, code: number | null, signal: string | null): void {
    if (job.killTimer) clearTimeout(job.killTimer)
    job.handle = null
    if (existsSync(job.logPath)) {
      try {
        addArtifact(this.options.store, job.runId, { kind: 'log', path: job.logPath, bytes: statSync(job.logPath).size })
      } catch {
        // the log file is a convenience; the run's outcome matters more
      }
    }
    if (job.final || job.finished) return
    // died without a final word: the run must not stay active in the log
    if (job.cancelRequested) {
      this.finishHere(job, 'cancelled', { reason: `cancelled; the job process did not stop within ${this.cancelGraceMs / 1000} s and was killed` })
    } else if (signal) {
      this.finishHere(job, 'interrupted', { reason: `interrupted: the job process was killed by ${signal} (out of memory, or killed by hand); rows written so far are kept` })
    } else {
      this.finishHere(job, 'failed', {
        error: { code: 'job-crashed', message: `the job process exited unexpectedly (exit code ${code}); rows written so far are kept${existsSync(job.logPath) ? `; its output is in ${job.logPath}` : ''}` }
      })
    }
  }

  /** Records an outcome decided in this process (queued cancel, crash, close) in the log and the job. */
  private finishHere(job: ActiveJob, status: 'cancelled' | 'stopped-resumable' | 'interrupted' | 'failed', outcome: { reason?: string; error?: ErrorBody }): void {
    try {
      if (status === 'failed') finishRun(this.options.store, job.runId, 'failed', outcome.error?.message ?? 'failed')
      else finishRun(this.options.store, job.runId, status, undefined, { reason: outcome.reason })
    } catch {
      // the job wrote its own final status just before it died: that one stands
      const recorded = getRun(this.options.store, job.runId)?.status
      if (recorded && recorded !== status) return this.adoptFinal(job, recorded, 'recorded by the job process')
    }
    if (status === 'failed') this.settle(job, { type: 'final', status: 'failed', error: outcome.error ?? { code: 'internal', message: 'failed' } })
    else if (status === 'interrupted') this.settleInterrupted(job, outcome.reason ?? 'interrupted')
    else this.settle(job, { type: 'final', status, reason: outcome.reason ?? status })
  }

  private adoptFinal(job: ActiveJob, status: string, why: string): void {
    const run = getRun(this.options.store, job.runId)
    if (status === 'done') this.settle(job, { type: 'final', status: 'done', result: undefined })
    else if (status === 'interrupted') this.settleInterrupted(job, run?.statusReason ?? why)
    else if (status === 'cancelled' || status === 'stopped-resumable') this.settle(job, { type: 'final', status, reason: run?.statusReason ?? why })
    else this.settle(job, { type: 'final', status: 'failed', error: { code: 'invalid-state', message: run?.error ?? `the run is ${status} (${why})` } })
  }

  private settleInterrupted(job: ActiveJob, reason: string): void {
    job.progress.status = 'interrupted'
    job.progress.message = reason
    this.resolve(job, { progress: { ...job.progress } })
  }

  private settle(job: ActiveJob, final: FinalMessage): void {
    const p = job.progress
    p.status = final.status
    p.queuePosition = null
    if (final.status === 'done') {
      p.done = p.total
      p.etaSeconds = 0
      p.message = undefined
      this.resolve(job, { progress: { ...p }, result: final.result })
    } else if (final.status === 'failed') {
      p.message = `[${final.error.code}] ${final.error.message}`
      this.resolve(job, { progress: { ...p }, error: final.error })
    } else {
      p.message = final.reason
      this.resolve(job, { progress: { ...p }, result: final.result })
    }
  }

  private resolve(job: ActiveJob, finished: FinishedJob): void {
    if (job.finished) return
    job.finished = finished
    this.emitProgress(job)
    for (const waiter of job.waiters.splice(0)) waiter(finished)
    // a lane may have freed
    queueMicrotask(() => this.pump())
  }

  private markStoppingQuietly(job: ActiveJob, reason: string): void {
    try {
      markStopping(this.options.store, job.runId, reason)
      job.progress.status = 'stopping'
      job.progress.message = reason
      this.emitProgress(job)
    } catch {
      // already finishing: its final report will say how it ended
    }
  }

  private heartbeat(): void {
    try {
      // a locked log delays one heartbeat (the stale limit is minutes); the app's thread never waits for it
      this.options.store.tryWrite(() => heartbeatRuns(this.options.store, this.owner), APP_WRITE_WAIT_MS)
    } catch {
      // a read-only or full disk: the next heartbeat tries again
    }
  }

  private appendLog(job: ActiveJob, line: string): void {
    try {
      appendFileSync(job.logPath, `${new Date().toISOString()} ${line}\n`)
    } catch {
      // a full disk must not take the job down with it
    }
  }

  private emitProgress(job: ActiveJob): void {
    this.options.emit({ type: 'job-progress', progress: { ...job.progress } })
  }
}

export { isJobKindName }
