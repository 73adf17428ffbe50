import { describe, expect, it } from 'vitest'
import {
  DHF1K_SIGMA_PX,
  fixationMap,
  gaussianBlur,
  gaussianKernel,
  groupPointsByFrame,
  saliencyMap
} from '../../../src/main/datasets/gaze/fixationMaps'

/** Straight 2-D convolution with zero padding, the definition the separable blur must match. */
function naiveBlur(src: ArrayLike<number>, w: number, h: number, sigma: number): Float64Array {
  const k = gaussianKernel(sigma)
  const r = (k.length - 1) / 2
  const out = new Float64Array(w * h)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const yy = y + dy
          const xx = x + dx
          if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue
          s += src[yy * w + xx] * k[dy + r] * k[dx + r]
        }
      }
      out[y * w + x] = s
    }
  }
  return out
}

describe('fixationMap', () => {
  it('puts a 1 at each rounded point, clamps the last half pixel, ignores outside points', () => {
    const map = fixationMap(
      [
        { x: 0.4, y: 0.4 },
        { x: 2.6, y: 1.2 },
        { x: 3.9, y: 2.9 }, // rounds to 4,3 → clamped to 3,2
        { x: 2.6, y: 1.4 }, // duplicate pixel stays 1
        { x: -1, y: 1 },
        { x: 4, y: 0 },
        { x: Number.NaN, y: 1 }
      ],
      4,
      3
    )
    expect(Array.from(map)).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1])
  })
  it('rejects non-integer sizes', () => {
    expect(() => fixationMap([], 0, 3)).toThrow(RangeError)
    expect(() => fixationMap([], 2.5, 3)).toThrow(/positive integers/)
  })
})

describe('Gaussian kernel and blur', () => {
  it('DHF1K sigma gives 30 px FWHM', () => {
    expect(DHF1K_SIGMA_PX).toBeCloseTo(12.7398, 4)
    const k = gaussianKernel(DHF1K_SIGMA_PX)
    const r = (k.length - 1) / 2
    expect(k.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    expect(k[r + 15] / k[r]).toBeCloseTo(0.5, 12)
    expect(k[r - 7]).toBe(k[r + 7])
  })
  it('rejects a non-positive sigma', () => {
    expect(() => gaussianKernel(0)).toThrow(/positive/)
  })
  it('separable scatter blur equals the naive 2-D convolution (zero padding)', () => {
    const w = 23
    const h = 17
    let seed = 7
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    const dense = Float64Array.from({ length: w * h }, () => rand())
    const sparse = Float64Array.from({ length: w * h }, () => (rand() < 0.03 ? 1 : 0))
    sparse[0] = 1 // a corner point exercises the padding
    for (const src of [dense, sparse]) {
      for (const sigma of [0.8, 2.5]) {
        const fast = gaussianBlur(src, w, h, sigma)
        const slow = naiveBlur(src, w, h, sigma)
        for (let i = 0; i < fast.length; i++) expect(fast[i]).toBeCloseTo(slow[i], 12)
      }
    }
  })
  it('checks the map length', () => {
    expect(() => gaussianBlur(new Float64Array(5), 2, 2, 1)).toThrow(/5 values, expected 2×2/)
  })
})

describe('saliencyMap', () => {
  it('peaks at 1 on the fixation and halves at 15 px with the default sigma', () => {
    const w = 120
    const h = 90
    const map = saliencyMap([{ x: 60, y: 45 }], w, h)
    expect(map).toBeInstanceOf(Float32Array)
    expect(map[45 * w + 60]).toBe(1)
    expect(map[45 * w + 75]).toBeCloseTo(0.5, 6)
    expect(map[30 * w + 60]).toBeCloseTo(0.5, 6)
    expect(map[45 * w + 45]).toBeCloseTo(map[45 * w + 75], 7)
    expect(Math.max(...map)).toBe(1)
  })
  it('is all zeros without points', () => {
    const map = saliencyMap([], 8, 6, { sigma: 2 })
    expect(map.every((v) => v === 0)).toBe(true)
  })
  it('honours a custom sigma', () => {
    const narrow = saliencyMap([{ x: 20, y: 20 }], 41, 41, { sigma: 2 })
    const wide = saliencyMap([{ x: 20, y: 20 }], 41, 41, { sigma: 6 })
    expect(narrow[20 * 41 + 26]).toBeLessThan(wide[20 * 41 + 26])
    expect(narrow[20 * 41 + 22]).toBeCloseTo(Math.exp(-0.5), 6)
  })
})

describe('groupPointsByFrame', () => {
  it('groups by frame with ascending keys', () => {
    const grouped = groupPointsByFrame([
      { frame: 3, x: 1, y: 2, viewer: 'P01' },
      { frame: 0, x: 5, y: 6, viewer: 'P01' },
      { frame: 3, x: 7, y: 8, viewer: 'P02' }
    ])
    expect([...grouped.keys()]).toEqual([0, 3])
    expect(grouped.get(3)).toEqual([
      { x: 1, y: 2 },
      { x: 7, y: 8 }
    ])
  })
})
