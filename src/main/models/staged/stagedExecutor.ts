// A model run as its stages: one executor per stage sub-graph (createExecutor on any runtime),
// weights shared (each stage gets only its parameters). `runStage` runs one stage, so a caller
// computes a clip's visual features once and the audio + fusion stages per audio condition;
// `run` chains every stage and returns the whole graph's outputs, so it stands in for the
// whole-graph Executor.
import type { ModelSpec, StageName } from '../architectures'
import { createExecutor, type Executor, type ExecutorOptions, type RuntimeName } from '../graph/executor'
import type { Float32Tensor, Graph, WeightMap } from '../graph/types'
import { planStages, type StagePlan } from './planStages'
import { AppError } from '../../../shared/errors'

export type Tensors = Record<string, Float32Tensor>

export interface StagedExecutor extends Executor {
  /** the whole graph the stages were cut from */
  readonly graph: Graph
  readonly stages: readonly StagePlan[]
  /** runs one stage; `feeds` may hold more tensors than it reads */
  runStage(name: StageName, feeds: Tensors): Promise<Tensors>
}

/** Only the parameters a stage reads (the same tensors, not copies). */
function stageWeights(stage: Graph, weights: WeightMap): WeightMap {
  const out = new Map<string, Float32Tensor>()
  for (const p of stage.params) {
    const t = weights.get(p.key)
    if (t) out.set(p.key, t)
  }
  return out
}

class Staged implements StagedExecutor {
  readonly runtime: RuntimeName
  readonly provider: string

  constructor(
    readonly graph: Graph,
    readonly stages: readonly StagePlan[],
    private readonly executors: ReadonlyMap<StageName, Executor>,
    runtime: RuntimeName
  ) {
    this.runtime = runtime
    this.provider = executors.get(stages[0].name)?.provider ?? runtime
  }

  async runStage(name: StageName, feeds: Tensors): Promise<Tensors> {
    const stage = this.stages.find((s) => s.name === name)
    const executor = this.executors.get(name)
    if (!stage || !executor) {
      throw new AppError('bad-argument', `graph '${this.graph.name}' has no stage '${name}' (stages: ${this.stages.map((s) => s.name).join(', ')})`)
    }
    const inputs: Tensors = {}
    for (const io of stage.graph.inputs) {
      const t = feeds[io.name]
      if (!t) throw new AppError('bad-input', `stage '${name}' of '${this.graph.name}' needs '${io.name}'; given: ${Object.keys(feeds).join(', ') || 'none'}`)
      inputs[io.name] = t
    }
    return executor.run(inputs)
  }

  async run(feeds: Tensors): Promise<Tensors> {
    let pool: Tensors = { ...feeds }
    for (const stage of this.stages) pool = { ...pool, ...(await this.runStage(stage.name, pool)) }
    const out: Tensors = {}
    for (const o of this.graph.outputs) out[o.name] = pool[o.name]
    return out
  }

  async dispose(): Promise<void> {
    for (const executor of this.executors.values()) await executor.dispose()
  }
}

/** Builds `spec`'s graph for `inputShapes`, cuts it into the declared stages and compiles each on `runtime`. */
export async function createStagedExecutor(
  runtime: RuntimeName,
  spec: Pick<ModelSpec, 'build' | 'stages'>,
  inputShapes: ReadonlyArray<readonly number[]>,
  weights: WeightMap,
  options: ExecutorOptions = {}
): Promise<StagedExecutor> {
  const graph = spec.build(inputShapes)
  const stages = planStages(graph, spec.stages)
  const executors = new Map<StageName, Executor>()
  try {
    for (const stage of stages) executors.set(stage.name, await createExecutor(runtime, stage.graph, stageWeights(stage.graph, weights), options))
  } catch (err) {
    for (const executor of executors.values()) await executor.dispose()
    throw err
  }
  return new Staged(graph, stages, executors, runtime)
}
