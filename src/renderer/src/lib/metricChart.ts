// Data for the per-frame metric timelines: points per run, gaps, colours, playhead position.
import type { FrameMetricSeries, MetricKey } from '../../../shared/types'
import { inDisplayOrder } from './metricNames'

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

/** Legend text of a run: its label, made unique with the run id when two runs share it. */
export function runLegendLabels(series: readonly Pick<FrameMetricSeries, 'runId' | 'label'>[]): string[] {
  const counts = new Map<string, number>()
  for (const s of series) counts.set(s.label, (counts.get(s.label) ?? 0) + 1)
  return series.map((s) => ((counts.get(s.label) ?? 0) > 1 ? `${s.label} (${s.runId.slice(0, 6)})` : s.label))
}
