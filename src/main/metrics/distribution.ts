// Distribution-based metrics of the MIT saliency benchmark: CC.m, similarity.m, KLdiv.m.
// The second argument is the continuous GT map (blurred fixations), not the binary fixations.
// Each resizes the prediction to the GT size with MATLAB's default bicubic imresize.
import { resizedTo } from './imresize'
import { allNaN, anyNonZero, checkMap, isConstant, mean, minMax, sum } from './mapOps'
import type { SalMap } from './types'
import { MATLAB_EPS } from './types'

function predictionAtGtSize(sal: SalMap, gt: SalMap, role: string): Float64Array {
  checkMap(sal, `${role}: saliency map`)
  checkMap(gt, `${role}: ground-truth map`)
  return resizedTo(sal, gt.height, gt.width).data
}

/**
 * Pearson correlation (CC.m: z-score both maps, then corr2). NaN when either map is constant.
 * corr2 is invariant to the z-scoring, so it is applied to the maps directly.
 */
export function cc(sal: SalMap, gt: SalMap): number {
  const a = predictionAtGtSize(sal, gt, 'CC')
  const b = gt.data
  if (isConstant(a) || isConstant(b)) return NaN
  const ma = mean(a)
  const mb = mean(b)
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < a.length; i++) {
    const da = a[i] - ma
    const db = b[i] - mb
    sab += da * db
    saa += da * da
    sbb += db * db
  }
  return sab / Math.sqrt(saa * sbb)
}

export interface SimOptions {
  /** min-max normalise each map before dividing by its sum (MIT similarity.m: true) */
  minMax?: boolean
}

/** similarity.m normalisation: an all-zero map stays zero; a constant non-zero map becomes NaN. */
function simNormalised(data: Float64Array, useMinMax: boolean): Float64Array {
  const out = Float64Array.from(data)
  if (!anyNonZero(out)) return out
  if (useMinMax) {
    const { min, max } = minMax(out)
    const range = max - min
    for (let i = 0; i < out.length; i++) out[i] = (out[i] - min) / range
  }
  const total = sum(out)
  for (let i = 0; i < out.length; i++) out[i] /= total
  return out
}

/**
 * SIM / histogram intersection (similarity.m): each map min-max normalised, then divided by its
 * sum; score = sum(min). NaN for a constant non-zero map; 0 against an all-zero GT.
 */
export function sim(sal: SalMap, gt: SalMap, opts: SimOptions = {}): number {
  const useMinMax = opts.minMax ?? true
  const a = simNormalised(predictionAtGtSize(sal, gt, 'SIM'), useMinMax)
  const b = simNormalised(gt.data, useMinMax)
  if (allNaN(a) || allNaN(b)) return NaN
  let acc = 0
  for (let i = 0; i < a.length; i++) {
    const x = a[i]
    const y = b[i]
    // MATLAB min(x, y) returns the non-NaN operand
    acc += x !== x ? y : y !== y ? x : x < y ? x : y
  }
  return acc
}

/**
 * KL divergence KL(GT || prediction) in nats (KLdiv.m): both maps divided by their sums (no
 * min-max), score = sum(G .* log(eps + G ./ (P + eps))) with eps = 2^-52. Not offset invariant.
 * Where a negative prediction value (e.g. bicubic overshoot) makes the log argument negative,
 * MATLAB yields a complex number and STAViS keeps its real part, log|x|; so do we.
 */
export function kld(sal: SalMap, gt: SalMap): number {
  const p = Float64Array.from(predictionAtGtSize(sal, gt, 'KLD'))
  const g = Float64Array.from(gt.data)
  if (anyNonZero(p)) {
    const t = sum(p)
    for (let i = 0; i < p.length; i++) p[i] /= t
  }
  if (anyNonZero(g)) {
    const t = sum(g)
    for (let i = 0; i < g.length; i++) g[i] /= t
  }
  let acc = 0
  for (let i = 0; i < g.length; i++) {
    const gi = g[i]
    const denom = p[i] + MATLAB_EPS
    // 0 * log(eps + 0/denom) adds nothing; skip the log unless it could be NaN (denominator 0 or NaN)
    if (gi === 0 && denom !== 0 && denom === denom) continue
    acc += gi * Math.log(Math.abs(MATLAB_EPS + gi / denom))
  }
  return acc
}
