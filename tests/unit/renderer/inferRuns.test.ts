import { describe, expect, it } from 'vitest'
import type { LayerInfo } from '../../../src/shared/types'
import { inferRunFacts, runtimeText } from '../../../src/renderer/src/lib/inferRuns'
import { addedLayers } from '../../../src/renderer/src/lib/layerDiff'

// the config object as src/main/inference/runInference.ts writes it
const engineConfig = {
  model: 'vinet',
  inputSize: [224, 384],
  weights: 'synthetic weights',
  weightsSha256: 'ab12',
  audioCondition: 'none',
  videos: null,
  runtime: 'ort',
  threads: 2,
  batch: 1,
  seed: 0,
  cacheDir: '/tmp/cache',
  outDir: null,
  label: null,
  procedure: 'causal 32-frame clips'
}

describe('inference run facts', () => {
  it('reads model, runtime, audio, weights and counts from the engine config', () => {
    expect(inferRunFacts({ config: engineConfig })).toEqual({
      model: 'vinet',
      runtime: 'onnxruntime-node',
      provider: null,
      audio: 'visual only',
      weights: 'synthetic weights',
      weightsSha256: 'ab12',
      threads: 2,
      batch: 1,
      missing: []
    })
  })

  it('keeps the audio condition of audio-visual runs and names tfjs as such', () => {
    const facts = inferRunFacts({ config: { ...engineConfig, model: 'avinet-bilinear', audioCondition: 'shuffled', runtime: 'tfjs', threads: null } })
    expect(facts.audio).toBe('shuffled')
    expect(facts.runtime).toBe('tfjs')
    expect(facts.threads).toBeNull()
  })

  it('names the weights from the engine’s label, path or spec object', () => {
    expect(inferRunFacts({ config: { ...engineConfig, weights: { kind: 'synthetic' } } }).weights).toBe('synthetic weights')
    expect(inferRunFacts({ config: { ...engineConfig, weights: { kind: 'file', path: '/ckpt/vinet.pt' } } }).weights).toBe('/ckpt/vinet.pt')
    expect(inferRunFacts({ config: { ...engineConfig, weights: { kind: 'none' } } }).weights).toBeNull()
    expect(inferRunFacts({ config: { ...engineConfig, weights: { kind: 'file', path: '/x.pt' }, weightsLabel: 'vinet.pt' } }).weights).toBe('vinet.pt')
    // the run's own columns win over the config
    const facts = inferRunFacts({ config: engineConfig, model: 'vinet-v2', audioCondition: 'zero', weightsSha256: 'ffee' })
    expect([facts.model, facts.audio, facts.weightsSha256]).toEqual(['vinet-v2', 'zero', 'ffee'])
  })

  it('reports the fields a config lacks instead of inventing them', () => {
    const facts = inferRunFacts({ config: { label: 'old run' } })
    expect(facts.missing).toEqual(['model', 'runtime', 'audioCondition'])
    expect(facts.model).toBeNull()
    expect(runtimeText(facts)).toBe('')
  })

  it('joins runtime and provider: onnxruntime-node/cpu, tfjs-wasm, or the runtime alone', () => {
    expect(runtimeText(inferRunFacts({ config: { ...engineConfig, provider: 'cpu' } }))).toBe('onnxruntime-node/cpu')
    expect(runtimeText(inferRunFacts({ config: { ...engineConfig, runtime: 'tfjs', provider: 'tfjs-wasm' } }))).toBe('tfjs-wasm')
    expect(runtimeText(inferRunFacts({ config: engineConfig }))).toBe('onnxruntime-node')
    // what the host sends: the provider actually used is a run tag, the expected one the backend column
    expect(runtimeText(inferRunFacts({ config: engineConfig, backend: 'cpu', tags: { provider: 'cuda' } }))).toBe('onnxruntime-node/cuda')
    expect(runtimeText(inferRunFacts({ config: engineConfig, backend: 'cpu', tags: {} }))).toBe('onnxruntime-node/cpu')
    expect(runtimeText({ runtime: null, provider: 'cuda' })).toBe('cuda')
  })
})

describe('added layers', () => {
  const layer = (id: string): LayerInfo => ({ id, videoId: 1, label: id, kind: id === 'gt' ? 'gt-map' : 'prediction', available: 40, dir: null, provenance: null })

  it('finds the layers a reload brought, in the new order', () => {
    expect(addedLayers([layer('gt'), layer('pred:1')], [layer('gt'), layer('pred:3'), layer('pred:1'), layer('pred:4')]).map((l) => l.id)).toEqual([
      'pred:3',
      'pred:4'
    ])
  })

  it('finds none when a rerun only relabelled an existing layer', () => {
    expect(addedLayers([layer('gt'), layer('pred:1')], [layer('gt'), { ...layer('pred:1'), label: 'renamed' }])).toEqual([])
  })
})
