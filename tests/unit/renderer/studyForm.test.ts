// The audio-swap study form: the request it sends, or what it still lacks.
import { describe, expect, it } from 'vitest'
import type { ModelInfo } from '../../../src/shared/types'
import { audioVisualModels, emptyStudyForm, planStudy, toggleCondition, visualOnlyModels } from '../../../src/renderer/src/lib/studyForm'

const model = (name: string, needsAudio: boolean, needsWeights = true): ModelInfo => ({
  name,
  description: name,
  needsAudio,
  needsWeights,
  clipFrames: 16,
  inputSize: [224, 384],
  target: 'last',
  inputs: [],
  preprocessing: null,
  procedure: ''
})
const stavis = model('stavis', true)
const vinet = model('vinet', false)
const centre = model('center-bias', false, false)

describe('study form', () => {
  it('offers audio-visual models for the study and visual-only ones for the comparison', () => {
    expect(audioVisualModels([stavis, vinet, centre]).map((m) => m.name)).toEqual(['stavis'])
    expect(visualOnlyModels([stavis, vinet, centre]).map((m) => m.name)).toEqual(['vinet', 'center-bias'])
  })

  it('keeps real ticked: it is the reference', () => {
    expect(toggleCondition(['zero'], 'real')).toEqual(['zero'])
    expect(toggleCondition(['zero'], 'shuffled')).toEqual(['zero', 'shuffled'])
    expect(toggleCondition(['zero', 'shuffled'], 'zero')).toEqual(['shuffled'])
  })

  it('builds the request: real first, conditions in the listed order, only the options given', () => {
    const form = { ...emptyStudyForm(), weights: 'synthetic', conditions: toggleCondition(['shuffled', 'zero'], 'wolfram'), frames: '0-15', seed: '3' }
    const plan = planStudy(7, stavis, undefined, form)
    expect(plan).toEqual({
      ok: true,
      request: { datasetId: 7, model: 'stavis', weights: 'synthetic', conditions: ['real', 'zero', 'wolfram', 'shuffled'], runtime: 'ort', seed: 3, protocol: 'vinet-av', frames: { first: 0, last: 15 } }
    })
  })

  it('adds the audio file of the file condition and the visual-only comparison with its weights', () => {
    const form = { ...emptyStudyForm(), weights: '/w.pt', conditions: ['file' as const], audioFile: ' /a.mp3 ', visualModel: 'vinet', visualWeights: 'synthetic', videos: ['a', 'b'] }
    const plan = planStudy(1, stavis, vinet, form)
    if (!plan.ok) throw new Error(plan.problems.join('; '))
    expect(plan.request).toMatchObject({ conditions: ['real', 'file'], audioFile: '/a.mp3', visualModel: { model: 'vinet', weights: 'synthetic' }, videos: ['a', 'b'] })
    const noWeights = planStudy(1, stavis, centre, { ...form, visualModel: 'center-bias' })
    if (!noWeights.ok) throw new Error(noWeights.problems.join('; '))
    expect(noWeights.request.visualModel).toEqual({ model: 'center-bias' })
  })

  it('says what is missing before anything is sent', () => {
    const plan = planStudy(null, stavis, vinet, { ...emptyStudyForm(), conditions: ['file'], seed: 'x', frames: '9-2', visualModel: 'vinet' })
    if (plan.ok) throw new Error('expected problems')
    expect(plan.problems).toEqual([
      'open a dataset first',
      "stavis needs weights: a checkpoint path (.pt / .pth), or 'synthetic' to test the pipeline",
      "the 'file' condition needs an audio file: type its path",
      "seed must be a whole number ≥ 0, got 'x'",
      expect.stringMatching(/^frame range must be FIRST-LAST/),
      "the visual-only model vinet needs weights: a checkpoint path, or 'synthetic'"
    ])
    const none = planStudy(1, stavis, undefined, { ...emptyStudyForm(), weights: 'synthetic', conditions: [] })
    expect(none.ok ? [] : none.problems).toEqual(['tick at least one condition besides real (zero, random, wolfram, shuffled or file)'])
    const visualOnly = planStudy(1, vinet, undefined, { ...emptyStudyForm(), weights: 'synthetic' })
    expect(visualOnly.ok ? [] : visualOnly.problems).toEqual([expect.stringMatching(/'vinet' is visual-only/)])
  })
})
