// Cutting a graph into stages on a tiny hand-built graph: the backward closure, the params and
// ignored keys a cut keeps, its marks, bad cuts; the cut run on ONNX Runtime and tfjs chains to
// the whole graph's output; stage plans (chain order, coverage, dependencies).
import { describe, expect, it } from 'vitest'
import { extractSubgraph, GraphBuilder, type Float32Tensor, type Graph } from '../../../src/main/models/graph'
import type { StageSpec } from '../../../src/main/models/architectures'
import { planStages } from '../../../src/main/models/staged'
import { syntheticInput, syntheticWeights } from '../../../src/main/models/syntheticWeights'
import { maxAbsDiff } from './helpers'
import { runOrt, runTfjs } from './tfjs/helpers'
import { AppError } from '../../../src/shared/errors'

/**
 *   x ─ conv a ─ relu ─[h]─┐
 *                          add ─ bn ─ sigmoid ─ out
 *   y ─ conv c ─[g]────────┘
 *   x ─ conv dead (never read)       ignored: a.num_batches_tracked-like keys of bn, head.weight
 */
function tinyGraph(): Graph {
  const b = new GraphBuilder('tiny')
  const x = b.input('x', [1, 2, 5, 5])
  const y = b.input('y', [1, 3, 5, 5])
  const h = b.mark('h', b.relu(b.conv2d('a', x, { outChannels: 4, kernel: 3, pads: 1 })))
  const g = b.mark('g', b.conv2d('c', y, { outChannels: 4, kernel: 1, bias: false }))
  b.conv2d('dead', x, { outChannels: 1, kernel: 1 })
  const out = b.sigmoid(b.batchNorm('bn', b.add(h, g)))
  b.ignoreParam('head.weight', [7, 4])
  b.output('out', out)
  return b.build()
}

const keys = (g: Graph, which: 'params' | 'ignoredKeys'): string[] => g[which].map((p) => p.key)

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError'
  }
  return undefined
}

describe('extractSubgraph', () => {
  it('keeps the backward closure of the outputs, stopping at the given inputs', () => {
    const whole = tinyGraph()
    expect([...whole.marks.keys()]).toEqual(['h', 'g'])
    const tail = extractSubgraph(whole, { name: 'tail', inputs: ['h', 'g'], outputs: ['out'] })
    expect(tail.inputs.map((i) => [i.name, i.shape])).toEqual([
      ['h', [1, 4, 5, 5]],
      ['g', [1, 4, 5, 5]]
    ])
    expect(tail.nodes.map((n) => n.op)).toEqual(['add', 'batchNorm', 'sigmoid'])
    expect(keys(tail, 'params')).toEqual(['bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var'])
    // a BN's num_batches_tracked goes with its module; unused heads belong to no cut
    expect(keys(tail, 'ignoredKeys')).toEqual(['bn.num_batches_tracked'])
    expect([...tail.marks.keys()]).toEqual(['h', 'g'])
    expect([...tail.shapes.keys()].sort((p, q) => p - q)).toEqual([...new Set([...tail.inputs.map((i) => i.id), ...tail.nodes.map((n) => n.output)])].sort((p, q) => p - q))

    const head = extractSubgraph(whole, { name: 'head', inputs: ['x'], outputs: ['h'] })
    expect(head.nodes.map((n) => n.op)).toEqual(['conv', 'relu'])
    expect(keys(head, 'params')).toEqual(['a.weight', 'a.bias'])
    expect(keys(head, 'ignoredKeys')).toEqual([])
    expect(head.outputs.map((o) => o.name)).toEqual(['h'])
    // the dead conv is in no cut
    expect(keys(extractSubgraph(whole, { name: 'all', inputs: ['x', 'y'], outputs: ['out'] }), 'params')).not.toContain('dead.weight')
  })

  it('accepts explicit (name, value id) references and pass-through outputs', () => {
    const whole = tinyGraph()
    const hId = whole.marks.get('h')!
    const sub = extractSubgraph(whole, { name: 'ids', inputs: [{ name: 'features', id: hId }, 'y'], outputs: ['out', { name: 'same', id: hId }] })
    expect(sub.inputs.map((i) => i.name)).toEqual(['features', 'y'])
    expect(sub.outputs.map((o) => o.name)).toEqual(['out', 'same'])
    expect(sub.nodes.some((n) => n.name === 'a')).toBe(false)
  })

  it('refuses bad cuts with AppErrors', () => {
    const whole = tinyGraph()
    // 'out' also needs y, which is not given
    expect(() => extractSubgraph(whole, { name: 'bad', inputs: ['h'], outputs: ['out'] })).toThrow(/output 'out' depends on graph input 'y'/)
    expect(codeOf(() => extractSubgraph(whole, { name: 'bad', inputs: ['h'], outputs: ['out'] }))).toBe('unknown-value')
    expect(codeOf(() => extractSubgraph(whole, { name: 'bad', inputs: ['x'], outputs: ['nope'] }))).toBe('unknown-value')
    expect(codeOf(() => extractSubgraph(whole, { name: 'bad', inputs: [{ name: 'z', id: 999 }], outputs: ['out'] }))).toBe('unknown-value')
    expect(codeOf(() => extractSubgraph(whole, { name: 'bad', inputs: ['x', 'y'], outputs: [] }))).toBe('bad-argument')
    expect(codeOf(() => extractSubgraph(whole, { name: 'bad', inputs: ['x', 'x'], outputs: ['h'] }))).toBe('bad-argument')
    // an output may not take an input's name (an ONNX graph could not hold both)
    expect(codeOf(() => extractSubgraph(whole, { name: 'bad', inputs: ['x', 'y'], outputs: [{ name: 'x', id: whole.outputs[0].id }] }))).toBe('bad-argument')
  })

  it('refuses a mark name reused for another value', () => {
    const b = new GraphBuilder('t')
    const x = b.input('x', [1, 2])
    b.mark('m', x)
    expect(b.mark('m', x)).toBe(x)
    expect(codeOf(() => b.mark('m', b.relu(x)))).toBe('bad-argument')
  })

  it('runs on ONNX Runtime and tfjs: head then tail equals the whole graph', async () => {
    const whole = tinyGraph()
    const weights = syntheticWeights(whole.params)
    const feeds: Record<string, Float32Tensor> = { x: syntheticInput([1, 2, 5, 5]), y: syntheticInput([1, 3, 5, 5]) }
    const head = extractSubgraph(whole, { name: 'head', inputs: ['x', 'y'], outputs: ['h', 'g'] })
    const tail = extractSubgraph(whole, { name: 'tail', inputs: ['h', 'g'], outputs: ['out'] })
    const expected = (await runOrt(whole, feeds, weights)).out
    const mid = await runOrt(head, feeds, weights)
    const ort = (await runOrt(tail, mid, weights)).out
    expect(maxAbsDiff(ort.data, expected.data)).toBeLessThan(1e-6)
    const tfMid = (await runTfjs(head, feeds, { backend: 'cpu' }, weights)).out
    const tf = (await runTfjs(tail, tfMid, { backend: 'cpu' }, weights)).out.out
    expect(maxAbsDiff(tf.data, expected.data)).toBeLessThan(1e-5)
  })
})

describe('planStages', () => {
  const stage = (name: StageSpec['name'], inputs: string[], outputs: string[]): StageSpec => ({ name, inputs, outputs, description: name })

  it('chains stages and records which graph inputs each depends on', () => {
    const plans = planStages(tinyGraph(), [stage('visual', ['x'], ['h']), stage('audio', ['y'], ['g']), stage('fusion', ['h', 'g'], ['out'])])
    expect(plans.map((p) => [p.name, p.dependsOn])).toEqual([
      ['visual', ['x']],
      ['audio', ['y']],
      ['fusion', ['x', 'y']]
    ])
    expect(plans.map((p) => p.graph.name)).toEqual(['tiny/visual', 'tiny/audio', 'tiny/fusion'])
  })

  it('refuses stages that read what no earlier stage produced, leave a graph output uncomputed, or repeat', () => {
    const g = tinyGraph()
    expect(() => planStages(g, [stage('fusion', ['h', 'g'], ['out']), stage('visual', ['x'], ['h'])])).toThrow(/reads 'h'/)
    expect(() => planStages(g, [stage('visual', ['x'], ['h'])])).toThrow(/no stage outputs out/)
    expect(() => planStages(g, [stage('visual', ['x'], ['h']), stage('visual', ['y'], ['g'])])).toThrow(/declared twice/)
    expect(() => planStages(g, [stage('visual', ['x', 'y'], ['h', 'g']), stage('audio', ['y'], ['g'])])).toThrow(/already provides/)
    expect(() => planStages(g, [])).toThrow(AppError)
  })
})
