import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { afterAll, describe, expect, it } from 'vitest'
import { createExecutor, GraphBuilder, type Graph, type Value } from '../../../src/main/models/graph'
import { emitOnnx, encodeVarint, OrtExecutor, ProtoWriter, registerOrtExecutor } from '../../../src/main/models/onnx'
import { syntheticInput, syntheticWeights } from '../../../src/main/models/syntheticWeights'
import { FIXTURES, maxAbsDiff } from './helpers'
import { AppError } from '../../../src/shared/errors'

interface OpCase {
  name: string
  kind: string
  inputs: number[][]
  attrs: { kernel?: number[]; stride?: number[]; pads?: number[]; ceilMode?: boolean }
  outShape: number[]
  out: number[]
}

const cases: OpCase[] = JSON.parse(readFileSync(join(FIXTURES, 'ops.json'), 'utf8'))

/** The graph each fixture case describes, built with the public builder API. */
function caseGraph(c: OpCase): Graph {
  const b = new GraphBuilder(c.name)
  const xs = c.inputs.map((s, i) => b.input(`x${i}`, s))
  const [x, x1] = xs
  const a = c.attrs
  let y: Value
  switch (c.kind) {
    case 'sepconv': {
      const s = b.conv3d('op.conv_s', x, { outChannels: 4, kernel: [1, 7, 7], stride: [1, 2, 2], pads: [0, 3, 3], bias: false })
      y = b.conv3d('op.conv_t', s, { outChannels: 4, kernel: [7, 1, 1], stride: [2, 1, 1], pads: [[3, 3], [0, 0], [0, 0]], bias: false })
      break
    }
    case 'maxpool3d':
      y = b.maxPool3d(x, { kernel: a.kernel!, stride: a.stride, pads: a.pads })
      break
    case 'avgpool2d':
      y = b.avgPool2d(x, { kernel: a.kernel!, stride: a.stride, pads: a.pads, ceilMode: a.ceilMode })
      break
    case 'upsample':
      y = b.resize(x, { scales: [1, 2, 2], mode: 'linear' })
      break
    case 'upsample2d':
      y = b.resize(x, { scales: [8, 8], mode: 'linear' })
      break
    case 'nearest2d':
      y = b.resize(x, { scales: [2, 2], mode: 'nearest' })
      break
    case 'trilinear':
      y = b.resize(x, { scales: [2, 2, 2], mode: 'linear' })
      break
    case 'decoderstep': {
      const z = b.conv3d('op.dec', x, { outChannels: 4, kernel: 3, stride: [3, 1, 1], pads: [0, 1, 1], bias: false })
      y = b.concat([b.resize(b.relu(z), { scales: [1, 2, 2], mode: 'linear' }), b.mul(x1, 0.5)], 2)
      break
    }
    case 'bilinear':
      y = b.bilinear('op.bilinear', x, b.mul(x1, 0.5), { outFeatures: 5 })
      break
    case 'convtranspose2d':
      y = b.convTranspose2d('op.ct', x, { outChannels: 2, kernel: 4, stride: 2, pads: 1 })
      break
    case 'softmax':
      y = b.softmax(x, [2, 3])
      break
    case 'linear':
      y = b.linear('op.lin', x, { outFeatures: 3 })
      break
    case 'batchnorm':
      y = b.batchNorm('op.bn', x, { eps: 1e-3 })
      break
    case 'shapeops': {
      const soft = b.transpose(b.slice(b.softmax(x, [2]), 1, 1, 3), [0, 2, 1])
      const scaled = b.mul(soft, b.expand(b.constant('two', [1, 1, 1], Float32Array.of(2)), [2, 7, 2]))
      y = b.add(b.mean(scaled, [2], true), b.slice(scaled, 2, 0, 1))
      break
    }
    default:
      throw new Error(`unknown fixture kind ${c.kind}`)
  }
  b.output('y', y)
  return b.build()
}

describe('ONNX emission vs PyTorch, single ops (tests/fixtures/models/ops.json)', () => {
  for (const c of cases) {
    it(`${c.name} matches torch within 1e-4`, async () => {
      const graph = caseGraph(c)
      expect(graph.outputs[0].shape).toEqual(c.outShape)
      const executor = await OrtExecutor.create(graph, syntheticWeights(graph.params), { threads: 1 })
      const feeds = Object.fromEntries(c.inputs.map((s, i) => [`x${i}`, syntheticInput(s)]))
      const { y } = await executor.run(feeds)
      await executor.dispose()
      expect(y.shape).toEqual(c.outShape)
      expect(maxAbsDiff(y.data, c.out)).toBeLessThan(1e-4)
    })
  }
  it('covers every fixture kind', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15)
  })
})

describe('protobuf encoding', () => {
  it('writes varints and fields in wire format', () => {
    expect([...encodeVarint(0n)]).toEqual([0])
    expect([...encodeVarint(300n)]).toEqual([0xac, 0x02])
    expect([...new ProtoWriter().int(1, 150).finish()]).toEqual([0x08, 0x96, 0x01])
    expect([...new ProtoWriter().string(2, 'ab').finish()]).toEqual([0x12, 0x02, 0x61, 0x62])
    // negative int64 as 10-byte two's complement
    expect(new ProtoWriter().int(1, -1).finish().length).toBe(11)
    expect([...new ProtoWriter().float(2, 1).finish()]).toEqual([0x15, 0, 0, 0x80, 0x3f])
  })

  it('produces a model ORT loads with its declared inputs and outputs', async () => {
    const b = new GraphBuilder('io')
    const x = b.input('clip', [1, 2, 3, 4])
    b.output('out', b.sigmoid(b.add(x, 1)))
    const bytes = emitOnnx(b.build(), new Map())
    const session = await ort.InferenceSession.create(bytes)
    expect(session.inputNames).toEqual(['clip'])
    expect(session.outputNames).toEqual(['out'])
    const r = await session.run({ clip: new ort.Tensor('float32', new Float32Array(24), [1, 2, 3, 4]) })
    expect((r.out.data as Float32Array)[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6)
    await session.release()
  })

  it('refuses missing or mis-shaped weights before ORT sees them', () => {
    const b = new GraphBuilder('w')
    b.output('y', b.linear('fc', b.input('x', [1, 3]), { outFeatures: 2 }))
    const g = b.build()
    expect(() => emitOnnx(g, new Map())).toThrow(/no weight for 'fc.weight'/)
    const bad = new Map([
      ['fc.weight', { shape: [3, 2], data: new Float32Array(6) }],
      ['fc.bias', { shape: [2], data: new Float32Array(2) }]
    ])
    expect(() => emitOnnx(g, bad)).toThrow(/has shape \(3, 2\), expected \(2, 3\)/)
  })
})

describe('executor registry', () => {
  afterAll(() => registerOrtExecutor())
  it('runs ORT through createExecutor and names the provider; tfjs is not registered here', async () => {
    registerOrtExecutor()
    const b = new GraphBuilder('r')
    b.output('y', b.relu(b.input('x', [2, 2])))
    const graph = b.build()
    const ex = await createExecutor('ort', graph, new Map(), { threads: 1 })
    expect(ex.provider).toMatch(/^(cpu|cuda)$/)
    const { y } = await ex.run({ x: { shape: [2, 2], data: Float32Array.of(-1, 2, -3, 4) } })
    expect([...y.data]).toEqual([0, 2, 0, 4])
    await expect(ex.run({ x: { shape: [4], data: new Float32Array(4) } })).rejects.toThrow(/expected shape \(2, 2\), found \(4\)/)
    await ex.dispose()
    await expect(createExecutor('tfjs', graph, new Map())).rejects.toThrow(AppError)
  })
})
