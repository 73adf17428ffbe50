// What a registered model is: how to build its graph, its inputs, how frames are prepared,
// where it is cut into stages and, for saliency models, how it is run over videos. Types only,
// so index.ts (the registry) and the modules whose specs it registers share them without a cycle.
import type { Graph } from '../graph/types'
import type { SaliencyFacts } from './saliency'
import type { StageSpec } from './stages'

export interface InputSpec {
  /** graph input name */
  name: string
  layout: string
  /** shape of one released-configuration input (N = 1) */
  defaultShape: number[]
  description: string
}

export interface PreprocessingFacts {
  clipFrames: number
  /** (H, W) the frames are resized to */
  frameSize: [number, number]
  colorOrder: 'RGB' | 'BGR'
  /** pixel/255 in [0,1] (then mean/std) or raw [0,255] */
  pixelScale: '0-1' | '0-255'
  mean: [number, number, number]
  std: [number, number, number]
  resize: string
  /** which frame of the clip the output map belongs to */
  target: 'last' | 'centre' | 'none'
  postprocess: string
}

export interface ModelSpec {
  name: string
  description: string
  /** graph for one input shape (all inputs' shapes, in `inputs` order) */
  build(inputShapes: ReadonlyArray<readonly number[]>): Graph
  inputs: InputSpec[]
  /** graph output name holding the prediction */
  output: string
  /** false for parameter-free baselines */
  needsWeights: boolean
  preprocessing: PreprocessingFacts | null
  /** where the graph is cut (visual | audio | fusion | decoder), in execution order; see stages.ts */
  stages: readonly StageSpec[]
  /** present for saliency models the inference engine runs over videos; absent for feature extractors */
  saliency?: SaliencyFacts
}
