// A model's stage declarations applied to one built graph: one sub-graph per stage, checked to
// chain (each stage reads graph inputs or earlier stages' outputs) and to cover every graph
// output, with the graph inputs each stage depends on (an audio-swap run re-runs exactly the
// stages that depend on 'waveform'). Pure.
import type { StageName, StageSpec } from '../architectures/stages'
import { extractSubgraph } from '../graph/subgraph'
import type { Graph } from '../graph/types'
import { AppError } from '../../../shared/errors'

export interface StagePlan {
  name: StageName
  description: string
  /** the stage's sub-graph: inputs and outputs named as declared */
  graph: Graph
  /** graph inputs this stage depends on, directly or through earlier stages, in graph order */
  dependsOn: string[]
}

export function planStages(graph: Graph, stages: readonly StageSpec[]): StagePlan[] {
  if (stages.length === 0) throw new AppError('bad-argument', `graph '${graph.name}': no stages declared`)
  const graphInputs = graph.inputs.map((i) => i.name)
  /** value name → graph inputs it depends on */
  const available = new Map<string, Set<string>>(graphInputs.map((name) => [name, new Set([name])]))
  const plans: StagePlan[] = []
  for (const stage of stages) {
    if (plans.some((p) => p.name === stage.name)) throw new AppError('bad-argument', `graph '${graph.name}': stage '${stage.name}' declared twice`)
    const depends = new Set<string>()
    for (const input of stage.inputs) {
      const from = available.get(input)
      if (!from) {
        throw new AppError('bad-argument', `graph '${graph.name}': stage '${stage.name}' reads '${input}', which is neither a graph input nor an output of an earlier stage (${[...available.keys()].join(', ')})`)
      }
      from.forEach((d) => depends.add(d))
    }
    const sub = extractSubgraph(graph, { name: `${graph.name}/${stage.name}`, inputs: stage.inputs, outputs: stage.outputs })
    for (const output of stage.outputs) {
      if (available.has(output)) throw new AppError('bad-argument', `graph '${graph.name}': stage '${stage.name}' outputs '${output}', which a graph input or an earlier stage already provides`)
      available.set(output, depends)
    }
    plans.push({ name: stage.name, description: stage.description, graph: sub, dependsOn: graphInputs.filter((name) => depends.has(name)) })
  }
  const uncovered = graph.outputs.filter((o) => !available.has(o.name)).map((o) => o.name)
  if (uncovered.length) throw new AppError('bad-argument', `graph '${graph.name}': no stage outputs ${uncovered.join(', ')}, so the stages do not compute the whole graph`)
  return plans
}
