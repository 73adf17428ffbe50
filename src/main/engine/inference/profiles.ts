// How each registered saliency model is run over a video: clip length and schedule, frame
// recipe, audio buffer, post-processing. The facts come from the model registry where it has
// them (clip frames, frame size); the procedure is the authors' test script for that family.
import { getModel, type ModelSpec } from '../../models/architectures'

import { AVINET_AUDIO_BUFFER, STAVIS_AUDIO_BUFFER } from './audio'

import { causalSchedule, centreSchedule, type ClipSchedule } from './clips'

import { stavisRecipe, vinetRecipe, type FrameRecipe } from './preprocess'
import { AppError } from '../../../shared/errors'


export type PostprocessKind = 'vinet' | 'stavis'

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

const FAMILIES: Record<string, 'vinet' | 'avinet' | 'stavis' | 'stavis-visual' | 'center-bias'> = {
  vinet: 'vinet',
  'avinet-bilinear': 'avinet',
  'avinet-concat': 'avinet',
  stavis: 'stavis',
  'stavis-visual': 'stavis-visual',
  'center-bias': 'center-bias'
}

/** Registered models this engine can run over videos (saliency models, not feature extractors). */
export function inferableModels(): string[] {
  return Object.keys(FAMILIES)
}

/**
 * `inputSize` overrides the released frame size (ViNet family only; H, W multiples of 32): maps
 * from another size are not the published model's, so runs and caches record it.
 */
export function inferenceProfile(model: string, inputSize?: [number, number]): InferenceProfile {
  const family = FAMILIES[model]
  if (!family) {
    throw new AppError(
      'unknown-model',
      `'${model}' is not a saliency model this engine runs over videos; choose one of ${inferableModels().join(', ')}`
    )
  }
  const spec = getModel(model)
  if (family === 'stavis' || family === 'stavis-visual') {
    if (inputSize) throw new AppError('bad-argument', `${model} takes 112×112 clips only; an input size cannot be chosen`)
    const audio = family === 'stavis' ? STAVIS_AUDIO_BUFFER : null
    return {
      spec,
      clipFrames: 16,
      inputSize: [112, 112],
      schedule: (n) => centreSchedule(n, 16),
      recipe: stavisRecipe(112),
      audioSamples: audio,
      inputShapes: (b) => [[b, 3, 16, 112, 112], ...(audio ? [[b, 1, 1, audio]] : [])],
      postprocess: 'stavis',
      procedure: 'STAViS test_sal.py: 16-frame clips centred on the target (frame s+8), loop-padded at the end; sigmoid map 112×112, min-max to uint8'
    }
  }
  if (inputSize && family === 'avinet') {
    throw new AppError('bad-argument', `${model} takes 224×384 clips only (its fusion layer is sized for the 7×12 feature map)`)
  }
  const [h, w] = inputSize ?? [224, 384]
  if (!Number.isInteger(h) || !Number.isInteger(w) || h <= 0 || w <= 0 || h % 32 !== 0 || w % 32 !== 0) {
    throw new AppError('bad-argument', `${model}: input size must be positive multiples of 32 (released: 224×384), got ${h}×${w}`)
  }
  const audio = family === 'avinet' ? AVINET_AUDIO_BUFFER : null
  return {
    spec,
    clipFrames: 32,
    inputSize: [h, w],
    schedule: (n) => causalSchedule(n, 32),
    recipe: vinetRecipe(h, w),
    audioSamples: audio,
    inputShapes: (b) => [[b, 3, 32, h, w], ...(audio ? [[b, 1, audio, 1]] : [])],
    postprocess: 'vinet',
    procedure:
      family === 'center-bias'
        ? 'centre-bias baseline run through the ViNet procedure (32-frame causal schedule, ViNet post-processing)'
        : 'ViNet generate_result*.py: causal 32-frame clips, time-reversed clips for frames 0–30, left-padding of short videos; ' +
          'resize to the frame size, 11×11 Gaussian σ=2, min-max, uint8'
  }
}
