// The seam between model descriptions and runtimes: an executor compiles one Graph with its
// weights and runs it. ORT registers itself in src/main/models/onnx; a tfjs executor registers
// under 'tfjs' the same way.
import type { Float32Tensor, Graph, WeightMap } from './types'
import { AppError } from '../../../shared/errors'

export type RuntimeName = 'ort' | 'tfjs'

export interface ExecutorOptions {
  /** intra-op threads; executors may ignore it */
  threads?: number
  /** prefer an accelerator when one is present (default true) */
  preferGpu?: boolean
}

export interface Executor {
  readonly runtime: RuntimeName
  /** what actually runs the graph, e.g. 'cpu', 'cuda', 'wasm', 'tensorflow' */
  readonly provider: string
  /** inputs and outputs are keyed by the graph's input/output names */
  run(inputs: Record<string, Float32Tensor>): Promise<Record<string, Float32Tensor>>
  dispose(): Promise<void>
}

export type ExecutorFactory = (graph: Graph, weights: WeightMap, options: ExecutorOptions) => Promise<Executor>

const factories = new Map<RuntimeName, ExecutorFactory>()

export function registerExecutor(runtime: RuntimeName, factory: ExecutorFactory): void {
  factories.set(runtime, factory)
}

export function registeredRuntimes(): RuntimeName[] {
  return [...factories.keys()]
}

export async function createExecutor(runtime: RuntimeName, graph: Graph, weights: WeightMap, options: ExecutorOptions = {}): Promise<Executor> {
  const factory = factories.get(runtime)
  if (!factory) {
    const known = registeredRuntimes()
    throw new AppError('runtime-unavailable', `runtime '${runtime}' is not available: no executor is registered for it (registered: ${known.length ? known.join(', ') : 'none'})`
    )
  }
  return factory(graph, weights, options)
}
