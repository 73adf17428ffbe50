// Statistics for the audio-swap study: a paired Wilcoxon signed-rank test across videos (SciPy's,
// result for result), a percentile bootstrap interval of a mean, and the mean ± std of feature
// norms (the thesis's Table 5.4). Pure; tests/fixtures/metrics/statistics/ holds the SciPy
// numbers the tests check against.
import { Rng } from './rng'

export type WilcoxonMethod = 'exact' | 'normal' | 'none'

export interface WilcoxonResult {
  /** pairs used: pairs with a NaN on either side are dropped first; zero differences are counted here */
  n: number
  /** min(r+, r−), SciPy's two-sided statistic; null when n = 0 */
  statistic: number | null
  /** two-sided; null when there is nothing to test (n = 0, or every difference is zero) */
  p: number | null
  /** 'exact': the null distribution enumerated over all sign flips; 'normal': tie-corrected normal approximation */
  method: WilcoxonMethod
  /** pairs with x = y: dropped before ranking (zero_method='wilcox') */
  zeroDifferences: number
  /** whether some non-zero |differences| are equal (they share their mean rank) */
  ties: boolean
}

// The exact distribution is used up to this many pairs (zeros included), as SciPy's 'auto' does.
const EXACT_MAX_N = 50

/**
 * Two-sided Wilcoxon signed-rank test of x − y, equal to `scipy.stats.wilcoxon(x, y, method=M)`
 * with zero_method='wilcox' and correction=False, where M is the rule the study specifies:
 * - n ≤ 50 pairs with no ties and no zero differences: 'exact' (the signed-rank distribution);
 * - otherwise: 'asymptotic' (normal approximation, tie-corrected variance, zeros left out).
 * SciPy 1.17's method='auto' agrees except for n ≤ 13 with ties or zeros, where it permutes
 * sign flips instead (the fixtures record both). Pairs with a NaN are dropped first (SciPy:
 * nan_policy='omit'); when every difference is zero p is null (SciPy: NaN).
 */
export function wilcoxonSignedRank(x: readonly number[], y: readonly number[]): WilcoxonResult {
  if (x.length !== y.length) throw new RangeError(`paired samples differ in length (${x.length} and ${y.length})`)
  const nonzero: number[] = []
  let n = 0
  for (let i = 0; i < x.length; i++) {
    const d = x[i] - y[i]
    // also catches ∞ − ∞, which SciPy would keep as a pair but never rank
    if (Number.isNaN(d)) continue
    n++
    if (d !== 0) nonzero.push(d)
  }
  const zeroDifferences = n - nonzero.length
  if (n === 0) return { n, statistic: null, p: null, method: 'none', zeroDifferences, ties: false }
  const m = nonzero.length
  if (m === 0) return { n, statistic: 0, p: null, method: 'none', zeroDifferences, ties: false }

  const { ranks2, tieSum } = doubledMidranks(nonzero.map(Math.abs))
  const ties = tieSum > 0
  let rPlus2 = 0
  for (let i = 0; i < m; i++) if (nonzero[i] > 0) rPlus2 += ranks2[i]
  const rPlus = rPlus2 / 2
  const statistic = Math.min(rPlus, (m * (m + 1)) / 2 - rPlus)

  const exact = n <= EXACT_MAX_N && !ties && zeroDifferences === 0
  if (exact) return { n, statistic, p: exactSignFlipP(ranks2, rPlus2), method: 'exact', zeroDifferences, ties }

  // SciPy's _wilcoxon_statistic, same operations in the same order: the zeros are out of `count`.
  const mean = m * (m + 1) * 0.25
  const se = Math.sqrt((m * (m + 1) * (2 * m + 1) - tieSum / 2) / 24)
  const z = (rPlus - mean) / se
  return { n, statistic, p: 2 * normalSf(Math.abs(z)), method: 'normal', zeroDifferences, ties }
}

/** Twice the average ranks of `values` (so tied ranks stay integers), and Σ(t³ − t) over tie groups. */
function doubledMidranks(values: readonly number[]): { ranks2: Int32Array; tieSum: number } {
  // compare rather than subtract: ∞ − ∞ would be NaN
  const order = values.map((_, i) => i).sort((a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0))
  const ranks2 = new Int32Array(values.length)
  let tieSum = 0
  for (let start = 0; start < order.length; ) {
    let end = start + 1
    while (end < order.length && values[order[end]] === values[order[start]]) end++
    // 1-based positions start+1 … end share the rank (start+1+end)/2
    for (let k = start; k < end; k++) ranks2[order[k]] = start + 1 + end
    const t = end - start
    tieSum += t * t * t - t
    start = end
  }
  return { ranks2, tieSum }
}

/**
 * p = min(1, 2·min(P(R+ ≤ r+), P(R+ ≥ r+))) with R+ the rank sum of the positive signs when each
 * sign is + or − with probability ½. Both tails include r+ itself, so at the centre both exceed ½
 * and p is clipped to 1 — SciPy's exact branch (2·min(sf(⌊r+⌋), cdf(⌈r+⌉)), clipped). Counting subsets by
 * (doubled) rank sum is exact in doubles: at most 2**50 of them.
 */
function exactSignFlipP(ranks2: Int32Array, rPlus2: number): number {
  let total = 0
  for (const r of ranks2) total += r
  const counts = new Float64Array(total + 1)
  counts[0] = 1
  let reach = 0
  for (const r of ranks2) {
    // each rank joins the positive set or not: counts'[s] = counts[s] + counts[s − r]
    for (let s = reach; s >= 0; s--) if (counts[s] !== 0) counts[s + r] += counts[s]
    reach += r
  }
  let le = 0
  let ge = 0
  for (let s = 0; s <= total; s++) {
    if (s <= rPlus2) le += counts[s]
    if (s >= rPlus2) ge += counts[s]
  }
  return Math.min(1, (2 * Math.min(le, ge)) / 2 ** ranks2.length)
}

const TWO_OVER_SQRT_PI = 1.1283791670955126
const ONE_OVER_SQRT_PI = 0.5641895835477563

/** P(Z > z) for a standard normal Z, to about 1e-15 relative over the whole range (SciPy: ndtr(−z)). */
export function normalSf(z: number): number {
  return 0.5 * erfc(z * Math.SQRT1_2)
}

/** exp(−x²) without the rounding error of x² (which grows with x): split x = hi + lo, hi with few bits. */
function expMinusSquare(x: number): number {
  const hi = Math.trunc(x * 16) / 16
  return Math.exp(-hi * hi) * Math.exp(-(x - hi) * (x + hi))
}

/** Complementary error function, computed so that its relative error stays near 1e-15 in the far tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x < 0) return 2 - erfc(-x)
  if (x < 1) {
    // erf by its all-positive series erf x = 2/√π · e^(−x²) · Σ (2x²)ⁿ x / (1·3·…·(2n+1)); below 1,
    // erfc > 0.157, so 1 − erf loses under one digit.
    const x2 = 2 * x * x
    let term = x
    let sum = x
    for (let k = 1; term > sum * 1e-17; k++) {
      term *= x2 / (2 * k + 1)
      sum += term
    }
    return 1 - TWO_OVER_SQRT_PI * expMinusSquare(x) * sum
  }
  if (x > 27.3) return 0 // below the smallest double
  // Laplace's continued fraction erfc x = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))),
  // evaluated forwards by the modified Lentz method; from x = 1 it needs < 200 terms.
  const tiny = 1e-300
  let f = x
  let c = x
  let d = 0
  for (let k = 1; k < 500; k++) {
    const a = k / 2
    d = x + a * d
    d = d === 0 ? 1 / tiny : 1 / d
    c = x + a / c
    if (c === 0) c = tiny
    const delta = c * d
    f *= delta
    if (Math.abs(delta - 1) < 1e-16) break
  }
  return (ONE_OVER_SQRT_PI * expMinusSquare(x)) / f
}

export interface BootstrapOptions {
  /** seeds the project's Rng (xoshiro128**): the same seed gives the same interval */
  seed: number
  /** default 10000 */
  resamples?: number
  /** central coverage, default 0.95 */
  level?: number
}

/**
 * Percentile bootstrap interval of the mean: `resamples` resamples with replacement (NaNs dropped
 * first), their means sorted, and the (1 − level)/2 and (1 + level)/2 quantiles taken by linear
 * interpolation between order statistics at position q·(B − 1) — numpy's default percentile
 * ('linear', Hyndman–Fan type 7), which is what scipy.stats.bootstrap(method='percentile') uses.
 * Null when no value is left.
 */
export function bootstrapMeanCI(values: readonly number[], options: BootstrapOptions): [number, number] | null {
  const resamples = options.resamples ?? 10000
  const level = options.level ?? 0.95
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`)
  if (!(level > 0 && level < 1)) throw new RangeError(`level must lie strictly between 0 and 1, got ${level}`)
  const v = values.filter((t) => !Number.isNaN(t))
  const n = v.length
  if (n === 0) return null
  const rng = new Rng(options.seed)
  const means = new Float64Array(resamples)
  for (let b = 0; b < resamples; b++) {
    let sum = 0
    for (let i = 0; i < n; i++) sum += v[rng.nextInt(n)]
    means[b] = sum / n
  }
  means.sort()
  const tail = (1 - level) / 2
  return [quantileSorted(means, tail), quantileSorted(means, 1 - tail)]
}

/** numpy's 'linear' quantile of sorted data, with its two-sided lerp (exact at both ends, monotone). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const h = q * (sorted.length - 1)
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  const t = h - lo
  const a = sorted[lo]
  const b = sorted[hi]
  return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t
}

export interface NormStatsResult {
  mean: number
  /** population standard deviation (ddof = 0, numpy's np.std default, as the thesis's Table 5.4) */
  std: number
  n: number
}

/** Mean ± population std of the values; NaN in, NaN out (as numpy); NaN mean and std when empty. */
export function normStats(values: readonly number[]): NormStatsResult {
  const n = values.length
  if (n === 0) return { mean: NaN, std: NaN, n }
  let sum = 0
  for (const v of values) sum += v
  const mean = sum / n
  // two passes, as numpy: squares of deviations, not E[x²] − mean² (which cancels)
  let ss = 0
  for (const v of values) ss += (v - mean) * (v - mean)
  return { mean, std: Math.sqrt(ss / n), n }
}

/** Euclidean norm √Σ vᵢ². */
export function l2Norm(v: ArrayLike<number>): number {
  let ss = 0
  for (let i = 0; i < v.length; i++) ss += v[i] * v[i]
  return Math.sqrt(ss)
}
