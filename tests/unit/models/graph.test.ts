import { describe, expect, it } from 'vitest'
import { expectedKeys, getModel, modelNames } from '../../../src/main/models/architectures'
import { buildVinet } from '../../../src/main/models/architectures/vinet'
import { GraphBuilder, graphCost, paramCount, windowOutput } from '../../../src/main/models/graph'
import { readTsv } from './helpers'
import { AppError } from '../../../src/shared/errors'

describe('GraphBuilder shape inference', () => {
  it('follows PyTorch conv/pool arithmetic on stride-2 padded layers', () => {
    const b = new GraphBuilder('t')
    const x = b.input('x', [1, 3, 32, 224, 384])
    const y = b.conv3d('c', x, { outChannels: 64, kernel: [1, 7, 7], stride: [1, 2, 2], pads: [0, 3, 3], bias: false })
    expect(y.shape).toEqual([1, 64, 32, 112, 192])
    const p = b.maxPool3d(y, { kernel: [1, 3, 3], stride: [1, 2, 2], pads: [[0, 0], [1, 1], [1, 1]] })
    expect(p.shape).toEqual([1, 64, 32, 56, 96])
    // SoundNet conv1: k64 s2 p32 on 70560 samples gives 35281 (TF 'same' would give 35280)
    expect(windowOutput(70560, 64, 2, [32, 32])).toBe(35281)
    // ceil mode drops a window that would start in the right padding
    expect(windowOutput(9, 3, 2, [1, 1], 1, true)).toBe(5)
    expect(windowOutput(10, 2, 2, [0, 0], 1, true)).toBe(5)
  })

  it('declares parameters with the layer shapes and shares identical re-declarations', () => {
    const b = new GraphBuilder('t')
    const x = b.input('x', [2, 8, 7])
    const y = b.linear('fc', x, { outFeatures: 4 })
    b.linear('fc', x, { outFeatures: 4 })
    expect(() => b.linear('fc', x, { outFeatures: 5 })).toThrow(/declared twice/)
    const bil = b.bilinear('bil', y, b.reshape(x, [2, 8, 7]), { outFeatures: 3 })
    expect(bil.shape).toEqual([2, 8, 3])
    b.output('y', bil)
    const g = b.build()
    expect(g.params.map((p) => [p.key, p.shape])).toEqual([
      ['fc.weight', [4, 7]],
      ['fc.bias', [4]],
      ['bil.weight', [3, 4, 7]],
      ['bil.bias', [3]]
    ])
  })

  it('rejects bad shapes with GraphError', () => {
    const b = new GraphBuilder('t')
    const x = b.input('x', [1, 4, 5, 6])
    const y = b.input('y', [1, 4, 5, 7])
    expect(() => b.concat([x, y], 1)).toThrow(AppError)
    expect(() => b.reshape(x, [7, -1])).toThrow(/cannot become/)
    expect(() => b.conv3d('c', x, { outChannels: 2, kernel: 1 })).toThrow(/rank-5/)
    expect(() => b.softmax(x, [1, 3])).toThrow(/trailing/)
    expect(() => b.conv2d('c', x, { outChannels: 3, kernel: 1, groups: 2 })).toThrow(/groups/)
    expect(() => b.maxPool2d(x, { kernel: 3, pads: 2 })).toThrow(/half the kernel/)
    expect(b.concat([x, x], 2).shape).toEqual([1, 4, 10, 6])
    expect(b.squeeze(b.mean(x, [2, 3], true), [2, 3]).shape).toEqual([1, 4])
    expect(b.slice(x, 3, 1, 4).shape).toEqual([1, 4, 5, 3])
    expect(b.resize(x, { scales: [8, 8], mode: 'linear' }).shape).toEqual([1, 4, 40, 48])
    expect(b.convTranspose2d('ct', x, { outChannels: 2, kernel: 4, stride: 2, pads: 1 }).shape).toEqual([1, 2, 10, 12])
  })
})

describe('ViNet description', () => {
  const graph = buildVinet([1, 3, 32, 224, 384])

  it('declares exactly the keys and shapes of the official state dict', () => {
    const want = readTsv('vinet_state_dict.tsv')
    const got = [...graph.params, ...graph.ignoredKeys].map((p) => ({ key: p.key, shape: [...p.shape] }))
    const sort = (a: { key: string }, b: { key: string }): number => a.key.localeCompare(b.key)
    expect(got.sort(sort)).toEqual(want.sort(sort))
    expect(graph.ignoredKeys.every((k) => k.key.endsWith('num_batches_tracked'))).toBe(true)
  })

  it('has the documented feature shapes, parameter count and cost', () => {
    const shapeOf = (name: string): readonly number[] | undefined => {
      const node = [...graph.nodes].reverse().find((n) => n.name.startsWith(name))
      return node ? graph.shapes.get(node.output) : undefined
    }
    expect(shapeOf('backbone.base1.3.bn_t')).toEqual([1, 192, 16, 56, 96])
    expect(shapeOf('decoder.convtsp1.0')).toEqual([1, 832, 4, 7, 12])
    expect(shapeOf('decoder.convtsp2.0')).toEqual([1, 480, 4, 14, 24])
    expect(shapeOf('decoder.convtsp4.3')).toEqual([1, 32, 2, 112, 192])
    expect(graph.outputs[0].shape).toEqual([1, 224, 384])
    // 31,099,585 trainable + 2 running statistics per BN channel
    const bnChannels = graph.params.filter((p) => p.key.endsWith('.running_var')).reduce((s, p) => s + p.shape[0], 0)
    expect(paramCount(graph) - 2 * bnChannels).toBe(31_099_585)
    expect(graphCost(graph).macs / 1e9).toBeCloseTo(114.66, 1)
  })

  it('refuses clip shapes the decoder cannot reduce to one frame', () => {
    expect(() => buildVinet([1, 3, 16, 224, 384])).toThrow(/\(N, 3, 32, H, W\)/)
    expect(() => buildVinet([1, 3, 32, 200, 384])).toThrow(AppError)
  })
})

describe('model registry', () => {
  it('knows vinet, s3d-kinetics400 and center-bias; S3D keys match kylemin', () => {
    expect(modelNames()).toEqual(expect.arrayContaining(['vinet', 's3d-kinetics400', 'center-bias']))
    const s3d = expectedKeys(getModel('s3d-kinetics400')).map((p) => `${p.key}\t${p.shape.join(',')}`)
    const want = readTsv('s3d_kinetics400_state_dict.tsv').map((p) => `${p.key}\t${p.shape.join(',')}`)
    expect(s3d.sort()).toEqual(want.sort())
    expect(() => getModel('vgg')).toThrow(/unknown model 'vgg'/)
    expect(getModel('vinet').preprocessing?.mean).toEqual([0.485, 0.456, 0.406])
  })
})
