// Execution plan: the graph's nodes in order, with conv → batchNorm → relu chains merged into
// one step (BN folded into the conv weights, ReLU fused into the conv kernel), and the step after
// which each value can be freed.
import { nodeInputs } from '../graph/nodes'
import type { BatchNormNode, ConvNode, Graph, GraphNode, UnaryNode } from '../graph/types'

export interface Step {
  node: GraphNode
  /** BN folded into this conv */
  batchNorm?: BatchNormNode
  /** ReLU applied inside this conv */
  relu?: UnaryNode
  /** value id the step writes (the last fused node's output) */
  output: number
}

export interface ExecutionPlan {
  steps: Step[]
  /** value id → index of the last step that reads it (graph outputs are never freed) */
  lastUse: Map<number, number>
}

// one definition of what a node reads, shared with the graph cutter
export { nodeInputs }

export function buildPlan(graph: Graph, fuse: boolean): ExecutionPlan {
  const readers = new Map<number, GraphNode[]>()
  for (const n of graph.nodes) for (const id of nodeInputs(n)) readers.set(id, [...(readers.get(id) ?? []), n])
  const outputs = new Set(graph.outputs.map((o) => o.id))
  /** the single node reading `id`, when nothing else (graph outputs included) needs it */
  const soleReader = (id: number): GraphNode | undefined => {
    const r = readers.get(id) ?? []
    return r.length === 1 && !outputs.has(id) ? r[0] : undefined
  }
  const absorbed = new Set<GraphNode>()
  const steps: Step[] = []
  for (const node of graph.nodes) {
    if (absorbed.has(node)) continue
    const step: Step = { node, output: node.output }
    if (fuse && node.op === 'conv') {
      const conv: ConvNode = node
      const next = soleReader(conv.output)
      if (next?.op === 'batchNorm') {
        step.batchNorm = next
        step.output = next.output
        absorbed.add(next)
      }
      const after = soleReader(step.output)
      if (after?.op === 'relu') {
        step.relu = after
        step.output = after.output
        absorbed.add(after)
      }
    }
    steps.push(step)
  }
  const lastUse = new Map<number, number>()
  steps.forEach((s, i) => {
    for (const id of nodeInputs(s.node)) lastUse.set(id, i)
  })
  for (const id of outputs) lastUse.delete(id)
  return { steps, lastUse }
}
