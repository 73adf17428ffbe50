import { describe, expect, it } from 'vitest'
import type { RunSummary, VideoMetricsRow } from '../../../src/shared/types'
import {
  buildComparison,
  comparisonToCsv,
  comparisonToLatex,
  comparisonToMarkdown,
  csvField,
  describeProtocol,
  escapeLatex,
  escapeMarkdown,
  formatComparison,
  hasConditions,
  nextResultsSort,
  resultMetrics,
  resultRowKey,
  runProtocol,
  sortResultRows
} from '../../../src/renderer/src/lib/tables'

function run(id: string, label: string, dataset: string | null, metrics: RunSummary['metrics'], config: Record<string, unknown> = {}): RunSummary {
  return {
    id,
    kind: 'eval',
    status: 'done',
    label,
    datasetId: dataset ? 1 : null,
    datasetName: dataset,
    createdAt: '2026-01-01T00:00:00Z',
    startedAt: '2026-01-01T00:00:00Z',
    endedAt: '2026-01-01T00:01:00Z',
    error: null,
    config: { protocol: 'vinet-av', jitter: true, seed: 0, ...config },
    runtime: 'avsal-metrics',
    backend: 'cpu',
    tags: {},
    metrics,
    statusReason: null,
    parentRunId: null,
    sourceRunId: null,
    audioCondition: null,
    model: null,
    weightsSha256: null,
    owner: null,
    heartbeatAt: null,
    device: null,
    queuePosition: null
  }
}

// the UCF-Sports block of the thesis' Table 5.10 (CC, sAUC, AUC, NSS, SIM), plus KLD values
const vinet = run('r1', 'ViNet', 'UCF-Sports', { CC: 0.673, sAUC: 0.81, AUC_Judd: 0.924, NSS: 3.62, SIM: 0.522, KLD: 1.2 })
const avinet = run('r2', 'AViNet', 'UCF-Sports', { CC: 0.709, sAUC: 0.809, AUC_Judd: 0.931, NSS: 3.915, SIM: 0.531, KLD: 1.4 })
const vinetD = run('r3', 'ViNet-D', 'UCF-Sports', { CC: 0.723, sAUC: 0.812, AUC_Judd: 0.936, NSS: 3.956, SIM: 0.533, KLD: 1.3 })

describe('buildComparison', () => {
  it('orders columns like the thesis tables and marks the best per column (max; min for KLD)', () => {
    const table = buildComparison([vinet, avinet, vinetD])
    expect(table.metrics).toEqual(['CC', 'sAUC', 'AUC_Judd', 'NSS', 'SIM', 'KLD'])
    expect(table.groups).toHaveLength(1)
    const [g] = table.groups
    expect(g.rows.map((r) => r.label)).toEqual(['ViNet', 'AViNet', 'ViNet-D'])
    const bestOf = (metric: string) => g.rows.filter((r) => r.cells[table.metrics.indexOf(metric as never)].best).map((r) => r.label)
    expect(bestOf('CC')).toEqual(['ViNet-D'])
    expect(bestOf('NSS')).toEqual(['ViNet-D'])
    expect(bestOf('KLD')).toEqual(['ViNet'])
    expect(g.rows[0].cells[3].text).toBe('3.620')
  })

  it('bolds every run whose value prints the same as the best one', () => {
    const a = run('a', 'A', 'D', { CC: 0.4561 })
    const b = run('b', 'B', 'D', { CC: 0.4559 })
    const c = run('c', 'C', 'D', { CC: 0.4 })
    const table = buildComparison([a, b, c])
    expect(table.groups[0].rows.map((r) => r.cells[0].best)).toEqual([true, true, false])
    // at 4 decimals only the larger one is best
    const fine = buildComparison([a, b, c], { decimals: 4 })
    expect(fine.groups[0].rows.map((r) => r.cells[0].best)).toEqual([true, false, false])
  })

  it('groups rows by dataset and picks the best within each group only', () => {
    const table = buildComparison([
      run('1', 'ViNet', 'DIEM', { CC: 0.626 }),
      run('2', 'ViNet', 'Coutrot2', { CC: 0.724 }),
      run('3', 'AViNet', 'DIEM', { CC: 0.632 }),
      run('4', 'AViNet', 'Coutrot2', { CC: 0.754 })
    ])
    expect(table.groups.map((g) => g.dataset)).toEqual(['DIEM', 'Coutrot2'])
    expect(table.groups.map((g) => g.rows.map((r) => `${r.label}:${r.cells[0].best}`))).toEqual([
      ['ViNet:false', 'AViNet:true'],
      ['ViNet:false', 'AViNet:true']
    ])
    expect(table.caption).toContain('DIEM and Coutrot2')
  })

  it('leaves a single run unbolded and missing values empty', () => {
    const table = buildComparison([run('x', 'X', 'D', { CC: 0.5, NSS: Number.NaN })])
    expect(table.metrics).toEqual(['CC'])
    expect(table.groups[0].rows[0].cells[0]).toEqual({ value: 0.5, text: '0.500', best: false })
    expect(table.caption).not.toContain('bold')
    const withMissing = buildComparison([run('x', 'X', 'D', { CC: 0.5 }), run('y', 'Y', 'D', { CC: 0.6, NSS: 2 })])
    expect(withMissing.groups[0].rows[0].cells[1]).toEqual({ value: null, text: '', best: false })
  })

  it('names the protocol of every run in the caption', () => {
    const same = buildComparison([vinet, avinet])
    expect(same.caption).toBe(
      'Comparison of metrics on UCF-Sports. Protocol: vinet-av, AUC-Judd jitter, seed 0. Best value per dataset in bold (highest; lowest for KLD).'
    )
    const mixed = buildComparison([vinet, run('d', 'DHF', 'UCF-Sports', { CC: 0.5 }, { protocol: 'dhf1k', jitter: false, seed: 3 })])
    expect(mixed.caption).toContain('Protocols: ViNet: vinet-av, AUC-Judd jitter, seed 0; DHF: dhf1k, no jitter, seed 3.')
  })

  it('rejects an impossible precision', () => {
    expect(() => buildComparison([vinet], { decimals: -1 })).toThrow(RangeError)
    expect(() => buildComparison([vinet], { decimals: 1.5 })).toThrow(/integer from 0 to 10/)
  })
})

describe('run protocol', () => {
  it('reads protocol, jitter and seed from the run config and ignores wrong types', () => {
    expect(runProtocol({ config: { protocol: 'stavis-av', jitter: false, seed: 7 } })).toEqual({ protocol: 'stavis-av', jitter: false, seed: 7 })
    expect(runProtocol({ config: { protocol: 3, jitter: 'yes', seed: 'x' } })).toEqual({ protocol: null, jitter: null, seed: null })
    expect(describeProtocol({ protocol: null, jitter: null, seed: null })).toBe('unknown protocol')
  })
})

describe('escaping', () => {
  it('quotes CSV fields with commas, quotes or line breaks and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
  })

  it('escapes Markdown pipes and markup characters', () => {
    expect(escapeMarkdown('a|b')).toBe('a\\|b')
    expect(escapeMarkdown('AUC_Judd *x* `y` \\')).toBe('AUC\\_Judd \\*x\\* \\`y\\` \\\\')
    expect(escapeMarkdown('two\nlines')).toBe('two lines')
  })

  it('escapes the LaTeX special characters in one pass', () => {
    expect(escapeLatex('& % _ # $ { }')).toBe('\\& \\% \\_ \\# \\$ \\{ \\}')
    expect(escapeLatex('a\\b')).toBe('a\\textbackslash{}b')
    expect(escapeLatex('~^')).toBe('\\textasciitilde{}\\textasciicircum{}')
  })
})

describe('audio conditions in the comparison', () => {
  const real = { ...run('a', 'AViNet', 'DIEM', { CC: 0.63 }), audioCondition: 'real' }
  const zero = { ...run('b', 'AViNet', 'DIEM', { CC: 0.61 }), audioCondition: 'zero' }
  const table = buildComparison([real, zero])

  it('adds a condition column only when a run has a condition', () => {
    expect(table.conditions).toBe(true)
    expect(table.groups[0].rows.map((r) => r.condition)).toEqual(['real', 'zero'])
    expect(buildComparison([vinet, avinet]).conditions).toBe(false)
    // 'none' (visual-only, or maps from a folder) is no condition
    expect(buildComparison([{ ...vinet, audioCondition: 'none' }]).conditions).toBe(false)
  })

  it('writes the condition in every format, after the run', () => {
    expect(comparisonToCsv(table).split('\n').slice(0, 2)).toEqual([
      'dataset,run,audio_condition,protocol,run_id,CC',
      'DIEM,AViNet,real,"vinet-av, AUC-Judd jitter, seed 0",a,0.630'
    ])
    const md = comparisonToMarkdown(table).split('\n')
    expect(md[0]).toBe('| Dataset | Run | Audio | CC ↑ |')
    expect(md[1]).toBe('| --- | --- | --- | ---: |')
    expect(md[3]).toBe('|  | AViNet | zero | 0.610 |')
    const tex = comparisonToLatex(table)
    expect(tex).toContain('\\begin{tabular}{lllr}')
    expect(tex).toContain('DIEM & AViNet & real & \\textbf{0.630} \\\\')
  })
})

describe('table writers', () => {
  const table = buildComparison([
    run('r1', 'ViNet|base', 'UCF_Sports', { CC: 0.673, KLD: 1.2 }),
    run('r2', 'AViNet, 50% "audio"', 'UCF_Sports', { CC: 0.709, KLD: 1.4 })
  ])

  it('writes CSV with a header, one line per run and quoted fields', () => {
    expect(comparisonToCsv(table)).toBe(
      [
        'dataset,run,protocol,run_id,CC,KLD',
        'UCF_Sports,ViNet|base,"vinet-av, AUC-Judd jitter, seed 0",r1,0.673,1.200',
        'UCF_Sports,"AViNet, 50% ""audio""","vinet-av, AUC-Judd jitter, seed 0",r2,0.709,1.400',
        ''
      ].join('\n')
    )
  })

  it('writes a Markdown table with bold best values, escaped pipes and the caption', () => {
    const md = comparisonToMarkdown(table)
    const lines = md.split('\n')
    expect(lines[0]).toBe('| Dataset | Run | CC ↑ | KLD ↓ |')
    expect(lines[1]).toBe('| --- | --- | ---: | ---: |')
    expect(lines[2]).toBe('| UCF\\_Sports | ViNet\\|base | 0.673 | **1.200** |')
    expect(lines[3]).toBe('|  | AViNet, 50% "audio" | **0.709** | 1.400 |')
    expect(md).toContain('\n\nTable: Comparison of metrics on UCF\\_Sports. Protocol: vinet-av')
  })

  it('writes a booktabs LaTeX table with \\textbf best values and escaped text', () => {
    const tex = comparisonToLatex(table)
    expect(tex).toContain('\\begin{tabular}{llrr}')
    expect(tex).toContain('Dataset & Run & CC $\\uparrow$ & KLD $\\downarrow$ \\\\')
    expect(tex).toContain('UCF\\_Sports & ViNet|base & 0.673 & \\textbf{1.200} \\\\')
    expect(tex).toContain(' & AViNet, 50\\% "audio" & \\textbf{0.709} & 1.400 \\\\')
    expect(tex).toContain('\\caption{Comparison of metrics on UCF\\_Sports.')
    expect(tex.indexOf('\\toprule')).toBeLessThan(tex.indexOf('\\midrule'))
    expect(tex.trimEnd().endsWith('\\end{table}')).toBe(true)
  })

  it('marks missing values per format', () => {
    const gaps = buildComparison([run('a', 'A', 'D', { CC: 0.5 }), run('b', 'B', 'D', { NSS: 2 })])
    expect(comparisonToMarkdown(gaps)).toContain('| D | A | 0.500 | – |')
    expect(comparisonToLatex(gaps)).toContain('D & A & 0.500 & -- \\\\')
    expect(comparisonToCsv(gaps)).toContain('D,A,"vinet-av, AUC-Judd jitter, seed 0",a,0.500,\n')
    expect(formatComparison(gaps, 'csv')).toBe(comparisonToCsv(gaps))
  })
})

describe('per-video results', () => {
  const row = (videoId: number, video: string, frames: number, metrics: VideoMetricsRow['metrics'], audioCondition = 'none'): VideoMetricsRow => ({
    videoId,
    video,
    group: null,
    audioCondition,
    frames,
    metrics,
    missingSince: null
  })
  const rows: VideoMetricsRow[] = [row(1, 'video10', 50, { CC: 0.5, KLD: 1.0 }), row(2, 'video2', 80, { CC: null, KLD: 0.7 }), row(3, 'video1', 20, { CC: 0.9, KLD: null })]

  it('sorts names naturally and metrics with missing values last in both directions', () => {
    expect(sortResultRows(rows, { key: 'video', descending: false }).map((r) => r.video)).toEqual(['video1', 'video2', 'video10'])
    expect(sortResultRows(rows, { key: 'CC', descending: true }).map((r) => r.videoId)).toEqual([3, 1, 2])
    expect(sortResultRows(rows, { key: 'CC', descending: false }).map((r) => r.videoId)).toEqual([1, 3, 2])
    expect(sortResultRows(rows, { key: 'frames', descending: false }).map((r) => r.frames)).toEqual([20, 50, 80])
    expect(rows.map((r) => r.videoId)).toEqual([1, 2, 3])
  })

  it('starts metric columns best-first and flips on a second click', () => {
    expect(nextResultsSort(null, 'CC')).toEqual({ key: 'CC', descending: true })
    expect(nextResultsSort(null, 'KLD')).toEqual({ key: 'KLD', descending: false })
    expect(nextResultsSort({ key: 'CC', descending: true }, 'CC')).toEqual({ key: 'CC', descending: false })
    expect(nextResultsSort({ key: 'CC', descending: true }, 'video')).toEqual({ key: 'video', descending: false })
  })

  it('lists the metric columns that have any value', () => {
    expect(resultMetrics(rows)).toEqual(['CC', 'KLD'])
    expect(resultMetrics([row(1, 'v', 1, { SIM: null })])).toEqual([])
  })

  it('keeps one row per video and audio condition, conditions in the thesis order under each video', () => {
    const av = [
      row(2, 'video2', 40, { CC: 0.3 }, 'zero'),
      row(1, 'video1', 40, { CC: 0.6 }, 'shuffled'),
      row(1, 'video1', 40, { CC: 0.7 }, 'real'),
      row(2, 'video2', 40, { CC: 0.5 }, 'real'),
      row(1, 'video1', 40, { CC: 0.4 }, 'zero')
    ]
    expect(new Set(av.map(resultRowKey)).size).toBe(5)
    expect(sortResultRows(av, { key: 'video', descending: false }).map((r) => `${r.video}/${r.audioCondition}`)).toEqual([
      'video1/real',
      'video1/zero',
      'video1/shuffled',
      'video2/real',
      'video2/zero'
    ])
    expect(sortResultRows(av, { key: 'condition', descending: false }).map((r) => `${r.video}/${r.audioCondition}`)).toEqual([
      'video1/real',
      'video2/real',
      'video1/zero',
      'video2/zero',
      'video1/shuffled'
    ])
    expect(sortResultRows(av, { key: 'CC', descending: true }).map((r) => r.metrics.CC)).toEqual([0.7, 0.6, 0.5, 0.4, 0.3])
    expect(nextResultsSort(null, 'condition')).toEqual({ key: 'condition', descending: false })
    expect(hasConditions(av)).toBe(true)
    expect(hasConditions(rows)).toBe(false)
  })
})
