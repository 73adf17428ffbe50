// What a finished job hands back (the 'done' result of a job): the evaluation report the CLI
// prints as JSON or CSV and the inference summary. Plain JSON (NaN as null), so they cross
// process boundaries and are rendered by any host without the engine.
import type { MetricKey } from './types'

export type MetricValues = Partial<Record<MetricKey, number | null>>

export interface VideoCoverage {
  video: string
  predDir: string | null
  pairedBy: string | null
  framesScored: number
  missingPredictions: number[]
  missingGroundTruth: number[]
  unmatchedPredictions: string[]
}

export interface EvaluationReport {
  runId: string
  status: 'done' | 'cancelled'
  preset: { id: string; description: string; aggregation: string; metrics: MetricKey[] }
  jitter: boolean
  seed: number
  framesScored: number
  framesResized: number
  scoredOn: string
  seconds: number
  dataset: MetricValues
  nanDropped: Partial<Record<MetricKey, number>>
  videos: ({ video: string; group: string | null } & MetricValues)[]
  coverage: VideoCoverage[]
  frames: { video: string; frames: ({ frame: number } & MetricValues)[] }[]
  /** videos of the dataset left out because their file is gone */
  missingVideos: string[]
}

export interface InferenceVideoReport {
  video: string
  videoId: number
  frames: number
  written: number
  skipped: number
  dir: string
  complete: boolean
  donor: string | null
  outDir: string | null
  notes: string[]
}

export interface InferenceReport {
  runId: string
  status: 'done' | 'cancelled' | 'stopped-resumable'
  model: string
  modelId: number
  weightsSha256: string | null
  audioCondition: string
  runtime: string
  provider: string
  batch: number
  clipsRun: number
  framesWritten: number
  framesSkipped: number
  frames: { first: number; last: number } | null
  videos: InferenceVideoReport[]
  timing: {
    loadSeconds: number
    decodeSeconds: number
    preprocessSeconds: number
    forwardSeconds: number
    postprocessSeconds: number
    totalSeconds: number
  }
  notes: string[]
}

function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  const text = String(value)
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** level,video,frame,<metrics…>: one row per frame, per video, and the dataset. */
export function evaluationReportCsv(report: EvaluationReport): string {
  const metrics = report.preset.metrics
  const lines = [['level', 'video', 'frame', ...metrics].join(',')]
  for (const v of report.frames) {
    for (const f of v.frames) lines.push(['frame', v.video, f.frame, ...metrics.map((m) => f[m])].map(csvCell).join(','))
  }
  for (const v of report.videos) lines.push(['video', v.video, '', ...metrics.map((m) => v[m])].map(csvCell).join(','))
  lines.push(['dataset', '', '', ...metrics.map((m) => report.dataset[m])].map(csvCell).join(','))
  return `${lines.join('\n')}\n`
}
