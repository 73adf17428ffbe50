// What a running job sees: its run, the log, and one way to report (progress, metrics by step,
// artifacts, log lines) that both writes the experiment log and tells the app process, which
// forwards it to the UI. Cancel and stop requests arrive here; long work checks them between steps.
import { AppError } from '../../../shared/errors'
import type { ProcessOwner } from '../../core/processOwner'
import type { FfmpegBinaries } from '../../media'
import { addArtifact, logMetrics, releaseLock, tryAcquireLock, type MetricEntry, type NewArtifact, type Store } from '../../store'

/** Where a context's reports go besides the log (the job process posts them to the app). */
export interface JobReportSink {
  progress(done: number, total: number, message: string): void
  metrics(entries: MetricEntry[]): void
  artifact(artifact: NewArtifact): void
  log(line: string): void
}

export interface JobContext {
  readonly runId: string
  readonly store: Store
  /** the process that supervises the run (its owner in the log) */
  readonly owner: ProcessOwner
  readonly cacheDir: string
  progress(done: number, total: number, message: string): void
  logMetrics(entries: MetricEntry[]): void
  addArtifact(artifact: NewArtifact): void
  log(line: string): void
  cancelRequested(): boolean
  stopRequested(): boolean
  ffmpeg(): FfmpegBinaries | undefined
  /**
   * Holds a named lock shared by every process using the log (e.g. one writer per prediction
   * cache folder), waiting while another active run holds it. Resolves to its release.
   */
  acquireLock(name: string, what: string): Promise<() => void>
}

export interface JobContextOptions {
  runId: string
  store: Store
  owner: ProcessOwner
  cacheDir: string
  sink: JobReportSink
  cancelRequested(): boolean
  stopRequested(): boolean
  ffmpeg?(): FfmpegBinaries | undefined
  /** progress is sent at most this often (the last one always) */
  progressIntervalMs?: number
  lockPollMs?: number
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export function createJobContext(options: JobContextOptions): JobContext {
  const interval = options.progressIntervalMs ?? 200
  const lockPollMs = options.lockPollMs ?? 250
  let lastProgress = 0
  return {
    runId: options.runId,
    store: options.store,
    owner: options.owner,
    cacheDir: options.cacheDir,
    progress(done, total, message) {
      const now = Date.now()
      if (now - lastProgress < interval && done < total) return
      lastProgress = now
      options.sink.progress(done, total, message)
    },
    logMetrics(entries) {
      logMetrics(options.store, options.runId, entries)
      options.sink.metrics(entries)
    },
    addArtifact(artifact) {
      addArtifact(options.store, options.runId, artifact)
      options.sink.artifact(artifact)
    },
    log(line) {
      options.sink.log(line)
    },
    cancelRequested: options.cancelRequested,
    stopRequested: options.stopRequested,
    ffmpeg: () => options.ffmpeg?.(),
    async acquireLock(name, what) {
      let told = false
      for (;;) {
        const result = tryAcquireLock(options.store, name, options.runId)
        if (result.acquired) return () => releaseLock(options.store, name, options.runId)
        if (options.cancelRequested() || options.stopRequested()) {
          throw new AppError('cancelled', `cancelled while waiting for run ${result.heldBy}, which writes ${what}`)
        }
        if (!told) {
          options.sink.log(`waiting for run ${result.heldBy}, which writes ${what}`)
          options.sink.progress(0, 0, `waiting for run ${result.heldBy.slice(0, 8)}, which writes the same maps`)
          told = true
        }
        await sleep(lockPollMs)
      }
    }
  }
}
