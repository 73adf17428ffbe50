// Messages between the app and a job process (child_process.fork or Electron utilityProcess).
// One protocol for every kind of job: the job reports progress, metrics by step, artifacts and
// log lines, then one final report; the app answers the final report with 'release', and only
// then does the job process exit, so its last message is never lost to an exit timer.
import type { ErrorBody } from '../../shared/errors'
import type { ProcessOwner } from '../core/processOwner'
import type { MetricEntry, NewArtifact } from '../store'

export interface StartMessage {
  type: 'start'
  jobId: string
  runId: string
  /** a name in jobs/registry.ts */
  kind: string
  spec: unknown
  dbPath: string
  cacheDir: string
  /** the app process that owns the run */
  owner: ProcessOwner
}

export type ToJob = StartMessage | { type: 'cancel' } | { type: 'stop' } | { type: 'release' }

export type FinalMessage =
  | { type: 'final'; status: 'done'; result: unknown }
  | { type: 'final'; status: 'cancelled' | 'stopped-resumable'; reason: string; result?: unknown }
  | { type: 'final'; status: 'failed'; error: ErrorBody }

export type FromJob =
  | { type: 'progress'; done: number; total: number; message: string }
  | { type: 'metrics'; entries: MetricEntry[] }
  | { type: 'artifact'; artifact: NewArtifact }
  | { type: 'log'; line: string }
  | FinalMessage

/** The two ways a job process talks to its parent. */
export interface JobChannel {
  post(message: FromJob): void
  onMessage(listener: (message: ToJob) => void): void
}
