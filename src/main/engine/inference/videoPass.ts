// One pass over one video: stream its frames in order, keep only the preprocessed frames that
// pending clips still need (about T + batch of them), fill a batch of clips as soon as their last
// frame is decoded, and hand each batch to `runBatch` — one forward pass of one model for plain
// inference (singleConditionStep below), or the visual stage once and the audio and fusion
// stages per audio condition for an audio-swap study.
import type { VideoRecord } from '../../../shared/types'
import { AppError } from '../../../shared/errors'
import { writeFileAtomic } from '../../core/atomicWrite'
import { encodePngGray8 } from '../../formats/image'
import type { Executor } from '../../models/graph/executor'
import type { Float32Tensor } from '../../models/graph/types'
import { predictionFileName } from './cache'
import { lastUse, readyAt, type ClipPlan } from './clips'
import type { FrameSource } from './frameSource'
import { stavisPostprocess, vinetPostprocess, type ByteMap } from './postprocess'
import { normalisationTables, prepareFrame, writeFrameIntoClip, type PreparedFrame } from './preprocess'
import type { InferenceProfile } from './profiles'
import { join } from 'node:path'

export interface StageSeconds {
  decode: number
  preprocess: number
  forward: number
  postprocess: number
}

/** A filled batch of clips, ready for a forward pass. */
export interface ClipBatch {
  /** the clips, in schedule order (fewer than the batch size at the end of a video) */
  clips: readonly ClipPlan[]
  /** (batch, 3, T, H, W); slots past clips.length keep older data and their outputs are dropped */
  clip: Float32Tensor
}

export interface VideoPassContext {
  video: VideoRecord
  profile: InferenceProfile
  /** clips to run, in schedule order */
  clips: readonly ClipPlan[]
  /** clips per forward pass */
  batch: number
  source: FrameSource
  seconds: StageSeconds
  /** runs one batch (forward passes, post-processing, writing); may throw to stop the pass */
  runBatch(batch: ClipBatch): Promise<void>
  cancelled(): boolean
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export const now = (): number => performance.now() / 1000

export async function runVideoPass(ctx: VideoPassContext): Promise<{ clipsRun: number }> {
  const { video, profile, clips } = ctx
  const n = video.frameCount
  const use = lastUse(clips, n)
  const tables = normalisationTables(profile.recipe)
  const ring = new Map<number, PreparedFrame>()
  const [h, w] = profile.inputSize
  const T = profile.clipFrames
  const clipTensor: Float32Tensor = { shape: profile.inputShapes(ctx.batch)[0], data: new Float32Array(ctx.batch * 3 * T * h * w) }
  let next = 0
  let queued: number[] = []
  let clipsRun = 0
  const lastFrameNeeded = clips.length ? readyAt(clips[clips.length - 1]) : -1

  const runQueued = async (): Promise<void> => {
    if (queued.length === 0) return
    await yieldToEventLoop()
    if (ctx.cancelled()) throw new AppError('cancelled', `cancelled before the clips for frames ${queued.map((c) => clips[c].targets.join('+')).join(', ')}`)
    const t0 = now()
    queued.forEach((c, b) => {
      clips[c].frames.forEach((f, t) => {
        const frame = ring.get(f)
        if (!frame) throw new AppError('frame-stream', `${video.name}: frame ${f} was dropped before clip ${c} used it`)
        writeFrameIntoClip(clipTensor.data, frame, b, t, T)
      })
    })
    ctx.seconds.preprocess += now() - t0
    await ctx.runBatch({ clips: queued.map((c) => clips[c]), clip: clipTensor })
    clipsRun += queued.length
    const lastRun = queued[queued.length - 1]
    queued = []
    for (const f of [...ring.keys()]) if (use[f] <= lastRun) ring.delete(f)
  }

  for (let f = 0; f <= lastFrameNeeded; f++) {
    let t0 = now()
    const frame = await ctx.source.next(use[f] >= 0)
    const t1 = now()
    ctx.seconds.decode += t1 - t0
    if (!frame) {
      throw new AppError('frame-stream', `${video.name}: the frame stream ended after ${f} frames; the catalog says ${n} (reopen the dataset to re-index it)`)
    }
    if (use[f] >= 0) {
      if (!frame.image) throw new AppError('frame-stream', `${video.name}: frame ${f} was not decoded`)
      ring.set(f, prepareFrame(frame.image, profile.recipe, tables))
      t0 = now()
      ctx.seconds.preprocess += t0 - t1
    }
    while (next < clips.length && readyAt(clips[next]) <= f) {
      queued.push(next++)
      if (queued.length === ctx.batch) await runQueued()
    }
  }
  await runQueued()
  return { clipsRun }
}

/** The model's map of batch slot `b` as the authors' post-processing makes it (8-bit, frame size for ViNet). */
export function postprocessSlot(profile: InferenceProfile, output: Float32Tensor, b: number, video: VideoRecord): ByteMap {
  const [h, w] = profile.inputSize
  const plane = h * w
  const map = { width: w, height: h, data: output.data.subarray(b * plane, (b + 1) * plane) }
  return profile.postprocess === 'vinet' ? vinetPostprocess(map, video.width, video.height) : stavisPostprocess(map)
}

/** Writes one map as the PNG of every target frame still missing; done[t] = 1 after each. */
export async function writeTargets(dir: string, targets: readonly number[], map: ByteMap, done: Uint8Array, wrote: (frame: number) => void): Promise<void> {
  const pending = targets.filter((t) => !done[t])
  if (pending.length === 0) return
  const png = encodePngGray8(map.width, map.height, map.data)
  for (const target of pending) {
    await writeFileAtomic(join(dir, predictionFileName(target)), png)
    done[target] = 1
    wrote(target)
  }
}

/** Runs `work` as a forward pass, naming the model, video and frames when it fails. */
export async function forward<T>(executor: Pick<Executor, 'runtime' | 'provider'>, video: VideoRecord, clips: readonly ClipPlan[], work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (err) {
    if (err instanceof AppError && err.code === 'cancelled') throw err
    throw new AppError(
      'forward-failed',
      `${executor.runtime} (${executor.provider}) failed on ${video.name}, clips for frames ${clips.map((c) => c.targets.join('+')).join(', ')}: ${(err as Error).message}`
    )
  }
}

export interface SingleConditionStep {
  video: VideoRecord
  profile: InferenceProfile
  executor: Executor
  /** fills one clip's audio buffer (audio-visual models); null for visual-only ones */
  fillAudio: ((out: Float32Array, clip: ClipPlan) => void) | null
  batch: number
  /** done[i] = 1: frame i's map is on disk (or not wanted) and is not written */
  done: Uint8Array
  dir: string
  seconds: StageSeconds
  wrote(frame: number): void
}

/** Plain inference: one forward pass of the whole model per batch, one map per clip. */
export function singleConditionStep(step: SingleConditionStep): (batch: ClipBatch) => Promise<void> {
  const { profile, video } = step
  const L = profile.audioSamples
  const audio: Float32Tensor | null = L && step.fillAudio ? { shape: profile.inputShapes(step.batch)[1], data: new Float32Array(step.batch * L) } : null
  return async (batch) => {
    let t0 = now()
    if (audio && L && step.fillAudio) batch.clips.forEach((clip, b) => step.fillAudio?.(audio.data.subarray(b * L, (b + 1) * L), clip))
    const feeds: Record<string, Float32Tensor> = { [profile.spec.inputs[0].name]: batch.clip }
    if (audio && profile.spec.inputs[1]) feeds[profile.spec.inputs[1].name] = audio
    let t1 = now()
    step.seconds.preprocess += t1 - t0
    const outputs = await forward(step.executor, video, batch.clips, () => step.executor.run(feeds))
    t0 = now()
    step.seconds.forward += t0 - t1
    const out = outputs[profile.spec.output]
    const [h, w] = profile.inputSize
    if (!out || out.data.length < batch.clips.length * h * w) {
      throw new AppError('forward-failed', `${profile.spec.name} returned no '${profile.spec.output}' output of ${step.batch}×${h}×${w}`)
    }
    for (let b = 0; b < batch.clips.length; b++) {
      const clip = batch.clips[b]
      if (clip.targets.every((t) => step.done[t])) continue
      await writeTargets(step.dir, clip.targets, postprocessSlot(profile, out, b, video), step.done, step.wrote)
    }
    t1 = now()
    step.seconds.postprocess += t1 - t0
  }
}
