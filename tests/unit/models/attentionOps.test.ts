// matmul, layerNorm and paramValue (graph IR) and the attention layers composed from them,
// through ONNX Runtime against PyTorch (tests/fixtures/models/ops_attention.py → ops_attention.json).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { multiheadAttention, postNormAttentionLayer, transformerEncoderLayer } from '../../../src/main/models/architectures/attention'
import { GraphBuilder, graphCost, matmulShape, type Graph, type Value } from '../../../src/main/models/graph'
import { emitOnnx, OrtExecutor } from '../../../src/main/models/onnx'
import { syntheticInput, syntheticWeights } from '../../../src/main/models/syntheticWeights'
import { FIXTURES, maxAbsDiff } from './helpers'
import { AppError } from '../../../src/shared/errors'

interface AttentionCase {
  name: string
  kind: string
  inputs: number[][]
  /** [key, shape] in PyTorch state-dict order */
  params: Array<[string, number[]]>
  outShape: number[]
  out: number[]
}

const cases: AttentionCase[] = JSON.parse(readFileSync(join(FIXTURES, 'ops_attention.json'), 'utf8'))

/** PyTorch layers take (L, N, d); the graph layers take (N, L, d). */
const batchFirst = (b: GraphBuilder, x: Value): Value => b.transpose(x, [1, 0, 2])

function caseGraph(c: AttentionCase): Graph {
  const b = new GraphBuilder(c.kind)
  const [x, x1] = c.inputs.map((s, i) => b.input(`x${i}`, s))
  let y: Value
  switch (c.kind) {
    case 'matmul':
      y = b.matmul(x, x1)
      break
    case 'layernorm':
      y = b.layerNorm('op.ln', x)
      break
    case 'layernorm_eps':
      y = b.layerNorm('op.ln', b.add(x, 10), { eps: 1e-3 })
      break
    case 'paramvalue':
      y = b.add(x, b.paramValue('op.pos.pe', [3, 1, 8]))
      break
    case 'mha':
      y = batchFirst(b, multiheadAttention(b, 'op.attn', batchFirst(b, x), batchFirst(b, x1), { heads: 2 }))
      break
    case 'encoder':
      y = batchFirst(b, transformerEncoderLayer(b, 'op.layer', batchFirst(b, x), { heads: 2, feedForward: 6 }))
      break
    case 'cross':
      y = batchFirst(b, postNormAttentionLayer(b, 'op.cross', batchFirst(b, x), batchFirst(b, x1), { heads: 2, feedForward: 6, attentionName: 'attn' }))
      break
    default:
      throw new Error(`ops_attention.json: unknown case kind '${c.kind}'`)
  }
  b.output('y', y)
  return b.build()
}

describe('attention ops through ONNX Runtime vs PyTorch (ops_attention.json)', () => {
  it('holds every case kind', () => {
    expect(new Set(cases.map((c) => c.kind))).toEqual(new Set(['matmul', 'layernorm', 'layernorm_eps', 'paramvalue', 'mha', 'encoder', 'cross']))
  })

  for (const c of cases) {
    it(`${c.name}: same keys as the PyTorch module, output within 1e-5`, async () => {
      const graph = caseGraph(c)
      expect(graph.params.map((p) => [p.key, [...p.shape]]).sort()).toEqual([...c.params].sort())
      expect(graph.outputs[0].shape).toEqual(c.outShape)
      const executor = await OrtExecutor.create(graph, syntheticWeights(graph.params), { threads: 1, preferGpu: false })
      const feeds = Object.fromEntries(c.inputs.map((s, i) => [`x${i}`, syntheticInput(s)]))
      const { y } = await executor.run(feeds)
      await executor.dispose()
      expect(y.shape).toEqual(c.outShape)
      expect(maxAbsDiff(y.data, c.out)).toBeLessThan(1e-5)
    })
  }
})

describe('shape rules and errors of the new ops', () => {
  const graphError = (fn: () => unknown, code: string, text: RegExp): void => {
    let caught: unknown
    try {
      fn()
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(AppError)
    expect((caught as AppError).code).toBe(code)
    expect((caught as AppError).message).toMatch(text)
  }

  it('matmul broadcasts batch axes like torch.matmul and rejects mismatches', () => {
    expect(matmulShape([2, 1, 4, 5], [3, 5, 6])).toEqual([2, 3, 4, 6])
    expect(matmulShape([4, 5], [5, 2])).toEqual([4, 2])
    expect(matmulShape([5], [5, 2])).toMatch(/rank ≥ 2/)
    const b = new GraphBuilder('m')
    const x = b.input('x', [2, 4, 5])
    graphError(() => b.matmul(x, b.input('w', [4, 3])), 'bad-shape', /inner dimensions differ: \(2, 4, 5\) × \(4, 3\) \(5 vs 4\)/)
    graphError(() => b.matmul(x, b.input('v', [3, 5, 2])), 'bad-shape', /batch dimensions of \(2, 4, 5\) and \(3, 5, 2\) do not broadcast/)
  })

  it('layerNorm declares weight and bias of the last axis; paramValue declares its key once', () => {
    const b = new GraphBuilder('ln')
    const x = b.input('x', [2, 3, 7])
    const y = b.layerNorm('enc.norm1', x, { eps: 1e-6 })
    expect(y.shape).toEqual([2, 3, 7])
    graphError(() => b.layerNorm('bad', x, { eps: 0 }), 'bad-argument', /eps must be positive/)
    const pe = b.paramValue('enc.pe', [3, 1, 7])
    expect(pe.shape).toEqual([3, 1, 7])
    graphError(() => b.paramValue('enc.pe', [3, 7]), 'duplicate-param', /declared twice/)
    graphError(() => b.paramValue('enc.zero', [0, 7]), 'bad-shape', /positive integer/)
    b.output('y', b.add(y, b.reshape(pe, [1, 3, 7])))
    const g = b.build()
    expect(g.params.map((p) => p.key)).toEqual(['enc.norm1.weight', 'enc.norm1.bias', 'enc.pe'])
    const node = g.nodes.find((n) => n.op === 'layerNorm')
    expect(node && node.op === 'layerNorm' ? node.eps : null).toBe(1e-6)
  })

  it('multi-head attention rejects widths the heads do not divide and mismatched sequences', () => {
    const b = new GraphBuilder('mha')
    const q = b.input('q', [1, 4, 6])
    graphError(() => multiheadAttention(b, 'a', q, q, { heads: 4 }), 'bad-argument', /width 6 is not divisible by 4 heads/)
    graphError(() => multiheadAttention(b, 'a', q, b.input('s', [2, 3, 6]), { heads: 2 }), 'bad-shape', /same batch and width/)
    graphError(() => multiheadAttention(b, 'a', b.input('flat', [4, 6]), q, { heads: 2 }), 'bad-shape', /expected tokens \(N, L, d\)/)
  })

  it('graphCost counts matmul MACs (m·n·k per batch)', () => {
    const b = new GraphBuilder('cost')
    b.output('y', b.matmul(b.input('a', [2, 3, 4, 5]), b.input('b', [3, 5, 6])))
    expect(graphCost(b.build()).macs).toBe(2 * 3 * 4 * 6 * 5)
  })

  it('emission refuses a paramValue whose weight is missing', () => {
    const b = new GraphBuilder('pv')
    b.output('y', b.add(b.input('x', [2, 4]), b.paramValue('table', [2, 4])))
    expect(() => emitOnnx(b.build(), new Map())).toThrow(/no weight for 'table' \(expected shape \(2, 4\)\)/)
  })
})
