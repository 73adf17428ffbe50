// AUC metrics of the MIT saliency benchmark (cvzoya/saliency code_forMetrics):
// AUC_Judd.m, AUC_shuffled.m, AUC_Borji.m, plus an exact-ROC alternative (pysaliency style).
import { matlabColon } from './colon'
import { resizedTo } from './imresize'
import { allNaN, checkMap, fixatedIndices, minMax, minMaxNormalized, requireSameSize } from './mapOps'
import { Rng } from './rng'
import type { FixationMap, SalMap } from './types'
import { AppError } from '../../shared/errors'

/** Where random numbers come from: an explicit generator, or a seed (default 0). */
export interface RandomSource {
  rng?: Rng
  seed?: number
}

function rngOf(opts: RandomSource): Rng {
  return opts.rng ?? new Rng(opts.seed ?? 0)
}

/** MATLAB trapz(x, y). */
function trapz(x: Float64Array, y: Float64Array): number {
  let acc = 0
  for (let k = 0; k + 1 < x.length; k++) acc += (x[k + 1] - x[k]) * (y[k + 1] + y[k])
  return acc / 2
}

function prepare(sal: SalMap, fix: FixationMap, role: string): SalMap {
  checkMap(sal, `${role}: saliency map`)
  checkMap(fix, `${role}: fixation map`)
  return resizedTo(sal, fix.height, fix.width)
}

export interface AucJuddOptions extends RandomSource {
  /** add uniform [0, 1e-7) noise to the raw map before normalising (MIT default: true) */
  jitter?: boolean
  /**
   * 'mit': MIT AUC_Judd.m (thresholds at fixated values, `>=` counting, fp over non-fixated pixels).
   * 'exact-roc': exact ROC area (Mann-Whitney; ties count 1/2; no jitter), as pysaliency computes it.
   */
  method?: 'mit' | 'exact-roc'
  /** negatives for 'exact-roc': non-fixated pixels (Judd) or all pixels (pysaliency's default) */
  negatives?: 'non-fixated' | 'all-pixels'
}

/**
 * AUC-Judd. NaN when there is no fixation, or when the map is constant and jitter is off.
 * One threshold per fixated pixel (fixation counts collapsed), duplicated values kept, sorted
 * descending; fp counts every pixel >= threshold minus the i fixations above it, so a non-fixated
 * pixel tying a fixated value counts as a false positive. Chance level is 0.5 + 0.5/(N+1).
 */
export function aucJudd(sal: SalMap, fix: FixationMap, opts: AucJuddOptions = {}): number {
  const map = prepare(sal, fix, 'AUC-Judd')
  const fixed = fixatedIndices(fix)
  if (fixed.length === 0) return NaN
  if ((opts.method ?? 'mit') === 'exact-roc') return exactJuddRoc(map.data, fix, fixed, opts.negatives ?? 'all-pixels')

  let raw: Float64Array = map.data
  if (opts.jitter ?? true) {
    const rng = rngOf(opts)
    raw = new Float64Array(map.data.length)
    for (let i = 0; i < raw.length; i++) raw[i] = map.data[i] + rng.nextFloat() / 10000000
  }
  const S = minMaxNormalized(raw)
  if (allNaN(S)) return NaN

  const N = fixed.length
  const nPix = S.length
  // thresholds: saliency at fixated pixels, descending
  const thr = new Float64Array(N)
  for (let i = 0; i < N; i++) thr[i] = S[fixed[i]]
  thr.sort().reverse()

  // aboveCount[i] = #pixels with S >= thr[i]. Each pixel is counted once, at the first
  // (largest) threshold it reaches, then a running sum: the same integers as a scan per threshold.
  const firstReached = new Int32Array(N + 1)
  const lowest = thr[N - 1]
  for (let p = 0; p < nPix; p++) {
    const s = S[p]
    if (!(s >= lowest)) continue
    let lo = 0
    let hi = N - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (thr[mid] <= s) hi = mid
      else lo = mid + 1
    }
    firstReached[lo]++
  }
  const tp = new Float64Array(N + 2)
  const fp = new Float64Array(N + 2)
  tp[N + 1] = 1
  fp[N + 1] = 1
  let above = 0
  for (let i = 1; i <= N; i++) {
    above += firstReached[i - 1]
    tp[i] = i / N
    fp[i] = (above - i) / (nPix - N)
  }
  return trapz(fp, tp)
}

/** Sorted copy with NaN removed. */
function sortedFinite(values: Float64Array): Float64Array {
  const out = Float64Array.from(values.filter((v) => v === v))
  return out.sort()
}

/** index of the first element >= v (or > v when strict) in an ascending array */
function bound(sorted: Float64Array, v: number, strict: boolean): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (strict ? sorted[mid] <= v : sorted[mid] < v) lo = mid + 1
    else hi = mid
  }
  return lo
}

function exactJuddRoc(
  S: Float64Array,
  fix: FixationMap,
  fixed: Int32Array,
  negatives: 'non-fixated' | 'all-pixels'
): number {
  const neg: number[] = []
  for (let p = 0; p < S.length; p++) if (negatives === 'all-pixels' || !(fix.data[p] > 0)) neg.push(S[p])
  const sortedNeg = sortedFinite(Float64Array.from(neg))
  if (sortedNeg.length === 0) return NaN
  let acc = 0
  for (const p of fixed) {
    const v = S[p]
    const less = bound(sortedNeg, v, false)
    const lessEq = bound(sortedNeg, v, true)
    acc += less + 0.5 * (lessEq - less)
  }
  return acc / (fixed.length * sortedNeg.length)
}

export interface SplitAucOptions extends RandomSource {
  /** number of random negative sets (MIT default 100) */
  nSplits?: number
  /** threshold spacing on the min-max normalised map (MIT default 0.1) */
  stepSize?: number
}

export interface AucShuffledOptions extends SplitAucOptions {
  /**
   * 'mit': AUC_shuffled.m (per split, min(N, #other) unique other locations without replacement,
   * fixed thresholds 0:step:max). 'exact-roc': every other location is a negative, weighted by its
   * value in the other map (a count), exact ROC with ties 1/2 (pysaliency style).
   */
  method?: 'mit' | 'exact-roc'
}

/** ROC area of one split with MIT's fixed thresholds fliplr(0:step:max([Sth; curfix])). */
function fixedThresholdAuc(sth: Float64Array, curfix: Float64Array, step: number): number {
  const top = Math.max(minMax(sth).max, minMax(curfix).max)
  const thr = matlabColon(0, step, top).reverse()
  const tp = new Float64Array(thr.length + 2)
  const fp = new Float64Array(thr.length + 2)
  tp[thr.length + 1] = 1
  fp[thr.length + 1] = 1
  for (let i = 0; i < thr.length; i++) {
    const t = thr[i]
    let a = 0
    for (let k = 0; k < sth.length; k++) if (sth[k] >= t) a++
    let b = 0
    for (let k = 0; k < curfix.length; k++) if (curfix[k] >= t) b++
    tp[i + 1] = a / sth.length
    fp[i + 1] = b / curfix.length
  }
  return trapz(fp, tp)
}

function normalisedForSplits(sal: SalMap, fix: FixationMap, role: string): Float64Array | null {
  const map = prepare(sal, fix, role)
  const S = minMaxNormalized(map.data)
  return allNaN(S) ? null : S
}

function valuesAt(S: Float64Array, idx: ArrayLike<number>, count = idx.length): Float64Array {
  const out = new Float64Array(count)
  for (let i = 0; i < count; i++) out[i] = S[idx[i]]
  return out
}

/**
 * Shuffled AUC (AUC_shuffled.m). `other` marks fixations from other frames (> 0). NaN when there
 * is no fixation, the map is constant, or `other` has no location. Other locations that coincide
 * with current fixations are kept, as in the MIT code (the STAViS protocol removes them beforehand).
 */
export function aucShuffled(sal: SalMap, fix: FixationMap, other: FixationMap, opts: AucShuffledOptions = {}): number {
  checkMap(sal, 'sAUC: saliency map')
  checkMap(fix, 'sAUC: fixation map')
  checkMap(other, 'sAUC: other-fixation map')
  requireSameSize(fix, 'sAUC fixation map', other, 'sAUC other-fixation map')
  const fixed = fixatedIndices(fix)
  if (fixed.length === 0) return NaN
  const S = normalisedForSplits(sal, fix, 'sAUC')
  if (S === null) return NaN
  const sth = valuesAt(S, fixed)
  const ind = fixatedIndices(other)
  if (ind.length === 0) return NaN
  if ((opts.method ?? 'mit') === 'exact-roc') return weightedExactRoc(sth, S, ind, other)

  const nSplits = opts.nSplits ?? 100
  const step = opts.stepSize ?? 0.1
  checkSplitOptions(nSplits, step)
  const nOther = Math.min(fixed.length, ind.length)
  const rng = rngOf(opts)
  const work = Int32Array.from(ind)
  let total = 0
  for (let s = 0; s < nSplits; s++) {
    if (nOther < ind.length) {
      // partial Fisher-Yates: the first nOther entries become a uniform sample without replacement
      for (let i = 0; i < nOther; i++) {
        const j = i + rng.nextInt(ind.length - i)
        const t = work[i]
        work[i] = work[j]
        work[j] = t
      }
    }
    total += fixedThresholdAuc(sth, valuesAt(S, work, nOther), step)
  }
  return total / nSplits
}

function checkSplitOptions(nSplits: number, step: number): void {
  if (!Number.isInteger(nSplits) || nSplits < 1) {
    throw new AppError('metric-input', `AUC splits: expected a positive integer nSplits, found ${nSplits}`)
  }
  if (!(step > 0)) throw new AppError('metric-input', `AUC splits: expected a positive stepSize, found ${step}`)
}

function weightedExactRoc(sth: Float64Array, S: Float64Array, ind: Int32Array, other: FixationMap): number {
  const order = Array.from(ind).filter((p) => S[p] === S[p])
  order.sort((a, b) => S[a] - S[b])
  const values = Float64Array.from(order, (p) => S[p])
  const cumWeight = new Float64Array(order.length + 1)
  for (let i = 0; i < order.length; i++) cumWeight[i + 1] = cumWeight[i] + other.data[order[i]]
  const totalWeight = cumWeight[order.length]
  if (totalWeight === 0) return NaN
  let acc = 0
  for (const v of sth) {
    const less = bound(values, v, false)
    const lessEq = bound(values, v, true)
    acc += cumWeight[less] + 0.5 * (cumWeight[lessEq] - cumWeight[less])
  }
  return acc / (sth.length * totalWeight)
}

/**
 * AUC-Borji (AUC_Borji.m): negatives are N uniform random pixels per split (with replacement).
 * NaN when there are fewer than 2 fixated pixels (the MIT guard) or the map is constant.
 */
export function aucBorji(sal: SalMap, fix: FixationMap, opts: SplitAucOptions = {}): number {
  checkMap(sal, 'AUC-Borji: saliency map')
  checkMap(fix, 'AUC-Borji: fixation map')
  const fixed = fixatedIndices(fix)
  if (fixed.length <= 1) return NaN
  const S = normalisedForSplits(sal, fix, 'AUC-Borji')
  if (S === null) return NaN
  const nSplits = opts.nSplits ?? 100
  const step = opts.stepSize ?? 0.1
  checkSplitOptions(nSplits, step)
  const sth = valuesAt(S, fixed)
  const rng = rngOf(opts)
  const curfix = new Float64Array(fixed.length)
  let total = 0
  for (let s = 0; s < nSplits; s++) {
    for (let i = 0; i < curfix.length; i++) curfix[i] = S[rng.nextInt(S.length)]
    total += fixedThresholdAuc(sth, curfix, step)
  }
  return total / nSplits
}
