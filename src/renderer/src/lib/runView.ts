// What a run's row in the Runs view says beyond its status word: why it is in that state, its
// place in the queue, what made it (model · audio condition · weights), and whether it can be
// resumed. Pure functions over RunSummary.
import type { RunSummary } from '../../../shared/types'
import { reasonText } from './jobView'

/** Run kinds whose job can continue a stopped or interrupted run (the host refuses others). */
const RESUMABLE_KINDS: ReadonlySet<RunSummary['kind']> = new Set<RunSummary['kind']>(['infer', 'train'])

/**
 * The line under a run's status badge, which already says the status word: "position 2 on cpu"
 * while queued, the reason of an interruption or a stop, "resume to continue"; '' where the
 * badge says it all.
 */
export function runStatusDetail(run: Pick<RunSummary, 'status' | 'statusReason' | 'queuePosition' | 'device'>): string {
  const reason = reasonText(run.status, run.statusReason)
  switch (run.status) {
    case 'queued': {
      const where = run.device ? `on ${run.device}` : ''
      return run.queuePosition === null ? where : [`position ${run.queuePosition}`, where].filter(Boolean).join(' ')
    }
    case 'stopping':
    case 'interrupted':
      return reason
    case 'stopped-resumable':
      return reason ? `${reason} — resume to continue` : 'resume to continue'
    case 'cancelled':
      // "cancelled while queued" reads as a sentence: kept whole
      return run.statusReason ?? ''
    case 'running':
    case 'done':
    case 'failed':
      // a failure's error is shown on its own line
      return ''
  }
}

export function canResumeRun(run: Pick<RunSummary, 'status' | 'kind'>): boolean {
  if (run.status === 'stopped-resumable') return true
  return run.status === 'interrupted' && RESUMABLE_KINDS.has(run.kind)
}

/** First 8 hex digits of a sha256, enough to tell checkpoints apart in a table. */
export function shaPrefix(sha: string | null | undefined): string {
  return sha ? sha.slice(0, 8) : ''
}

/** 'real', 'zero', … as is; 'none' (visual-only model, or maps from a folder) as ''. */
export function conditionText(condition: string | null | undefined): string {
  return !condition || condition === 'none' ? '' : condition
}

/** "vinet · audio zero · weights 3fa2b1c0" (the parts the run has). */
export function runOriginText(run: Pick<RunSummary, 'model' | 'audioCondition' | 'weightsSha256'>): string {
  const parts: string[] = []
  if (run.model) parts.push(run.model)
  const condition = conditionText(run.audioCondition)
  if (condition) parts.push(`audio ${condition}`)
  const sha = shaPrefix(run.weightsSha256)
  if (sha) parts.push(`weights ${sha}`)
  return parts.join(' · ')
}
