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

/** One metric's paired test of a condition against 'real' across videos. */
export interface PairedTest {
  /** videos with both scores */
  n: number
  /** the signed-rank statistic (scipy's: the smaller of the positive and negative rank sums) */
  statistic: number | null
  /** two-sided; null when no test is possible (n = 0, or every difference zero) */
  p: number | null
  method: 'exact' | 'normal' | 'none'
  /** mean of condition − real over the videos, and its bootstrap 95 % interval */
  meanDelta: number | null
  ci95: [number, number] | null
}

export type AudioSwapVerdict = 'identical outputs' | 'no significant difference' | 'significant difference'

/** A study's verdict is 'significant difference' when some metric's p is below this (0.05, Bonferroni over the six metrics). */
export const AUDIO_SWAP_ALPHA = 0.05 / 6

export interface NormStats {
  mean: number
  std: number
  /** clips measured */
  n: number
}

export interface AudioSwapVideoReport {
  video: string
  videoId: number
  frames: number
  /** per condition: the video's mean of each metric */
  metrics: Record<string, MetricValues>
  /** per condition other than real: how far its maps are from real's, in [0, 1] map units */
  mapDifference: Record<string, { meanAbsDiff: number; maxAbsDiff: number; cc: number | null }>
  /** what the video heard under each condition (donor of 'shuffled', flags such as 'no audio track') */
  audio: Record<string, { donor: string | null; flags: string[] }>
}

/** The audio-reliance report of one study (model × dataset): Table 5.1 and 5.4 of the thesis, with tests. */
export interface AudioSwapReport {
  runId: string
  status: 'done' | 'cancelled'
  model: string
  weightsSha256: string | null
  dataset: string
  protocol: string
  seed: number
  frames: { first: number; last: number } | null
  conditions: string[]
  /** the child runs of each condition */
  children: Record<string, { inferRunId: string; evalRunId: string | null }>
  /** a visual-only model scored beside the conditions, when one was chosen */
  visualModel: { model: string; inferRunId: string; evalRunId: string | null; metrics: MetricValues } | null
  videos: AudioSwapVideoReport[]
  /** per condition: metrics over the dataset (mean of video means), delta against real */
  summary: Record<string, { metrics: MetricValues; delta: MetricValues }>
  /** per condition other than real, per metric */
  tests: Record<string, Partial<Record<MetricKey, PairedTest>>>
  /** L2 norms of the audio and visual features at the fusion input, per condition */
  featureNorms: Record<string, { audio: NormStats; visual: NormStats }>
  verdict: Record<string, AudioSwapVerdict>
  /** the figure (PNG) made for the study, when there is one */
  figure: string | null
  /** what a reader of the table must know (silent videos, short tracks, no shuffle possible) */
  notes: string[]
  seconds: number
}

/** Per-frame distance of each condition's maps from real's, for one video (null: frame not computed). */
export interface MapDifferenceSeries {
  runId: string
  videoId: number
  series: Record<string, { meanAbsDiff: (number | null)[]; cc: (number | null)[] }>
}

const AUDIO_SWAP_METRICS: readonly MetricKey[] = ['AUC_Judd', 'sAUC', 'NSS', 'CC', 'SIM', 'KLD']

function fixed(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits)
}

function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined) return '–'
  return p < 1e-4 ? p.toExponential(1) : p.toFixed(4)
}

/** Rows of the reliance table (Table 5.1 with tests): one per condition. */
function relianceRows(report: AudioSwapReport): { condition: string; cells: string[]; verdict: string }[] {
  return report.conditions.map((condition) => {
    const summary = report.summary[condition]
    const cells = AUDIO_SWAP_METRICS.map((m) => {
      const value = fixed(summary?.metrics[m])
      if (condition === 'real') return value
      const delta = summary?.delta[m]
      const test = report.tests[condition]?.[m]
      return `${value} (${delta !== null && delta !== undefined && Number.isFinite(delta) ? (delta >= 0 ? '+' : '') + delta.toFixed(3) : '–'}, p ${pValue(test?.p)})`
    })
    return { condition, cells, verdict: condition === 'real' ? 'reference' : (report.verdict[condition] ?? '') }
  })
}

/** The audio-reliance report as CSV: per condition and metric the value, delta, test and interval; then feature norms. */
export function audioSwapReportCsv(report: AudioSwapReport): string {
  const lines = [['condition', 'metric', 'value', 'delta', 'p', 'statistic', 'n', 'method', 'ci95_low', 'ci95_high', 'verdict'].join(',')]
  for (const condition of report.conditions) {
    for (const metric of AUDIO_SWAP_METRICS) {
      const test = report.tests[condition]?.[metric]
      lines.push(
        [
          condition,
          metric,
          report.summary[condition]?.metrics[metric],
          condition === 'real' ? '' : report.summary[condition]?.delta[metric],
          test?.p,
          test?.statistic,
          test?.n,
          test?.method,
          test?.ci95?.[0],
          test?.ci95?.[1],
          condition === 'real' ? 'reference' : report.verdict[condition]
        ]
          .map((v) => csvCell(typeof v === 'number' && !Number.isFinite(v) ? null : (v as string | number | null | undefined)))
          .join(',')
      )
    }
  }
  lines.push('')
  lines.push(['condition', 'audio_norm_mean', 'audio_norm_std', 'visual_norm_mean', 'visual_norm_std', 'clips'].join(','))
  for (const condition of report.conditions) {
    const n = report.featureNorms[condition]
    if (n) lines.push([condition, n.audio.mean, n.audio.std, n.visual.mean, n.visual.std, n.audio.n].map((v) => csvCell(v)).join(','))
  }
  return `${lines.join('\n')}\n`
}

/** Markdown: the reliance table (value, delta and p per metric), the verdicts and the feature norms (Table 5.4). */
export function audioSwapReportMarkdown(report: AudioSwapReport): string {
  const head = `| condition | ${AUDIO_SWAP_METRICS.join(' | ')} | verdict |`
  const rule = `|${'---|'.repeat(AUDIO_SWAP_METRICS.length + 2)}`
  const rows = relianceRows(report).map((r) => `| ${r.condition} | ${r.cells.join(' | ')} | ${r.verdict} |`)
  const norms = report.conditions.map((c) => {
    const n = report.featureNorms[c]
    return `| ${c} | ${n ? `${fixed(n.audio.mean, 4)} ± ${fixed(n.audio.std, 4)}` : '–'} | ${n ? `${fixed(n.visual.mean, 4)} ± ${fixed(n.visual.std, 4)}` : '–'} |`
  })
  return [
    `**${report.model}** on **${report.dataset}** (${report.protocol}, seed ${report.seed}${report.frames ? `, frames ${report.frames.first}–${report.frames.last}` : ''}): deltas against real, paired Wilcoxon signed-rank test across ${report.videos.length} videos.`,
    '',
    head,
    rule,
    ...rows,
    '',
    '| condition | audio feature norm | visual feature norm |',
    '|---|---|---|',
    ...norms,
    ...(report.notes.length ? ['', ...report.notes.map((n) => `- ${n}`)] : []),
    ''
  ].join('\n')
}

/** LaTeX tabular of the reliance table, for a paper. */
export function audioSwapReportLatex(report: AudioSwapReport): string {
  const esc = (s: string): string => s.replace(/[&%$#_{}]/g, (c) => `\\${c}`)
  const rows = relianceRows(report).map((r) => `${esc(r.condition)} & ${r.cells.map(esc).join(' & ')} & ${esc(r.verdict)} \\\\`)
  return [
    `\\begin{tabular}{l${'c'.repeat(AUDIO_SWAP_METRICS.length)}l}`,
    '\\hline',
    `condition & ${AUDIO_SWAP_METRICS.map(esc).join(' & ')} & verdict \\\\`,
    '\\hline',
    ...rows,
    '\\hline',
    '\\end{tabular}',
    ''
  ].join('\n')
}
