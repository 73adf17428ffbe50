import { describe, expect, it } from 'vitest'
import { frameWindows, rms } from '../../../src/main/engine/inference/audio'
import {
  fitToLength,
  keyToUniform,
  noiseTrack,
  rankMatch,
  rankOrder,
  rule30Keys,
  trackLength,
  windowSpan,
  wolframTrack
} from '../../../src/main/engine/inference/conditionSignals'
import { Rule30 } from '../../../src/main/engine/inference/rule30'
import { syntheticWav } from './reference'

const sorted = (a: Float32Array): Float32Array => Float32Array.from(a).sort()

describe('track length', () => {
  it('span = the last frame window end + 1 (the windows formula, unclamped)', () => {
    for (const [frames, fps] of [[50, 29.97], [202, 28.666571], [7, 10], [1, 25], [40, 25], [300, 30]] as const) {
      const w = frameWindows(frames, fps, 22050, Number.MAX_SAFE_INTEGER)
      expect(windowSpan(frames, fps, 22050)).toBe(w.ends[frames - 1] + 1)
      const length = trackLength(frames, fps, 22050)
      expect(length).toBeGreaterThanOrEqual(windowSpan(frames, fps, 22050))
      expect(Math.abs(length - (frames / fps) * 22050)).toBeLessThanOrEqual(1)
      // over a track of that length, no window is clamped
      expect(frameWindows(frames, fps, 22050, length)).toEqual(w)
    }
    expect(windowSpan(0, 25, 22050)).toBe(0)
    expect(trackLength(0, 25, 22050)).toBe(0)
    expect(() => trackLength(10, 0, 22050)).toThrow(/fps > 0/)
  })

  it('sources are cut to the length (a view) or zero-padded up to it', () => {
    const src = Float32Array.from([1, 2, 3, 4])
    expect(fitToLength(src, 2)).toEqual({ samples: Float32Array.from([1, 2]), padded: 0 })
    expect(fitToLength(src, 2).samples.buffer).toBe(src.buffer)
    expect(fitToLength(src, 6)).toEqual({ samples: Float32Array.from([1, 2, 3, 4, 0, 0]), padded: 2 })
  })
})

describe('random: one seeded noise track at a global RMS', () => {
  it('its RMS over the whole track is the target; the same seed gives the same noise', () => {
    const a = noiseTrack(50000, 11, 37.5)
    expect(rms(a)).toBeCloseTo(37.5, 3)
    expect(noiseTrack(50000, 11, 37.5)).toEqual(a)
    expect(noiseTrack(50000, 12, 37.5)).not.toEqual(a)
    const mean = a.reduce((s, v) => s + v, 0) / a.length
    expect(Math.abs(mean)).toBeLessThan(1)
    expect(noiseTrack(100, 1, 0).every((v) => v === 0)).toBe(true)
  })
})

describe('wolfram: Rule 30 noise with the real samples\' distribution', () => {
  it('keys are the centre column, 16 bits per sample, most significant first; uniform in [−1, 1)', () => {
    const keys = rule30Keys(4, 99)
    const bits = Rule30.seeded(99).bits(64)
    for (let i = 0; i < 4; i++) expect(keys[i]).toBe(parseInt(Array.from(bits.subarray(16 * i, 16 * i + 16)).join(''), 2))
    expect([keyToUniform(0), keyToUniform(32768), keyToUniform(65535)]).toEqual([-1, 0, 65535 / 32768 - 1])
    const many = rule30Keys(40000, 5)
    const mean = many.reduce((s, k) => s + keyToUniform(k), 0) / many.length
    expect(Math.abs(mean)).toBeLessThan(0.02)
  })

  it('rank order: keys ascending, ties in time order', () => {
    expect(Array.from(rankOrder(Uint16Array.from([5, 1, 5, 0, 65535, 1])))).toEqual([3, 1, 5, 0, 2, 4])
  })

  it('rank matching with as many samples as the reference is a permutation of it', () => {
    const real = syntheticWav(30000) // ±256 scale
    const track = wolframTrack(real.length, 42, real)
    expect(sorted(track)).toEqual(sorted(real)) // same values: same histogram, RMS, peak, DC
    expect(rms(track)).toBeCloseTo(rms(real), 4)
    expect(track).not.toEqual(real)
    expect(wolframTrack(real.length, 42, real)).toEqual(track)
    expect(wolframTrack(real.length, 43, real)).not.toEqual(track)
    // the order comes from the keys: the smallest key holds the smallest value
    const keys = rule30Keys(real.length, 42)
    let lowest = 0
    for (let i = 1; i < keys.length; i++) if (keys[i] < keys[lowest]) lowest = i
    expect(track[lowest]).toBe(sorted(real)[0])
    // no temporal structure left: neighbours are (nearly) uncorrelated, unlike the real audio
    const lag1 = (x: Float32Array): number => {
      let num = 0
      for (let i = 1; i < x.length; i++) num += x[i] * x[i - 1]
      return num / (rms(x) ** 2 * (x.length - 1))
    }
    expect(Math.abs(lag1(track))).toBeLessThan(0.05)
  })

  it('with a different number of samples it maps quantiles (rank r → ⌊r·M/n⌋-th smallest)', () => {
    const reference = Float32Array.from([-3, 10, 0, 7])
    const keys = Uint16Array.from([9, 2, 7, 4, 0, 1, 8, 3])
    // ranks (by key) r = 7, 2, 5, 4, 0, 1, 6, 3 → the ⌊r/2⌋-th of [−3, 0, 7, 10]
    expect(Array.from(rankMatch(keys, reference))).toEqual([10, 0, 7, 7, -3, -3, 10, 0])
    expect(Array.from(rankMatch(Uint16Array.from([3, 1]), new Float32Array(0)))).toEqual([0, 0])
  })
})
