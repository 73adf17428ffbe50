// Result tables of evaluation runs: the per-video results (one row per video and audio
// condition, sortable) and the comparison of several runs laid out like the thesis tables (rows =
// runs grouped by dataset, columns = metrics, best per column in bold), with CSV / Markdown /
// LaTeX writers. Pure functions.
import type { MetricKey, RunSummary, VideoMetricsRow } from '../../../shared/types'
import { formatMetricValue, inDisplayOrder, lowerIsBetter, METRIC_DISPLAY_ORDER, metricHeading } from './metricNames'
import { conditionText } from './runView'

export const DEFAULT_DECIMALS = 3

// ---- how a run was scored ------------------------------------------------------------------

export interface RunProtocol {
  protocol: string | null
  /** AUC-Judd tie-breaking jitter */
  jitter: boolean | null
  seed: number | null
}

/** The scoring settings stored in an evaluation run's config (absent ones are null). */
export function runProtocol(run: Pick<RunSummary, 'config'>): RunProtocol {
  const c = run.config
  return {
    protocol: typeof c.protocol === 'string' ? c.protocol : null,
    jitter: typeof c.jitter === 'boolean' ? c.jitter : null,
    seed: typeof c.seed === 'number' && Number.isFinite(c.seed) ? c.seed : null
  }
}

/** "vinet-av, AUC-Judd jitter, seed 0" / "dhf1k, no jitter, seed 3". */
export function describeProtocol(p: RunProtocol): string {
  const parts = [p.protocol ?? 'unknown protocol']
  if (p.jitter !== null) parts.push(p.jitter ? 'AUC-Judd jitter' : 'no jitter')
  // the seed drives the sAUC negative draws as well as the jitter
  if (p.seed !== null) parts.push(`seed ${p.seed}`)
  return parts.join(', ')
}

function datasetOf(run: Pick<RunSummary, 'datasetName' | 'datasetId'>): string {
  if (run.datasetName) return run.datasetName
  return run.datasetId !== null ? `dataset ${run.datasetId}` : 'unknown dataset'
}

// ---- the comparison table ------------------------------------------------------------------

export interface ComparisonCell {
  value: number | null
  /** the value at the table's precision; '' when missing */
  text: string
  /** best of its column within its dataset group */
  best: boolean
}

export interface ComparisonRow {
  runId: string
  label: string
  /** the audio condition the scored maps were made under; '' for none */
  condition: string
  protocol: string
  /** aligned with ComparisonTable.metrics */
  cells: ComparisonCell[]
}

export interface ComparisonGroup {
  dataset: string
  rows: ComparisonRow[]
}

export interface ComparisonTable {
  metrics: MetricKey[]
  /** some run has an audio condition: the table gets a condition column */
  conditions: boolean
  decimals: number
  groups: ComparisonGroup[]
  caption: string
}

export interface ComparisonOptions {
  decimals?: number
  /** columns to show (default: every metric some run has, in display order) */
  metrics?: readonly MetricKey[]
}

/**
 * Builds the comparison of `runs` (in the given order within each dataset). Best values are
 * compared at the printed precision, so equal-looking values are all bold; a column of one
 * dataset gets no bold unless at least two of its runs have a value there.
 */
export function buildComparison(runs: readonly RunSummary[], options: ComparisonOptions = {}): ComparisonTable {
  const decimals = options.decimals ?? DEFAULT_DECIMALS
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 10) {
    throw new RangeError(`table precision must be an integer from 0 to 10 decimals, got ${decimals}`)
  }
  const metrics = options.metrics
    ? [...options.metrics]
    : inDisplayOrder(runs.flatMap((r) => (Object.keys(r.metrics) as MetricKey[]).filter((m) => Number.isFinite(r.metrics[m]))))

  const byDataset = new Map<string, RunSummary[]>()
  for (const run of runs) {
    const name = datasetOf(run)
    byDataset.set(name, [...(byDataset.get(name) ?? []), run])
  }

  const groups: ComparisonGroup[] = [...byDataset].map(([dataset, members]) => {
    const best = metrics.map((m) => bestText(members.map((r) => r.metrics[m]), m, decimals))
    return {
      dataset,
      rows: members.map((run) => ({
        runId: run.id,
        label: run.label,
        condition: conditionText(run.audioCondition),
        protocol: describeProtocol(runProtocol(run)),
        cells: metrics.map((m, col) => {
          const raw = run.metrics[m]
          const value = raw !== undefined && Number.isFinite(raw) ? raw : null
          const text = formatMetricValue(value, decimals)
          return { value, text, best: text !== '' && text === best[col] }
        })
      }))
    }
  })
  const conditions = groups.some((g) => g.rows.some((r) => r.condition !== ''))
  return { metrics, conditions, decimals, groups, caption: comparisonCaption(runs, groups.some((g) => g.rows.some((r) => r.cells.some((c) => c.best)))) }
}

// the best value of one column as printed, or null when fewer than two runs have a value
function bestText(values: (number | undefined)[], metric: MetricKey, decimals: number): string | null {
  const finite = values.filter((v): v is number => v !== undefined && Number.isFinite(v))
  if (finite.length < 2) return null
  const best = lowerIsBetter(metric) ? Math.min(...finite) : Math.max(...finite)
  return formatMetricValue(best, decimals)
}

function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('')
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`
}

/** "Comparison of metrics on UCF-Sports. Protocol: vinet-av, … . Best value … in bold …" */
export function comparisonCaption(runs: readonly RunSummary[], anyBest: boolean): string {
  const datasets = [...new Set(runs.map(datasetOf))]
  const protocols = runs.map((r) => ({ label: r.label, text: describeProtocol(runProtocol(r)) }))
  const distinct = [...new Set(protocols.map((p) => p.text))]
  const sentences = [`Comparison of metrics on ${listWords(datasets) || 'no runs'}.`]
  if (distinct.length === 1) sentences.push(`Protocol: ${distinct[0]}.`)
  else if (distinct.length > 1) sentences.push(`Protocols: ${protocols.map((p) => `${p.label}: ${p.text}`).join('; ')}.`)
  if (anyBest) {
    const lowMetrics = METRIC_DISPLAY_ORDER.filter(lowerIsBetter)
    sentences.push(`Best value per dataset in bold (highest; lowest for ${lowMetrics.join(', ')}).`)
  }
  return sentences.join(' ')
}

// ---- writers -------------------------------------------------------------------------------

/** One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** Text safe inside a Markdown table cell: markup characters and pipes escaped, no line breaks. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\|*_`]/g, (c) => `\\${c}`)
}

const LATEX_ESCAPES: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}'
}

/** Text safe in LaTeX body text (one pass, so inserted braces are not escaped again). */
export function escapeLatex(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/[\\&%$#_{}~^]/g, (c) => LATEX_ESCAPES[c])
}

// the condition column sits after the run's label, only in tables that have one
function withCondition<T>(table: ComparisonTable, before: T[], condition: T, after: T[]): T[] {
  return table.conditions ? [...before, condition, ...after] : [...before, ...after]
}

export function comparisonToCsv(table: ComparisonTable): string {
  const header = withCondition(table, ['dataset', 'run'], 'audio_condition', ['protocol', 'run_id', ...table.metrics])
  const lines = [header.map(csvField).join(',')]
  for (const group of table.groups) {
    for (const row of group.rows) {
      const fields = withCondition(table, [group.dataset, row.label], row.condition, [row.protocol, row.runId, ...row.cells.map((c) => c.text)])
      lines.push(fields.map(csvField).join(','))
    }
  }
  return lines.join('\n') + '\n'
}

export function comparisonToMarkdown(table: ComparisonTable): string {
  const header = withCondition(table, ['Dataset', 'Run'], 'Audio', table.metrics.map(metricHeading)).map(escapeMarkdown)
  const lines = [
    `| ${header.join(' | ')} |`,
    `| --- | --- |${table.conditions ? ' --- |' : ''}${table.metrics.map(() => ' ---: |').join('')}`
  ]
  for (const group of table.groups) {
    group.rows.forEach((row, n) => {
      const cells = row.cells.map((c) => (c.text === '' ? '–' : c.best ? `**${c.text}**` : c.text))
      const first = [n === 0 ? escapeMarkdown(group.dataset) : '', escapeMarkdown(row.label)]
      lines.push(`| ${withCondition(table, first, escapeMarkdown(row.condition), cells).join(' | ')} |`)
    })
  }
  // pandoc reads "Table: …" next to a table as its caption; elsewhere it shows as a line of text
  return `${lines.join('\n')}\n\nTable: ${escapeMarkdown(table.caption)}\n`
}

export function comparisonToLatex(table: ComparisonTable): string {
  const heading = (m: MetricKey): string => `${escapeLatex(m)} $\\${lowerIsBetter(m) ? 'downarrow' : 'uparrow'}$`
  const lines = [
    '% needs \\usepackage{booktabs}',
    '\\begin{table}[t]',
    '  \\centering',
    `  \\caption{${escapeLatex(table.caption)}}`,
    '  \\label{tab:avsal-comparison}',
    `  \\begin{tabular}{ll${table.conditions ? 'l' : ''}${'r'.repeat(table.metrics.length)}}`,
    '    \\toprule',
    `    ${withCondition(table, ['Dataset', 'Run'], 'Audio', table.metrics.map(heading)).join(' & ')} \\\\`
  ]
  for (const group of table.groups) {
    lines.push('    \\midrule')
    group.rows.forEach((row, n) => {
      const cells = row.cells.map((c) => (c.text === '' ? '--' : c.best ? `\\textbf{${c.text}}` : c.text))
      const first = [n === 0 ? escapeLatex(group.dataset) : '', escapeLatex(row.label)]
      lines.push(`    ${withCondition(table, first, escapeLatex(row.condition), cells).join(' & ')} \\\\`)
    })
  }
  lines.push('    \\bottomrule', '  \\end{tabular}', '\\end{table}')
  return lines.join('\n') + '\n'
}

export type TableFormat = 'csv' | 'markdown' | 'latex'

export const TABLE_FORMATS: readonly { format: TableFormat; label: string; extension: string; mime: string }[] = [
  { format: 'csv', label: 'CSV', extension: 'csv', mime: 'text/csv' },
  { format: 'markdown', label: 'Markdown', extension: 'md', mime: 'text/markdown' },
  { format: 'latex', label: 'LaTeX', extension: 'tex', mime: 'application/x-tex' }
]

export function formatComparison(table: ComparisonTable, format: TableFormat): string {
  switch (format) {
    case 'csv': return comparisonToCsv(table)
    case 'markdown': return comparisonToMarkdown(table)
    case 'latex': return comparisonToLatex(table)
  }
}

// ---- the per-video results table -----------------------------------------------------------

export type ResultsSortKey = 'video' | 'condition' | 'frames' | MetricKey

export interface ResultsSort {
  key: ResultsSortKey
  descending: boolean
}

/**
 * The sort after clicking column `key`: the same column flips; a new metric column starts with
 * the best videos first (highest, lowest for KLD); name and frame count start ascending.
 */
export function nextResultsSort(current: ResultsSort | null, key: ResultsSortKey): ResultsSort {
  if (current && current.key === key) return { key, descending: !current.descending }
  if (key === 'video' || key === 'condition' || key === 'frames') return { key, descending: false }
  return { key, descending: !lowerIsBetter(key) }
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

// audio conditions in the order the thesis discusses them; others after, by name
const CONDITION_ORDER = ['real', 'zero', 'random', 'shuffled', 'none']

function compareConditions(a: string, b: string): number {
  const rank = (c: string): number => {
    const i = CONDITION_ORDER.indexOf(c)
    return i < 0 ? CONDITION_ORDER.length : i
  }
  return rank(a) - rank(b) || byName.compare(a, b)
}

function compareVideos(a: VideoMetricsRow, b: VideoMetricsRow): number {
  return byName.compare(a.group ?? '', b.group ?? '') || byName.compare(a.video, b.video) || a.videoId - b.videoId
}

/** The key of a results row: a run scores each video once per audio condition. */
export function resultRowKey(row: Pick<VideoMetricsRow, 'videoId' | 'audioCondition'>): string {
  return `${row.videoId}:${row.audioCondition}`
}

/** The run's results have more than one audio condition, or one that is not 'none'. */
export function hasConditions(rows: readonly Pick<VideoMetricsRow, 'audioCondition'>[]): boolean {
  return rows.some((r) => conditionText(r.audioCondition) !== '')
}

/**
 * A sorted copy; rows without a value in the sorted column go last in either direction. Rows of
 * one video stay together by condition (real, zero, random, shuffled) under the video sort.
 */
export function sortResultRows(rows: readonly VideoMetricsRow[], sort: ResultsSort): VideoMetricsRow[] {
  const sign = sort.descending ? -1 : 1
  const key = sort.key
  if (key === 'video') {
    return [...rows].sort((a, b) => sign * compareVideos(a, b) || compareConditions(a.audioCondition, b.audioCondition))
  }
  if (key === 'condition') {
    return [...rows].sort((a, b) => sign * compareConditions(a.audioCondition, b.audioCondition) || compareVideos(a, b))
  }
  const valueOf = (row: VideoMetricsRow): number | null => {
    const v = key === 'frames' ? row.frames : row.metrics[key]
    return v === null || v === undefined || !Number.isFinite(v) ? null : v
  }
  return [...rows].sort((a, b) => {
    const va = valueOf(a)
    const vb = valueOf(b)
    if (va === null || vb === null) return va === null ? (vb === null ? 0 : 1) : -1
    return sign * (va - vb) || compareVideos(a, b) || compareConditions(a.audioCondition, b.audioCondition)
  })
}

/** Metric columns of a results table: those any video has, in display order. */
export function resultMetrics(rows: readonly VideoMetricsRow[]): MetricKey[] {
  return inDisplayOrder(
    rows.flatMap((r) => (Object.keys(r.metrics) as MetricKey[]).filter((m) => {
      const v = r.metrics[m]
      return v !== null && v !== undefined && Number.isFinite(v)
    }))
  )
}
