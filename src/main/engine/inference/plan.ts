// Planning an inference run, before it exists: the model's profile, options, videos and frame
// range, the audio each video needs, the weights' identity (sha256) and the model's row in the
// log, and the run row itself. Nothing here loads ONNX Runtime: the app process plans, the job
// process runs (runInference.ts).
import { AppError } from '../../../shared/errors'
import type { InferenceReport, InferenceVideoReport } from '../../../shared/reports'
import type { FrameRange, VideoRecord } from '../../../shared/types'
import type { RuntimeName } from '../../models/graph/executor'
import {
  getDatasetByRoot,
  listVideoSummaries,
  registerModel as registerModelRecord,
  type AudioCondition,
  type ModelRecord,
  type NewRun,
  type Store
} from '../../store'
import { pickVideos, requireFramesInRange } from '../runs/videoPicking'
import { AudioConditionSchema, BatchSchema, FrameRangeSchema, parseWith, RuntimeSchema, ThreadsSchema } from '../../../shared/schemas'
import { shuffledDonor, type AudioConditionName } from './audio'
import { inferenceProfile, type InferenceProfile } from './profiles'
import { inferenceDevice } from './device'
import { runtimeLabel } from './runtimeInfo'
import { checkAudioFile, noAudioError } from './conditionTrack'
import { conditionCacheKey } from './cache'
import { resolveWeights, type InferenceWeights, type ResolvedWeights } from './weights'

export interface InferenceSpec {
  datasetRoot: string
  model: string
  weights?: InferenceWeights
  /** video names (default: all present) */
  videos?: string[]
  /** only these frames of each video (0-based, inclusive); clips read earlier frames as context */
  frames?: FrameRange
  /** audio-visual models only; default 'real' */
  audio?: AudioConditionName
  /** the audio file of the 'file' condition */
  audioFile?: string
  /** a video without an audio track hears silence under 'real' (flagged) instead of refusing the run (audio-swap studies) */
  silentIfNoAudio?: boolean
  runtime?: RuntimeName
  threads?: number
  /** clips per forward pass (default 1) */
  batch?: number
  /** the app's cache folder; maps go to <cacheDir>/predictions/… */
  cacheDir: string
  /** also copy the maps to <outDir>/[<group>/]<video>/ under the GT/frame file names */
  outDir?: string
  /** seeds random and shuffled audio (default 0) */
  seed?: number
  /** non-released model input (H, W), ViNet family; recorded in the run and the cache key */
  inputSize?: [number, number]
  label?: string
}

export interface InferenceHooks {
  runCreated?(runId: string): void
  progress?(done: number, total: number, message: string): void
  cancelled?(): boolean
  /** stop resumably: the run ends 'stopped-resumable' and a later run continues from the cache */
  stopRequested?(): boolean
}

export type VideoInferenceNote = InferenceVideoReport
export type InferenceResult = InferenceReport
export type InferenceTiming = InferenceReport['timing']

/** Everything decided before a run exists. */
export interface InferencePlan {
  profile: InferenceProfile
  audio: AudioCondition
  batch: number
  runtime: RuntimeName
  seed: number
  datasetId: number
  datasetName: string
  videos: VideoRecord[]
  /** videos of the dataset with a soundtrack (ids), for 'shuffled' */
  audioPool: number[]
  weights: ResolvedWeights
  model: ModelRecord
  /** model name, plus '@HxW' when not the released input size */
  modelKey: string
  weightsHash: string
  customSize: boolean
  missingVideos: string[]
  /** sha256 of the 'file' condition's audio file */
  audioFileSha256: string | null
  /** the condition as part of the cache key (with its seed or file) */
  conditionKey: string
}

const DEFAULT_BATCH = 1

/** The options, checked with the request schemas' own rules and messages (a spec may come from a test or a resumed run). */
function checkOptions(spec: InferenceSpec, profile: InferenceProfile): { audio: AudioCondition; batch: number } {
  const batch = parseWith(BatchSchema, spec.batch ?? DEFAULT_BATCH, 'batch')
  if (spec.threads !== undefined) parseWith(ThreadsSchema, spec.threads, 'threads')
  if (spec.runtime !== undefined) parseWith(RuntimeSchema, spec.runtime, 'runtime')
  if (spec.frames !== undefined) parseWith(FrameRangeSchema, spec.frames, 'frames')
  if (profile.audioSamples === null) {
    if (spec.audio !== undefined) throw new AppError('bad-argument', `'${spec.model}' is visual-only; an audio condition does not apply (drop --audio)`)
    return { audio: 'none', batch }
  }
  return { audio: parseWith(AudioConditionSchema, spec.audio ?? 'real', 'audio'), batch }
}

/**
 * Checks a request and fixes what the run will use: the model profile, the videos, the audio
 * each one needs, the weights (hashed) and the model's row in the log. Throws before any run
 * exists.
 */
export async function planInference(store: Store, spec: InferenceSpec): Promise<InferencePlan> {
  const profile = inferenceProfile(spec.model, spec.inputSize)
  const { audio, batch } = checkOptions(spec, profile)
  const dataset = getDatasetByRoot(store, spec.datasetRoot)
  if (!dataset) throw new AppError('dataset-not-open', `${spec.datasetRoot} is not in the catalog: open it first (avsal open DIR)`)
  const picked = pickVideos(store, dataset.id, spec.datasetRoot, spec.videos)
  if (picked.videos.length === 0) throw new AppError('nothing-to-infer', `${spec.datasetRoot} has no videos${picked.missing.length ? ' present (all are missing)' : ''}`)
  requireFramesInRange(picked.videos, spec.frames, spec.datasetRoot)

  // Audio needs are checked before anything is logged: a missing soundtrack is a usage error.
  const audioPool = listVideoSummaries(store, dataset.id, { includeMissing: false })
    .filter((s) => s.hasAudio)
    .map((s) => s.id)
  if ((audio === 'real' || audio === 'random' || audio === 'wolfram') && !spec.silentIfNoAudio) {
    const silent = picked.videos.find((v) => !v.hasAudio || !v.audioPath)
    if (silent) throw noAudioError(silent, spec.model)
  }
  if (audio === 'shuffled') shuffledDonor(picked.videos[0].id, audioPool, spec.seed ?? 0, dataset.name)
  let audioFileSha256: string | null = null
  if (audio === 'file') {
    if (!spec.audioFile) throw new AppError('bad-argument', "the 'file' condition needs an audio file (--audio-file F)")
    audioFileSha256 = await checkAudioFile(spec.audioFile)
  }

  const weights = await resolveWeights(spec.model, profile.spec.needsWeights, spec.weights)
  const released = profile.spec.inputs[0].defaultShape
  const customSize = profile.inputSize[0] !== released[3] || profile.inputSize[1] !== released[4]
  const variant = customSize ? `${profile.inputSize[0]}x${profile.inputSize[1]}` : ''
  const model = registerModelRecord(store, {
    architecture: spec.model,
    variant,
    checkpointPath: spec.weights?.kind === 'file' ? spec.weights.path : null,
    checkpointSha256: weights.sha256,
    provenance: weights.provenance
  })
  return {
    profile,
    audio,
    batch,
    runtime: spec.runtime ?? 'ort',
    seed: spec.seed ?? 0,
    datasetId: dataset.id,
    datasetName: dataset.name,
    videos: picked.videos,
    audioPool,
    weights,
    model,
    modelKey: variant ? `${spec.model}@${variant}` : spec.model,
    weightsHash: weights.sha256 ?? 'none',
    customSize,
    missingVideos: picked.missing,
    audioFileSha256,
    conditionKey: conditionCacheKey(audio, spec.seed ?? 0, audioFileSha256)
  }
}

/** The run row of an inference run: its config is the spec, so a stopped run can be resumed from it. */
export function inferenceRun(spec: InferenceSpec, plan: InferencePlan): Omit<NewRun, 'owner' | 'device'> {
  return {
    kind: 'infer',
    modelId: plan.model.id,
    datasetId: plan.datasetId,
    audioCondition: plan.audio,
    config: {
      ...spec,
      model: spec.model,
      weights: spec.weights ?? { kind: 'none' },
      weightsLabel: plan.weights.label,
      weightsSha256: plan.weights.sha256,
      inputSize: plan.profile.inputSize,
      audioCondition: plan.audio,
      videos: spec.videos ?? null,
      frames: spec.frames ?? null,
      runtime: plan.runtime,
      batch: plan.batch,
      seed: plan.seed,
      label: spec.label ?? null,
      procedure: plan.profile.procedure,
      missingVideos: plan.missingVideos,
      audioFileSha256: plan.audioFileSha256,
      conditionKey: plan.conditionKey
    },
    runtime: runtimeLabel(plan.runtime),
    // the provider the run expects; the executor's actual one is tagged 'provider' once it runs
    backend: plan.runtime === 'ort' ? (inferenceDevice('ort').startsWith('cuda') ? 'cuda' : 'cpu') : null,
    params: { model: plan.modelKey, audio: plan.audio, weights_sha256: plan.weightsHash, batch: String(plan.batch) },
    tags: spec.label ? { label: spec.label } : undefined
  }
}

