// Multiply-accumulate count of a graph (convs, transposed convs, linear, bilinear, matmul); FLOPs = 2·MACs.
import { product } from './shapes'
import type { Graph, GraphNode } from './types'

function nodeMacs(graph: Graph, node: GraphNode): number {
  const shapeOf = (id: number): readonly number[] => graph.shapes.get(id) ?? []
  const paramShape = (key: string): readonly number[] => graph.params.find((p) => p.key === key)?.shape ?? []
  switch (node.op) {
    case 'conv': {
      // every output element sums (in/groups)·prod(kernel) products
      const w = paramShape(node.weight)
      return product(shapeOf(node.output)) * product(w.slice(1))
    }
    case 'convTranspose': {
      // every input element scatters into (out/groups)·prod(kernel) outputs
      const w = paramShape(node.weight)
      return product(shapeOf(node.input)) * product(w.slice(1))
    }
    case 'linear':
      return product(shapeOf(node.output)) * paramShape(node.weight)[1]
    case 'bilinear': {
      const w = paramShape(node.weight)
      return product(shapeOf(node.output)) * w[1] * w[2]
    }
    case 'matmul': {
      // every output element sums k products, k = the last axis of `a`
      const a = shapeOf(node.a)
      return product(shapeOf(node.output)) * a[a.length - 1]
    }
    default:
      return 0
  }
}

export interface GraphCost {
  macs: number
  flops: number
  /** MACs per node name, in graph order, for the nodes that have any */
  byNode: Array<{ name: string; macs: number }>
}

export function graphCost(graph: Graph): GraphCost {
  const byNode = graph.nodes.map((n) => ({ name: n.name, macs: nodeMacs(graph, n) })).filter((e) => e.macs > 0)
  const macs = byNode.reduce((s, e) => s + e.macs, 0)
  return { macs, flops: 2 * macs, byNode }
}

export function paramCount(graph: Graph): number {
  return graph.params.reduce((s, p) => s + product(p.shape), 0)
}
