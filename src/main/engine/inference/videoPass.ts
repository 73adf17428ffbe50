// One pass over one video: stream its frames in order, keep only the preprocessed frames that
// pending clips still need (about T + batch of them), run clips in batches as soon as their
// last frame is decoded, post-process and write each map.
import type { VideoRecord } from '../../../shared/types'
import { encodePngGray8 } from '../../formats/image'
import type { Executor } from '../../models/graph/executor'
import type { Float32Tensor } from '../../models/graph/types'
import { clipNoiseSeed, fillClipAudio } from './audio'
import { writeFileAtomic } from '../../core/atomicWrite'
import { predictionFileName } from './cache'
import { lastUse, readyAt, type ClipPlan } from './clips'
import type { FrameSource } from './frameSource'
import { stavisPostprocess, vinetPostprocess, type ByteMap } from './postprocess'
import { normalisationTables, prepareFrame, writeFrameIntoClip, type PreparedFrame } from './preprocess'
import type { InferenceProfile } from './profiles'
import type { Soundtrack } from './soundtrack'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors'

export interface StageSeconds {
  decode: number
  preprocess: number
  forward: number
  postprocess: number
}

/** Reusable batch tensors: one allocation per run, not per clip. */
export interface BatchBuffers {
  batch: number
  clip: Float32Array
  audio: Float32Array | null
}

export function allocateBatch(profile: InferenceProfile, batch: number): BatchBuffers {
  const [h, w] = profile.inputSize
  return {
    batch,
    clip: new Float32Array(batch * 3 * profile.clipFrames * h * w),
    audio: profile.audioSamples ? new Float32Array(batch * profile.audioSamples) : null
  }
}

export interface VideoPassContext {
  video: VideoRecord
  profile: InferenceProfile
  executor: Executor
  buffers: BatchBuffers
  /** clips to run, in schedule order */
  clips: readonly ClipPlan[]
  /** done[i] = 1: frame i's map is already on disk (not rewritten) */
  done: Uint8Array
  dir: string
  soundtrack: Soundtrack | null
  seed: number
  source: FrameSource
  seconds: StageSeconds
  /** after each written map */
  wrote(frame: number): void
  cancelled(): boolean
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

const now = (): number => performance.now() / 1000

export async function runVideoPass(ctx: VideoPassContext): Promise<{ clipsRun: number }> {
  const { video, profile, clips, buffers } = ctx
  const n = video.frameCount
  const use = lastUse(clips, n)
  const tables = normalisationTables(profile.recipe)
  const ring = new Map<number, PreparedFrame>()
  const [h, w] = profile.inputSize
  const plane = h * w
  const T = profile.clipFrames
  let next = 0
  let queued: number[] = []
  let clipsRun = 0
  const lastFrameNeeded = clips.length ? readyAt(clips[clips.length - 1]) : -1

  const runQueued = async (): Promise<void> => {
    if (queued.length === 0) return
    await yieldToEventLoop()
    if (ctx.cancelled()) throw new AppError('cancelled', `cancelled before the clips for frames ${queued.map((c) => clips[c].targets.join('+')).join(', ')}`)
    let t0 = now()
    queued.forEach((c, b) => {
      const clip = clips[c]
      clip.frames.forEach((f, t) => {
        const frame = ring.get(f)
        if (!frame) throw new AppError('frame-stream', `${video.name}: frame ${f} was dropped before clip ${c} used it`)
        writeFrameIntoClip(buffers.clip, frame, b, t, T)
      })
      if (buffers.audio && profile.audioSamples && ctx.soundtrack) {
        const L = profile.audioSamples
        fillClipAudio(buffers.audio.subarray(b * L, (b + 1) * L), {
          condition: ctx.soundtrack.condition,
          track: ctx.soundtrack.samples,
          windows: ctx.soundtrack.windows,
          audioFirst: clip.audioFirst,
          audioLast: clip.audioLast,
          reversed: clip.reversed,
          seed: clipNoiseSeed(ctx.seed, video.id, clip.audioFirst, clip.audioLast)
        })
      }
    })
    // slots past the last clip of a short final batch keep older data; their outputs are dropped
    const feeds: Record<string, Float32Tensor> = {}
    const shapes = profile.inputShapes(buffers.batch)
    feeds[profile.spec.inputs[0].name] = { shape: shapes[0], data: buffers.clip }
    if (buffers.audio && profile.spec.inputs[1]) feeds[profile.spec.inputs[1].name] = { shape: shapes[1], data: buffers.audio }
    let t1 = now()
    ctx.seconds.preprocess += t1 - t0
    let outputs: Record<string, Float32Tensor>
    try {
      outputs = await ctx.executor.run(feeds)
    } catch (err) {
      throw new AppError(
        'forward-failed',
        `${ctx.executor.runtime} (${ctx.executor.provider}) failed on ${video.name}, clips for frames ${queued.map((c) => clips[c].targets.join('+')).join(', ')}: ${(err as Error).message}`
      )
    }
    t0 = now()
    ctx.seconds.forward += t0 - t1
    const out = outputs[profile.spec.output]
    if (!out || out.data.length < queued.length * plane) {
      throw new AppError('forward-failed', `${profile.spec.name} returned no '${profile.spec.output}' output of ${buffers.batch}×${h}×${w}`)
    }
    for (let b = 0; b < queued.length; b++) {
      const clip = clips[queued[b]]
      const pending = clip.targets.filter((t) => !ctx.done[t])
      if (pending.length === 0) continue
      const map = { width: w, height: h, data: out.data.subarray(b * plane, (b + 1) * plane) }
      const bytes: ByteMap = profile.postprocess === 'vinet' ? vinetPostprocess(map, video.width, video.height) : stavisPostprocess(map)
      const png = encodePngGray8(bytes.width, bytes.height, bytes.data)
      for (const target of pending) {
        await writeFileAtomic(join(ctx.dir, predictionFileName(target)), png)
        ctx.done[target] = 1
        ctx.wrote(target)
      }
    }
    t1 = now()
    ctx.seconds.postprocess += t1 - t0
    clipsRun += queued.length
    const lastRun = queued[queued.length - 1]
    queued = []
    for (const f of [...ring.keys()]) if (use[f] <= lastRun) ring.delete(f)
  }

  for (let f = 0; f <= lastFrameNeeded; f++) {
    let t0 = now()
    const frame = await ctx.source.next(use[f] >= 0)
    let t1 = now()
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
      if (queued.length === buffers.batch) await runQueued()
    }
  }
  await runQueued()
  return { clipsRun }
}
