// The audio input of AViNet and STAViS, as their loaders build it (models.md §2.1, §3.1). Pure.
//
//   per-frame windows (frame k 0-based, Fs samples/s, n = Fs/fps):
//     start[k] = int(max(0, k·(1/fps)·Fs − n/2)),  end[k] = int(min(len, |k·(1/fps)·Fs + n/2|))
//   clip excerpt = wav[start[first] : end[last] + 1] × np.hanning(N) (symmetric Hann),
//   centred in a zero buffer of L samples (AViNet 70560, STAViS 35280): [L/2 − ⌊N/2⌋, …),
//   samples on the ±256 scale (float PCM × 256 = torchaudio sox int32 × 2⁻²³),
//   the whole buffer flipped for time-reversed clips.
// An excerpt longer than L (fps below 10 for 32-frame clips) cannot be placed by the authors'
// code; we keep its centre L samples.
//
// Audio conditions for the "does the model listen?" experiments: every condition is a full-length
// track of the video (conditionTrack.ts builds them: real, zero, random, wolfram, shuffled,
// file), and each clip's buffer is cut from that track exactly as from real audio (below). So
// what a model heard is one continuous, replayable signal, reproducible from the run record.
// 'random' used to be per-clip noise at the RMS of each real excerpt; it is now the excerpt of one
// seeded noise track per video at the real track's global RMS (conditionSignals.ts).
import { deriveSeed, Rng } from '../../metrics/rng'
import { AVINET_AUDIO_SAMPLES } from '../../models/architectures/avinet'
import { STAVIS_AUDIO_SAMPLES } from '../../models/architectures/stavis'
import { AppError } from '../../../shared/errors'
import type { InferenceAudioCondition } from '../../../shared/schemas'

export { AUDIO_CONDITION_NAMES } from '../../../shared/schemas'
export type AudioConditionName = InferenceAudioCondition

/** the ±256 scale of the loaders */
export const AUDIO_SCALE = 256
/** one clip's audio buffer: the length the models' waveform inputs declare */
export const AVINET_AUDIO_BUFFER = AVINET_AUDIO_SAMPLES
export const STAVIS_AUDIO_BUFFER = STAVIS_AUDIO_SAMPLES

export interface FrameWindows {
  starts: Int32Array
  ends: Int32Array
}

/** start/end sample of every frame's window (0-based frames), exactly the loaders' float arithmetic. */
export function frameWindows(frameCount: number, fps: number, sampleRate: number, totalSamples: number): FrameWindows {
  if (!(fps > 0) || !(sampleRate > 0)) throw new AppError('bad-argument', `audio windows need fps > 0 and a sample rate > 0, got fps ${fps}, rate ${sampleRate}`)
  const starts = new Int32Array(frameCount)
  const ends = new Int32Array(frameCount)
  const nSamples = sampleRate / fps
  for (let k = 0; k < frameCount; k++) {
    const centre = k * (1.0 / fps) * sampleRate
    starts[k] = Math.trunc(Math.max(0, centre - nSamples / 2))
    ends[k] = Math.trunc(Math.min(totalSamples, Math.abs(centre + nSamples / 2)))
  }
  return { starts, ends }
}

/** np.hanning(n): 0.5 + 0.5·cos(π·m/(n−1)) for m = 1−n, 3−n, …, n−1, as float32 (torch .float()). */
export function hanning(n: number): Float32Array {
  const w = new Float32Array(Math.max(0, n))
  if (n === 1) w[0] = 1
  else for (let k = 0; k < n; k++) w[k] = 0.5 + 0.5 * Math.cos((Math.PI * (1 - n + 2 * k)) / (n - 1))
  return w
}

/** [begin, end) of the excerpt for a clip spanning frames first…last (Python slice semantics). */
export function excerptRange(windows: FrameWindows, first: number, last: number, totalSamples: number): [number, number] {
  if (first < 0 || last >= windows.starts.length || first > last) {
    throw new AppError('bad-argument', `audio excerpt for frames ${first}…${last} is outside the ${windows.starts.length} frame windows`)
  }
  const begin = Math.min(windows.starts[first], totalSamples)
  const end = Math.min(windows.ends[last] + 1, totalSamples)
  return [begin, Math.max(begin, end)]
}

/**
 * Hann-windows `excerpt` and writes it centred into `out` (length L, zero-filled by the caller),
 * flipping the whole buffer for reversed clips.
 */
export function placeExcerpt(out: Float32Array, excerpt: Float32Array, reversed: boolean): void {
  const L = out.length
  const N = excerpt.length
  const w = hanning(N)
  const half = Math.floor(L / 2)
  const start = half - Math.floor(N / 2)
  for (let i = 0; i < N; i++) {
    const at = start + i
    if (at < 0 || at >= L) continue
    out[at] = Math.fround(w[i] * excerpt[i])
  }
  if (reversed) out.reverse()
}

/** Deterministic standard-normal samples (Box–Muller on the project's xoshiro128**). */
export function gaussianNoise(count: number, seed: number): Float32Array {
  const rng = new Rng(seed)
  const out = new Float32Array(count)
  for (let i = 0; i < count; i += 2) {
    const u1 = 1 - rng.nextFloat()
    const u2 = rng.nextFloat()
    const r = Math.sqrt(-2 * Math.log(u1))
    out[i] = r * Math.cos(2 * Math.PI * u2)
    if (i + 1 < count) out[i + 1] = r * Math.sin(2 * Math.PI * u2)
  }
  return out
}

export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0
  let sum = 0
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i]
  return Math.sqrt(sum / samples.length)
}

export interface ClipAudioRequest {
  /** informational: every condition is cut from its track the same way ('zero' is silence) */
  condition: AudioConditionName
  /** the condition track (±256 scale); null = silence */
  track: Float32Array | null
  /** the track's frame windows (frameWindows over its full length); needed unless silent */
  windows: FrameWindows | null
  audioFirst: number
  audioLast: number
  reversed: boolean
}

/** Fills `out` (one clip's L-sample buffer): the clip's excerpt of the track, Hann-windowed and placed. */
export function fillClipAudio(out: Float32Array, req: ClipAudioRequest): void {
  out.fill(0)
  // silence through the Hann window is silence: nothing to cut
  if (req.condition === 'zero' || req.track === null) return
  if (!req.windows) throw new AppError('bad-argument', `audio condition '${req.condition}': a track without frame windows`)
  const [begin, end] = excerptRange(req.windows, req.audioFirst, req.audioLast, req.track.length)
  placeExcerpt(out, req.track.subarray(begin, end), req.reversed)
}

/**
 * A seeded permutation without fixed points (Sattolo's algorithm: one random cycle), so every
 * video gets another video's soundtrack.
 */
export function seededDerangement(count: number, seed: number): number[] {
  if (!Number.isInteger(count) || count < 2) {
    throw new AppError('shuffle-needs-videos', `a derangement needs at least 2 items, got ${count}`)
  }
  const perm = Array.from({ length: count }, (_, i) => i)
  const rng = new Rng(deriveSeed(seed, 0x5ea1))
  for (let i = count - 1; i > 0; i--) {
    const j = rng.nextInt(i)
    ;[perm[i], perm[j]] = [perm[j], perm[i]]
  }
  return perm
}

/**
 * Whose soundtrack video `videoId` hears under 'shuffled': `pool` is the dataset's videos with
 * audio (ids, any order; sorted here so the choice does not depend on the listing).
 */
export function shuffledDonor(videoId: number, pool: readonly number[], seed: number, datasetLabel = 'the dataset'): number {
  const ids = [...new Set(pool)].sort((a, b) => a - b)
  if (ids.length < 2) {
    throw new AppError(
      'shuffle-needs-videos',
      `--audio shuffled swaps soundtracks between videos of the same dataset, but ${datasetLabel} has ${ids.length} video(s) with audio; ` +
        'use --audio zero or --audio random instead'
    )
  }
  const at = ids.indexOf(videoId)
  if (at >= 0) return ids[seededDerangement(ids.length, seed)[at]]
  // a video without audio of its own: any soundtrack of the pool, chosen by seed
  return ids[new Rng(deriveSeed(seed, videoId >>> 0)).nextInt(ids.length)]
}

/** Repeats `track` until it has at least `length` samples (a shorter donor soundtrack). */
export function loopTrack(track: Float32Array, length: number): Float32Array {
  if (track.length === 0 || track.length >= length) return track
  const out = new Float32Array(length)
  for (let at = 0; at < length; at += track.length) out.set(track.subarray(0, Math.min(track.length, length - at)), at)
  return out
}
