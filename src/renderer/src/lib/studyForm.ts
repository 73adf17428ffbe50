// The audio-swap study form as data: the conditions on offer and what each feeds the model, the
// models it takes (audio-visual ones; visual-only ones only as the comparison), and the request
// the form turns into, or why it cannot be sent yet. The host checks again and refuses what
// only it can tell (one video and 'shuffled', an audio file it cannot decode, no GT): the form
// shows those refusals as the host words them.
import type { AudioSwapRequest, InferenceAudioCondition, ModelInfo } from '../../../shared/types'
import { parseFrameRangeField } from './frameRangeField'
import { parseCount, type Choice, type InferRuntime } from './inferForm'

export const STUDY_CONDITIONS: readonly Choice<InferenceAudioCondition>[] = [
  { id: 'real', label: 'real', description: "the video's own soundtrack: the reference every other condition is compared with (always run)" },
  { id: 'zero', label: 'zero', description: 'silence: an all-zero audio input' },
  { id: 'random', label: 'random', description: "Gaussian noise at the real track's RMS (seeded)" },
  { id: 'wolfram', label: 'wolfram', description: "Rule 30 cellular-automaton noise (the thesis's Wolfram audio, seeded)" },
  { id: 'shuffled', label: 'shuffled', description: "another video's soundtrack from this dataset (a seeded derangement; the pairing is recorded)" },
  { id: 'file', label: 'file', description: 'an audio file you pick (anything ffmpeg decodes), played to every video' }
]

/** Conditions ticked by default besides real (Table 5.1 of the thesis). */
export const DEFAULT_STUDY_CONDITIONS: readonly InferenceAudioCondition[] = ['zero', 'random', 'shuffled']

export interface StudyFormValues {
  model: string
  weights: string
  /** ticked conditions besides real */
  conditions: InferenceAudioCondition[]
  audioFile: string
  seed: string
  protocol: string
  /** '' for none */
  visualModel: string
  visualWeights: string
  videos: readonly string[]
  frames: string
  runtime: InferRuntime
  threads: string
  batch: string
  label: string
}

export function emptyStudyForm(): StudyFormValues {
  return {
    model: '',
    weights: '',
    conditions: [...DEFAULT_STUDY_CONDITIONS],
    audioFile: '',
    seed: '',
    protocol: 'vinet-av',
    visualModel: '',
    visualWeights: '',
    videos: [],
    frames: '',
    runtime: 'ort',
    threads: '',
    batch: '',
    label: ''
  }
}

/** Models a study can swap the audio of. */
export function audioVisualModels(models: readonly ModelInfo[]): ModelInfo[] {
  return models.filter((m) => m.needsAudio)
}

/** Models offered as the visual-only comparison. */
export function visualOnlyModels(models: readonly ModelInfo[]): ModelInfo[] {
  return models.filter((m) => !m.needsAudio)
}

/** Ticks or unticks a condition (real cannot be unticked: it is the reference). */
export function toggleCondition(conditions: readonly InferenceAudioCondition[], id: InferenceAudioCondition): InferenceAudioCondition[] {
  if (id === 'real') return [...conditions]
  return conditions.includes(id) ? conditions.filter((c) => c !== id) : [...conditions, id]
}

export type StudyPlan = { ok: true; request: AudioSwapRequest } | { ok: false; problems: string[] }

export function planStudy(datasetId: number | null, model: ModelInfo | undefined, visual: ModelInfo | undefined, form: StudyFormValues): StudyPlan {
  const problems: string[] = []
  if (datasetId === null) problems.push('open a dataset first')
  if (!model) problems.push(form.model ? `the host does not list a model named '${form.model}'` : 'choose an audio-visual model')
  else if (!model.needsAudio) problems.push(`'${model.name}' is visual-only: a study needs a model that hears (an AViNet variant or STAViS); choose it as the visual-only comparison instead`)
  const weights = form.weights.trim()
  if (model?.needsWeights && weights === '') problems.push(`${model.name} needs weights: a checkpoint path (.pt / .pth), or 'synthetic' to test the pipeline`)
  // in the order the form lists them, without real (always added)
  const conditions = STUDY_CONDITIONS.map((c) => c.id).filter((id) => id !== 'real' && form.conditions.includes(id))
  if (conditions.length === 0) problems.push('tick at least one condition besides real (zero, random, wolfram, shuffled or file)')
  const audioFile = form.audioFile.trim()
  if (conditions.includes('file') && audioFile === '') problems.push("the 'file' condition needs an audio file: type its path")
  const seed = parseCount(form.seed, 0)
  if (seed === null) problems.push(`seed must be a whole number ≥ 0, got '${form.seed.trim()}'`)
  const threads = parseCount(form.threads, 1)
  if (threads === null) problems.push(`threads must be a whole number ≥ 1, got '${form.threads.trim()}'`)
  const batch = parseCount(form.batch, 1)
  if (batch === null) problems.push(`batch must be a whole number ≥ 1, got '${form.batch.trim()}'`)
  const frames = parseFrameRangeField(form.frames)
  if (!frames.ok) problems.push(frames.message)
  if (form.visualModel && !visual) problems.push(`the host does not list a model named '${form.visualModel}'`)
  const visualWeights = form.visualWeights.trim()
  if (visual?.needsWeights && visualWeights === '') problems.push(`the visual-only model ${visual.name} needs weights: a checkpoint path, or 'synthetic'`)
  if (problems.length > 0 || datasetId === null || !model || seed === null || threads === null || batch === null || !frames.ok) {
    return { ok: false, problems }
  }
  const request: AudioSwapRequest = { datasetId, model: model.name, conditions: ['real', ...conditions], runtime: form.runtime }
  if (model.needsWeights) request.weights = weights
  if (conditions.includes('file')) request.audioFile = audioFile
  if (seed !== undefined) request.seed = seed
  if (form.protocol) request.protocol = form.protocol
  if (threads !== undefined) request.threads = threads
  if (batch !== undefined) request.batch = batch
  if (form.videos.length > 0) request.videos = [...form.videos]
  if (frames.range) request.frames = frames.range
  if (visual) request.visualModel = visual.needsWeights ? { model: visual.name, weights: visualWeights } : { model: visual.name }
  const label = form.label.trim()
  if (label) request.label = label
  return { ok: true, request }
}
