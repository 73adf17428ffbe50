// Shared by the tfjs executor tests: run one graph on ORT (the reference runtime) and on tfjs.
import { GraphBuilder, type Float32Tensor, type Graph, type Value } from '../../../../src/main/models/graph'
import { OrtExecutor } from '../../../../src/main/models/onnx'
import { TfjsExecutor, type TfjsBackendName, type TfjsExecutorOptions } from '../../../../src/main/models/tfjs'
import { syntheticInput, syntheticWeights } from '../../../../src/main/models/syntheticWeights'

export const BACKENDS: TfjsBackendName[] = ['cpu', 'wasm']

export interface OpCase {
  name: string
  inputs: number[][]
  build(b: GraphBuilder, xs: Value[]): Value
}

export function caseGraph(c: OpCase): Graph {
  const b = new GraphBuilder(c.name)
  const xs = c.inputs.map((s, i) => b.input(`x${i}`, s))
  b.output('y', c.build(b, xs))
  return b.build()
}

export function caseFeeds(c: OpCase): Record<string, Float32Tensor> {
  return Object.fromEntries(c.inputs.map((s, i) => [`x${i}`, syntheticInput(s)]))
}

export async function runOrt(graph: Graph, feeds: Record<string, Float32Tensor>, weights = syntheticWeights(graph.params)): Promise<Record<string, Float32Tensor>> {
  const ex = await OrtExecutor.create(graph, weights, { threads: 1 })
  try {
    return await ex.run(feeds)
  } finally {
    await ex.dispose()
  }
}

export async function runTfjs(
  graph: Graph,
  feeds: Record<string, Float32Tensor>,
  options: TfjsExecutorOptions,
  weights = syntheticWeights(graph.params)
): Promise<{ out: Record<string, Float32Tensor>; executor: TfjsExecutor }> {
  const executor = await TfjsExecutor.create(graph, weights, options)
  try {
    return { out: await executor.run(feeds), executor }
  } finally {
    await executor.dispose()
  }
}
