// The audio-swap study's statistics against SciPy (tests/fixtures/metrics/statistics/expected.json,
// written by make_fixtures.py there) and, for the bootstrap, against the properties it must have.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Rng, bootstrapMeanCI, l2Norm, normStats, normalSf, wilcoxonSignedRank } from '../../../src/main/metrics'
import type { WilcoxonMethod } from '../../../src/main/metrics'

interface WilcoxonCase {
  name: string
  note: string
  x: (number | null)[]
  y: (number | null)[]
  n: number
  zeroDifferences: number
  ties: boolean
  scipyMethod: 'exact' | 'asymptotic' | 'none'
  statistic: number | null
  p: number | null
  /** what SciPy 1.17's method='auto' gives; differs only where it permutes (n ≤ 13, ties or zeros) */
  pScipyAuto: number | null
  scipyAutoPath: 'exact' | 'permutation' | 'asymptotic' | 'none'
  pExactRational: number | null
}

interface Fixture {
  scipy: string
  wilcoxon: WilcoxonCase[]
  normalTail: { z: number; scipy: number; mpmath: number }[]
  normStats: { name: string; values: number[]; mean: number; std: number; l2: number }[]
}

const fixture = JSON.parse(
  readFileSync(resolve(__dirname, '../../fixtures/metrics/statistics/expected.json'), 'utf8')
) as Fixture
const withNaN = (a: (number | null)[]): number[] => a.map((v) => (v === null ? NaN : v))

const OUR_METHOD: Record<WilcoxonCase['scipyMethod'], WilcoxonMethod> = {
  exact: 'exact',
  asymptotic: 'normal',
  none: 'none'
}

const relativeError = (got: number, want: number): number => (want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want))

describe(`Wilcoxon signed-rank test matches scipy.stats.wilcoxon (SciPy ${fixture.scipy})`, () => {
  it('the fixture covers every path, including the small tied cases where SciPy\'s auto would permute', () => {
    const paths = new Set(fixture.wilcoxon.map((c) => c.scipyMethod))
    expect([...paths].sort()).toEqual(['asymptotic', 'exact', 'none'])
    expect(fixture.wilcoxon.filter((c) => c.scipyAutoPath === 'permutation').length).toBeGreaterThanOrEqual(4)
    expect(fixture.wilcoxon.length).toBeGreaterThanOrEqual(30)
  })

  for (const c of fixture.wilcoxon) {
    it(`${c.name}${c.note ? ` (${c.note})` : ''}`, () => {
      const r = wilcoxonSignedRank(withNaN(c.x), withNaN(c.y))
      expect(r.n).toBe(c.n)
      expect(r.zeroDifferences).toBe(c.zeroDifferences)
      expect(r.ties).toBe(c.ties)
      expect(r.statistic).toBe(c.statistic)
      if (c.n > 0 && c.zeroDifferences === c.n) {
        // every difference zero: SciPy says p = NaN (auto: 1 for n ≤ 13); there is nothing to test
        expect(r.method).toBe('none')
        expect(r.p).toBeNull()
        return
      }
      expect(r.method).toBe(OUR_METHOD[c.scipyMethod])
      if (c.p === null) {
        expect(r.p).toBeNull()
        return
      }
      expect(r.p).not.toBeNull()
      const p = r.p as number
      if (r.method === 'exact') {
        // counts of sign flips over a power of two: SciPy's floating-point value is exact, and so is ours
        expect(p).toBe(c.p)
        expect(p).toBe(c.pExactRational)
      } else {
        expect(relativeError(p, c.p)).toBeLessThanOrEqual(1e-9)
      }
    })
  }

  it('the largest deviation from SciPy over the fixture stays near rounding', () => {
    let worst = 0
    for (const c of fixture.wilcoxon) {
      const p = wilcoxonSignedRank(withNaN(c.x), withNaN(c.y)).p
      if (p !== null && c.p !== null) worst = Math.max(worst, relativeError(p, c.p))
    }
    expect(worst).toBeLessThan(1e-12)
  })

  it('is symmetric in x and y and blind to the order of the pairs', () => {
    for (const c of fixture.wilcoxon) {
      const x = withNaN(c.x)
      const y = withNaN(c.y)
      const a = wilcoxonSignedRank(x, y)
      expect(wilcoxonSignedRank(y, x)).toEqual(a)
      const order = x.map((_, i) => i).reverse()
      expect(wilcoxonSignedRank(order.map((i) => x[i]), order.map((i) => y[i]))).toEqual(a)
    }
  })

  it('n = 0 and all-zero differences give no test', () => {
    expect(wilcoxonSignedRank([], [])).toEqual({ n: 0, statistic: null, p: null, method: 'none', zeroDifferences: 0, ties: false })
    expect(wilcoxonSignedRank([1, 2, 3], [1, 2, 3])).toEqual({ n: 3, statistic: 0, p: null, method: 'none', zeroDifferences: 3, ties: false })
  })

  it('rejects samples of different lengths', () => {
    expect(() => wilcoxonSignedRank([1, 2], [1])).toThrow(RangeError)
  })
})

describe('normal tail', () => {
  it('matches SciPy ndtr(-z) and mpmath to ~1e-13 relative, out to z = 37.5', () => {
    for (const t of fixture.normalTail) {
      const v = normalSf(t.z)
      expect(relativeError(v, t.scipy)).toBeLessThan(1e-13)
      expect(relativeError(v, t.mpmath)).toBeLessThan(2e-13)
    }
  })

  it('is a survival function: symmetric about 0, decreasing', () => {
    for (const z of [0.1, 0.9, 1, 1.1, 3, 8]) expect(normalSf(-z) + normalSf(z)).toBeCloseTo(1, 15)
    let previous = 1
    for (let z = -6; z <= 12; z += 0.0625) {
      const v = normalSf(z)
      expect(v).toBeLessThanOrEqual(previous)
      previous = v
    }
    expect(normalSf(40)).toBe(0)
  })
})

describe('normStats and l2Norm match numpy (mean, np.std with ddof = 0, linalg.norm)', () => {
  for (const c of fixture.normStats) {
    it(c.name, () => {
      const s = normStats(c.values)
      expect(s.n).toBe(c.values.length)
      expect(relativeError(s.mean, c.mean)).toBeLessThan(1e-14)
      expect(relativeError(s.std, c.std)).toBeLessThan(1e-9)
      expect(relativeError(l2Norm(c.values), c.l2)).toBeLessThan(1e-14)
      expect(l2Norm(Float64Array.from(c.values))).toBe(l2Norm(c.values))
    })
  }

  it('population, not sample, std; empty gives NaN', () => {
    expect(normStats([1, 3])).toEqual({ mean: 2, std: 1, n: 2 })
    const empty = normStats([])
    expect(empty.n).toBe(0)
    expect(empty.mean).toBeNaN()
    expect(empty.std).toBeNaN()
  })
})

/** Standard normal draws from the project's Rng (Box–Muller), for the simulations below. */
function normals(rng: Rng, n: number, mean = 0, sd = 1): number[] {
  const out: number[] = []
  while (out.length < n) {
    const u = 1 - rng.nextFloat()
    const v = rng.nextFloat()
    const r = Math.sqrt(-2 * Math.log(u))
    out.push(mean + sd * r * Math.cos(2 * Math.PI * v), mean + sd * r * Math.sin(2 * Math.PI * v))
  }
  return out.slice(0, n)
}

const meanOf = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length

describe('bootstrapMeanCI', () => {
  const sample = normals(new Rng(7), 30, 0.02, 0.05)

  it('is reproducible with the same seed and changes with another', () => {
    const a = bootstrapMeanCI(sample, { seed: 11 })
    expect(bootstrapMeanCI(sample, { seed: 11 })).toEqual(a)
    expect(bootstrapMeanCI(sample, { seed: 12 })).not.toEqual(a)
  })

  it('contains the sample mean', () => {
    for (const seed of [1, 2, 3]) {
      const ci = bootstrapMeanCI(sample, { seed }) as [number, number]
      expect(ci[0]).toBeLessThan(meanOf(sample))
      expect(ci[1]).toBeGreaterThan(meanOf(sample))
    }
  })

  it('takes numpy-linear percentiles of the resampled means', () => {
    // replay the same Rng stream: resample, sort, interpolate at q·(B − 1)
    const values = [0.3, -0.1, 0.25, 0.7, 0.05]
    const B = 11
    const rng = new Rng(5)
    const means: number[] = []
    for (let b = 0; b < B; b++) {
      let s = 0
      for (let i = 0; i < values.length; i++) s += values[rng.nextInt(values.length)]
      means.push(s / values.length)
    }
    means.sort((a, b) => a - b)
    // level 0.9: positions 0.05·10 = 0.5 and 0.95·10 = 9.5, halfway between order statistics
    const ci = bootstrapMeanCI(values, { seed: 5, resamples: B, level: 0.9 }) as [number, number]
    expect(ci[0]).toBeCloseTo((means[0] + means[1]) / 2, 15)
    expect(ci[1]).toBeCloseTo((means[9] + means[10]) / 2, 15)
  })

  it('drops NaNs; null when nothing is left; a single value is its own interval', () => {
    const withGaps = [NaN, ...sample.slice(0, 10), NaN]
    expect(bootstrapMeanCI(withGaps, { seed: 3 })).toEqual(bootstrapMeanCI(sample.slice(0, 10), { seed: 3 }))
    expect(bootstrapMeanCI([], { seed: 3 })).toBeNull()
    expect(bootstrapMeanCI([NaN, NaN], { seed: 3 })).toBeNull()
    expect(bootstrapMeanCI([0.42], { seed: 3 })).toEqual([0.42, 0.42])
  })

  it('rejects a level outside (0, 1) and a non-integer number of resamples', () => {
    expect(() => bootstrapMeanCI(sample, { seed: 1, level: 1 })).toThrow(RangeError)
    expect(() => bootstrapMeanCI(sample, { seed: 1, level: 0 })).toThrow(RangeError)
    expect(() => bootstrapMeanCI(sample, { seed: 1, resamples: 0 })).toThrow(RangeError)
    expect(() => bootstrapMeanCI(sample, { seed: 1, resamples: 2.5 })).toThrow(RangeError)
  })

  it('narrows like 1/√n', () => {
    const rng = new Rng(99)
    const width = (n: number): number => {
      const ci = bootstrapMeanCI(normals(rng, n), { seed: n }) as [number, number]
      return ci[1] - ci[0]
    }
    const [w10, w40, w160] = [width(10), width(40), width(160)]
    expect(w40).toBeLessThan(w10)
    expect(w160).toBeLessThan(w40)
    // theory: 2·1.96·σ/√n ≈ 0.62 at n = 40; each fourfold n halves it
    expect(w10 / w160).toBeGreaterThan(2.5)
    expect(w10 / w160).toBeLessThan(6)
    expect(w40).toBeGreaterThan(0.4)
    expect(w40).toBeLessThan(0.85)
  })

  it('covers the true mean at about the nominal rate (simulated)', () => {
    // 400 data sets of n = 40 from N(1, 2²); the percentile interval undercovers slightly at finite n,
    // so the band is the binomial ±4 standard errors plus 0.02 of such bias, not a tuned threshold.
    const rng = new Rng(2024)
    const trials = 400
    for (const level of [0.95, 0.8]) {
      let covered = 0
      for (let t = 0; t < trials; t++) {
        const ci = bootstrapMeanCI(normals(rng, 40, 1, 2), { seed: t, resamples: 1000, level }) as [number, number]
        if (ci[0] <= 1 && 1 <= ci[1]) covered++
      }
      const rate = covered / trials
      const se = Math.sqrt((level * (1 - level)) / trials)
      expect(Math.abs(rate - level)).toBeLessThan(4 * se + 0.02)
    }
  })
})
