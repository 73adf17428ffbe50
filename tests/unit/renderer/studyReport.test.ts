// The study report's tables: Table 5.1 with tests, feature norms, per-video audio.
import { describe, expect, it } from 'vitest'
import { formatDelta, formatP, normRows, relianceRows, reportFileStem, videoRows } from '../../../src/renderer/src/lib/studyReport'
import { studyReport } from './studyFixture'

describe('relianceRows', () => {
  it('one row per condition: real as the reference, the others with delta, p, method, n and CI', () => {
    const rows = relianceRows(studyReport())
    expect(rows.map((r) => [r.condition, r.verdict])).toEqual([
      ['real', 'reference'],
      ['zero', 'identical outputs'],
      ['shuffled', 'significant difference']
    ])
    expect(rows[0].cells.map((c) => c.metric)).toEqual(['CC', 'sAUC', 'AUC_Judd', 'NSS', 'SIM', 'KLD'])
    expect(rows[0].cells[0]).toMatchObject({ value: '0.500', delta: '', p: '' })
    const cc = rows[2].cells[0]
    expect(cc).toMatchObject({ value: '0.480', delta: '−0.020', direction: 'worse', p: '0.0010', method: 'exact', n: 3, ci: '[−0.030, −0.010]', significant: true })
    // KLD went up: worse, since lower is better; p 0.25 is not significant
    expect(rows[2].cells[5]).toMatchObject({ delta: '+0.050', direction: 'worse', significant: false })
    expect(rows[2].cells[3]).toMatchObject({ p: '3.1e-5', method: 'normal', delta: '±0.000', direction: 'none' })
    expect(rows[1].cells[0]).toMatchObject({ p: '–', method: 'none' })
  })

  it('formats p and deltas', () => {
    expect([formatP(0.03125), formatP(3.1e-6), formatP(null)]).toEqual(['0.0313', '3.1e-6', '–'])
    expect([formatDelta(0.0123), formatDelta(-0.0123), formatDelta(1e-7), formatDelta(null)]).toEqual(['+0.012', '−0.012', '±0.000', ''])
  })
})

describe('normRows / videoRows', () => {
  it('gives audio and visual feature norms as mean ± std per condition', () => {
    expect(normRows(studyReport())[1]).toEqual({ condition: 'zero', audio: '1.5816 ± 0.0000', visual: '44.3221 ± 23.7146', clips: 24 })
  })

  it('says what each condition heard, silence for a video without a track, with its flags', () => {
    const rows = videoRows(studyReport())
    const silent = rows[0]
    expect(silent.flagged).toBe(true)
    expect(silent.cells.map((c) => c.heard)).toEqual(['silence (no audio track)', 'silence', "tone-b's soundtrack"])
    expect(silent.cells[0].flags).toEqual(['no audio track: real = silence'])
    expect(silent.cells[1]).toMatchObject({ meanAbsDiff: '0', maxAbsDiff: '0', cc: '1.0000' })
    expect(silent.cells[2]).toMatchObject({ meanAbsDiff: '0.0020', maxAbsDiff: '0.0500', cc: '0.9800' })
    expect(rows[1].flagged).toBe(false)
    expect(reportFileStem(studyReport())).toBe('audio-swap-stavis-tones-1a2b3c4d')
  })
})
