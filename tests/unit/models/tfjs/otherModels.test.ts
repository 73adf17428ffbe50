import * as tf from '@tensorflow/tfjs-core'
import { afterAll, describe, expect, it } from 'vitest'
import { getModel } from '../../../../src/main/models/architectures'
import type { Float32Tensor } from '../../../../src/main/models/graph'
import { syntheticInput, syntheticWeights } from '../../../../src/main/models/syntheticWeights'
import { maxAbsDiff } from '../helpers'
import { runOrt, runTfjs } from './helpers'

afterAll(async () => {
  await tf.setBackend('cpu')
})

describe('STAViS (ResNet3D, DSAM transposed convs, SoundNet, bilinear fusion) on tfjs-wasm vs ONNX Runtime', () => {
  it('matches every output within 1e-4 at the released 16×112×112 size', async () => {
    const spec = getModel('stavis')
    const graph = spec.build(spec.inputs.map((i) => i.defaultShape))
    const feeds: Record<string, Float32Tensor> = Object.fromEntries(graph.inputs.map((i) => [i.name, syntheticInput(i.shape)]))
    const weights = syntheticWeights(graph.params)
    const want = await runOrt(graph, feeds, weights)
    const { out, executor } = await runTfjs(graph, feeds, { backend: 'wasm' }, weights)
    // the 3×3×3 and 7×7×7 ResNet convs run as sums of per-tap conv2d
    expect(new Set(executor.convStrategies.values())).toContain('taps')
    for (const o of graph.outputs) {
      expect(out[o.name].shape, o.name).toEqual(want[o.name].shape)
      expect(maxAbsDiff(out[o.name].data, want[o.name].data), o.name).toBeLessThan(1e-4)
    }
  }, 60_000)
})
