// Data for the per-frame metric timelines: points per series (one per run and audio condition),
// gaps, colours, legend labels, playhead position.
import type { FrameMetricSeries, MetricKey } from '../../../shared/types'
import { inDisplayOrder } from './metricNames'
import { conditionText } from './runView'

export interface FramePoint {
  x: number
  y: number
}

export const DEFAULT_TIMELINE_METRICS: readonly MetricKey[] = ['CC', 'NSS']

// distinguishable on the dark background, in the order runs get them
const RUN_COLORS = ['#4aa3ff', '#f0883e', '#3fb950', '#db61a2', '#d29922', '#a371f7', '#56d4dd', '#f85149']

export function runColor(index: number): string {
  return RUN_COLORS[((index % RUN_COLORS.length) + RUN_COLORS.length) % RUN_COLORS.length]
}

/**
 * Chart points of one series: {x: frame, y: score}, frames without a score left out (they
 * show as gaps, see gapThreshold). Sorted by frame and unique, as `normalized: true` requires.
 */
export function seriesPoints(values: readonly (number | null)[]): FramePoint[] {
  const points: FramePoint[] = []
  values.forEach((y, x) => {
    if (y !== null && Number.isFinite(y)) points.push({ x, y })
  })
  return points
}

/**
 * Largest frame distance a line still bridges (chart.js `spanGaps` in x units). Neighbouring
 * frames (distance 1) connect and missing frames break the line; long videos are decimated to
 * a few points per pixel, so neighbours there are up to ~1 % of the video apart and still join.
 */
export function gapThreshold(frameCount: number): number {
  return Math.max(1.5, frameCount / 100)
}

/** Metrics some run has a score for, in display order. */
export function availableMetrics(series: readonly FrameMetricSeries[]): MetricKey[] {
  return inDisplayOrder(
    series.flatMap((s) => (Object.keys(s.series) as MetricKey[]).filter((m) => s.series[m]?.some((v) => v !== null && Number.isFinite(v))))
  )
}

/** The frame a position on the x axis stands for (rounded, inside the video); null if none. */
export function frameAtValue(value: number, frameCount: number): number | null {
  if (!Number.isFinite(value) || frameCount <= 0) return null
  return Math.min(frameCount - 1, Math.max(0, Math.round(value)))
}

type SeriesId = Pick<FrameMetricSeries, 'runId' | 'label' | 'audioCondition'>

/** One series per run and audio condition: this is its identity (chart datasets, keyed lists). */
export function seriesKey(s: Pick<FrameMetricSeries, 'runId' | 'audioCondition'>): string {
  return `${s.runId}\u0000${s.audioCondition}`
}

/**
 * Legend text of a series: the run's label and its audio condition ("AViNet · audio zero"; no
 * condition for 'none'), made unique with the run id when two runs would read the same.
 */
export function seriesLegendLabels(series: readonly SeriesId[]): string[] {
  const base = series.map((s) => {
    const condition = conditionText(s.audioCondition)
    return condition ? `${s.label} · audio ${condition}` : s.label
  })
  const runsOf = new Map<string, Set<string>>()
  base.forEach((text, i) => runsOf.set(text, (runsOf.get(text) ?? new Set()).add(series[i].runId)))
  return base.map((text, i) => ((runsOf.get(text)?.size ?? 0) > 1 ? `${text} (${series[i].runId.slice(0, 6)})` : text))
}

export interface SeriesStyle {
  /** one colour per run, in the order runs first appear */
  color: string
  /** solid for a run's first condition, dashed patterns for its others */
  dash: number[]
}

const DASHES: readonly number[][] = [[], [6, 3], [2, 2], [8, 3, 2, 3]]

/** Conditions of one run share its colour and differ in dash pattern, so they read as one run. */
export function seriesStyles(series: readonly Pick<FrameMetricSeries, 'runId'>[]): SeriesStyle[] {
  const runIndex = new Map<string, number>()
  const seen = new Map<string, number>()
  return series.map((s) => {
    if (!runIndex.has(s.runId)) runIndex.set(s.runId, runIndex.size)
    const nth = seen.get(s.runId) ?? 0
    seen.set(s.runId, nth + 1)
    return { color: runColor(runIndex.get(s.runId) ?? 0), dash: DASHES[nth % DASHES.length] }
  })
}
