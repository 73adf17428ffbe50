import { describe, expect, it } from 'vitest'
import {
  cvResizeLinear,
  gaussianBlur,
  gaussianKernel,
  minMaxToUint8Torch,
  reflect101,
  stavisPostprocess,
  vinetPostprocess
} from '../../../src/main/engine/inference/postprocess'
import { REFERENCE } from './reference'
import { AppError } from '../../../src/shared/errors'

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]))
  return m
}

describe(`ViNet post-processing vs ${REFERENCE.opencv ? `OpenCV ${REFERENCE.opencv}` : 'the numpy port'} and torch`, () => {
  it('getGaussianKernel(11, σ=0 → 2.0) as float32', () => {
    expect(maxDiff(gaussianKernel(11), REFERENCE.gaussianKernel11)).toBeLessThan(1e-8)
    expect(gaussianKernel(11).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
    expect(() => gaussianKernel(4)).toThrow(AppError)
  })

  for (const c of REFERENCE.postprocess) {
    const input = { width: c.width, height: c.height, data: Float32Array.from(c.input) }
    it(`cv2.resize ${c.width}×${c.height} → ${c.outWidth}×${c.outHeight}, 11×11 blur, make_grid + img_save`, () => {
      const resized = cvResizeLinear(input, c.outWidth, c.outHeight)
      expect(maxDiff(resized.data, c.resized)).toBeLessThan(1e-6)
      const blurred = gaussianBlur({ width: c.outWidth, height: c.outHeight, data: Float32Array.from(c.resized) })
      expect(maxDiff(blurred.data, c.blurred)).toBeLessThan(1e-6)
      // the uint8 step is exact given the same float map
      const bytes = minMaxToUint8Torch({ width: c.outWidth, height: c.outHeight, data: Float32Array.from(c.blurred) })
      expect(Array.from(bytes.data)).toEqual(c.bytes)
      // end to end: at most one level off, on a handful of pixels
      const full = vinetPostprocess(input, c.outWidth, c.outHeight)
      expect(maxDiff(full.data, c.bytes)).toBeLessThanOrEqual(1)
      expect(full.data.filter((v, i) => v !== c.bytes[i]).length).toBeLessThanOrEqual(Math.ceil(c.bytes.length / 100))
    })
  }

  it('BORDER_REFLECT_101 indices', () => {
    expect([-3, -2, -1, 0, 4, 5, 6, 7].map((p) => reflect101(p, 5))).toEqual([3, 2, 1, 0, 4, 3, 2, 1])
    expect(reflect101(-4, 2)).toBe(0)
    expect(reflect101(3, 1)).toBe(0)
  })

  it('img_save rounding: round(x·255 + 0.5) half to even, constant maps become 0', () => {
    // min 0, max 1: x = 0 → round(0.5) = 0; x = 1 → round(255.5) = 256 → clamped 255; x = 0.5 → round(128) = 128
    const m = minMaxToUint8Torch({ width: 3, height: 1, data: Float32Array.from([0, 1, 0.5]) })
    expect(Array.from(m.data)).toEqual([0, 255, 128])
    // x·255 = 2 → 2.5 → 2 (even); x·255 = 3 → 3.5 → 4
    const n = minMaxToUint8Torch({ width: 3, height: 1, data: Float32Array.from([0, 2 / 255, 1]) })
    expect(n.data[1]).toBe(2)
    const flat = minMaxToUint8Torch({ width: 2, height: 2, data: new Float32Array(4).fill(0.3) })
    expect(Array.from(flat.data)).toEqual([0, 0, 0, 0])
  })

  it('rejects non-finite maps', () => {
    expect(() => minMaxToUint8Torch({ width: 2, height: 1, data: Float32Array.from([NaN, NaN]) })).toThrow(/non-finite/)
  })
})

describe('STAViS post-processing (test_sal.normalize_data)', () => {
  it('min-max to 0–255 with truncation, size kept', () => {
    const out = stavisPostprocess({ width: 2, height: 2, data: Float32Array.from([0.2, 0.6, 0.4, 0.2]) })
    // (x − 0.2)·(255/0.4): 0, 255, 127.5 → 127
    expect(Array.from(out.data)).toEqual([0, 255, 127, 0])
    expect([out.width, out.height]).toEqual([2, 2])
    expect(Array.from(stavisPostprocess({ width: 1, height: 2, data: Float32Array.from([0.5, 0.5]) }).data)).toEqual([0, 0])
  })
})
