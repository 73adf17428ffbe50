// The signals of the synthetic audio conditions and the length every condition track has. Pure.
//
// Track length (samples at rate Fs, K frames at fps):
//   span    = trunc(|(K−1)·(1/fps)·Fs + (Fs/fps)/2|) + 1   the samples the frame windows can read
//             (the last window's end + 1, audio.ts's formula without the track-length clamp)
//   length  = max(round(K·Fs/fps), span)                   the video's duration, never short of span
// A source track is cut to `length`, or padded with zeros up to it. Cutting never changes an
// excerpt (every window lies below span ≤ length); padding does when the source is shorter than
// span, and the loader flags exactly that case.
//
// random:  Gaussian noise (Box–Muller on xoshiro128**, audio.ts's gaussianNoise) of `length`
//          samples, scaled so that its RMS over the whole track equals the real track's RMS (the
//          real samples within the video, padding excluded): one global level, not per clip.
// wolfram: Rule 30 (rule30.ts) on a 256-cell ring from a seeded row; 16 centre-column bits per
//          sample, first bit most significant → key v ∈ [0, 65536) (uniform value v/32768 − 1).
//          The keys only order the samples: the sample with rank r (keys ascending, ties by time)
//          gets the real track's ⌊r·M/n⌋-th smallest sample (M real samples, n = length). With
//          M = n the track is a Rule-30-driven permutation of the real samples: the same values,
//          hence the same histogram, RMS, peak and DC as the real audio, with no temporal structure
//          ("mimicking the audio distribution of respective video clips", thesis §5.1.6).
import { gaussianNoise, rms } from './audio'
import { Rule30, RULE30_WIDTH } from './rule30'
import { AppError } from '../../../shared/errors'

/** Bits of the Rule 30 centre column per wolfram sample. */
export const WOLFRAM_BITS = 16

/** Samples the frame windows of K frames can read: the last window's end + 1 (0 for no frames). */
export function windowSpan(frameCount: number, fps: number, sampleRate: number): number {
  if (frameCount <= 0) return 0
  const centre = (frameCount - 1) * (1.0 / fps) * sampleRate
  return Math.trunc(Math.abs(centre + sampleRate / fps / 2)) + 1
}

/** The length of every condition track of a video: its duration, at least the windows' span. */
export function trackLength(frameCount: number, fps: number, sampleRate: number): number {
  if (!(fps > 0) || !(sampleRate > 0) || !(frameCount >= 0)) {
    throw new AppError('bad-argument', `a track length needs fps > 0, a sample rate > 0 and frames ≥ 0, got fps ${fps}, rate ${sampleRate}, ${frameCount} frames`)
  }
  return Math.max(Math.round((frameCount * sampleRate) / fps), windowSpan(frameCount, fps, sampleRate))
}

/** `samples` cut to `length`, or zero-padded up to it; `padded` = zeros added. */
export function fitToLength(samples: Float32Array, length: number): { samples: Float32Array; padded: number } {
  if (samples.length >= length) return { samples: samples.subarray(0, length), padded: 0 }
  const out = new Float32Array(length)
  out.set(samples)
  return { samples: out, padded: length - samples.length }
}

/** Seeded Gaussian noise whose RMS over all `length` samples is exactly `targetRms` (to float32). */
export function noiseTrack(length: number, seed: number, targetRms: number): Float32Array {
  const noise = gaussianNoise(length, seed)
  const level = rms(noise)
  const gain = level > 0 ? targetRms / level : 0
  for (let i = 0; i < noise.length; i++) noise[i] = Math.fround(noise[i] * gain)
  return noise
}

/** `count` Rule 30 keys of WOLFRAM_BITS bits each, from the ring seeded with `seed`. */
export function rule30Keys(count: number, seed: number, width = RULE30_WIDTH): Uint16Array {
  const ca = Rule30.seeded(seed, width)
  const keys = new Uint16Array(count)
  for (let i = 0; i < count; i++) keys[i] = ca.word(WOLFRAM_BITS)
  return keys
}

/** A key as a uniform value in [−1, 1): v/32768 − 1. */
export function keyToUniform(key: number): number {
  return key / 32768 - 1
}

/**
 * Indices 0…n−1 ordered by key, ties by index (a stable counting sort over the 2^16 keys): the
 * time order of the samples with the smallest key first.
 */
export function rankOrder(keys: Uint16Array): Uint32Array {
  const starts = new Uint32Array(65537)
  for (let i = 0; i < keys.length; i++) starts[keys[i] + 1]++
  for (let k = 1; k <= 65536; k++) starts[k] += starts[k - 1]
  const order = new Uint32Array(keys.length)
  for (let i = 0; i < keys.length; i++) order[starts[keys[i]]++] = i
  return order
}

/**
 * Quantile mapping: the sample of rank r (of n) gets the ⌊r·M/n⌋-th smallest value of `reference`
 * (M values). An empty reference gives silence.
 */
export function rankMatch(keys: Uint16Array, reference: Float32Array): Float32Array {
  const n = keys.length
  const out = new Float32Array(n)
  const m = reference.length
  if (m === 0 || n === 0) return out
  const sorted = Float32Array.from(reference).sort()
  const order = rankOrder(keys)
  if (m === n) for (let r = 0; r < n; r++) out[order[r]] = sorted[r]
  else for (let r = 0; r < n; r++) out[order[r]] = sorted[Math.floor((r * m) / n)]
  return out
}

/** The wolfram track: Rule 30 keys rank-matched to the real samples' distribution. */
export function wolframTrack(length: number, seed: number, reference: Float32Array, width = RULE30_WIDTH): Float32Array {
  return rankMatch(rule30Keys(length, seed, width), reference)
}
