// Location-based metrics of the MIT saliency benchmark: NSS.m and InfoGain.m.
import { resizedTo } from './imresize'
import { checkMap, fixatedIndices, isConstant, mean, minMaxNormalized, std, sum } from './mapOps'
import type { StdKind } from './mapOps'
import type { FixationMap, SalMap } from './types'
import { MATLAB_EPS } from './types'

export interface NssOptions {
  /** 'sample' (N-1, MATLAB std, the MIT default) or 'population' (N, numpy/pysaliency) */
  std?: StdKind
}

/**
 * NSS: mean of the z-scored prediction over fixated pixels (counts collapsed). NaN when there is
 * no fixation (mean of nothing) or the prediction is constant (0/0).
 */
export function nss(sal: SalMap, fix: FixationMap, opts: NssOptions = {}): number {
  checkMap(sal, 'NSS: saliency map')
  checkMap(fix, 'NSS: fixation map')
  const map = resizedTo(sal, fix.height, fix.width).data
  const fixed = fixatedIndices(fix)
  if (fixed.length === 0 || isConstant(map)) return NaN
  const mu = mean(map)
  const sd = std(map, opts.std ?? 'sample', mu)
  let acc = 0
  for (const p of fixed) acc += (map[p] - mu) / sd
  return acc / fixed.length
}

function asDistribution(data: Float64Array): Float64Array {
  const out = minMaxNormalized(data)
  const total = sum(out)
  for (let i = 0; i < out.length; i++) out[i] /= total
  return out
}

/**
 * Information gain (InfoGain.m, bits per fixation) of the prediction over a baseline map: both
 * resized to the fixation-map size, min-max normalised and divided by their sums; score =
 * mean(log2(eps + P) - log2(eps + B)) over fixated pixels. NaN with no fixation or a constant map.
 */
export function infoGain(sal: SalMap, fix: FixationMap, baseline: SalMap): number {
  checkMap(sal, 'InfoGain: saliency map')
  checkMap(fix, 'InfoGain: fixation map')
  checkMap(baseline, 'InfoGain: baseline map')
  const p = asDistribution(resizedTo(sal, fix.height, fix.width).data)
  const b = asDistribution(resizedTo(baseline, fix.height, fix.width).data)
  const fixed = fixatedIndices(fix)
  if (fixed.length === 0) return NaN
  let acc = 0
  for (const i of fixed) acc += Math.log2(MATLAB_EPS + p[i]) - Math.log2(MATLAB_EPS + b[i])
  return acc / fixed.length
}
