import { describe, expect, it } from 'vitest'
import type { ModelInfo } from '../../../src/shared/types'
import { OPTION_MESSAGES } from '../../../src/shared/schemas'
import { describeFrameRange, parseFrameRangeField } from '../../../src/renderer/src/lib/frameRangeField'
import { emptyForm, planInference } from '../../../src/renderer/src/lib/inferForm'

describe('the Frames field', () => {
  it('means every frame when empty or "all"', () => {
    expect(parseFrameRangeField('')).toEqual({ ok: true, range: undefined })
    expect(parseFrameRangeField('  ')).toEqual({ ok: true, range: undefined })
    expect(parseFrameRangeField('All')).toEqual({ ok: true, range: undefined })
  })

  it('reads FIRST-LAST, 0-based and inclusive, and a single frame', () => {
    expect(parseFrameRangeField('0-63')).toEqual({ ok: true, range: { first: 0, last: 63 } })
    expect(parseFrameRangeField(' 10 – 20 ')).toEqual({ ok: true, range: { first: 10, last: 20 } })
    expect(parseFrameRangeField('7')).toEqual({ ok: true, range: { first: 7, last: 7 } })
  })

  it('refuses anything else with the one message the host and the CLI use', () => {
    for (const text of ['63-0', '-1-5', '1.5-3', 'abc', '0-', '0,5']) {
      expect(parseFrameRangeField(text)).toEqual({ ok: false, message: OPTION_MESSAGES.frames })
    }
  })

  it('describes a range for a summary line', () => {
    expect(describeFrameRange({ first: 0, last: 63 })).toBe('frames 0–63 (64)')
    expect(describeFrameRange(undefined)).toBe('')
  })
})

describe('frame range in the inference request', () => {
  const centerBias: ModelInfo = {
    name: 'center-bias',
    description: 'baseline',
    needsAudio: false,
    needsWeights: false,
    clipFrames: 1,
    inputSize: [224, 384],
    target: 'last',
    inputs: [],
    preprocessing: null,
    procedure: 'one map'
  }

  it('sends the range, and nothing for all frames', () => {
    expect(planInference(1, centerBias, { ...emptyForm(), frames: '8-15' })).toEqual({
      ok: true,
      request: { datasetId: 1, model: 'center-bias', runtime: 'ort', frames: { first: 8, last: 15 } }
    })
    const all = planInference(1, centerBias, { ...emptyForm(), frames: 'all' })
    expect(all.ok && all.request.frames).toBe(undefined)
  })

  it('holds the request back on a bad range, with the frames message among the problems', () => {
    expect(planInference(1, centerBias, { ...emptyForm(), frames: '15-8' })).toEqual({ ok: false, problems: [OPTION_MESSAGES.frames] })
  })
})
