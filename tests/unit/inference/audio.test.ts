import { describe, expect, it } from 'vitest'
import {
  AVINET_AUDIO_BUFFER,
  excerptRange,
  fillClipAudio,
  frameWindows,
  gaussianNoise,
  hanning,
  loopTrack,
  placeExcerpt,
  rms,
  seededDerangement,
  shuffledDonor
} from '../../../src/main/engine/inference/audio'
import { REFERENCE, syntheticWav } from './reference'
import { AppError } from '../../../src/shared/errors'

describe('per-frame audio windows (dataloader formula)', () => {
  for (const c of REFERENCE.windows) {
    it(`${c.frames} frames at ${c.fps} fps, ${c.length} samples`, () => {
      const w = frameWindows(c.frames, c.fps, c.rate, c.length)
      expect(Array.from(w.starts)).toEqual(c.starts)
      expect(Array.from(w.ends)).toEqual(c.ends)
    })
  }

  it('hand-computed: 25 fps at 100 Hz gives 4-sample frames centred on k·4', () => {
    // n = 4: start = max(0, 4k − 2), end = min(len, 4k + 2)
    const w = frameWindows(4, 25, 100, 13)
    expect(Array.from(w.starts)).toEqual([0, 2, 6, 10])
    expect(Array.from(w.ends)).toEqual([2, 6, 10, 13])
    // frames 1…2: wav[2 : 10 + 1]
    expect(excerptRange(w, 1, 2, 13)).toEqual([2, 11])
    expect(excerptRange(w, 3, 3, 13)).toEqual([10, 13])
    expect(() => excerptRange(w, 2, 1, 13)).toThrow(AppError)
  })
})

describe('symmetric Hann and centred placement', () => {
  it('np.hanning for small N, as float32', () => {
    for (const [n, values] of Object.entries(REFERENCE.hanning)) expect(Array.from(hanning(Number(n)))).toEqual(values)
    expect(hanning(0)).toHaveLength(0)
  })

  it('odd and even excerpts sit at [L/2 − ⌊N/2⌋, …); reversed clips flip the buffer', () => {
    const odd = new Float32Array(10)
    placeExcerpt(odd, Float32Array.from([4, 4, 4]), false) // hann(3) = 0, 1, 0
    expect(Array.from(odd)).toEqual([0, 0, 0, 0, 0, 4, 0, 0, 0, 0])
    const even = new Float32Array(10)
    placeExcerpt(even, Float32Array.from([2, 2, 2, 2]), false) // hann(4) = 0, .75, .75, 0
    expect(Array.from(even)).toEqual([0, 0, 0, 0, 1.5, 1.5, 0, 0, 0, 0].map((v, i) => (i === 3 || i === 6 ? 0 : v)))
    expect(even.findIndex((v) => v !== 0)).toBe(4)
    const flipped = new Float32Array(10)
    placeExcerpt(flipped, Float32Array.from([4, 4, 4]), true)
    expect(Array.from(flipped)).toEqual([0, 0, 0, 0, 4, 0, 0, 0, 0, 0])
    const long = new Float32Array(4)
    placeExcerpt(long, Float32Array.from([1, 1, 1, 1, 1, 1, 1, 1, 1]), false) // N > L: centre kept
    expect(long.every((v) => v > 0)).toBe(true)
  })
})

describe('the AViNet 70560-sample buffer vs get_audio_feature', () => {
  for (const c of REFERENCE.buffers) {
    it(`${c.frames} frames at ${c.fps} fps, clip starting at frame ${c.startIndex}`, () => {
      const wav = syntheticWav(c.length)
      const windows = frameWindows(c.frames, c.fps, 22050, wav.length)
      expect(excerptRange(windows, c.startIndex, c.startIndex + 31, wav.length)).toEqual([c.excerptStart, c.excerptStart + c.excerptLength])
      const buf = new Float32Array(AVINET_AUDIO_BUFFER)
      const req = { condition: 'real' as const, track: wav, windows, audioFirst: c.startIndex, audioLast: c.startIndex + 31, reversed: false, seed: 0 }
      fillClipAudio(buf, req)
      expect(buf.findIndex((v) => v !== 0)).toBe(c.firstNonZero)
      expect(buf.length - 1 - [...buf].reverse().findIndex((v) => v !== 0)).toBe(c.lastNonZero)
      for (const [at, value] of Object.entries(c.probes)) expect(buf[Number(at)]).toBeCloseTo(value, 3)
      let s = 0
      let s2 = 0
      for (const v of buf) {
        s += v
        s2 += v * v
      }
      expect(s).toBeCloseTo(c.sum, 0)
      expect(Math.abs(s2 - c.sumSquares) / c.sumSquares).toBeLessThan(1e-6)
      fillClipAudio(buf, { ...req, reversed: true })
      for (const [at, value] of Object.entries(c.flippedProbes)) expect(buf[Number(at)]).toBeCloseTo(value, 3)
    })
  }
})

describe('audio conditions', () => {
  const wav = syntheticWav(40000)
  const windows = frameWindows(50, 25, 22050, wav.length)
  const base = { track: wav, windows, audioFirst: 3, audioLast: 34, reversed: false }

  it('zero: all zeros, no soundtrack needed', () => {
    const buf = new Float32Array(AVINET_AUDIO_BUFFER).fill(9)
    fillClipAudio(buf, { ...base, condition: 'zero', track: null, windows: null })
    expect(buf.every((v) => v === 0)).toBe(true)
  })

  it('every other condition is cut from its track like real audio; a null track is silence', () => {
    // 'random' no longer makes per-clip noise: its track is one noise signal (conditionTrack.ts)
    const real = new Float32Array(AVINET_AUDIO_BUFFER)
    fillClipAudio(real, { ...base, condition: 'real' })
    const [b, e] = excerptRange(windows, 3, 34, wav.length)
    const want = new Float32Array(AVINET_AUDIO_BUFFER)
    placeExcerpt(want, wav.subarray(b, e), false)
    expect(real).toEqual(want)
    for (const condition of ['random', 'wolfram', 'shuffled', 'file'] as const) {
      const buf = new Float32Array(AVINET_AUDIO_BUFFER)
      fillClipAudio(buf, { ...base, condition })
      expect(buf).toEqual(real)
    }
    const silent = new Float32Array(AVINET_AUDIO_BUFFER).fill(3)
    fillClipAudio(silent, { ...base, condition: 'real', track: null })
    expect(silent.every((v) => v === 0)).toBe(true)
  })

  it('a track without frame windows is an error', () => {
    expect(() => fillClipAudio(new Float32Array(8), { ...base, condition: 'real', windows: null })).toThrow(/without frame windows/)
  })

  it('Gaussian noise: seeded, unit variance', () => {
    const noise = gaussianNoise(20001, 5)
    expect(gaussianNoise(20001, 5)).toEqual(noise)
    expect(rms(noise)).toBeGreaterThan(0.97)
    expect(rms(noise)).toBeLessThan(1.03)
    expect(rms(new Float32Array(0))).toBe(0)
  })

  it('shuffled: a seeded derangement of the videos with audio', () => {
    for (const count of [2, 3, 5, 17]) {
      for (const seed of [0, 1, 42]) {
        const p = seededDerangement(count, seed)
        expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i))
        p.forEach((v, i) => expect(v).not.toBe(i))
        expect(seededDerangement(count, seed)).toEqual(p)
      }
    }
    const pool = [12, 4, 9]
    const donors = pool.map((id) => shuffledDonor(id, pool, 0))
    donors.forEach((d, i) => expect(d).not.toBe(pool[i]))
    expect(new Set(donors).size).toBe(3)
    expect(pool).toContain(shuffledDonor(99, pool, 0)) // a silent video borrows any soundtrack
    expect(() => shuffledDonor(4, [4], 0, 'tiny-set')).toThrow(/tiny-set has 1 video\(s\) with audio/)
    expect(() => seededDerangement(1, 0)).toThrow(AppError)
  })

  it('a shorter donor soundtrack is looped', () => {
    expect(Array.from(loopTrack(Float32Array.from([1, 2, 3]), 7))).toEqual([1, 2, 3, 1, 2, 3, 1])
    const long = Float32Array.from([1, 2])
    expect(loopTrack(long, 2)).toBe(long)
  })
})
