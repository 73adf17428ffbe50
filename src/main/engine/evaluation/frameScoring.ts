// Scoring one frame, the unit of work of an evaluation run: read the prediction and the GT map,
// build the sAUC negatives the preset asks for, run the metrics with the frame's own seeded RNG
// (so the result does not depend on which thread or in which order frames are scored).
import type { FixationPoint } from '../../../shared/types'
import { buildOtherMap, deriveSeed, evaluateFrame, presetById, Rng, type FixationMap, type FixationPool, type FrameMetrics } from '../../metrics'
import { gazeGroundTruth } from './groundTruth'
import { readMapFile } from '../../metrics/mapFiles'
import { toDense, type SparseFixations } from './sparseFixations'

/** What every frame of a run shares (sent once to each worker). */
export interface ScoringContext {
  presetId: string
  jitter: boolean
  seed: number
  gazeFwhmPx: number
  /** per planned video: the union of its fixations (same-video negatives) */
  unions: (SparseFixations | null)[]
  /** every evaluated frame's fixations, for the dhf1k / all-other negatives */
  pool: SparseFixations[]
}

export type GroundTruthSource =
  | { kind: 'file'; path: string }
  | { kind: 'gaze'; points: FixationPoint[]; width: number; height: number }
  | null

export interface FrameTask {
  videoIndex: number
  frame: number
  predPath: string
  gt: GroundTruthSource
  fix: SparseFixations | null
  /** index of this frame in ScoringContext.pool (-1 when it has no fixations) */
  poolIndex: number
}

function poolOf(entries: SparseFixations[]): FixationPool {
  return { size: entries.length, get: (i: number) => (entries[i] ? toDense(entries[i]) : null) }
}

export function scoreFrame(ctx: ScoringContext, task: FrameTask): FrameMetrics {
  const preset = presetById(ctx.presetId)
  const rng = new Rng(deriveSeed(ctx.seed, task.videoIndex, task.frame))
  const pred = readMapFile(task.predPath, { role: 'prediction' })
  let gt = null
  let fix: FixationMap | null = task.fix ? toDense(task.fix) : null
  if (task.gt?.kind === 'file') gt = readMapFile(task.gt.path, { role: 'GT map' })
  else if (task.gt?.kind === 'gaze') {
    const made = gazeGroundTruth(task.gt.points, task.gt.width, task.gt.height, ctx.gazeFwhmPx)
    gt = made.gt
    fix = made.fix
  }
  let other: FixationMap | null = null
  if (fix && preset.metrics.includes('sAUC')) {
    if (preset.saucNegatives === 'same-video-union-minus-current') {
      const union = ctx.unions[task.videoIndex]
      other = buildOtherMap(preset.saucNegatives, { width: fix.width, height: fix.height, videoFrames: [union ? toDense(union) : null, fix], frameIndex: 1 }, rng)
    } else {
      other = buildOtherMap(preset.saucNegatives, { width: fix.width, height: fix.height, pool: poolOf(ctx.pool), poolIndex: task.poolIndex }, rng)
    }
  }
  return evaluateFrame(pred, gt, fix, other, { metrics: preset.metrics, postprocess: preset.postprocess, rng, aucJudd: { jitter: ctx.jitter } })
}
