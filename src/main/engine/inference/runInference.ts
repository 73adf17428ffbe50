// An inference run: a model over the chosen videos of an open dataset, maps cached as PNG per
// (model, weights sha256, video, audio condition), the run in the experiment log with its
// config, runtime, provider and stage timings. Frames already on disk are skipped (resume);
// a cancel lands between clip batches; any failure (import, out-of-memory, executor) ends the
// run as failed with the message, and what was written stays.
import { copyFile, mkdir } from 'node:fs/promises'

import { basename, extname, join } from 'node:path'

import * as ort from 'onnxruntime-node'
import type { VideoRecord } from '../../../shared/types'

import type { FfmpegBinaries } from '../../media'

import { createExecutor, type Executor, type RuntimeName } from '../../models/graph/executor'

import { ensureRuntime } from '../../models/predict'

import { ortCudaInstalled } from '../../models/onnx'

import {
  addPredictionLayer,
  beginPredictionCache,
  createRun,
  finishRun,
  findPredictionCache,
  getDatasetByRoot,
  getVideoRecord,
  listVideoSummaries,
  logMetrics,
  markPredictionCacheComplete,
  registerModel as registerModelRecord,
  setRunNotes,
  setRunTag,
  startRun,
  type AudioCondition,
  type Store
} from '../../store'

import { AUDIO_CONDITION_NAMES, shuffledDonor, type AudioConditionName } from './audio'

import { ensureDir, framesOnDisk, predictionDir, predictionFileName } from './cache'

import type { ClipPlan, ClipSchedule } from './clips'

import { openFrameSource } from './frameSource'

import { inferenceProfile, type InferenceProfile } from './profiles'

import { loadSoundtrack, noAudioError, type Soundtrack } from './soundtrack'

import { allocateBatch, runVideoPass, type StageSeconds } from './videoPass'

import { loadGraphWeights, resolveWeights, type InferenceWeights, type ResolvedWeights } from './weights'
import { AppError, isAppError } from '../../../shared/errors'


export interface InferenceSpec {
  datasetRoot: string
  model: string
  weights?: InferenceWeights
  /** video names (default: all) */
  videos?: string[]
  /** audio-visual models only; default 'real' */
  audio?: AudioConditionName
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
}

export interface VideoInferenceNote {
  video: string
  videoId: number
  frames: number
  written: number
  /** frames whose map was already cached */
  skipped: number
  dir: string
  complete: boolean
  /** whose soundtrack it heard under 'shuffled' */
  donor: string | null
  outDir: string | null
  notes: string[]
}

export interface InferenceTiming {
  /** checkpoint import + graph build + session creation */
  loadSeconds: number
  decodeSeconds: number
  preprocessSeconds: number
  forwardSeconds: number
  postprocessSeconds: number
  totalSeconds: number
}

export interface InferenceResult {
  runId: string
  status: 'done' | 'cancelled'
  model: string
  modelId: number
  weightsSha256: string | null
  audioCondition: AudioCondition
  runtime: RuntimeName
  provider: string
  batch: number
  clipsRun: number
  framesWritten: number
  framesSkipped: number
  videos: VideoInferenceNote[]
  timing: InferenceTiming
  notes: string[]
}

interface PlannedVideo {
  record: VideoRecord
  schedule: ClipSchedule
  dir: string
  done: Uint8Array
  alreadyComplete: boolean
  pendingClips: ClipPlan[]
  pendingFrames: number
}

const DEFAULT_BATCH = 1

function runtimeLabel(runtime: RuntimeName): string {
  if (runtime !== 'ort') return runtime
  const versions = (ort.env as { versions?: { node?: string; common?: string } }).versions
  const version = versions?.node ?? versions?.common
  return version ? `onnxruntime-node ${version}` : 'onnxruntime-node'
}

function checkOptions(spec: InferenceSpec, profile: InferenceProfile): { audio: AudioCondition; batch: number } {
  const batch = spec.batch ?? DEFAULT_BATCH
  if (!Number.isInteger(batch) || batch < 1 || batch > 256) throw new AppError('bad-argument', `batch must be an integer 1…256, got ${spec.batch}`)
  if (spec.threads !== undefined && (!Number.isInteger(spec.threads) || spec.threads < 1)) {
    throw new AppError('bad-argument', `threads must be a positive integer, got ${spec.threads}`)
  }
  if (profile.audioSamples === null) {
    if (spec.audio !== undefined) throw new AppError('bad-argument', `'${spec.model}' is visual-only; an audio condition does not apply (drop --audio)`)
    return { audio: 'none', batch }
  }
  const audio = spec.audio ?? 'real'
  if (!AUDIO_CONDITION_NAMES.includes(audio)) {
    throw new AppError('bad-argument', `audio condition must be one of ${AUDIO_CONDITION_NAMES.join(', ')}, got ${JSON.stringify(audio)}`)
  }
  return { audio, batch }
}

function pickVideos(store: Store, datasetId: number, root: string, names: string[] | undefined): VideoRecord[] {
  const summaries = listVideoSummaries(store, datasetId)
  const wanted = names?.length ? new Set(names) : null
  if (wanted) {
    const unknown = [...wanted].filter((name) => !summaries.some((s) => s.name === name))
    if (unknown.length) {
      throw new AppError('unknown-video', `no video named ${unknown.join(', ')} in ${root}`, [
        `videos in this dataset: ${summaries.slice(0, 20).map((s) => s.name).join(', ')}${summaries.length > 20 ? ', …' : ''}`
      ])
    }
  }
  return summaries
    .filter((s) => !wanted || wanted.has(s.name))
    .map((s) => getVideoRecord(store, s.id))
    .filter((r): r is VideoRecord => r !== null)
}

/** GT map name, else frame file name, else frame_%06d — with .png, so `avsal eval --pred` pairs by name. */
export function outputFileName(video: VideoRecord, frame: number): string {
  const named = video.maps?.files[frame] ?? (video.frames.kind === 'frames' ? video.frames.files[frame] : null)
  return named ? `${basename(named, extname(named))}.png` : predictionFileName(frame)
}

async function copyToOut(video: VideoRecord, dir: string, outDir: string): Promise<string> {
  const target = video.group ? join(outDir, video.group, video.name) : join(outDir, video.name)
  await mkdir(target, { recursive: true })
  for (let i = 0; i < video.frameCount; i++) await copyFile(join(dir, predictionFileName(i)), join(target, outputFileName(video, i)))
  return target
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)

export async function runInference(store: Store, spec: InferenceSpec, hooks: InferenceHooks = {}, ffmpeg?: FfmpegBinaries): Promise<InferenceResult> {
  const started = performance.now()
  const profile = inferenceProfile(spec.model, spec.inputSize)
  const { audio, batch } = checkOptions(spec, profile)
  const runtime: RuntimeName = spec.runtime ?? 'ort'
  const seed = spec.seed ?? 0
  const dataset = getDatasetByRoot(store, spec.datasetRoot)
  if (!dataset) throw new AppError('dataset-not-open', `${spec.datasetRoot} is not in the catalog: open it first (avsal open DIR)`)
  const videos = pickVideos(store, dataset.id, spec.datasetRoot, spec.videos)
  if (videos.length === 0) throw new AppError('nothing-to-infer', `${spec.datasetRoot} has no videos`)

  // Audio needs are checked before anything is logged: a missing soundtrack is a usage error.
  const audioPool = listVideoSummaries(store, dataset.id).filter((s) => s.hasAudio).map((s) => s.id)
  if (audio === 'real' || audio === 'random') {
    const silent = videos.find((v) => !v.hasAudio || !v.audioPath)
    if (silent) throw noAudioError(silent, spec.model)
  }
  if (audio === 'shuffled') shuffledDonor(videos[0].id, audioPool, seed, dataset.name)

  const weights: ResolvedWeights = await resolveWeights(spec.model, profile.spec.needsWeights, spec.weights)
  const released = profile.spec.inputs[0].defaultShape
  const customSize = profile.inputSize[0] !== released[3] || profile.inputSize[1] !== released[4]
  const variant = customSize ? `${profile.inputSize[0]}x${profile.inputSize[1]}` : ''
  const modelKey = variant ? `${spec.model}@${variant}` : spec.model
  const modelRecord = registerModelRecord(store, {
    architecture: spec.model,
    variant,
    checkpointPath: spec.weights?.kind === 'file' ? spec.weights.path : null,
    checkpointSha256: weights.sha256,
    provenance: weights.provenance
  })
  const weightsHash = weights.sha256 ?? 'none'

  const planned: PlannedVideo[] = videos.map((record) => {
    const schedule = profile.schedule(record.frameCount)
    const dir = predictionDir({ cacheDir: spec.cacheDir, modelKey, weightsHash, audioCondition: audio, videoId: record.id, videoName: record.name })
    const done = framesOnDisk(dir, record.frameCount)
    const cached = findPredictionCache(store, { modelId: modelRecord.id, weightsHash, videoId: record.id, audioCondition: audio })
    const allOnDisk = done.every((d) => d === 1)
    const pendingClips = allOnDisk ? [] : schedule.clips.filter((c) => c.targets.some((t) => !done[t]))
    const pendingFrames = record.frameCount - sum([...done])
    return { record, schedule, dir, done, alreadyComplete: Boolean(cached?.complete) && allOnDisk, pendingClips, pendingFrames }
  })
  const total = sum(planned.map((p) => p.pendingFrames))
  const expectedProvider = runtime === 'ort' ? (ortCudaInstalled() ? 'cuda' : 'cpu') : null
  const config = {
    model: spec.model,
    inputSize: profile.inputSize,
    weights: weights.label,
    weightsSha256: weights.sha256,
    audioCondition: audio,
    videos: spec.videos ?? null,
    runtime,
    threads: spec.threads ?? null,
    batch,
    seed,
    cacheDir: spec.cacheDir,
    outDir: spec.outDir ?? null,
    label: spec.label ?? null,
    procedure: profile.procedure
  }
  const run = createRun(store, {
    kind: 'infer',
    modelId: modelRecord.id,
    datasetId: dataset.id,
    config,
    runtime: runtimeLabel(runtime),
    backend: expectedProvider,
    params: { model: modelKey, audio, weights_sha256: weightsHash, batch: String(batch) },
    tags: spec.label ? { label: spec.label } : undefined
  })
  startRun(store, run.id)
  hooks.runCreated?.(run.id)

  const seconds: StageSeconds = { decode: 0, preprocess: 0, forward: 0, postprocess: 0 }
  const notes: string[] = [profile.procedure, `weights: ${weights.provenance}`]
  if (customSize) notes.push(`input ${profile.inputSize[0]}×${profile.inputSize[1]} instead of the released ${released[3]}×${released[4]}`)
  if (audio === 'random') notes.push('random audio: Gaussian white noise with the RMS of the real excerpt it replaces, seeded per clip, Hann-windowed as real audio')
  const notesByVideo: VideoInferenceNote[] = []
  let loadSeconds = 0
  let executor: Executor | null = null
  let provider = expectedProvider ?? runtime
  let done = 0
  let clipsRun = 0

  const finishNotes = (): void => {
    setRunNotes(store, run.id, [...notes, ...notesByVideo.flatMap((v) => v.notes.map((line) => `${v.video}: ${line}`))].join('\n'))
  }
  const timing = (): InferenceTiming => ({
    loadSeconds,
    decodeSeconds: seconds.decode,
    preprocessSeconds: seconds.preprocess,
    forwardSeconds: seconds.forward,
    postprocessSeconds: seconds.postprocess,
    totalSeconds: (performance.now() - started) / 1000
  })
  const logTiming = (): void => {
    const t = timing()
    logMetrics(store, run.id, [
      { key: 'seconds_load', value: t.loadSeconds },
      { key: 'seconds_decode', value: t.decodeSeconds },
      { key: 'seconds_preprocess', value: t.preprocessSeconds },
      { key: 'seconds_forward', value: t.forwardSeconds },
      { key: 'seconds_postprocess', value: t.postprocessSeconds },
      { key: 'seconds_total', value: t.totalSeconds },
      { key: 'frames_written', value: done },
      { key: 'clips_run', value: clipsRun }
    ])
  }
  const result = (status: 'done' | 'cancelled'): InferenceResult => ({
    runId: run.id,
    status,
    model: spec.model,
    modelId: modelRecord.id,
    weightsSha256: weights.sha256,
    audioCondition: audio,
    runtime,
    provider,
    batch,
    clipsRun,
    framesWritten: done,
    framesSkipped: sum(notesByVideo.map((v) => v.skipped)),
    videos: notesByVideo,
    timing: timing(),
    notes
  })

  try {
    const needsForward = planned.some((p) => p.pendingClips.length > 0)
    if (needsForward) {
      const t0 = performance.now()
      const graph = profile.spec.build(profile.inputShapes(batch))
      const weightMap = await loadGraphWeights(spec.model, graph, weights)
      ensureRuntime(runtime)
      executor = await createExecutor(runtime, graph, weightMap, { threads: spec.threads })
      provider = executor.provider
      setRunTag(store, run.id, 'provider', executor.provider)
      loadSeconds = (performance.now() - t0) / 1000
    }
    const buffers = needsForward ? allocateBatch(profile, batch) : null
    for (const plan of planned) {
      const video = plan.record
      const note: VideoInferenceNote = {
        video: video.name,
        videoId: video.id,
        frames: video.frameCount,
        written: 0,
        skipped: video.frameCount - plan.pendingFrames,
        dir: plan.dir,
        complete: false,
        donor: null,
        outDir: null,
        notes: [...plan.schedule.notes]
      }
      notesByVideo.push(note)
      const key = { modelId: modelRecord.id, weightsHash, videoId: video.id, audioCondition: audio }
      if (!plan.alreadyComplete) {
        ensureDir(plan.dir)
        const cache = beginPredictionCache(store, key, plan.dir, video.frameCount)
        if (plan.pendingClips.length > 0 && executor && buffers) {
          let soundtrack: Soundtrack | null = null
          if (profile.audioSamples !== null && audio !== 'none') {
            soundtrack = await loadSoundtrack(video, audio, {
              model: spec.model,
              seed,
              audioPool,
              datasetLabel: dataset.name,
              videoById: (id) => {
                const record = getVideoRecord(store, id)
                if (!record) throw new AppError('bad-argument', `video ${id} vanished from the catalog`)
                return record
              },
              ffmpeg
            })
            note.donor = soundtrack.donor
            if (soundtrack.donor) note.notes.push(`shuffled audio: the soundtrack of ${soundtrack.donor}`)
            if (video.fps <= 10) note.notes.push(`${video.fps} fps: clip excerpts longer than the ${profile.audioSamples}-sample buffer keep their centre`)
          }
          const source = await openFrameSource(video, ffmpeg)
          try {
            const pass = await runVideoPass({
              video,
              profile,
              executor,
              buffers,
              clips: plan.pendingClips,
              done: plan.done,
              dir: plan.dir,
              soundtrack,
              seed,
              source,
              seconds,
              wrote: (frame) => {
                done++
                note.written++
                hooks.progress?.(done, total, `${video.name} frame ${frame}`)
              },
              cancelled: () => hooks.cancelled?.() ?? false
            })
            clipsRun += pass.clipsRun
          } finally {
            source.close()
          }
        }
        const missing = plan.done.reduce((m, d) => m + (d ? 0 : 1), 0)
        if (missing > 0) throw new AppError('frame-stream', `${video.name}: ${missing} frame(s) still have no map after the pass`)
        markPredictionCacheComplete(store, cache.id)
      }
      note.complete = true
      addPredictionLayer(store, video.id, plan.dir, `${modelKey} · ${audio === 'none' ? 'visual' : `audio ${audio}`} · ${weights.label}`)
      if (spec.outDir) {
        const t0 = performance.now()
        note.outDir = await copyToOut(video, plan.dir, spec.outDir)
        seconds.postprocess += (performance.now() - t0) / 1000
      }
    }
    logTiming()
    finishNotes()
    finishRun(store, run.id, 'done')
    return result('done')
  } catch (err) {
    logTiming()
    finishNotes()
    if (isAppError(err, 'cancelled')) {
      finishRun(store, run.id, 'cancelled')
      return result('cancelled')
    }
    finishRun(store, run.id, 'failed', err instanceof Error ? err.message : String(err))
    throw err
  } finally {
    await executor?.dispose()
  }
}
