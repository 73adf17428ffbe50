// The 'evaluate' job kind, job-process side: plan again against the log (the folder may have
// changed since the request was checked), score, and hand back the report.
import type { EvaluationReport } from '../../../shared/reports'
import type { JobRunner } from '../runs/jobKind'
import { evaluationReport } from './report'
import { planEvaluation, scoreEvaluation, type EvaluationSpec } from './runEvaluation'

export const evaluationRunner: JobRunner<EvaluationSpec, EvaluationReport> = {
  async run(spec, ctx) {
    const plan = planEvaluation(ctx.store, spec)
    const result = await scoreEvaluation(ctx.store, ctx.runId, plan, spec, {
      progress: (done, total, message) => ctx.progress(done, total, message),
      cancelled: () => ctx.cancelRequested()
    })
    const report = evaluationReport(result, plan.missingVideos)
    if (result.status === 'cancelled') return { status: 'cancelled', reason: `cancelled after ${result.framesScored} of ${plan.total} frames`, result: report }
    return { status: 'done', result: report }
  }
}
