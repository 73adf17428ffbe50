import * as tf from '@tensorflow/tfjs-core'
import { afterAll, describe, expect, it } from 'vitest'
import { buildVinet } from '../../../../src/main/models/architectures/vinet'
import { GraphBuilder } from '../../../../src/main/models/graph'
import { TfjsExecutor } from '../../../../src/main/models/tfjs'
import { benchVinetTfjs } from '../../../../bench/tfjsBackends'
import { syntheticWeights } from '../../../../src/main/models/syntheticWeights'
import { AppError } from '../../../../src/shared/errors'

afterAll(async () => {
  await tf.setBackend('cpu')
})

function linearGraph() {
  const b = new GraphBuilder('w')
  b.output('y', b.linear('fc', b.input('x', [1, 3]), { outFeatures: 2 }))
  return b.build()
}

describe('tfjs executor errors', () => {
  it('refuses missing or mis-shaped weights at compile time', async () => {
    const g = linearGraph()
    await expect(TfjsExecutor.create(g, new Map(), { backend: 'cpu' })).rejects.toThrow(/no weight for 'fc.weight' \(expected shape \(2, 3\)\)/)
    const bad = new Map([
      ['fc.weight', { shape: [3, 2], data: new Float32Array(6) }],
      ['fc.bias', { shape: [2], data: new Float32Array(2) }]
    ])
    await expect(TfjsExecutor.create(g, bad, { backend: 'cpu' })).rejects.toThrow(/has shape \(3, 2\), expected \(2, 3\)/)
  })

  it('says which input is missing or mis-shaped', async () => {
    const g = linearGraph()
    const ex = await TfjsExecutor.create(g, syntheticWeights(g.params), { backend: 'cpu' })
    await expect(ex.run({})).rejects.toThrow(/needs input 'x' \(1, 3\); given: none/)
    await expect(ex.run({ x: { shape: [3], data: new Float32Array(3) } })).rejects.toThrow(/expected shape \(1, 3\), found \(3\)/)
    await ex.dispose()
    await expect(ex.run({ x: { shape: [1, 3], data: new Float32Array(3) } })).rejects.toThrow(AppError)
  })

  it('raises backend-unavailable when a forced native backend is not installed', async () => {
    const g = linearGraph()
    const err = await TfjsExecutor.create(g, syntheticWeights(g.params), { backend: 'node' }).catch((e: unknown) => e)
    // tfjs-node cannot be installed offline; if a machine has it, the executor must run on it
    if (err instanceof AppError) {
      expect(err.code).toBe('backend-unavailable')
      expect(err.message).toMatch(/node: /)
    } else {
      const ex = err as TfjsExecutor
      expect(ex.provider).toBe('tfjs-node')
      await ex.dispose()
    }
  })

  it('frees its weights on dispose', async () => {
    const g = buildVinet([1, 3, 32, 32, 32])
    await tf.setBackend('cpu')
    const before = tf.memory().numTensors
    const ex = await TfjsExecutor.create(g, syntheticWeights(g.params), { backend: 'cpu' })
    expect(tf.memory().numTensors).toBeGreaterThan(before)
    await ex.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })
})

describe('benchVinetTfjs', () => {
  it('times a small ViNet clip on wasm and reports GFLOP/s from graphCost', async () => {
    const r = await benchVinetTfjs({ backend: 'wasm', inputShape: [1, 3, 32, 32, 32] })
    expect(r.provider).toBe('tfjs-wasm')
    expect(r.rewriteConv3d).toBe(true)
    expect(r.secondsPerClip).toBeGreaterThan(0)
    // ViNet at 32×32×32 is 229.3 GFLOPs × (32·32)/(224·384)
    expect(r.gflops).toBeCloseTo((229.317967872 * 32 * 32) / (224 * 384), 1)
    expect(r.gflopsPerSecond).toBeCloseTo(r.gflops / r.secondsPerClip, 6)
  }, 60_000)
})
