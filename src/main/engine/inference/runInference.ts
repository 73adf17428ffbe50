// An inference run: a model over the chosen videos (and frame range) of an open dataset, maps
// cached as PNG per (model, weights sha256, video, audio condition), the run in the experiment
// log with its config, runtime, provider and stage timings. Planning (options, videos, audio
// needs, the weights' identity) happens before a run exists, so a bad request leaves no failed
// run behind. Frames already on disk are skipped (resume); one run at a time writes a cache
// folder (a lock shared by every process using the log); a cancel or a stop lands between clip
// batches; any failure ends the run as failed with the message, and what was written stays.
import { copyFile, mkdir } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { AppError, isAppError } from '../../../shared/errors'
import type { FrameRange, VideoRecord } from '../../../shared/types'
import { thisProcessOwner } from '../../core/processOwner'
import type { FfmpegBinaries } from '../../media'
import { createExecutor, type Executor } from '../../models/graph/executor'
import { ensureRuntime } from '../../models/predict'
import {
  addPredictionLayer,
  beginPredictionCache,
  findPredictionCache,
  getVideoRecord,
  markPredictionCacheComplete,
  setRunNotes,
  setRunTag,
  type Store
} from '../../store'
import { createJobContext, type JobContext } from '../runs/jobContext'
import type { JobOutcome } from '../runs/jobKind'
import { withRun } from '../runs/lifecycle'
import { describeRange, rangeWithin } from '../runs/videoPicking'
import { ensureDir, framesOnDisk, predictionDir, predictionFileName } from './cache'
import { openFrameSource } from './frameSource'
import { inferenceRun, planInference, type InferenceHooks, type InferencePlan, type InferenceResult, type InferenceSpec, type InferenceTiming, type VideoInferenceNote } from './plan'
import { fillFromTrack, loadConditionTrack, type ConditionTrack } from './conditionTrack'
import type { ClipPlan, ClipSchedule } from './clips'
import { runVideoPass, singleConditionStep, type StageSeconds } from './videoPass'
import { loadGraphWeights } from './weights'

export { inferenceRun, planInference, type InferenceHooks, type InferencePlan, type InferenceResult, type InferenceSpec, type InferenceTiming, type VideoInferenceNote }

/** GT map name, else frame file name, else frame_%06d — with .png, so `avsal eval --pred` pairs by name. */
export function outputFileName(video: VideoRecord, frame: number): string {
  const named = video.maps?.files[frame] ?? (video.frames.kind === 'frames' ? video.frames.files[frame] : null)
  return named ? `${basename(named, extname(named))}.png` : predictionFileName(frame)
}

async function copyToOut(video: VideoRecord, dir: string, outDir: string, range: FrameRange): Promise<string> {
  const target = video.group ? join(outDir, video.group, video.name) : join(outDir, video.name)
  await mkdir(target, { recursive: true })
  for (let i = range.first; i <= range.last; i++) await copyFile(join(dir, predictionFileName(i)), join(target, outputFileName(video, i)))
  return target
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0)

/** done[i] = 1 for frames already on disk or outside the range: the pass computes the rest. */
function framesToSkip(onDisk: Uint8Array, range: FrameRange): Uint8Array {
  const skip = Uint8Array.from(onDisk)
  for (let i = 0; i < skip.length; i++) if (i < range.first || i > range.last) skip[i] = 1
  return skip
}

/**
 * The work of an inference run that exists and is running (the job process, or runInference
 * in-process). Returns 'done', 'cancelled' or 'stopped-resumable' with what it wrote.
 */
export async function executeInference(ctx: JobContext, spec: InferenceSpec, plan: InferencePlan): Promise<JobOutcome<InferenceResult>> {
  const started = performance.now()
  const { profile, audio, batch, runtime, seed, weights, modelKey, weightsHash } = plan
  const store = ctx.store
  const released = profile.spec.inputs[0].defaultShape
  const seconds: StageSeconds = { decode: 0, preprocess: 0, forward: 0, postprocess: 0 }
  const notes: string[] = [profile.procedure, `weights: ${weights.provenance}`]
  if (plan.customSize) notes.push(`input ${profile.inputSize[0]}×${profile.inputSize[1]} instead of the released ${released[3]}×${released[4]}`)
  if (audio === 'random') notes.push("random audio: one seeded Gaussian noise track per video at the real track's global RMS; clips cut from it like real audio")
  if (audio === 'wolfram') notes.push("wolfram audio: Rule 30 noise per video (seeded), rank-matched to the real track's samples; clips cut from it like real audio")
  if (audio === 'file' && spec.audioFile) notes.push(`file audio: ${spec.audioFile} (sha256 ${plan.audioFileSha256 ?? '?'}), resampled to 22,050 Hz mono`)
  if (spec.frames) notes.push(`${describeRange(spec.frames)} of each video; clips read the frames before the range they need as context, so these maps equal a full run's`)
  if (plan.missingVideos.length) notes.push(`left out (file gone from the folder): ${plan.missingVideos.join(', ')}`)
  const ranges = new Map(plan.videos.map((v) => [v.id, rangeWithin(spec.frames, v.frameCount)]))
  const total = sum(plan.videos.map((v) => {
    const r = ranges.get(v.id)
    return r ? r.last - r.first + 1 : 0
  }))
  const notesByVideo: VideoInferenceNote[] = []
  let loadSeconds = 0
  let executor: Executor | null = null
  let provider = runtime === 'ort' ? 'cpu' : runtime
  let progressed = 0
  let written = 0
  let clipsRun = 0

  const timing = (): InferenceTiming => ({
    loadSeconds,
    decodeSeconds: seconds.decode,
    preprocessSeconds: seconds.preprocess,
    forwardSeconds: seconds.forward,
    postprocessSeconds: seconds.postprocess,
    totalSeconds: (performance.now() - started) / 1000
  })
  const report = (status: InferenceResult['status']): InferenceResult => ({
    runId: ctx.runId,
    status,
    model: spec.model,
    modelId: plan.model.id,
    weightsSha256: weights.sha256,
    audioCondition: audio,
    runtime,
    provider,
    batch,
    clipsRun,
    framesWritten: written,
    framesSkipped: sum(notesByVideo.map((v) => v.skipped)),
    frames: spec.frames ?? null,
    videos: notesByVideo,
    timing: timing(),
    notes
  })
  const record = (): void => {
    const t = timing()
    ctx.logMetrics([
      { key: 'seconds_load', value: t.loadSeconds },
      { key: 'seconds_decode', value: t.decodeSeconds },
      { key: 'seconds_preprocess', value: t.preprocessSeconds },
      { key: 'seconds_forward', value: t.forwardSeconds },
      { key: 'seconds_postprocess', value: t.postprocessSeconds },
      { key: 'seconds_total', value: t.totalSeconds },
      { key: 'frames_written', value: written },
      { key: 'clips_run', value: clipsRun }
    ])
    setRunNotes(store, ctx.runId, [...notes, ...notesByVideo.flatMap((v) => v.notes.map((line) => `${v.video}: ${line}`))].join('\n'))
  }
  const openExecutor = async (): Promise<Executor> => {
    if (!executor) {
      const t0 = performance.now()
      const graph = profile.spec.build(profile.inputShapes(batch))
      const weightMap = await loadGraphWeights(spec.model, graph, weights)
      ensureRuntime(runtime)
      executor = await createExecutor(runtime, graph, weightMap, { threads: spec.threads })
      provider = executor.provider
      setRunTag(store, ctx.runId, 'provider', executor.provider)
      loadSeconds += (performance.now() - t0) / 1000
    }
    return executor
  }

  try {
    for (const video of plan.videos) {
      const range = ranges.get(video.id)
      if (!range) {
        notesByVideo.push({ video: video.name, videoId: video.id, frames: video.frameCount, written: 0, skipped: 0, dir: '', complete: false, donor: null, outDir: null, notes: [`has no frame in ${describeRange(spec.frames)}`] })
        continue
      }
      const dir = predictionDir({ cacheDir: spec.cacheDir, modelKey, weightsHash, audioCondition: plan.conditionKey, videoId: video.id, videoName: video.name })
      // one writer per cache folder, across jobs and processes
      const release = await ctx.acquireLock(`predictions:${dir}`, `the maps in ${dir}`)
      try {
        await inferVideo(video, range, dir)
      } finally {
        release()
      }
    }
    record()
    return { status: 'done', result: report('done') }
  } catch (err) {
    record()
    if (isAppError(err, 'cancelled') && (ctx.cancelRequested() || ctx.stopRequested())) {
      const stopped = ctx.stopRequested() && !ctx.cancelRequested()
      const reason = `${stopped ? 'stopped' : 'cancelled'} after ${written} of ${total} maps; the cache keeps them`
      return { status: stopped ? 'stopped-resumable' : 'cancelled', reason, result: report(stopped ? 'stopped-resumable' : 'cancelled') }
    }
    throw err
  } finally {
    await (executor as Executor | null)?.dispose()
  }

  async function inferVideo(video: VideoRecord, range: FrameRange, dir: string): Promise<void> {
    const schedule: ClipSchedule = profile.schedule(video.frameCount)
    const onDisk = framesOnDisk(dir, video.frameCount)
    const skip = framesToSkip(onDisk, range)
    const inRange = range.last - range.first + 1
    const cachedInRange = inRange - skip.reduce((m, d, i) => m + (d === 0 && i >= range.first && i <= range.last ? 1 : 0), 0)
    const pendingClips = schedule.clips.filter((c) => c.targets.some((t) => !skip[t]))
    const note: VideoInferenceNote = {
      video: video.name,
      videoId: video.id,
      frames: inRange,
      written: 0,
      skipped: cachedInRange,
      dir,
      complete: false,
      donor: null,
      outDir: null,
      notes: [...schedule.notes]
    }
    notesByVideo.push(note)
    if (cachedInRange > 0) {
      progressed += cachedInRange
      ctx.progress(progressed, total, `${video.name}: ${cachedInRange} maps already cached`)
    }
    const key = { modelId: plan.model.id, weightsHash, videoId: video.id, audioCondition: plan.conditionKey }
    const allOnDisk = onDisk.every((d) => d === 1)
    const alreadyComplete = Boolean(findPredictionCache(store, key)?.complete) && allOnDisk
    if (!alreadyComplete) {
      ensureDir(dir)
      const cache = beginPredictionCache(store, key, dir, video.frameCount, ctx.runId)
      if (pendingClips.length > 0) {
        const exec = await openExecutor()
        let soundtrack: ConditionTrack | null = null
        if (profile.audioSamples !== null && audio !== 'none') {
          soundtrack = await loadConditionTrack(video, audio, {
            model: spec.model,
            seed,
            audioPool: plan.audioPool,
            datasetLabel: plan.datasetName,
            audioFile: spec.audioFile,
            audioFileSha256: plan.audioFileSha256,
            silentIfMissing: spec.silentIfNoAudio ?? false,
            videoById: (id) => {
              const found = getVideoRecord(store, id)
              if (!found) throw new AppError('bad-argument', `video ${id} vanished from the catalog`)
              return found
            },
            ffmpeg: ctx.ffmpeg()
          })
          note.donor = soundtrack.donor
          if (soundtrack.donor) note.notes.push(`shuffled audio: the soundtrack of ${soundtrack.donor}`)
          for (const flag of soundtrack.flags) note.notes.push(flag)
          if (video.fps <= 10) note.notes.push(`${video.fps} fps: clip excerpts longer than the ${profile.audioSamples}-sample buffer keep their centre`)
        }
        const source = await openFrameSource(video, ctx.ffmpeg())
        try {
          const heard = soundtrack
          const fillAudio = heard
            ? (out: Float32Array, clip: ClipPlan): void => fillFromTrack(out, heard, clip)
            : null
          const pass = await runVideoPass({
            video,
            profile,
            clips: pendingClips,
            batch,
            source,
            seconds,
            runBatch: singleConditionStep({
              video,
              profile,
              executor: exec,
              fillAudio,
              batch,
              done: skip,
              dir,
              seconds,
              wrote: (frame) => {
                written++
                note.written++
                progressed++
                ctx.progress(progressed, total, `${video.name} frame ${frame}`)
              }
            }),
            cancelled: () => ctx.cancelRequested() || ctx.stopRequested()
          })
          clipsRun += pass.clipsRun
        } finally {
          source.close()
        }
      }
      const nowOnDisk = framesOnDisk(dir, video.frameCount)
      let missing = 0
      for (let i = range.first; i <= range.last; i++) if (!nowOnDisk[i]) missing++
      if (missing > 0) throw new AppError('frame-stream', `${video.name}: ${missing} frame(s) of ${describeRange(range)} still have no map after the pass`)
      if (nowOnDisk.every((d) => d === 1)) markPredictionCacheComplete(store, cache.id)
      else note.notes.push(`${describeRange(range)} computed; the cache holds ${nowOnDisk.reduce((m, d) => m + d, 0)} of ${video.frameCount} maps`)
    }
    note.complete = true
    addPredictionLayer(store, video.id, dir, `${modelKey} · ${audio === 'none' ? 'visual' : `audio ${audio}`} · ${weights.label}`, {
      runId: ctx.runId,
      modelId: plan.model.id,
      weightsSha256: weights.sha256,
      audioCondition: audio
    })
    ctx.addArtifact({ kind: 'predictions', path: dir })
    if (spec.outDir) {
      const t0 = performance.now()
      note.outDir = await copyToOut(video, dir, spec.outDir, range)
      seconds.postprocess += (performance.now() - t0) / 1000
    }
  }
}

/** In-process inference (tests, benchmarks, `avsal predict`-like tools): plan, then one run through the shared lifecycle. */
export async function runInference(store: Store, spec: InferenceSpec, hooks: InferenceHooks = {}, ffmpeg?: FfmpegBinaries): Promise<InferenceResult> {
  const plan = await planInference(store, spec)
  const owner = thisProcessOwner()
  const { report } = await withRun(store, inferenceRun(spec, plan), async (runId) => {
    hooks.runCreated?.(runId)
    const ctx = createJobContext({
      runId,
      store,
      owner,
      cacheDir: spec.cacheDir,
      progressIntervalMs: 0,
      sink: { progress: (done, total, message) => hooks.progress?.(done, total, message), metrics: () => undefined, artifact: () => undefined, log: () => undefined },
      cancelRequested: () => hooks.cancelled?.() ?? false,
      stopRequested: () => hooks.stopRequested?.() ?? false,
      ffmpeg: () => ffmpeg
    })
    return executeInference(ctx, spec, plan)
  })
  if (report.status !== 'failed' && report.result) return report.result
  throw new AppError('internal', `inference run ended ${report.status} without a result`)
}
