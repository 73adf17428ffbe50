// NSS, CC, SIM, KLD and InfoGain on hand-derived cases, properties and NaN cases (MIT semantics).
import { describe, expect, it } from 'vitest'
import { MATLAB_EPS, cc, infoGain, kld, nss, sim } from '../../../src/main/metrics'
import { affine, fixOf, mapOf } from './helpers'
import { AppError } from '../../../src/shared/errors'

describe('NSS', () => {
  it('2x2 by hand, sample and population std', () => {
    // S = [1 2; 3 4], fixation on the 4. mean 2.5; squared deviations 2.25 .25 .25 2.25 (sum 5)
    // sample std sqrt(5/3) -> NSS = 1.5 / sqrt(5/3); population std sqrt(5/4) -> 1.5 / sqrt(5/4)
    const s = mapOf([[1, 2], [3, 4]])
    const f = fixOf(2, 2, [[1, 1]])
    expect(nss(s, f)).toBeCloseTo(1.5 / Math.sqrt(5 / 3), 14)
    expect(nss(s, f, { std: 'population' })).toBeCloseTo(1.5 / Math.sqrt(5 / 4), 14)
  })

  it('averages over fixated pixels, counts collapsed', () => {
    // fixations on 1 and 4: z = -1.5/sd and +1.5/sd -> mean 0
    const s = mapOf([[1, 2], [3, 4]])
    const counts = { width: 2, height: 2, data: Float64Array.from([3, 0, 0, 1]) }
    expect(nss(s, counts)).toBeCloseTo(0, 15)
  })

  it('invariant to a positive affine change of the prediction; sign flips with a negative scale', () => {
    const s = mapOf([[0.1, 0.7, 0.3], [0.9, 0.2, 0.5]])
    const f = fixOf(2, 3, [[0, 1], [1, 0]])
    expect(nss(affine(s, 37, -4), f)).toBeCloseTo(nss(s, f), 12)
    expect(nss(affine(s, -2, 1), f)).toBeCloseTo(-nss(s, f), 12)
  })

  it('NaN with no fixation or a constant prediction', () => {
    expect(nss(mapOf([[1, 2], [3, 4]]), fixOf(2, 2, []))).toBeNaN()
    expect(nss(mapOf([[0.1, 0.1], [0.1, 0.1]]), fixOf(2, 2, [[0, 0]]))).toBeNaN()
  })
})

describe('CC', () => {
  it('by hand', () => {
    // a = [1 2 3 4], b = [2 4 6 9]; deviations a: -1.5 -.5 .5 1.5, b: -3.25 -1.25 .75 3.75
    // sum(da*db) = 4.875 + .625 + .375 + 5.625 = 11.5; sum(da^2) = 5; sum(db^2) = 26.75
    // CC = 11.5 / sqrt(5 * 26.75)
    expect(cc(mapOf([[1, 2, 3, 4]]), mapOf([[2, 4, 6, 9]]))).toBeCloseTo(11.5 / Math.sqrt(133.75), 14)
  })

  it('identical maps give 1; affine invariance; symmetric', () => {
    const a = mapOf([[0.1, 0.7, 0.3], [0.9, 0.2, 0.5]])
    const b = mapOf([[0.3, 0.6, 0.2], [0.8, 0.1, 0.9]])
    expect(cc(a, a)).toBeCloseTo(1, 14)
    expect(cc(affine(a, 3, 7), b)).toBeCloseTo(cc(a, b), 13)
    expect(cc(affine(a, -1, 0), b)).toBeCloseTo(-cc(a, b), 13)
    expect(cc(b, a)).toBeCloseTo(cc(a, b), 14)
  })

  it('NaN when either map is constant', () => {
    expect(cc(mapOf([[2, 2, 2]]), mapOf([[1, 2, 3]]))).toBeNaN()
    expect(cc(mapOf([[1, 2, 3]]), mapOf([[0, 0, 0]]))).toBeNaN()
  })
})

describe('SIM', () => {
  it('by hand: min-max then sum normalisation (MIT), and the sum-only option', () => {
    // pred [0 1 2 3] -> min-max [0 1/3 2/3 1] -> /2 -> [0 1/6 1/3 1/2]
    // gt   [1 1 1 3] -> min-max [0 0 0 1]     -> /1 -> [0 0 0 1]
    // SIM = 0 + 0 + 0 + 1/2 = 1/2
    // sum only: pred/6 = [0 1/6 1/3 1/2], gt/6 = [1/6 1/6 1/6 1/2] -> 0 + 1/6 + 1/6 + 1/2 = 5/6
    const p = mapOf([[0, 1, 2, 3]])
    const g = mapOf([[1, 1, 1, 3]])
    expect(sim(p, g)).toBeCloseTo(0.5, 15)
    expect(sim(p, g, { minMax: false })).toBeCloseTo(5 / 6, 15)
  })

  it('identical maps give 1; min-max makes it invariant to offset and scale', () => {
    const a = mapOf([[0.1, 0.7, 0.3], [0.9, 0.2, 0.5]])
    const b = mapOf([[0.3, 0.6, 0.2], [0.8, 0.1, 0.9]])
    expect(sim(a, a)).toBeCloseTo(1, 14)
    expect(sim(affine(a, 4, 10), b)).toBeCloseTo(sim(a, b), 13)
    expect(sim(affine(a, 1, 10), b, { minMax: false })).not.toBeCloseTo(sim(a, b, { minMax: false }), 3)
  })

  it('all-zero GT gives 0; a constant non-zero prediction gives NaN', () => {
    expect(sim(mapOf([[1, 2, 3]]), mapOf([[0, 0, 0]]))).toBe(0)
    expect(sim(mapOf([[5, 5, 5]]), mapOf([[1, 2, 3]]))).toBeNaN()
  })
})

describe('KLD = KL(GT || prediction)', () => {
  it('by hand', () => {
    // pred [1 1 2] -> [.25 .25 .5]; gt [1 0 1] -> [.5 0 .5]
    // .5*log(eps + .5/(.25+eps)) + 0 + .5*log(eps + .5/(.5+eps)) = .5*ln 2 (+ O(eps))
    const exact =
      0.5 * Math.log(MATLAB_EPS + 0.5 / (0.25 + MATLAB_EPS)) + 0.5 * Math.log(MATLAB_EPS + 0.5 / (0.5 + MATLAB_EPS))
    expect(kld(mapOf([[1, 1, 2]]), mapOf([[1, 0, 1]]))).toBe(exact)
    expect(exact).toBeCloseTo(0.5 * Math.log(2), 14)
  })

  it('direction: GT is the reference distribution', () => {
    // swapping the roles: gt [.25 .25 .5] vs pred [.5 0 .5] hits the zero -> huge (log 1/eps terms)
    expect(kld(mapOf([[1, 0, 1]]), mapOf([[1, 1, 2]]))).toBeGreaterThan(5)
  })

  it('identical maps give 0; scale invariant; not invariant to adding a constant', () => {
    const a = mapOf([[0.1, 0.7, 0.3], [0.9, 0.2, 0.5]])
    const b = mapOf([[0.3, 0.6, 0.2], [0.8, 0.1, 0.9]])
    expect(kld(a, a)).toBeCloseTo(0, 14)
    expect(kld(affine(a, 9, 0), b)).toBeCloseTo(kld(a, b), 13)
    expect(Math.abs(kld(affine(a, 1, 5), b) - kld(a, b))).toBeGreaterThan(1e-3)
  })

  it('all-zero GT gives 0; a constant prediction gives a finite value', () => {
    expect(kld(mapOf([[1, 2, 3]]), mapOf([[0, 0, 0]]))).toBe(0)
    // constant pred -> uniform 1/3; gt [1 2 3]/6: sum g*ln(g/(1/3)) = 1/6 ln .5 + 1/3 ln 1 + 1/2 ln 1.5
    expect(kld(mapOf([[4, 4, 4]]), mapOf([[1, 2, 3]]))).toBeCloseTo(Math.log(0.5) / 6 + Math.log(1.5) / 2, 12)
  })
})

describe('InfoGain', () => {
  it('by hand (bits)', () => {
    // pred [0 1 3] -> min-max [0 1/3 1] -> /(4/3) -> [0 .25 .75]
    // base [1 2 3] -> min-max [0 .5 1]  -> /1.5   -> [0 1/3 2/3]
    // fixation on the third pixel: log2(.75) - log2(2/3) = log2(1.125)
    const v = infoGain(mapOf([[0, 1, 3]]), fixOf(1, 3, [[0, 2]]), mapOf([[1, 2, 3]]))
    expect(v).toBeCloseTo(Math.log2(1.125), 14)
  })

  it('0 against itself, NaN without fixations', () => {
    const a = mapOf([[0.1, 0.7, 0.3]])
    expect(infoGain(a, fixOf(1, 3, [[0, 1]]), a)).toBe(0)
    expect(infoGain(a, fixOf(1, 3, []), a)).toBeNaN()
  })
})

describe('input checks', () => {
  it('a map whose data length does not match its size raises AppError naming both', () => {
    const bad = { width: 3, height: 2, data: new Float64Array(5) }
    expect(() => cc(bad, mapOf([[1, 2]]))).toThrow(AppError)
    expect(() => cc(bad, mapOf([[1, 2]]))).toThrow('expected 3x2 = 6 values, found 5')
    expect(() => nss(mapOf([[1, 2]]), { width: 0, height: 1, data: new Uint8Array(0) })).toThrow(/positive integer/)
  })
})
