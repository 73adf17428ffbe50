import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import { afterAll, describe, expect, it } from 'vitest'
import { readNpy } from '../../../../src/main/formats/npy'
import { buildVinet } from '../../../../src/main/models/architectures/vinet'
import { createExecutor, graphCost } from '../../../../src/main/models/graph'
import { registerTfjsExecutor, TfjsExecutor } from '../../../../src/main/models/tfjs'
import { syntheticInput, syntheticWeights } from '../../../../src/main/models/syntheticWeights'
import { FIXTURES, maxAbsDiff } from '../helpers'

const SHAPE = [1, 3, 32, 64, 96]

afterAll(async () => {
  await tf.setBackend('cpu')
})

describe('ViNet 32×64×96 on tfjs vs the PyTorch fixture (deterministic weights)', () => {
  const graph = buildVinet(SHAPE)
  const weights = syntheticWeights(graph.params)
  const clip = syntheticInput(SHAPE)
  const expected = readNpy(readFileSync(join(FIXTURES, 'vinet_out_64x96.npy')))

  it('wasm with conv2d rewrites reproduces the torch map within 1e-4 (through the executor registry)', async () => {
    registerTfjsExecutor({ backend: 'wasm' })
    const executor = await createExecutor('tfjs', graph, weights, {})
    try {
      expect(executor.runtime).toBe('tfjs')
      expect(executor.provider).toBe('tfjs-wasm')
      const strategies = new Set((executor as TfjsExecutor).convStrategies.values())
      // S3D is separable and the decoder folds: no conv runs as conv3d or as per-tap sums
      expect([...strategies].sort()).toEqual(['fold', 'frames', 'time'])
      const t0 = performance.now()
      const { saliency } = await executor.run({ clip })
      const seconds = (performance.now() - t0) / 1000
      console.info(`tfjs-wasm ViNet 32×64×96: ${seconds.toFixed(2)} s (${(graphCost(graph).flops / 1e9 / seconds).toFixed(1)} GFLOP/s)`)
      expect(saliency.shape).toEqual([1, 64, 96])
      expect(maxAbsDiff(saliency.data, expected.data as Float32Array)).toBeLessThan(1e-4)
    } finally {
      await executor.dispose()
    }
  }, 60_000)

  it('cpu (pure JS) gives the same map', async () => {
    const executor = await TfjsExecutor.create(graph, weights, { backend: 'cpu' })
    try {
      const { saliency } = await executor.run({ clip })
      expect(maxAbsDiff(saliency.data, expected.data as Float32Array)).toBeLessThan(1e-4)
    } finally {
      await executor.dispose()
    }
  }, 120_000)
})
