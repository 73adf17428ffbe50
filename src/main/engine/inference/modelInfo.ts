// What the UI and `avsal infer --help` show about each runnable model: the registry's saliency
// models, through their inference profiles.
import { existsSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { ModelInfo } from '../../../shared/types'
import { inferableModels, inferenceProfile } from './profiles'
import type { InferenceWeights } from './weights'

export function modelInfos(): ModelInfo[] {
  return inferableModels().map((name) => {
    const profile = inferenceProfile(name)
    const spec = profile.spec
    return {
      name,
      description: spec.description,
      needsAudio: profile.audioSamples !== null,
      needsWeights: spec.needsWeights,
      clipFrames: profile.clipFrames,
      inputSize: profile.inputSize,
      target: profile.spec.saliency?.schedule === 'centre' ? 'centre' : 'last',
      inputs: profile.spec.inputs.map((input, i) => ({
        name: input.name,
        layout: input.layout,
        shape: profile.inputShapes(1)[i],
        description: input.description
      })),
      preprocessing: spec.preprocessing ? `${spec.preprocessing.resize}; ${spec.preprocessing.postprocess}` : null,
      procedure: profile.procedure
    }
  })
}

/** 'synthetic' → the deterministic test weights, any other string → a checkpoint path, none → no weights. */
export function weightsFromText(text: string | undefined): InferenceWeights {
  if (text === undefined || text.trim() === '') return { kind: 'none' }
  return text.trim() === 'synthetic' ? { kind: 'synthetic' } : { kind: 'file', path: text.trim() }
}

/** A request's weights with a checkpoint path made absolute and checked to be a file. */
export function weightsFromRequest(text: string | undefined): InferenceWeights {
  const weights = weightsFromText(text)
  if (weights.kind === 'file') {
    const path = resolve(weights.path)
    if (!existsSync(path) || !statSync(path).isFile()) throw new AppError('not-found', `checkpoint not found: ${path}`)
    weights.path = path
  }
  return weights
}
