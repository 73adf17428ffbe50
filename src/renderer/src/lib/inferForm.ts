// The Run model form as data: what each choice means, what a model needs, and the request the
// form turns into (or the reasons it cannot be sent yet). The host checks again; this catches
// what the form alone can tell, before a job is started only to fail.
import type { InferenceAudioCondition, InferenceRequest, ModelInfo } from '../../../shared/types'
import { parseFrameRangeField } from './frameRangeField'

export type InferRuntime = NonNullable<InferenceRequest['runtime']>

export interface Choice<T extends string> {
  id: T
  label: string
  description: string
}

export const AUDIO_CONDITIONS: readonly Choice<InferenceAudioCondition>[] = [
  { id: 'real', label: 'real', description: "the video's own soundtrack" },
  { id: 'zero', label: 'zero', description: 'silence: an all-zero audio buffer' },
  { id: 'random', label: 'random', description: 'white noise with the loudness of the real excerpt (seeded)' },
  { id: 'shuffled', label: 'shuffled', description: "another video's soundtrack from this dataset (seeded)" }
]

export const RUNTIMES: readonly Choice<InferRuntime>[] = [
  { id: 'ort', label: 'ONNX Runtime', description: 'onnxruntime-node: CPU, or CUDA where its provider is installed (fast)' },
  { id: 'tfjs', label: 'TensorFlow.js', description: 'tfjs-node(-gpu) when installed, else wasm (slower; a cross-check)' }
]

/** What the user typed and picked; numbers stay text until the request is built. */
export interface InferFormValues {
  model: string
  weights: string
  audio: InferenceAudioCondition
  runtime: InferRuntime
  threads: string
  batch: string
  seed: string
  /** video names; empty means every video */
  videos: readonly string[]
  /** '' / 'all', or FIRST-LAST (0-based, inclusive) */
  frames: string
  label: string
}

export function emptyForm(model = ''): InferFormValues {
  return { model, weights: '', audio: 'real', runtime: 'ort', threads: '', batch: '', seed: '', videos: [], frames: '', label: '' }
}

export type PlanResult = { ok: true; request: InferenceRequest } | { ok: false; problems: string[] }

/** '' → undefined (host default), digits → the number, anything else → null (invalid). */
export function parseCount(text: string, min: number): number | null | undefined {
  const t = text.trim()
  if (t === '') return undefined
  if (!/^\d+$/.test(t)) return null
  const n = Number(t)
  return n >= min ? n : null
}

/** Short facts about a model for the line under the model menu. */
export function modelFacts(model: ModelInfo): string[] {
  const [h, w] = model.inputSize
  return [
    model.needsAudio ? 'audio-visual: takes an audio condition' : 'visual only',
    model.needsWeights ? 'needs a checkpoint' : 'parameter-free: no weights',
    `${model.clipFrames}-frame clips at ${h}×${w}`,
    model.target === 'centre' ? "map of the clip's centre frame" : "map of the clip's last frame"
  ]
}

/** Visual-only models ignore the audio condition; parameter-free ones take no weights. */
export function planInference(datasetId: number | null, model: ModelInfo | undefined, form: InferFormValues): PlanResult {
  const problems: string[] = []
  if (datasetId === null) problems.push('open a dataset first')
  if (!model) problems.push(form.model ? `the host does not list a model named '${form.model}'` : 'choose a model')
  const weights = form.weights.trim()
  if (model?.needsWeights && weights === '') {
    problems.push(`${model.name} needs weights: a checkpoint path (.pt / .pth), or 'synthetic' to test the pipeline`)
  }
  const threads = parseCount(form.threads, 1)
  if (threads === null) problems.push(`threads must be a whole number ≥ 1, got '${form.threads.trim()}'`)
  const batch = parseCount(form.batch, 1)
  if (batch === null) problems.push(`batch must be a whole number ≥ 1, got '${form.batch.trim()}'`)
  const usesSeed = !!model?.needsAudio && (form.audio === 'random' || form.audio === 'shuffled')
  const seed = usesSeed ? parseCount(form.seed, 0) : undefined
  if (seed === null) problems.push(`seed must be a whole number ≥ 0, got '${form.seed.trim()}'`)
  const frames = parseFrameRangeField(form.frames)
  if (!frames.ok) problems.push(frames.message)
  if (problems.length > 0 || datasetId === null || !model || threads === null || batch === null || seed === null || !frames.ok) {
    return { ok: false, problems }
  }
  const request: InferenceRequest = { datasetId, model: model.name, runtime: form.runtime }
  if (model.needsWeights) request.weights = weights
  if (model.needsAudio) request.audio = form.audio
  if (threads !== undefined) request.threads = threads
  if (batch !== undefined) request.batch = batch
  if (seed !== undefined) request.seed = seed
  if (form.videos.length > 0) request.videos = [...form.videos]
  if (frames.range) request.frames = frames.range
  const label = form.label.trim()
  if (label) request.label = label
  return { ok: true, request }
}
