// How each registered saliency model is run over a video: clip length and schedule, frame
// recipe, audio buffer, post-processing. Everything comes from the model registry: a model is
// runnable when its ModelSpec carries `saliency` facts; clip length, frame size and the audio
// buffer are read from its InputSpecs (inputs[0] the clip, inputs[1] the waveform, if any).
import { getModel, modelNames, type InputSpec, type ModelSpec, type SaliencyFacts } from '../../models/architectures'
import { causalSchedule, centreSchedule, type ClipSchedule } from './clips'
import { stavisRecipe, vinetRecipe, type FrameRecipe } from './preprocess'
import { AppError } from '../../../shared/errors'

export type PostprocessKind = SaliencyFacts['postprocess']

export interface InferenceProfile {
  spec: ModelSpec
  clipFrames: number
  /** model input (H, W) */
  inputSize: [number, number]
  schedule(frameCount: number): ClipSchedule
  recipe: FrameRecipe
  /** samples of one clip's audio buffer; null for visual-only models */
  audioSamples: number | null
  /** graph input shapes for a batch of `batch` clips */
  inputShapes(batch: number): number[][]
  postprocess: PostprocessKind
  /** one line for the run notes */
  procedure: string
}

type SaliencySpec = ModelSpec & { saliency: SaliencyFacts }

const isSaliency = (spec: ModelSpec): spec is SaliencySpec => spec.saliency !== undefined

/** Registered models this engine can run over videos (saliency models, not feature extractors), in registry order. */
export function inferableModels(): string[] {
  return modelNames().filter((name) => isSaliency(getModel(name)))
}

function saliencySpec(model: string): SaliencySpec {
  const spec = modelNames().includes(model) ? getModel(model) : null
  if (!spec || !isSaliency(spec)) {
    throw new AppError('unknown-model', `'${model}' is not a saliency model this engine runs over videos; choose one of ${inferableModels().join(', ')}`)
  }
  return spec
}

/** The clip (N,3,T,H,W) and optional waveform inputs, in the order the video pass feeds them. */
function clipAndAudio(spec: ModelSpec): { clip: InputSpec; audio: InputSpec | null } {
  const [clip, audio, ...rest] = spec.inputs
  if (!clip || clip.layout !== 'NCTHW' || clip.defaultShape.length !== 5 || rest.length > 0) {
    throw new AppError('bad-argument', `${spec.name}: a saliency model takes a clip (NCTHW) and at most one waveform; its inputs are ${spec.inputs.map((i) => `${i.name} ${i.layout}`).join(', ')}`)
  }
  return { clip, audio: audio ?? null }
}

function chosenSize(spec: SaliencySpec, released: [number, number], inputSize: [number, number] | undefined): [number, number] {
  if (!inputSize) return released
  const rule = spec.saliency.inputSize
  if (!rule.choosable) throw new AppError('bad-argument', `${spec.name} takes ${released[0]}×${released[1]} clips only (${rule.reason}); an input size cannot be chosen`)
  const [h, w] = inputSize
  const m = rule.multipleOf
  if (!Number.isInteger(h) || !Number.isInteger(w) || h <= 0 || w <= 0 || h % m !== 0 || w % m !== 0) {
    throw new AppError('bad-argument', `${spec.name}: input size must be positive multiples of ${m} (released: ${released[0]}×${released[1]}), got ${h}×${w}`)
  }
  return [h, w]
}

/**
 * `inputSize` overrides the released frame size where the model allows it (ViNet and the
 * centre bias; H, W multiples of 32): maps from another size are not the published model's, so
 * runs and caches record it.
 */
export function inferenceProfile(model: string, inputSize?: [number, number]): InferenceProfile {
  const spec = saliencySpec(model)
  const facts = spec.saliency
  const { clip, audio } = clipAndAudio(spec)
  const [, channels, frames, releasedH, releasedW] = clip.defaultShape
  const [h, w] = chosenSize(spec, [releasedH, releasedW], inputSize)
  if (facts.frames === 'stavis' && h !== w) throw new AppError('bad-argument', `${model}: the STAViS frame recipe makes square frames, the input is ${h}×${w}`)
  const audioShape = audio ? audio.defaultShape.slice(1) : null
  return {
    spec,
    clipFrames: frames,
    inputSize: [h, w],
    schedule: (n) => (facts.schedule === 'causal' ? causalSchedule(n, frames) : centreSchedule(n, frames)),
    recipe: facts.frames === 'vinet' ? vinetRecipe(h, w) : stavisRecipe(h),
    audioSamples: audioShape ? audioShape.reduce((a, d) => a * d, 1) : null,
    inputShapes: (b) => [[b, channels, frames, h, w], ...(audioShape ? [[b, ...audioShape]] : [])],
    postprocess: facts.postprocess,
    procedure: facts.procedure
  }
}
