// The 'infer' job kind, job-process side: plan against the log (weights re-hashed: the file may
// have changed since the request), then run the model over the videos.
import type { InferenceReport } from '../../../shared/reports'
import type { JobRunner } from '../runs/jobKind'
import { planInference, type InferenceSpec } from './plan'
import { executeInference } from './runInference'

export const inferenceRunner: JobRunner<InferenceSpec, InferenceReport> = {
  async run(spec, ctx) {
    const plan = await planInference(ctx.store, spec)
    return executeInference(ctx, spec, plan)
  }
}
