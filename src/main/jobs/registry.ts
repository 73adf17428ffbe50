// The registry of job kinds: the one place where the job system reaches the engine. A new kind
// of run (the audio-swap study, training) is one more entry here and a folder under engine/.
import type { AudioSwapRequest, EvaluationRequest, InferenceRequest } from '../../shared/types'
import { audioSwapKind } from '../engine/audioswap/kind'
import { evaluateKind } from '../engine/evaluation/kind'
import { inferKind } from '../engine/inference/kind'
import type { JobKind } from '../engine/runs/jobKind'

export { completeRun, type FinalReport } from '../engine/runs/lifecycle'
/** the models the 'infer' kind can run, as api.listModels shows them */
export { modelInfos as inferableModelInfos } from '../engine/inference/modelInfo'
export { createJobContext, type JobContext, type JobReportSink } from '../engine/runs/jobContext'
export type { JobKind, JobOutcome, JobRunner, PrepareEnv, PreparedJob } from '../engine/runs/jobKind'

/** Request type of each kind, as the app submits it. */
export interface JobRequests {
  audioSwap: AudioSwapRequest
  evaluate: EvaluationRequest
  infer: InferenceRequest
}

export type JobKindName = keyof JobRequests

/** A kind as the job system sees it: its spec and result are data it moves between processes. */
export type RegisteredKind<Request> = JobKind<Request, unknown, unknown>

export const JOB_KINDS: { readonly [K in JobKindName]: RegisteredKind<JobRequests[K]> } = {
  audioSwap: audioSwapKind,
  evaluate: evaluateKind,
  infer: inferKind
}

/** The run kind (in the log) each job kind writes, to resume a run with the kind that made it. */
export const RUN_KIND_OF_JOB: { readonly [K in JobKindName]: 'eval' | 'infer' | 'study' } = { audioSwap: 'study', evaluate: 'eval', infer: 'infer' }

export function isJobKindName(name: string): name is JobKindName {
  return Object.hasOwn(JOB_KINDS, name)
}

export function jobKindForRun(runKind: string): JobKindName | null {
  const entry = (Object.entries(RUN_KIND_OF_JOB) as [JobKindName, string][]).find(([, kind]) => kind === runKind)
  return entry ? entry[0] : null
}
