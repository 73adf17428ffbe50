import { describe, expect, it } from 'vitest'
import type { ModelInfo } from '../../../src/shared/types'
import { emptyForm, modelFacts, parseCount, planInference, type InferFormValues } from '../../../src/renderer/src/lib/inferForm'

function model(over: Partial<ModelInfo>): ModelInfo {
  return {
    name: 'vinet',
    description: 'ViNet',
    needsAudio: false,
    needsWeights: true,
    clipFrames: 32,
    inputSize: [224, 384],
    target: 'last',
    inputs: [],
    preprocessing: null,
    procedure: 'causal clips',
    ...over
  }
}

const vinet = model({})
const avinet = model({ name: 'avinet-bilinear', needsAudio: true })
const centerBias = model({ name: 'center-bias', needsWeights: false })
const form = (over: Partial<InferFormValues>): InferFormValues => ({ ...emptyForm(), ...over })

describe('inference form → request', () => {
  it('sends a parameter-free model without weights or audio, even when the hidden fields hold text', () => {
    const plan = planInference(3, centerBias, form({ model: 'center-bias', weights: '/old/ckpt.pt', audio: 'zero' }))
    expect(plan).toEqual({ ok: true, request: { datasetId: 3, model: 'center-bias', runtime: 'ort' } })
  })

  it('refuses a model that needs weights when none are given, and says what to type', () => {
    const plan = planInference(3, vinet, form({ model: 'vinet' }))
    expect(plan.ok).toBe(false)
    if (plan.ok) return
    expect(plan.problems).toEqual(["vinet needs weights: a checkpoint path (.pt / .pth), or 'synthetic' to test the pipeline"])
  })

  it('passes weights, audio condition, runtime, counts, videos and label of an audio-visual model', () => {
    const plan = planInference(
      7,
      avinet,
      form({ weights: ' synthetic ', audio: 'shuffled', runtime: 'tfjs', threads: '2', batch: ' 4', seed: '11', videos: ['b', 'a'], label: '  AViNet shuffled ' })
    )
    expect(plan).toEqual({
      ok: true,
      request: {
        datasetId: 7,
        model: 'avinet-bilinear',
        weights: 'synthetic',
        audio: 'shuffled',
        runtime: 'tfjs',
        threads: 2,
        batch: 4,
        seed: 11,
        videos: ['b', 'a'],
        label: 'AViNet shuffled'
      }
    })
  })

  it('sends no seed unless the audio condition draws at random, and defaults the audio to real', () => {
    const real = planInference(1, avinet, form({ weights: 'synthetic', seed: 'x' }))
    expect(real).toEqual({ ok: true, request: { datasetId: 1, model: 'avinet-bilinear', weights: 'synthetic', audio: 'real', runtime: 'ort' } })
    const random = planInference(1, avinet, form({ weights: 'synthetic', audio: 'random', seed: '' }))
    expect(random.ok && random.request.seed).toBeUndefined()
    const visual = planInference(1, vinet, form({ weights: 'synthetic', audio: 'random', seed: '5' }))
    expect(visual.ok && 'seed' in visual.request).toBe(false)
  })

  it('lists every problem at once: no dataset, bad counts, bad seed', () => {
    const plan = planInference(null, avinet, form({ weights: 'w.pt', audio: 'random', threads: '0', batch: '2.5', seed: '-1' }))
    expect(plan.ok).toBe(false)
    if (plan.ok) return
    expect(plan.problems).toEqual([
      'open a dataset first',
      "threads must be a whole number ≥ 1, got '0'",
      "batch must be a whole number ≥ 1, got '2.5'",
      "seed must be a whole number ≥ 0, got '-1'"
    ])
  })

  it('names a model the host does not list, or asks for one', () => {
    const unknown = planInference(1, undefined, form({ model: 'tased' }))
    expect(!unknown.ok && unknown.problems).toEqual(["the host does not list a model named 'tased'"])
    const none = planInference(1, undefined, form({}))
    expect(!none.ok && none.problems).toEqual(['choose a model'])
  })

  it('parses counts: empty is the default, digits a number, the rest invalid', () => {
    expect(parseCount('', 1)).toBeUndefined()
    expect(parseCount('  ', 1)).toBeUndefined()
    expect(parseCount(' 8 ', 1)).toBe(8)
    expect(parseCount('0', 0)).toBe(0)
    expect(parseCount('0', 1)).toBeNull()
    expect(parseCount('1e3', 1)).toBeNull()
    expect(parseCount('-2', 0)).toBeNull()
  })

  it('states what a model takes and which frame its map belongs to', () => {
    expect(modelFacts(avinet)).toEqual(['audio-visual: takes an audio condition', 'needs a checkpoint', '32-frame clips at 224×384', "map of the clip's last frame"])
    expect(modelFacts(model({ name: 'stavis', needsAudio: true, clipFrames: 16, inputSize: [112, 112], target: 'centre' }))).toContain(
      "map of the clip's centre frame"
    )
    expect(modelFacts(centerBias)).toContain('parameter-free: no weights')
  })
})
