// Planning an audio-swap study before it exists: an audio-visual model (a visual-only one is
// refused), its weights, the videos and frames, the conditions (real always first), what each
// condition needs (two videos with audio for 'shuffled', a readable file for 'file'), the
// protocol, and an optional visual-only model to compare with. Nothing here loads a runtime.
import { AppError } from '../../../shared/errors'
import type { FrameRange } from '../../../shared/types'
import { presetById, type EvaluationPreset } from '../../metrics'
import type { RuntimeName } from '../../models/graph/executor'
import type { NewRun, Store } from '../../store'
import { shuffledDonor, type AudioConditionName } from '../inference/audio'
import { planInference, type InferencePlan, type InferenceSpec } from '../inference/plan'
import { inferenceProfile } from '../inference/profiles'
import { runtimeLabel } from '../inference/runtimeInfo'
import { frameHasGroundTruth } from '../evaluation/runEvaluation'
import { describeRange, rangeWithin } from '../runs/videoPicking'
import { checkAudioFile } from '../inference/conditionTrack'
import type { InferenceWeights } from '../inference/weights'

export interface StudySpec {
  datasetRoot: string
  model: string
  weights?: InferenceWeights
  videos?: string[]
  frames?: FrameRange
  /** real first, each once */
  conditions: AudioConditionName[]
  audioFile?: string
  seed: number
  /** evaluation preset of every condition */
  protocol: string
  runtime?: RuntimeName
  threads?: number
  batch?: number
  cacheDir: string
  /** where the study's report, figure and heard audio go (<data dir>/studies) */
  studiesDir: string
  visualModel?: { model: string; weights?: InferenceWeights }
  figureFrames?: number[]
  label?: string
}

export interface StudyPlan {
  /** the model's plan under real audio (videos, weights, profile, audio pool) */
  base: InferencePlan
  conditions: AudioConditionName[]
  audioFileSha256: string | null
  /** the features the model's fusion stage combines */
  fused: { visual: string; audio: string }
  preset: EvaluationPreset
  visual: InferencePlan | null
}

/** 'real' first (every other condition is compared with it), each condition once. */
export function studyConditions(requested: readonly AudioConditionName[]): AudioConditionName[] {
  return ['real', ...new Set(requested.filter((c) => c !== 'real'))]
}

export function modelSpecOf(spec: StudySpec, audio: AudioConditionName): InferenceSpec {
  return {
    datasetRoot: spec.datasetRoot,
    model: spec.model,
    weights: spec.weights,
    videos: spec.videos,
    frames: spec.frames,
    audio,
    audioFile: audio === 'file' ? spec.audioFile : undefined,
    runtime: spec.runtime,
    threads: spec.threads,
    batch: spec.batch,
    seed: spec.seed,
    cacheDir: spec.cacheDir,
    silentIfNoAudio: true,
    label: spec.label
  }
}

export async function planStudy(store: Store, spec: StudySpec): Promise<StudyPlan> {
  // the models' kinds first: their messages say what a study needs, not what inference does
  if (inferenceProfile(spec.model).audioSamples === null) {
    throw new AppError('bad-argument', `'${spec.model}' is visual-only: an audio-swap study needs a model that hears (an AViNet variant or STAViS); add it as the visual-only comparison (--visual-model) instead`)
  }
  if (spec.visualModel && inferenceProfile(spec.visualModel.model).audioSamples !== null) {
    throw new AppError('bad-argument', `the comparison model '${spec.visualModel.model}' hears audio; choose a visual-only model (vinet, stavis-visual, center-bias)`)
  }
  const base = await planInference(store, modelSpecOf(spec, 'real'))
  const scorable = base.videos.some((video) => {
    const range = rangeWithin(spec.frames, video.frameCount)
    if (!range) return false
    for (let i = range.first; i <= range.last; i++) if (frameHasGroundTruth(video, i)) return true
    return false
  })
  if (!scorable) {
    throw new AppError(
      'nothing-to-evaluate',
      `no video of ${base.datasetName}${spec.frames ? ` in ${describeRange(spec.frames)}` : ''} has ground truth (maps, fixations or raw gaze): the study scores every condition against it`
    )
  }
  const fusion = base.profile.spec.stages.find((s) => s.name === 'fusion')
  if (!fusion?.fused) throw new AppError('bad-argument', `'${spec.model}' declares no fusion stage, so its audio cannot be swapped stage by stage`)
  const conditions = studyConditions(spec.conditions)
  if (conditions.length < 2) throw new AppError('bad-argument', 'an audio-swap study needs at least one condition besides real (zero, random, wolfram, shuffled or file)')
  if (conditions.includes('shuffled')) {
    if (base.audioPool.length < 2) {
      throw new AppError(
        'shuffle-needs-videos',
        `no shuffle is possible: ${base.datasetName} has ${base.audioPool.length} video(s) with an audio track, and 'shuffled' plays each video another video's track; leave 'shuffled' out or use a dataset with several videos`
      )
    }
    shuffledDonor(base.videos[0].id, base.audioPool, spec.seed, base.datasetName)
  }
  let audioFileSha256: string | null = null
  if (conditions.includes('file')) {
    if (!spec.audioFile) throw new AppError('bad-argument', "the 'file' condition needs an audio file (--audio-file F)")
    audioFileSha256 = await checkAudioFile(spec.audioFile)
  }
  let visual: InferencePlan | null = null
  if (spec.visualModel) {
    visual = await planInference(store, {
      datasetRoot: spec.datasetRoot,
      model: spec.visualModel.model,
      weights: spec.visualModel.weights,
      videos: spec.videos,
      frames: spec.frames,
      runtime: spec.runtime,
      threads: spec.threads,
      batch: spec.batch,
      cacheDir: spec.cacheDir
    })
  }
  return { base, conditions, audioFileSha256, fused: fusion.fused, preset: presetById(spec.protocol), visual }
}

/** The study's run row ('study'): its config is the spec with what the plan resolved. */
export function studyRun(spec: StudySpec, plan: StudyPlan): Omit<NewRun, 'owner' | 'device'> {
  return {
    kind: 'study',
    modelId: plan.base.model.id,
    datasetId: plan.base.datasetId,
    config: {
      ...spec,
      weights: spec.weights ?? { kind: 'none' },
      weightsLabel: plan.base.weights.label,
      weightsSha256: plan.base.weights.sha256,
      conditions: plan.conditions,
      protocol: plan.preset.id,
      audioFileSha256: plan.audioFileSha256,
      videos: spec.videos ?? null,
      frames: spec.frames ?? null,
      runtime: plan.base.runtime,
      batch: plan.base.batch,
      visualModel: spec.visualModel ?? null,
      figureFrames: spec.figureFrames ?? null,
      label: spec.label ?? null
    },
    runtime: runtimeLabel(plan.base.runtime),
    params: { model: plan.base.modelKey, conditions: plan.conditions.join(','), weights_sha256: plan.base.weightsHash, protocol: plan.preset.id, seed: String(spec.seed) },
    tags: spec.label ? { label: spec.label } : undefined
  }
}
