// MATLAB imresize (bicubic) by hand; the numpy port comparison lives in reference.test.ts.
import { describe, expect, it } from 'vitest'
import { imresizeBicubic } from '../../../src/main/metrics'
import { mapOf } from './helpers'
import { AppError } from '../../../src/shared/errors'

const ramp = (n: number) => mapOf([Array.from({ length: n }, (_, i) => i + 1)])

describe('imresizeBicubic', () => {
  it('upscaling 1:10 to 20 columns: first value 0.90625 (mirrored boundary)', () => {
    // scale 2: u = x/2 + 0.5*(1 - 1/2) -> x = 1: u = 0.75; left = floor(0.75 - 2) = -2, taps -2..3
    // distances u - idx = 2.75 1.75 0.75 -0.25 -1.25 -2.25 -> cubic: 0 -0.0234375 0.2265625 0.8671875 -0.0703125 0
    // mirrored 1-based indices (aux = [1:10 10:-1:1]): -2->3, -1->2, 0->1, 1, 2, 3 -> values 3 2 1 1 2 3
    // -0.0234375*2 + 0.2265625*1 + 0.8671875*1 - 0.0703125*2 = 0.90625
    const out = imresizeBicubic(ramp(10), 1, 20)
    expect(out.data[0]).toBeCloseTo(0.90625, 15)
    // replicate (clamped) boundary: values 1 1 1 1 2 3 -> -0.0234375 + 0.2265625 + 0.8671875 - 0.140625 = 0.9296875
    expect(imresizeBicubic(ramp(10), 1, 20, { boundary: 'replicate' }).data[0]).toBeCloseTo(0.9296875, 15)
    // interior of a ramp stays linear: output x maps to u = x/2 + 1/4
    expect(out.data[9]).toBeCloseTo(10 / 2 + 0.25, 13)
  })

  it('shrinking without antialiasing is plain cubic interpolation', () => {
    // 1:8 -> 4 columns, scale 0.5, antialiasing off: u = 2x - 0.5 -> x = 1: u = 1.5
    // taps -1..4, distances 2.5 1.5 .5 -.5 -1.5 -2.5 -> weights 0 -.0625 .5625 .5625 -.0625 0
    // mirrored values (-1->2, 0->1, 1, 2, 3, 4): -.0625*1 + .5625*1 + .5625*2 - .0625*3 = 1.4375
    expect(imresizeBicubic(ramp(8), 1, 4, { antialiasing: false }).data[0]).toBeCloseTo(1.4375, 15)
    // with antialiasing (default) the kernel is widened to 8 taps and the result differs
    expect(imresizeBicubic(ramp(8), 1, 4).data[0]).not.toBeCloseTo(1.4375, 3)
  })

  it('a constant map stays constant, up or down, any ratio', () => {
    const flat = { width: 7, height: 5, data: new Float64Array(35).fill(3.3) }
    for (const [h, w] of [[9, 4], [2, 13], [5, 3], [11, 11]]) {
      const out = imresizeBicubic(flat, h, w)
      expect(Math.max(...out.data.map((v) => Math.abs(v - 3.3)))).toBeLessThan(1e-14)
    }
  })

  it('same size returns an untouched copy', () => {
    const m = mapOf([[1, 2, 3], [4, 5, 6]])
    const out = imresizeBicubic(m, 2, 3)
    expect(Array.from(out.data)).toEqual([1, 2, 3, 4, 5, 6])
    expect(out.data).not.toBe(m.data)
  })

  it('one dimension unchanged is the identity along it', () => {
    const m = mapOf([[1, 5, 2], [7, 3, 9]])
    const out = imresizeBicubic(m, 2, 6)
    const rowsOnly = [imresizeBicubic(mapOf([[1, 5, 2]]), 1, 6), imresizeBicubic(mapOf([[7, 3, 9]]), 1, 6)]
    expect(Array.from(out.data)).toEqual([...rowsOnly[0].data, ...rowsOnly[1].data])
  })

  it('rejects bad sizes', () => {
    expect(() => imresizeBicubic(ramp(4), 0, 3)).toThrow(AppError)
    expect(() => imresizeBicubic(ramp(4), 2.5, 3)).toThrow(/positive integer output size/)
  })
})
