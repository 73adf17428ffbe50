// What a node reads: the value ids it consumes and the parameter keys it uses. One exhaustive
// switch per question, so a new op cannot be added without saying both.
import type { GraphNode } from './types'

export function nodeInputs(node: GraphNode): number[] {
  switch (node.op) {
    case 'concat':
      return [...node.inputs]
    case 'bilinear':
      return [node.input1, node.input2]
    case 'add':
    case 'mul':
      return 'value' in node.b ? [node.a, node.b.value] : [node.a]
    case 'matmul':
      return [node.a, node.b]
    case 'constant':
    case 'paramValue':
      return []
    case 'conv':
    case 'convTranspose':
    case 'batchNorm':
    case 'relu':
    case 'sigmoid':
    case 'maxPool':
    case 'avgPool':
    case 'resize':
    case 'softmax':
    case 'linear':
    case 'reshape':
    case 'transpose':
    case 'slice':
    case 'expand':
    case 'mean':
    case 'layerNorm':
      return [node.input]
  }
}

export function nodeParams(node: GraphNode): string[] {
  switch (node.op) {
    case 'conv':
    case 'convTranspose':
    case 'linear':
    case 'bilinear':
      return node.bias ? [node.weight, node.bias] : [node.weight]
    case 'batchNorm':
      return [node.weight, node.bias, node.runningMean, node.runningVar]
    case 'layerNorm':
      return [node.weight, node.bias]
    case 'paramValue':
      return [node.key]
    case 'relu':
    case 'sigmoid':
    case 'maxPool':
    case 'avgPool':
    case 'concat':
    case 'resize':
    case 'softmax':
    case 'reshape':
    case 'transpose':
    case 'slice':
    case 'expand':
    case 'add':
    case 'mul':
    case 'mean':
    case 'constant':
    case 'matmul':
      return []
  }
}
