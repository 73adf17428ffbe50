// What the UI and `avsal infer --help` show about each runnable model: the registry's saliency
// models, through their inference profiles.
import type { InferenceRequest, ModelInfo } from '../../../shared/types'
import { AUDIO_CONDITION_NAMES } from './audio'
import { inferableModels, inferenceProfile } from './profiles'
import type { InferenceWeights } from './weights'
import { AppError } from '../../../shared/errors'

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

/** Rejects malformed requests with a clear message before a job is started. */
export function checkInferenceRequest(request: InferenceRequest): void {
  if (typeof request.model !== 'string' || request.model.trim() === '') throw new AppError('bad-argument', 'an inference request needs a model name')
  inferenceProfile(request.model)
  if (request.audio !== undefined && !AUDIO_CONDITION_NAMES.includes(request.audio)) {
    throw new AppError('bad-argument', `audio condition must be one of ${AUDIO_CONDITION_NAMES.join(', ')}, got ${JSON.stringify(request.audio)}`)
  }
  if (request.runtime !== undefined && request.runtime !== 'ort' && request.runtime !== 'tfjs') {
    throw new AppError('bad-argument', `runtime must be 'ort' or 'tfjs', got ${JSON.stringify(request.runtime)}`)
  }
  for (const [name, value] of [['threads', request.threads], ['batch', request.batch]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new AppError('bad-argument', `${name} must be a positive integer, got ${value}`)
  }
}
