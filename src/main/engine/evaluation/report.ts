// The report of an evaluation as plain JSON (NaN as null): what its job hands back and
// `avsal eval --json` prints; src/shared/reports.ts renders it as CSV.
import type { EvaluationReport, MetricValues } from '../../../shared/reports'
import type { MetricKey } from '../../../shared/types'
import { METRIC_NAMES, type MetricName } from '../../metrics'
import type { EvaluationResult } from './runEvaluation'

const nullIfNaN = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v)

export function metricsJson(values: Partial<Record<MetricName, number>>, only: readonly MetricName[] = METRIC_NAMES): MetricValues {
  const out: MetricValues = {}
  for (const name of only) if (name in values) out[name as MetricKey] = nullIfNaN(values[name])
  return out
}

export function evaluationReport(result: EvaluationResult, missingVideos: string[] = []): EvaluationReport {
  const metrics = result.preset.metrics
  return {
    runId: result.runId,
    status: result.status,
    preset: { id: result.preset.id, description: result.preset.description, aggregation: result.preset.aggregation, metrics: [...metrics] as MetricKey[] },
    jitter: result.jitter,
    seed: result.seed,
    framesScored: result.framesScored,
    framesResized: result.framesResized,
    scoredOn: result.scoredOn,
    seconds: Math.round(result.seconds * 1000) / 1000,
    dataset: metricsJson(result.summary.metrics, metrics),
    nanDropped: Object.fromEntries(Object.entries(result.summary.counts).map(([k, c]) => [k, c?.nanDropped ?? 0])),
    videos: result.summary.perVideo.map((v) => ({ video: v.video, group: v.split ?? null, ...metricsJson(v.means, metrics) })),
    coverage: result.videos,
    frames: result.frames.map((v) => ({
      video: v.video,
      frames: v.frames.map((f) => ({ frame: f.frame, ...metricsJson(f.metrics, metrics) }))
    })),
    missingVideos
  }
}
