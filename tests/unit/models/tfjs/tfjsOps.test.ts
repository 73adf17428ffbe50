import * as tf from '@tensorflow/tfjs-core'
import { afterAll, describe, expect, it } from 'vitest'
import type { GraphBuilder, Value } from '../../../../src/main/models/graph'
import { syntheticInput } from '../../../../src/main/models/syntheticWeights'
import { maxAbsDiff } from '../helpers'
import { BACKENDS, caseFeeds, caseGraph, type OpCase, runOrt, runTfjs } from './helpers'

const conv3d = (prefix: string, o: { k: number[]; s: number[]; p: Array<[number, number]>; d?: number[]; g?: number; out?: number; bias?: boolean }) =>
  ({ b, x }: { b: GraphBuilder; x: Value }): Value =>
    b.conv3d(prefix, x, { outChannels: o.out ?? 4, kernel: o.k, stride: o.s, pads: o.p, dilation: o.d, groups: o.g, bias: o.bias ?? true })

/** Conv cases that exercise each rewrite with odd strides and asymmetric pads. */
const CONV_CASES: Array<OpCase & { strategy: string }> = [
  {
    name: 'conv3d 1x3x3 s(1,2,1) asym pads',
    strategy: 'frames',
    inputs: [[1, 3, 4, 9, 10]],
    build: (b, [x]) => conv3d('c', { k: [1, 3, 3], s: [1, 2, 1], p: [[0, 0], [1, 2], [0, 1]] })({ b, x })
  },
  {
    name: 'conv3d 1x3x3 s2 with time pad',
    strategy: 'frames',
    inputs: [[2, 3, 5, 9, 10]],
    build: (b, [x]) => conv3d('c', { k: [1, 3, 3], s: [2, 2, 2], p: [[1, 1], [1, 1], [1, 1]] })({ b, x })
  },
  {
    name: 'conv3d 3x1x1 s(2,2,1) pads (1,2)',
    strategy: 'time',
    inputs: [[1, 3, 7, 5, 6]],
    build: (b, [x]) => conv3d('c', { k: [3, 1, 1], s: [2, 2, 1], p: [[1, 2], [1, 0], [0, 0]] })({ b, x })
  },
  {
    name: 'conv3d 3x3x3 s(3,1,2) folds time (D=7 drops a frame)',
    strategy: 'fold',
    inputs: [[1, 3, 7, 6, 7]],
    build: (b, [x]) => conv3d('c', { k: [3, 3, 3], s: [3, 1, 2], p: [[0, 0], [1, 1], [1, 1]] })({ b, x })
  },
  {
    name: 'conv3d 3x3x3 s2 p1 (taps)',
    strategy: 'taps',
    inputs: [[1, 3, 6, 7, 8]],
    build: (b, [x]) => conv3d('c', { k: [3, 3, 3], s: [2, 2, 2], p: [[1, 1], [1, 1], [1, 1]] })({ b, x })
  },
  {
    name: 'conv3d 2x3x3 dilated time, 2 groups (taps)',
    strategy: 'taps',
    inputs: [[1, 4, 7, 6, 6]],
    build: (b, [x]) => conv3d('c', { k: [2, 3, 3], s: [1, 1, 1], p: [[1, 1], [1, 1], [1, 1]], d: [2, 1, 1], g: 2 })({ b, x })
  },
  {
    name: 'conv3d → BN → ReLU (fused)',
    strategy: 'frames',
    inputs: [[1, 3, 3, 8, 8]],
    build: (b, [x]) => b.relu(b.batchNorm('bn', conv3d('c', { k: [1, 3, 3], s: [1, 1, 1], p: [[0, 0], [1, 1], [1, 1]], bias: false })({ b, x }), { eps: 1e-3 }))
  },
  {
    name: 'conv2d k3 s2 dilation 2, 2 groups',
    strategy: 'conv2d',
    inputs: [[1, 4, 11, 12]],
    build: (b, [x]) => b.conv2d('c', x, { outChannels: 6, kernel: 3, stride: 2, pads: [[2, 1], [1, 2]], dilation: 2, groups: 2 })
  },
  {
    name: 'conv1d k5 s2 pads (2,1)',
    strategy: 'conv1d',
    inputs: [[2, 3, 17]],
    build: (b, [x]) => b.conv('c', x, { outChannels: 4, kernel: 5, stride: 2, pads: [[2, 1]] }, 1)
  },
  {
    name: 'SoundNet-style conv2d (k,1) on (N,C,L,1)',
    strategy: 'conv2d',
    inputs: [[1, 2, 40, 1]],
    build: (b, [x]) => b.maxPool2d(b.relu(b.conv2d('c', x, { outChannels: 4, kernel: [8, 1], stride: [2, 1], pads: [[4, 4], [0, 0]] })), { kernel: [4, 1] })
  }
]

const OTHER_CASES: OpCase[] = [
  { name: 'convTranspose2d k4 s2 p1', inputs: [[1, 3, 5, 6]], build: (b, [x]) => b.convTranspose2d('ct', x, { outChannels: 2, kernel: 4, stride: 2, pads: 1, bias: false }) },
  {
    name: 'convTranspose3d k3 s2 p1 outputPadding 1, 2 groups',
    inputs: [[1, 4, 3, 4, 5]],
    build: (b, [x]) => b.convTranspose3d('ct', x, { outChannels: 2, kernel: 3, stride: 2, pads: 1, outputPadding: 1, groups: 2 })
  },
  {
    name: 'convTranspose3d k(3,2,3) s(2,1,3) dilation (2,2,1) pads asym',
    inputs: [[1, 3, 3, 4, 3]],
    build: (b, [x]) => b.convTranspose3d('ct', x, { outChannels: 2, kernel: [3, 2, 3], stride: [2, 1, 3], dilation: [2, 2, 1], pads: [[1, 2], [0, 1], [2, 0]] })
  },
  { name: 'maxPool3d k3 s2 p1 ceil', inputs: [[1, 2, 5, 9, 10]], build: (b, [x]) => b.maxPool3d(x, { kernel: 3, stride: 2, pads: 1, ceilMode: true }) },
  { name: 'maxPool3d (1,3,3) s(1,2,2) p(0,1,1)', inputs: [[1, 2, 3, 9, 11]], build: (b, [x]) => b.maxPool3d(x, { kernel: [1, 3, 3], stride: [1, 2, 2], pads: [0, 1, 1] }) },
  { name: 'maxPool3d (1,2,2) on two frames (wasm MaxPool3D gets this wrong)', inputs: [[1, 1, 2, 4, 4]], build: (b, [x]) => b.maxPool3d(x, { kernel: [1, 2, 2] }) },
  { name: 'maxPool3d (2,1,1) then (1,2,2)', inputs: [[1, 2, 4, 6, 6]], build: (b, [x]) => b.maxPool3d(b.maxPool3d(x, { kernel: [2, 1, 1] }), { kernel: [1, 2, 2] }) },
  { name: 'avgPool2d k3 s2 p1 ceil', inputs: [[1, 2, 9, 11]], build: (b, [x]) => b.avgPool2d(x, { kernel: 3, stride: 2, pads: 1, ceilMode: true }) },
  {
    name: 'avgPool2d ceil, countIncludePad=false',
    inputs: [[1, 2, 8, 11]],
    build: (b, [x]) => b.avgPool2d(x, { kernel: [3, 2], stride: 2, pads: [1, 1], ceilMode: true, countIncludePad: false })
  },
  { name: 'avgPool3d (t,1,1) temporal mean', inputs: [[1, 3, 4, 5, 6]], build: (b, [x]) => b.avgPool3d(x, { kernel: [4, 1, 1], stride: 1 }) },
  {
    name: 'avgPool3d k3 s2 p1 ceil, countIncludePad=false',
    inputs: [[1, 2, 6, 7, 8]],
    build: (b, [x]) => b.avgPool3d(x, { kernel: 3, stride: 2, pads: 1, ceilMode: true, countIncludePad: false })
  },
  { name: 'resize trilinear (1,2,2)', inputs: [[1, 2, 3, 4, 5]], build: (b, [x]) => b.resize(x, { scales: [1, 2, 2], mode: 'linear' }) },
  { name: 'resize trilinear (2,2,2)', inputs: [[1, 2, 3, 4, 5]], build: (b, [x]) => b.resize(x, { scales: [2, 2, 2], mode: 'linear' }) },
  { name: 'resize bilinear x8', inputs: [[1, 2, 5, 6]], build: (b, [x]) => b.resize(x, { scales: [8, 8], mode: 'linear' }) },
  { name: 'resize bilinear align_corners to (7,9)', inputs: [[1, 2, 5, 6]], build: (b, [x]) => b.resize(x, { sizes: [7, 9], mode: 'linear', alignCorners: true }) },
  { name: 'resize bilinear half-pixel downscale (3,4)', inputs: [[1, 2, 7, 9]], build: (b, [x]) => b.resize(x, { sizes: [3, 4], mode: 'linear' }) },
  { name: 'resize nearest x2', inputs: [[1, 2, 5, 6]], build: (b, [x]) => b.resize(x, { scales: [2, 2], mode: 'nearest' }) },
  { name: 'resize nearest 3-D to (3,7,9)', inputs: [[1, 2, 2, 5, 6]], build: (b, [x]) => b.resize(x, { sizes: [3, 7, 9], mode: 'nearest' }) },
  { name: 'resize linear 1-D x3', inputs: [[1, 2, 5]], build: (b, [x]) => b.resize(x, { scales: [3], mode: 'linear' }) },
  { name: 'bilinear layer', inputs: [[2, 4, 7], [2, 4, 3]], build: (b, [x, y]) => b.bilinear('bl', x, b.mul(y, 0.5), { outFeatures: 5 }) },
  { name: 'linear', inputs: [[2, 5, 6]], build: (b, [x]) => b.linear('fc', x, { outFeatures: 3 }) },
  { name: 'softmax over (H,W)', inputs: [[1, 2, 4, 5]], build: (b, [x]) => b.softmax(x, [2, 3]) },
  { name: 'softmax over (C,H,W) of a channels-last value', inputs: [[1, 2, 4, 5]], build: (b, [x]) => b.softmax(b.maxPool2d(x, { kernel: 1 }), [1, 2, 3]) },
  { name: 'batchNorm rank 5 and rank 2', inputs: [[1, 3, 2, 3, 4], [4, 3]], build: (b, [x, y]) => b.add(b.mean(b.batchNorm('bn', x, { eps: 1e-3 }), [2, 3, 4]), b.batchNorm('bn', y, { eps: 1e-3 })) },
  {
    name: 'shape ops (transpose, slice, expand, constant, mean)',
    inputs: [[2, 4, 7]],
    build: (b, [x]) => {
      const soft = b.transpose(b.slice(b.softmax(x, [2]), 1, 1, 3), [0, 2, 1])
      const scaled = b.mul(soft, b.expand(b.constant('two', [1, 1, 1], Float32Array.of(2)), [2, 7, 2]))
      return b.add(b.mean(scaled, [2], true), b.slice(scaled, 2, 0, 1))
    }
  },
  {
    name: 'mixed layouts: conv output through mean, transpose, concat, mul with a reshape',
    inputs: [[1, 3, 4, 5, 6]],
    build: (b, [x]) => {
      const y = b.conv3d('c', x, { outChannels: 4, kernel: [1, 3, 3], pads: [0, 1, 1] }) // channels-last inside
      const centre = b.mean(b.slice(y, 2, 1, 3), [2]) // (1,4,5,6)
      const pixels = b.reshape(b.transpose(centre, [0, 2, 3, 1]), [1, 30, 4])
      const back = b.transpose(b.reshape(b.linear('fc', pixels, { outFeatures: 4 }), [1, 5, 6, 4]), [0, 3, 1, 2])
      const att = b.reshape(b.softmax(b.mean(back, [1], true), [2, 3]), [1, 1, 1, 5, 6])
      return b.concat([b.mul(y, b.add(att, 1)), b.sigmoid(y)], 2)
    }
  },
  {
    name: 'matmul with broadcast batch, layerNorm, paramValue',
    inputs: [[2, 3, 4, 5]],
    build: (b, [x]) => {
      const w = b.paramValue('proj.weight', [5, 6])
      return b.layerNorm('ln', b.add(b.matmul(x, w), b.paramValue('pe', [1, 4, 6])), { eps: 1e-5 })
    }
  }
]

afterAll(async () => {
  await tf.setBackend('cpu')
})

for (const backend of BACKENDS) {
  describe(`tfjs-${backend} vs ONNX Runtime, single ops (1e-4)`, () => {
    for (const c of CONV_CASES) {
      for (const rewrite of [true, false]) {
        it(`${c.name} — ${rewrite ? c.strategy : 'native'}`, async () => {
          const graph = caseGraph(c)
          const feeds = caseFeeds(c)
          const want = await runOrt(graph, feeds)
          const { out, executor } = await runTfjs(graph, feeds, { backend, rewriteConv3d: rewrite })
          expect(executor.provider).toBe(`tfjs-${backend}`)
          const convName = graph.nodes.find((n) => n.op === 'conv')!.name
          if (c.strategy !== 'conv2d' && c.strategy !== 'conv1d') expect(executor.convStrategies.get(convName)).toBe(rewrite ? c.strategy : 'native')
          expect(out.y.shape).toEqual(want.y.shape)
          expect(maxAbsDiff(out.y.data, want.y.data)).toBeLessThan(1e-4)
        })
      }
    }
    for (const c of OTHER_CASES) {
      for (const rewrite of [true, false]) {
        it(`${c.name}${rewrite ? '' : ' (3-D kernels native)'}`, async () => {
          const graph = caseGraph(c)
          const feeds = caseFeeds(c)
          const want = await runOrt(graph, feeds)
          const { out } = await runTfjs(graph, feeds, { backend, rewriteConv3d: rewrite })
          expect(out.y.shape).toEqual(want.y.shape)
          expect(maxAbsDiff(out.y.data, want.y.data)).toBeLessThan(1e-4)
        })
      }
    }
    it('gives the same numbers with and without conv+BN+ReLU fusion', async () => {
      const c = CONV_CASES.find((k) => k.name.includes('fused'))!
      const graph = caseGraph(c)
      const feeds = caseFeeds(c)
      const fused = await runTfjs(graph, feeds, { backend })
      const plain = await runTfjs(graph, feeds, { backend, fuseConvBnRelu: false })
      expect(maxAbsDiff(fused.out.y.data, plain.out.y.data)).toBeLessThan(1e-5)
      expect(Math.max(...fused.out.y.data)).toBeGreaterThan(0)
      expect(Math.min(...fused.out.y.data)).toBe(0)
    })
    it('frees every intermediate tensor after a run', async () => {
      const c = OTHER_CASES.find((k) => k.name.startsWith('mixed layouts'))!
      const graph = caseGraph(c)
      const before = tf.memory().numTensors
      await runTfjs(graph, caseFeeds(c), { backend })
      expect(tf.memory().numTensors).toBe(before)
    })
  })
}

it('covers a 3-D input fed in row-major order (no hidden layout assumptions at the edges)', async () => {
  const c: OpCase = { name: 'identity-ish', inputs: [[2, 3, 4]], build: (b, [x]) => b.add(x, 0) }
  const { out } = await runTfjs(caseGraph(c), caseFeeds(c), { backend: 'cpu' })
  expect([...out.y.data]).toEqual([...syntheticInput([2, 3, 4]).data])
})
