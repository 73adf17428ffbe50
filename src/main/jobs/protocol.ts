// Messages between the app and a job process (child_process.fork or Electron utilityProcess).
import type { ErrorBody } from '../../shared/errors'

import type { EvaluationSpec } from '../engine/evaluation/runEvaluation'

import type { InferenceSpec } from '../engine/inference/runInference'


export type JobSpec = { kind: 'eval'; dbPath: string; spec: EvaluationSpec } | { kind: 'infer'; dbPath: string; spec: InferenceSpec }

export type ToJob = { type: 'start'; jobId: string; job: JobSpec } | { type: 'cancel' }

export type FromJob =
  | { type: 'run'; runId: string }
  | { type: 'progress'; done: number; total: number; message: string }
  | { type: 'done'; summary: unknown }
  | { type: 'cancelled' }
  | { type: 'failed'; error: ErrorBody }

/** The two ways a job process talks to its parent. */
export interface JobChannel {
  post(message: FromJob): void
  onMessage(listener: (message: ToJob) => void): void
}
