// The audio-reliance report of a study as table rows for the Studies view: Table 5.1 (every
// metric per condition, its delta against real, the paired Wilcoxon test's p and method, n and
// the bootstrap 95 % CI of the mean delta), the verdicts, the feature norms of Table 5.4, and per
// video what each condition heard and how far its maps are from real's. Pure.
import { AUDIO_SWAP_ALPHA, type AudioSwapReport, type AudioSwapVerdict, type PairedTest } from '../../../shared/reports'
import type { MetricKey } from '../../../shared/types'
import { formatMetricValue, lowerIsBetter, METRIC_DISPLAY_ORDER } from './metricNames'

/** p below which a test counts for the verdict (the engine's threshold, shared). */
export const SIGNIFICANCE_ALPHA = AUDIO_SWAP_ALPHA

export interface RelianceCell {
  metric: MetricKey
  value: string
  /** '+0.012' / '−0.004'; '' for real and missing deltas */
  delta: string
  /** the delta moves the metric the better / worse way; 'none' for zero or missing */
  direction: 'better' | 'worse' | 'none'
  p: string
  method: PairedTest['method'] | ''
  n: number | null
  /** '[−0.010, 0.003]' */
  ci: string
  /** p below SIGNIFICANCE_ALPHA */
  significant: boolean
}

export interface RelianceRow {
  condition: string
  /** 'reference' for real */
  verdict: AudioSwapVerdict | 'reference'
  cells: RelianceCell[]
}

/** "0.0312", "3.1e-6"; '–' when there is no p. */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–'
  if (p < 1e-4) return p.toExponential(1)
  return p.toFixed(4)
}

/** A signed delta with a real minus sign; deltas that print as zero print as "±0.000". */
export function formatDelta(delta: number | null | undefined, decimals = 3): string {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return ''
  const text = Math.abs(delta).toFixed(decimals)
  if (Number(text) === 0) return `±${(0).toFixed(decimals)}`
  return `${delta > 0 ? '+' : '−'}${text}`
}

function formatCi(ci: [number, number] | null | undefined, decimals = 3): string {
  if (!ci) return ''
  const f = (v: number): string => (Number.isFinite(v) ? (v < 0 ? `−${Math.abs(v).toFixed(decimals)}` : v.toFixed(decimals)) : '–')
  return `[${f(ci[0])}, ${f(ci[1])}]`
}

function direction(metric: MetricKey, delta: number | null | undefined, decimals: number): RelianceCell['direction'] {
  if (delta === null || delta === undefined || !Number.isFinite(delta) || Number(Math.abs(delta).toFixed(decimals)) === 0) return 'none'
  return (delta > 0) !== lowerIsBetter(metric) ? 'better' : 'worse'
}

/** Table 5.1 with the tests: one row per condition (real first, as the report lists them). */
export function relianceRows(report: AudioSwapReport, decimals = 3): RelianceRow[] {
  return report.conditions.map((condition) => {
    const summary = report.summary[condition]
    const cells = METRIC_DISPLAY_ORDER.map((metric): RelianceCell => {
      const value = formatMetricValue(summary?.metrics[metric], decimals) || '–'
      if (condition === 'real') return { metric, value, delta: '', direction: 'none', p: '', method: '', n: null, ci: '', significant: false }
      const delta = summary?.delta[metric]
      const test = report.tests[condition]?.[metric]
      return {
        metric,
        value,
        delta: formatDelta(delta, decimals),
        direction: direction(metric, delta, decimals),
        p: formatP(test?.p),
        method: test?.method ?? '',
        n: test?.n ?? null,
        ci: formatCi(test?.ci95, decimals),
        significant: test?.p !== null && test?.p !== undefined && test.p < SIGNIFICANCE_ALPHA
      }
    })
    return { condition, verdict: condition === 'real' ? 'reference' : (report.verdict[condition] ?? 'no significant difference'), cells }
  })
}

export interface NormRow {
  condition: string
  audio: string
  visual: string
  clips: number | null
}

/** Table 5.4: mean ± std of the L2 norms of the audio and visual features at the fusion input. */
export function normRows(report: AudioSwapReport, decimals = 4): NormRow[] {
  const f = (s: { mean: number; std: number } | undefined): string =>
    s && Number.isFinite(s.mean) ? `${s.mean.toFixed(decimals)} ± ${Number.isFinite(s.std) ? s.std.toFixed(decimals) : '–'}` : '–'
  return report.conditions.map((condition) => {
    const n = report.featureNorms[condition]
    return { condition, audio: f(n?.audio), visual: f(n?.visual), clips: n?.audio.n ?? null }
  })
}

export interface VideoConditionCell {
  condition: string
  /** what it heard: 'own soundtrack', 'silence', 'tone-b's soundtrack', … plus flags */
  heard: string
  flags: string[]
  meanAbsDiff: string
  maxAbsDiff: string
  cc: string
  CC: string
  NSS: string
}

export interface VideoRow {
  video: string
  videoId: number
  frames: number
  cells: VideoConditionCell[]
  /** some condition of this video carries a flag (no audio track, short audio, …) */
  flagged: boolean
}

const HEARD: Record<string, string> = {
  real: 'own soundtrack',
  zero: 'silence',
  random: 'Gaussian noise',
  wolfram: 'Rule 30 noise',
  file: 'the chosen file'
}

function small(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–'
  if (v === 0) return '0'
  return Math.abs(v) < 1e-3 ? v.toExponential(1) : v.toFixed(4)
}

/** Per video and condition: what it heard, its flags, its distance from real, its CC and NSS. */
export function videoRows(report: AudioSwapReport): VideoRow[] {
  return report.videos.map((v) => {
    const cells = report.conditions.map((condition): VideoConditionCell => {
      const audio = v.audio[condition]
      const diff = v.mapDifference[condition]
      const silentReal = condition === 'real' && (audio?.flags ?? []).some((f) => /no audio track/.test(f))
      const heard = audio?.donor ? `${audio.donor}'s soundtrack` : silentReal ? 'silence (no audio track)' : (HEARD[condition] ?? condition)
      return {
        condition,
        heard,
        flags: audio?.flags ?? [],
        meanAbsDiff: condition === 'real' ? '' : small(diff?.meanAbsDiff),
        maxAbsDiff: condition === 'real' ? '' : small(diff?.maxAbsDiff),
        cc: condition === 'real' ? '' : diff?.cc === null || diff?.cc === undefined ? '–' : diff.cc.toFixed(4),
        CC: formatMetricValue(v.metrics[condition]?.CC) || '–',
        NSS: formatMetricValue(v.metrics[condition]?.NSS) || '–'
      }
    })
    return { video: v.video, videoId: v.videoId, frames: v.frames, cells, flagged: cells.some((c) => c.flags.length > 0) }
  })
}

/** "stavis-real-vs-zero-random" style file name stem for exports. */
export function reportFileStem(report: AudioSwapReport): string {
  return `audio-swap-${report.model}-${report.dataset}-${report.runId.slice(0, 8)}`
}
