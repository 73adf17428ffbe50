// AUC-Judd, sAUC and AUC-Borji on hand-derived cases (MIT AUC_Judd.m / AUC_shuffled.m / AUC_Borji.m).
import { describe, expect, it } from 'vitest'
import { aucBorji, aucJudd, aucShuffled } from '../../../src/main/metrics'
import { fixOf, mapOf } from './helpers'
import { AppError } from '../../../src/shared/errors'

describe('AUC-Judd (MIT), jitter off', () => {
  it('3x3 ramp with two fixations = 25/28', () => {
    // S = [1 2 3; 4 5 6; 7 8 9], min-max -> (S-1)/8. Fixated values 5 and 9: N = 2, Npix = 9.
    // thresholds (desc) 1.0 (the 9), 0.5 (the 5)
    //   t=1.0: above = #{S>=9} = 1 -> tp = 1/2, fp = (1-1)/7 = 0
    //   t=0.5: above = #{S>=5} = 5 -> tp = 1,   fp = (5-2)/7 = 3/7
    // ROC (0,0) (0,1/2) (3/7,1) (1,1): trapz = 3/7 * (1/2+1)/2 + 4/7 * 1 = 9/28 + 16/28 = 25/28
    const s = mapOf([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    const f = fixOf(3, 3, [[1, 1], [2, 2]])
    expect(aucJudd(s, f, { jitter: false })).toBeCloseTo(25 / 28, 15)
  })

  it('a non-fixated pixel tying the fixated value counts as a false positive (>=)', () => {
    // S = [1 1; 0 0], fixation at the first 1: N = 1, Npix = 4
    //   t=1: above = 2 -> tp = 1, fp = (2-1)/3 = 1/3
    // ROC (0,0) (1/3,1) (1,1): 1/3 * 1/2 + 2/3 * 1 = 5/6
    const s = mapOf([[1, 1], [0, 0]])
    const f = fixOf(2, 2, [[0, 0]])
    expect(aucJudd(s, f, { jitter: false })).toBeCloseTo(5 / 6, 15)
  })

  it('two fixations tying each other: the perfect map scores 0.75, not 1 (tp = i/N staircase)', () => {
    // S = [1 1; 0 0], both 1s fixated: N = 2, thresholds 1, 1
    //   i=1: above = 2 -> tp = 1/2, fp = (2-1)/2 = 1/2
    //   i=2: above = 2 -> tp = 1,   fp = (2-2)/2 = 0
    // ROC (0,0) (1/2,1/2) (0,1) (1,1): 1/2*(1/2)/2 - 1/2*(3/2)/2 + 1*2/2 = 1/8 - 3/8 + 1 = 3/4
    const s = mapOf([[1, 1], [0, 0]])
    const f = fixOf(2, 2, [[0, 0], [0, 1]])
    expect(aucJudd(s, f, { jitter: false })).toBeCloseTo(0.75, 15)
    // jitter breaks the tie: the fixated pair is then strictly above the rest -> 1
    expect(aucJudd(s, f, { seed: 3 })).toBeCloseTo(1, 12)
  })

  it('exact-ROC option: ties count 1/2, negatives configurable', () => {
    // positive 1 vs non-fixated {1, 0, 0}: (0.5 + 1 + 1) / 3 = 5/6
    // vs all pixels {1, 1, 0, 0}: (0.5 + 0.5 + 1 + 1) / 4 = 3/4
    const s = mapOf([[1, 1], [0, 0]])
    const f = fixOf(2, 2, [[0, 0]])
    expect(aucJudd(s, f, { method: 'exact-roc', negatives: 'non-fixated' })).toBeCloseTo(5 / 6, 15)
    expect(aucJudd(s, f, { method: 'exact-roc' })).toBeCloseTo(3 / 4, 15)
  })

  it('fixation counts > 1 are collapsed to one fixated pixel', () => {
    const s = mapOf([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    const counts = { width: 3, height: 3, data: Float64Array.from([0, 0, 0, 0, 4, 0, 0, 0, 2]) }
    expect(aucJudd(s, counts, { jitter: false })).toBeCloseTo(25 / 28, 15)
  })

  it('invariant to a monotonic transform of the map (rank metric)', () => {
    const s = mapOf([[0.1, 0.7, 0.3], [0.9, 0.2, 0.5], [0.4, 0.8, 0.6]])
    const f = fixOf(3, 3, [[0, 1], [1, 0], [2, 2]])
    const warped = { ...s, data: s.data.map((v) => Math.exp(5 * v) + 3) }
    expect(aucJudd(warped, f, { jitter: false })).toBeCloseTo(aucJudd(s, f, { jitter: false }), 14)
  })

  it('NaN with no fixation, and for a constant map without jitter', () => {
    const s = mapOf([[1, 2], [3, 4]])
    expect(aucJudd(s, fixOf(2, 2, []), { jitter: false })).toBeNaN()
    expect(aucJudd(mapOf([[2, 2], [2, 2]]), fixOf(2, 2, [[0, 0]]), { jitter: false })).toBeNaN()
  })

  it('jitter is seeded: same seed same value, and it only perturbs ties', () => {
    const s = mapOf([[1, 1, 0], [0, 2, 2], [1, 0, 0]])
    const f = fixOf(3, 3, [[0, 0], [1, 1]])
    expect(aucJudd(s, f, { seed: 5 })).toBe(aucJudd(s, f, { seed: 5 }))
    const distinct = mapOf([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    const g = fixOf(3, 3, [[1, 1], [2, 2]])
    expect(aucJudd(distinct, g, { seed: 99 })).toBeCloseTo(25 / 28, 12)
  })

  it('uninformative map (constant + jitter): mean over seeds is 0.5 + 0.5/(N+1), not 0.5', () => {
    // E[fp_i] = i/(N+1) for N random ranks among the pixels, so
    // E[AUC] = sum_{i=0}^{N-1} 1/(N+1) * (2i+1)/(2N) + 1/(N+1) = N/(2(N+1)) + 1/(N+1) = 0.5 + 0.5/(N+1)
    const flat = { width: 30, height: 30, data: new Float64Array(900).fill(0.3) }
    const meanAuc = (points: [number, number][]) => {
      const f = fixOf(30, 30, points)
      let total = 0
      for (let seed = 0; seed < 600; seed++) total += aucJudd(flat, f, { seed })
      return total / 600
    }
    const three: [number, number][] = [[3, 4], [10, 20], [25, 7]]
    expect(Math.abs(meanAuc(three) - (0.5 + 0.5 / 4))).toBeLessThan(0.02)
    const seventeen = Array.from({ length: 17 }, (_, i): [number, number] => [i, (7 * i) % 30])
    const m17 = meanAuc(seventeen)
    expect(Math.abs(m17 - (0.5 + 0.5 / 18))).toBeLessThan(0.01)
    expect(m17).toBeGreaterThan(0.515)
  })
})

describe('shuffled AUC (MIT)', () => {
  it('1x5 ramp, 2 fixations, 2 other locations (deterministic): 0.75', () => {
    // S = [0 .25 .5 .75 1] (already min-max). Fixated .5 and 1; other .0 and .75; N = 2, Noth = 2.
    // thresholds fliplr(0:0.1:1): 1 .9 .8 .7 .6 .5 .4 .3 .2 .1 0
    //   t in {1,.9,.8}: tp = 1/2 (only 1), fp = 0
    //   t in {.7,.6}:   tp = 1/2,          fp = 1/2 (.75)
    //   t in {.5..0.1}: tp = 1,            fp = 1/2
    //   t = 0:          tp = 1,            fp = 1
    // area: (0,.5)->(.5,.5) = .25; (.5,1)->(1,1) = .5; total .75 (= pairwise 3/4 here)
    const s = mapOf([[0, 0.25, 0.5, 0.75, 1]])
    const f = fixOf(1, 5, [[0, 2], [0, 4]])
    const o = fixOf(1, 5, [[0, 0], [0, 3]])
    expect(aucShuffled(s, f, o)).toBeCloseTo(0.75, 15)
  })

  it('0.1 threshold steps: a fixation at .55 against a negative at .58 is a tie (0.5), exact ROC says 0', () => {
    // S = [0 .55 .58 1]; fixation .55, other .58; max([Sth;curfix]) = .58 -> thresholds .5 .4 ... 0
    // at t = .5 both pass: ROC jumps (0,0) -> (1,1): area .5
    const s = mapOf([[0, 0.55, 0.58, 1]])
    const f = fixOf(1, 4, [[0, 1]])
    const o = fixOf(1, 4, [[0, 2]])
    expect(aucShuffled(s, f, o)).toBeCloseTo(0.5, 15)
    expect(aucShuffled(s, f, o, { method: 'exact-roc' })).toBe(0)
  })

  it('samples min(N, #other) locations per split; seeded and repeatable', () => {
    const s = mapOf([[0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]])
    const f = fixOf(1, 11, [[0, 10]])
    const o = fixOf(1, 11, [[0, 0], [0, 9]])
    // N = 1, so each split scores one of the two negatives: 0 or .9 both stay below the fixation
    // at t = 1 (tp = 1, fp = 0), so every split, and the mean, is exactly 1
    expect(aucShuffled(s, f, o, { seed: 1 })).toBe(1)
    const tie = fixOf(1, 11, [[0, 0], [0, 10]])
    // negatives {0, 1}: a split drawing 1 ties the fixation (AUC .5), one drawing 0 gives 1;
    // expected mean .75, standard error over 400 splits .0125
    const v = aucShuffled(s, f, tie, { seed: 4, nSplits: 400 })
    expect(v).toBe(aucShuffled(s, f, tie, { seed: 4, nSplits: 400 }))
    expect(v).toBeGreaterThan(0.7)
    expect(v).toBeLessThan(0.8)
  })

  it('NaN without fixations, without other locations, or for a constant map', () => {
    const s = mapOf([[0, 1, 2]])
    expect(aucShuffled(s, fixOf(1, 3, []), fixOf(1, 3, [[0, 0]]))).toBeNaN()
    expect(aucShuffled(s, fixOf(1, 3, [[0, 2]]), fixOf(1, 3, []))).toBeNaN()
    expect(aucShuffled(mapOf([[1, 1, 1]]), fixOf(1, 3, [[0, 2]]), fixOf(1, 3, [[0, 0]]))).toBeNaN()
  })

  it('rejects an other-fixation map of another size', () => {
    const s = mapOf([[0, 1, 2]])
    expect(() => aucShuffled(s, fixOf(1, 3, [[0, 1]]), fixOf(1, 4, [[0, 0]]))).toThrow(AppError)
    expect(() => aucShuffled(s, fixOf(1, 3, [[0, 1]]), fixOf(1, 4, [[0, 0]]))).toThrow(/1x3.*found 4x1|3x1.*found 4x1/)
  })
})

describe('AUC-Borji (MIT)', () => {
  it('NaN with fewer than two fixated pixels (its own guard)', () => {
    const s = mapOf([[0, 1], [2, 3]])
    expect(aucBorji(s, fixOf(2, 2, [[1, 1]]))).toBeNaN()
    expect(aucBorji(s, fixOf(2, 2, [[1, 1], [1, 0]]))).not.toBeNaN()
  })

  it('uniform negatives may land on fixated pixels: a perfect map scores 1 - E[k]/4 = 0.9', () => {
    // 1x10, fixations on the two 1s; each split draws N = 2 pixels with replacement, k of them at 1
    // (k ~ Binomial(2, 0.2)). t = 1 .. 0.1: tp = 1, fp = k/2; t = 0: fp = 1.
    // area = (k/2)(1/2) + (1 - k/2) = 1 - k/4, E[k] = 0.4 -> 0.9 (SE over 400 splits ~ 0.009)
    const s = mapOf([[0, 0, 0, 0, 0, 0, 0, 0, 1, 1]])
    const v = aucBorji(s, fixOf(1, 10, [[0, 8], [0, 9]]), { seed: 2, nSplits: 400 })
    expect(Math.abs(v - 0.9)).toBeLessThan(0.04)
  })
})
