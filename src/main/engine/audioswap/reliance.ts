// The audio-reliance analysis of a study, from its per-video scores and map distances (pure):
// every metric per condition over the dataset, deltas against real, and per metric a paired
// Wilcoxon signed-rank test across videos (SciPy's) with a bootstrap 95 % interval of the mean
// delta. The verdict: 'identical outputs' when no map of the condition differs from real's by
// even one grey level (no test needed), else 'significant difference' when some metric's
// p < 0.05 / 6 (Bonferroni over the six metrics), else 'no significant difference'.
import { AUDIO_SWAP_ALPHA, type AudioSwapVerdict, type MetricValues, type PairedTest } from '../../../shared/reports'
import { METRIC_KEYS, type MetricKey } from '../../../shared/types'
import { bootstrapMeanCI, wilcoxonSignedRank } from '../../metrics/statistics'

export const VERDICT_ALPHA = AUDIO_SWAP_ALPHA

export interface ConditionScores {
  /** videoId → the video's mean of each metric under this condition */
  videos: Map<number, MetricValues>
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v)

/** The dataset's value of each metric: the mean of the video means (the thesis's tables). */
export function meanOfVideos(scores: ConditionScores): MetricValues {
  const out: MetricValues = {}
  for (const key of METRIC_KEYS) {
    const values = [...scores.videos.values()].map((m) => m[key]).filter(finite)
    out[key] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null
  }
  return out
}

export function deltas(condition: MetricValues, real: MetricValues): MetricValues {
  const out: MetricValues = {}
  for (const key of METRIC_KEYS) {
    const c = condition[key]
    const r = real[key]
    out[key] = finite(c) && finite(r) ? c - r : null
  }
  return out
}

/** One metric, condition against real, paired by video. */
export function pairedTest(condition: ConditionScores, real: ConditionScores, metric: MetricKey, seed: number): PairedTest {
  const x: number[] = []
  const y: number[] = []
  for (const [videoId, values] of condition.videos) {
    const c = values[metric]
    const r = real.videos.get(videoId)?.[metric]
    if (finite(c) && finite(r)) {
      x.push(c)
      y.push(r)
    }
  }
  const test = wilcoxonSignedRank(x, y)
  const differences = x.map((v, i) => v - y[i])
  const meanDelta = differences.length ? differences.reduce((a, b) => a + b, 0) / differences.length : null
  return {
    n: test.n,
    statistic: test.statistic,
    p: test.p,
    method: test.method,
    meanDelta,
    ci95: bootstrapMeanCI(differences, { seed })
  }
}

export function verdictOf(maxAbsDiff: number, tests: Partial<Record<MetricKey, PairedTest>>): AudioSwapVerdict {
  if (maxAbsDiff === 0) return 'identical outputs'
  const significant = Object.values(tests).some((t) => t?.p !== null && t?.p !== undefined && t.p < VERDICT_ALPHA)
  return significant ? 'significant difference' : 'no significant difference'
}
