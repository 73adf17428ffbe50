// Text forms of an evaluation: per-video / per-dataset tables as CSV, and the JSON the CLI prints.
import { METRIC_NAMES, type MetricName } from '../../metrics'
import type { EvaluationResult } from './runEvaluation'

const nullIfNaN = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v)

export function metricsJson(values: Partial<Record<MetricName, number>>, only: readonly MetricName[] = METRIC_NAMES): Record<string, number | null> {
  const out: Record<string, number | null> = {}
  for (const name of only) if (name in values) out[name] = nullIfNaN(values[name])
  return out
}

export function evaluationJson(result: EvaluationResult): unknown {
  const metrics = result.preset.metrics
  return {
    runId: result.runId,
    status: result.status,
    preset: { id: result.preset.id, description: result.preset.description, aggregation: result.preset.aggregation },
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
    }))
  }
}

function csvCell(value: string | number | null): string {
  if (value === null) return ''
  const text = String(value)
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function evaluationCsv(result: EvaluationResult): string {
  const metrics = result.preset.metrics
  const lines = [['level', 'video', 'frame', ...metrics].join(',')]
  for (const v of result.frames) {
    for (const f of v.frames) {
      lines.push(['frame', v.video, f.frame, ...metrics.map((m) => nullIfNaN(f.metrics[m]))].map(csvCell).join(','))
    }
  }
  for (const v of result.summary.perVideo) {
    lines.push(['video', v.video, '', ...metrics.map((m) => nullIfNaN(v.means[m]))].map(csvCell).join(','))
  }
  lines.push(['dataset', '', '', ...metrics.map((m) => nullIfNaN(result.summary.metrics[m]))].map(csvCell).join(','))
  return `${lines.join('\n')}\n`
}
