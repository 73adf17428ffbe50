// Evaluation protocols: how the video-saliency papers turn per-frame MIT metrics into one number.
// The metric formulas are fixed (MIT code); what differs between pipelines, and changes published
// numbers, is listed here as named choices so a report can state exactly which one it used.
import { aucJudd, aucShuffled } from './auc'
import type { AucJuddOptions, AucShuffledOptions } from './auc'
import { cc, kld, sim } from './distribution'
import { resizedTo } from './imresize'
import { nss } from './location'
import type { NssOptions } from './location'
import { checkMap, requireSameSize } from './mapOps'
import { stavisPostprocess } from './postprocess'
import { Rng } from './rng'
import type { FixationMap, MetricName, SalMap } from './types'
import { METRIC_NAMES } from './types'
import { AppError } from '../../shared/errors'

// ---------------------------------------------------------------- named choices

export type SaucNegativeSource = 'same-video-union-minus-current' | 'dhf1k-10-random-frames' | 'all-other'
export type AggregationId = 'mean-of-videos' | 'pooled-frames' | 'mean-of-splits'
export type PostprocessId = 'none' | 'stavis'

export interface Described<Id extends string> {
  id: Id
  description: string
}

export const SAUC_NEGATIVE_SOURCES: readonly Described<SaucNegativeSource>[] = [
  {
    id: 'same-video-union-minus-current',
    description:
      'Negatives for frame f: union of the fixated pixels of every frame of the same video, with the pixels ' +
      'fixated in frame f removed (STAViS eval_*.m createShuffmap1 + shufMap1(eyeMap==1)=0; ViNet eval_diem.m).'
  },
  {
    id: 'dhf1k-10-random-frames',
    description:
      'Negatives for frame f: fixations of 10 frames drawn without replacement from all frames of the ' +
      'evaluated split (any video; the current frame itself can be drawn, as in DHF1K evaluationFunc.m), ' +
      'rescaled to the frame size, rounded and clamped (makeFixationMap). Seeded here; unseeded in DHF1K.'
  },
  {
    id: 'all-other',
    description:
      'Negatives for frame f: fixations of every other frame of the evaluated split, counts kept ' +
      '(pysaliency / TUE style; pair with the exact-ROC sAUC to reproduce those numbers).'
  }
]

export const AGGREGATIONS: readonly Described<AggregationId>[] = [
  {
    id: 'mean-of-videos',
    description:
      'Per video: mean over frames with NaN frames dropped; then the mean over videos (STAViS eval_*.m, ' +
      "ViNet eval_diem.m per_frame='false'). A video whose frames are all NaN for a metric is left out of that metric."
  },
  {
    id: 'pooled-frames',
    description:
      'Mean over all frames of all videos pooled, NaN frames dropped, so long videos weigh more (DHF1K ' +
      'evaluationFunc.m, without its random 50,000-frame cap). Each metric has its own frame count.'
  },
  {
    id: 'mean-of-splits',
    description:
      'Mean-of-videos within each split (fold), then the mean over splits (STAViS compute_all_<db>.m over its 3 splits).'
  }
]

export const POSTPROCESSING: readonly Described<PostprocessId>[] = [
  { id: 'none', description: 'The prediction is scored as given (resized to GT size with MATLAB bicubic imresize).' },
  {
    id: 'stavis',
    description:
      'STAViS postprocessMap(pred, 2) before resizing: clip 255*pred to [0,255], divide by the max, min-max ' +
      "normalise, 13x13 Gaussian with sigma 2 ('symmetric' borders). Expects predictions on the [0,1] scale."
  }
]

export interface EvaluationPreset {
  id: string
  label: string
  description: string
  saucNegatives: SaucNegativeSource
  aggregation: AggregationId
  postprocess: PostprocessId
  metrics: readonly MetricName[]
}

export const EVALUATION_PRESETS: readonly EvaluationPreset[] = [
  {
    id: 'stavis-av',
    label: 'STAViS audio-visual protocol',
    description:
      'STAViS eval_<db>.m: STAViS post-processing, prediction imresized to GT size, CC/SIM against the ' +
      'continuous map, NSS/AUC-Judd/sAUC against the binary map, sAUC negatives from the same video; mean of ' +
      'per-video means (and of the 3 splits when splits are given). KLD is not part of this protocol.',
    saucNegatives: 'same-video-union-minus-current',
    aggregation: 'mean-of-videos',
    postprocess: 'stavis',
    metrics: ['CC', 'SIM', 'NSS', 'AUC_Judd', 'sAUC']
  },
  {
    id: 'vinet-av',
    label: 'ViNet / AViNet audio-visual protocol',
    description:
      "ViNet eval_diem.m with per_frame='false': as STAViS but without post-processing (ViNet blurs its maps " +
      'before saving them), mean of per-video means. KLD added from the same MIT formula.',
    saucNegatives: 'same-video-union-minus-current',
    aggregation: 'mean-of-videos',
    postprocess: 'none',
    metrics: ['CC', 'SIM', 'NSS', 'AUC_Judd', 'sAUC', 'KLD']
  },
  {
    id: 'dhf1k',
    label: 'DHF1K benchmark protocol',
    description:
      'DHF1K evaluationFunc.m: sAUC negatives from 10 random frames of the split, every frame pooled. DHF1K ' +
      'reports AUC-J, SIM, sAUC, CC and NSS (no KLD). The official script scores a random 50,000 frames when a ' +
      'split has more; all frames are scored here.',
    saucNegatives: 'dhf1k-10-random-frames',
    aggregation: 'pooled-frames',
    postprocess: 'none',
    metrics: ['AUC_Judd', 'SIM', 'sAUC', 'CC', 'NSS']
  }
]

export function presetById(id: string): EvaluationPreset {
  const preset = EVALUATION_PRESETS.find((p) => p.id === id)
  if (!preset) {
    throw new AppError('bad-argument', `unknown evaluation preset '${id}'; expected one of ${EVALUATION_PRESETS.map((p) => p.id).join(', ')}`
    )
  }
  return preset
}

// ---------------------------------------------------------------- sAUC negatives

/** All fixation maps of the evaluated split, addressed by a global frame number. */
export interface FixationPool {
  size: number
  /** fixation map of pool frame i, null when that frame has none */
  get(i: number): FixationMap | null
}

export interface OtherMapContext {
  /** size of the map to build (the current frame's fixation map) */
  width: number
  height: number
  /** same-video source: every frame of the current video (null where a frame has no fixations) */
  videoFrames?: readonly (FixationMap | null)[]
  /** index of the current frame in videoFrames */
  frameIndex?: number
  /** dhf1k / all-other sources: the whole split */
  pool?: FixationPool
  /** index of the current frame in pool (excluded by 'all-other') */
  poolIndex?: number
}

/** Adds the fixations of `fix` into `counts` (width x height), rescaling when the sizes differ. */
function addFixations(counts: Float64Array, width: number, height: number, fix: FixationMap, binary: boolean): void {
  checkMap(fix, 'sAUC negatives: fixation map')
  const same = fix.width === width && fix.height === height
  const sx = width / fix.width
  const sy = height / fix.height
  for (let p = 0; p < fix.data.length; p++) {
    if (!(fix.data[p] > 0)) continue
    let q = p
    if (!same) {
      // makeFixationMap: 1-based point * scale, rounded, clamped to the frame
      const r = Math.min(Math.max(Math.round((Math.floor(p / fix.width) + 1) * sy), 1), height) - 1
      const c = Math.min(Math.max(Math.round(((p % fix.width) + 1) * sx), 1), width) - 1
      q = r * width + c
    }
    counts[q] = binary ? 1 : counts[q] + 1
  }
}

/** k distinct integers from [0, n), Floyd's algorithm (n may be large, k is small). */
function sampleWithoutReplacement(n: number, k: number, rng: Rng): number[] {
  const chosen = new Set<number>()
  for (let j = n - k; j < n; j++) {
    const t = rng.nextInt(j + 1)
    chosen.add(chosen.has(t) ? j : t)
  }
  return [...chosen]
}

/** Builds the "other fixations" map for sAUC on one frame, as the named pipeline does. */
export function buildOtherMap(source: SaucNegativeSource, ctx: OtherMapContext, rng: Rng): FixationMap {
  const { width, height } = ctx
  const counts = new Float64Array(width * height)
  if (source === 'same-video-union-minus-current') {
    const frames = ctx.videoFrames
    const idx = ctx.frameIndex
    if (!frames || idx === undefined || idx < 0 || idx >= frames.length) {
      throw new AppError('metric-input', `sAUC negatives '${source}': need videoFrames and a frameIndex inside it, found ${frames ? frames.length : 'no'} frames and index ${idx}`
      )
    }
    for (const f of frames) if (f) addFixations(counts, width, height, f, true)
    const current = frames[idx]
    if (current) {
      requireSameSize({ width, height, data: counts }, 'the sAUC frame', current, 'the current fixation map')
      for (let p = 0; p < counts.length; p++) if (current.data[p] > 0) counts[p] = 0
    }
    return { width, height, data: counts }
  }
  const pool = ctx.pool
  if (!pool || pool.size <= 0) {
    throw new AppError('metric-input', `sAUC negatives '${source}': need a non-empty fixation pool (the evaluated split)`)
  }
  if (source === 'dhf1k-10-random-frames') {
    for (const i of sampleWithoutReplacement(pool.size, Math.min(10, pool.size), rng)) {
      const f = pool.get(i)
      if (f) addFixations(counts, width, height, f, false)
    }
    return { width, height, data: counts }
  }
  for (let i = 0; i < pool.size; i++) {
    if (i === ctx.poolIndex) continue
    const f = pool.get(i)
    if (f) addFixations(counts, width, height, f, false)
  }
  return { width, height, data: counts }
}

// ---------------------------------------------------------------- one frame

export interface FrameMetrics {
  AUC_Judd?: number
  sAUC?: number
  NSS?: number
  CC?: number
  SIM?: number
  KLD?: number
  /** the prediction had another size and was resized (MATLAB bicubic) before scoring */
  resized: boolean
}

export interface FrameEvalOptions {
  /** metrics to compute (default all six); a metric whose inputs are missing is left out */
  metrics?: readonly MetricName[]
  postprocess?: PostprocessId
  /** seed of this frame's random stream (AUC-Judd jitter, then sAUC splits); default 0 */
  seed?: number
  rng?: Rng
  aucJudd?: Omit<AucJuddOptions, 'rng' | 'seed'>
  sauc?: Omit<AucShuffledOptions, 'rng' | 'seed'>
  nss?: NssOptions
  simMinMax?: boolean
}

/**
 * Scores one frame. `gt` (continuous map) feeds CC, SIM, KLD; `fix` (binary map) feeds NSS and
 * AUC-Judd, and with `other` sAUC. The prediction is resized once to the size each metric's
 * second argument has, exactly as each MIT function would do itself.
 */
export function evaluateFrame(
  pred: SalMap,
  gt: SalMap | null,
  fix: FixationMap | null,
  other: FixationMap | null,
  opts: FrameEvalOptions = {}
): FrameMetrics {
  checkMap(pred, 'prediction')
  if (gt) checkMap(gt, 'ground-truth map')
  if (fix) checkMap(fix, 'fixation map')
  if (other) {
    checkMap(other, 'other-fixation map')
    if (fix) requireSameSize(fix, 'the fixation map', other, 'the other-fixation map')
  }
  const wanted = new Set(opts.metrics ?? METRIC_NAMES)
  for (const m of wanted) {
    if (!METRIC_NAMES.includes(m)) {
      throw new AppError('metric-input', `unknown metric '${m}'; expected one of ${METRIC_NAMES.join(', ')}`)
    }
  }
  const rng = opts.rng ?? new Rng(opts.seed ?? 0)
  const scored = (opts.postprocess ?? 'none') === 'stavis' ? stavisPostprocess(pred) : pred
  const result: FrameMetrics = { resized: false }
  const resizedBySize = new Map<string, SalMap>()
  const at = (h: number, w: number): SalMap => {
    if (scored.height === h && scored.width === w) return scored
    result.resized = true
    const key = `${h}x${w}`
    let map = resizedBySize.get(key)
    if (!map) {
      map = resizedTo(scored, h, w)
      resizedBySize.set(key, map)
    }
    return map
  }
  if (fix) {
    const p = at(fix.height, fix.width)
    if (wanted.has('AUC_Judd')) result.AUC_Judd = aucJudd(p, fix, { ...opts.aucJudd, rng })
    if (wanted.has('sAUC') && other) result.sAUC = aucShuffled(p, fix, other, { ...opts.sauc, rng })
    if (wanted.has('NSS')) result.NSS = nss(p, fix, opts.nss)
  }
  if (gt) {
    const p = at(gt.height, gt.width)
    if (wanted.has('CC')) result.CC = cc(p, gt)
    if (wanted.has('SIM')) result.SIM = sim(p, gt, { minMax: opts.simMinMax ?? true })
    if (wanted.has('KLD')) result.KLD = kld(p, gt)
  }
  return result
}

// ---------------------------------------------------------------- aggregation

export interface VideoFrameResults {
  video: string
  /** split / fold label, required by 'mean-of-splits' */
  split?: string
  frames: readonly FrameMetrics[]
}

export interface MetricCount {
  /** frames with a finite value that entered the mean */
  scored: number
  /** frames where the metric was computed but gave NaN (dropped, as the MATLAB pipelines do) */
  nanDropped: number
}

export interface VideoSummaryMetrics {
  video: string
  split?: string
  /** per-video mean of each metric over its non-NaN frames (NaN when it has none) */
  means: Partial<Record<MetricName, number>>
  counts: Partial<Record<MetricName, MetricCount>>
}

export interface AggregateResult {
  aggregation: AggregationId
  /** the final number per metric; absent when no frame had that metric */
  metrics: Partial<Record<MetricName, number>>
  /** frame counts over all videos */
  counts: Partial<Record<MetricName, MetricCount>>
  /** videos left out of a metric's mean because all their frames were NaN for it */
  videosWithoutValue: Partial<Record<MetricName, number>>
  perVideo: VideoSummaryMetrics[]
  /** mean-of-splits only: the mean-of-videos of each split */
  perSplit?: { split: string; metrics: Partial<Record<MetricName, number>> }[]
}

function summariseVideo(v: VideoFrameResults): VideoSummaryMetrics {
  const means: Partial<Record<MetricName, number>> = {}
  const counts: Partial<Record<MetricName, MetricCount>> = {}
  for (const m of METRIC_NAMES) {
    let total = 0
    let scored = 0
    let nanDropped = 0
    let present = false
    for (const f of v.frames) {
      const value = f[m]
      if (value === undefined) continue
      present = true
      if (Number.isNaN(value)) nanDropped++
      else {
        total += value
        scored++
      }
    }
    if (!present) continue
    means[m] = scored > 0 ? total / scored : NaN
    counts[m] = { scored, nanDropped }
  }
  return { video: v.video, split: v.split, means, counts }
}

function meanOfVideoMeans(
  videos: VideoSummaryMetrics[],
  skipped: Partial<Record<MetricName, number>>
): Partial<Record<MetricName, number>> {
  const out: Partial<Record<MetricName, number>> = {}
  for (const m of METRIC_NAMES) {
    let total = 0
    let n = 0
    let present = false
    for (const v of videos) {
      const value = v.means[m]
      if (value === undefined) continue
      present = true
      if (Number.isNaN(value)) skipped[m] = (skipped[m] ?? 0) + 1
      else {
        total += value
        n++
      }
    }
    if (present) out[m] = n > 0 ? total / n : NaN
  }
  return out
}

/** Turns per-frame results of many videos into one number per metric, the way `aggregation` says. */
export function aggregate(videos: readonly VideoFrameResults[], aggregation: AggregationId): AggregateResult {
  if (!AGGREGATIONS.some((a) => a.id === aggregation)) {
    throw new AppError('metric-input', `unknown aggregation '${aggregation}'; expected one of ${AGGREGATIONS.map((a) => a.id).join(', ')}`
    )
  }
  const perVideo = videos.map(summariseVideo)
  const counts: Partial<Record<MetricName, MetricCount>> = {}
  for (const v of perVideo) {
    for (const m of METRIC_NAMES) {
      const c = v.counts[m]
      if (!c) continue
      const acc = counts[m] ?? { scored: 0, nanDropped: 0 }
      counts[m] = { scored: acc.scored + c.scored, nanDropped: acc.nanDropped + c.nanDropped }
    }
  }
  const videosWithoutValue: Partial<Record<MetricName, number>> = {}
  let metrics: Partial<Record<MetricName, number>> = {}
  let perSplit: AggregateResult['perSplit']

  if (aggregation === 'pooled-frames') {
    for (const m of METRIC_NAMES) {
      const c = counts[m]
      if (!c) continue
      let total = 0
      for (const v of perVideo) {
        const vc = v.counts[m]
        const mean = v.means[m]
        if (vc && vc.scored > 0 && mean !== undefined) total += mean * vc.scored
      }
      metrics[m] = c.scored > 0 ? total / c.scored : NaN
    }
  } else if (aggregation === 'mean-of-videos') {
    metrics = meanOfVideoMeans(perVideo, videosWithoutValue)
  } else {
    const missing = perVideo.filter((v) => v.split === undefined).map((v) => v.video)
    if (missing.length > 0) {
      throw new AppError('metric-input', `aggregation 'mean-of-splits' needs a split on every video; missing on: ${missing.slice(0, 5).join(', ')}` +
          (missing.length > 5 ? ` and ${missing.length - 5} more` : '')
      )
    }
    const splits = [...new Set(perVideo.map((v) => v.split as string))]
    perSplit = splits.map((split) => ({
      split,
      metrics: meanOfVideoMeans(
        perVideo.filter((v) => v.split === split),
        videosWithoutValue
      )
    }))
    for (const m of METRIC_NAMES) {
      const values = perSplit.map((s) => s.metrics[m]).filter((x): x is number => x !== undefined)
      if (values.length === 0) continue
      const finite = values.filter((x) => !Number.isNaN(x))
      metrics[m] = finite.length > 0 ? finite.reduce((a, b) => a + b, 0) / finite.length : NaN
    }
  }
  return { aggregation, metrics, counts, videosWithoutValue, perVideo, perSplit }
}
