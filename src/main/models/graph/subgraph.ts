// Cutting a Graph into stages: the sub-graph that computes some values from others (e.g. the
// fusion + decoder of AViNet from the S3D features and the SoundNet features), so a run can
// compute a clip's visual features once and re-run only what depends on the audio. Pure; the
// result is an ordinary Graph whose inputs may be intermediate values of the original.
import { nodeInputs, nodeParams } from './nodes'
import type { Graph, GraphIO, GraphNode } from './types'
import { AppError } from '../../../shared/errors'

/** A value of a graph: a graph input, mark or output name, or an explicit (new name, value id). */
export type ValueRef = string | { name: string; id: number }

export interface GraphCut {
  /** name of the sub-graph */
  name: string
  /** values fed from outside; the walk back from the outputs stops at them */
  inputs: readonly ValueRef[]
  /** values the sub-graph returns */
  outputs: readonly ValueRef[]
}

const listed = (names: readonly string[]): string => (names.length ? names.join(', ') : 'none')

/** Finds the value a reference names. A name may be a graph input, a mark or a graph output; it must name one value. */
export function resolveValue(graph: Graph, ref: ValueRef): GraphIO {
  if (typeof ref !== 'string') {
    const shape = graph.shapes.get(ref.id)
    if (!shape) throw new AppError('unknown-value', `graph '${graph.name}' has no value ${ref.id} (for '${ref.name}')`)
    return { name: ref.name, id: ref.id, shape }
  }
  const ids = new Set<number>()
  for (const io of [...graph.inputs, ...graph.outputs]) if (io.name === ref) ids.add(io.id)
  const marked = graph.marks.get(ref)
  if (marked !== undefined) ids.add(marked)
  if (ids.size === 0) {
    throw new AppError(
      'unknown-value',
      `graph '${graph.name}' has no input, mark or output named '${ref}' (inputs: ${listed(graph.inputs.map((i) => i.name))}; ` +
        `marks: ${listed([...graph.marks.keys()])}; outputs: ${listed(graph.outputs.map((o) => o.name))})`
    )
  }
  if (ids.size > 1) throw new AppError('bad-argument', `graph '${graph.name}': '${ref}' names ${ids.size} different values (values ${[...ids].join(', ')})`)
  const id = [...ids][0]
  const shape = graph.shapes.get(id)
  if (!shape) throw new AppError('unknown-value', `graph '${graph.name}': '${ref}' names value ${id}, which has no shape`)
  return { name: ref, id, shape }
}

function checkNames(graph: Graph, cut: GraphCut, inputs: readonly GraphIO[], outputs: readonly GraphIO[]): void {
  const names = [...inputs, ...outputs].map((io) => io.name)
  const repeated = names.filter((n, i) => names.indexOf(n) !== i)
  if (repeated.length) throw new AppError('bad-argument', `cut '${cut.name}' of graph '${graph.name}': the name(s) ${[...new Set(repeated)].join(', ')} appear more than once among its inputs and outputs`)
  const ids = inputs.map((io) => io.id)
  const twice = inputs.filter((io, i) => ids.indexOf(io.id) !== i)
  if (twice.length) throw new AppError('bad-argument', `cut '${cut.name}' of graph '${graph.name}': input '${twice[0].name}' is the same value as another input`)
  if (outputs.length === 0) throw new AppError('bad-argument', `cut '${cut.name}' of graph '${graph.name}' has no outputs`)
}

/** Indices of the nodes the outputs need, walking back until a cut input; throws on an original input that is not cut. */
function backwardClosure(graph: Graph, cut: GraphCut, inputs: readonly GraphIO[], outputs: readonly GraphIO[]): Set<number> {
  const producer = new Map<number, number>()
  graph.nodes.forEach((n, i) => producer.set(n.output, i))
  const given = new Set(inputs.map((io) => io.id))
  const originalInputs = new Map(graph.inputs.map((io) => [io.id, io.name]))
  const seen = new Set<number>()
  const kept = new Set<number>()
  for (const out of outputs) {
    const stack = [out.id]
    while (stack.length) {
      const id = stack.pop() as number
      if (seen.has(id) || given.has(id)) continue
      seen.add(id)
      const at = producer.get(id)
      if (at !== undefined) {
        kept.add(at)
        stack.push(...nodeInputs(graph.nodes[at]))
        continue
      }
      const input = originalInputs.get(id)
      const why = input !== undefined ? `graph input '${input}'` : `value ${id}, which no node produces`
      throw new AppError(
        'unknown-value',
        `cut '${cut.name}' of graph '${graph.name}': output '${out.name}' depends on ${why}, which is not among the cut's inputs (${listed(inputs.map((i) => i.name))})`
      )
    }
  }
  return kept
}

/** The module path a key belongs to: 'a.b.num_batches_tracked' → 'a.b'. */
const modulePath = (key: string): string => key.slice(0, Math.max(0, key.lastIndexOf('.')))

/**
 * The sub-graph computing `cut.outputs` from `cut.inputs`: the backward closure of the outputs,
 * stopping at the inputs, nodes in their original order. Its params are those its nodes read
 * (declaration order kept); its ignored keys those of its nodes' modules (a BN's
 * num_batches_tracked), so unused heads belong to no stage; its marks those of its values.
 */
export function extractSubgraph(graph: Graph, cut: GraphCut): Graph {
  const inputs = cut.inputs.map((ref) => resolveValue(graph, ref))
  const outputs = cut.outputs.map((ref) => resolveValue(graph, ref))
  checkNames(graph, cut, inputs, outputs)
  const kept = backwardClosure(graph, cut, inputs, outputs)
  const nodes: GraphNode[] = graph.nodes.filter((_, i) => kept.has(i))
  const shapes = new Map(inputs.map((io) => [io.id, io.shape]))
  for (const n of nodes) shapes.set(n.output, graph.shapes.get(n.output) ?? [])
  const used = new Set(nodes.flatMap(nodeParams))
  const modules = new Set(nodes.map((n) => n.name))
  return {
    name: cut.name,
    inputs: inputs.map((io) => ({ ...io, shape: [...io.shape] })),
    outputs: outputs.map((io) => ({ ...io, shape: [...io.shape] })),
    nodes,
    shapes,
    params: graph.params.filter((p) => used.has(p.key)),
    ignoredKeys: graph.ignoredKeys.filter((p) => modules.has(modulePath(p.key))),
    marks: new Map([...graph.marks].filter(([, id]) => shapes.has(id)))
  }
}
