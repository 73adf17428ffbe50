// STAViS evaluation post-processing of a prediction (eval_code/postprocessMap.m with sigma = 2),
// applied before the prediction is resized to GT size and scored:
//   m = clip(255 * pred, 0, 255); m = 255 * m / max(m);
//   m = normalizeImage1(m)   -> (m - min)/(max - min), or 0.5 everywhere when constant;
//   m = imfilter(m, fspecial('gaussian', 2*ceil(3*sigma)+1, sigma), 'symmetric', 'conv')
// The input is expected on the im2double scale [0, 1] (STAViS reads JPEG/PNG maps with im2double).
// An all-zero prediction gives 0/0 in MATLAB and therefore an all-NaN map; so does this.
import { checkMap, minMax } from './mapOps'
import type { SalMap } from './types'
import { AppError } from '../../shared/errors'

/** 1-D factor of fspecial('gaussian', size, sigma): the 2-D kernel is its outer product. */
function gaussianTaps(sigma: number): Float64Array {
  const radius = Math.ceil(3 * sigma)
  const taps = new Float64Array(2 * radius + 1)
  for (let k = -radius; k <= radius; k++) taps[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma))
  // fspecial zeroes 2-D entries below eps*max; the smallest 2-D entry here is exp(-9) of the max,
  // far above eps, so nothing is zeroed and the separable form is the same kernel.
  let total = 0
  for (const t of taps) total += t
  for (let i = 0; i < taps.length; i++) taps[i] /= total
  return taps
}

/** 0-based index reflected at both ends with the edge repeated (padarray 'symmetric'). */
function mirror(i: number, n: number): number {
  const period = 2 * n
  const m = ((i % period) + period) % period
  return m < n ? m : period - 1 - m
}

function filterSymmetric(src: Float64Array, w: number, h: number, taps: Float64Array): Float64Array {
  const r = (taps.length - 1) / 2
  // horizontal pass over a mirrored copy of each row
  const tmp = new Float64Array(w * h)
  const padded = new Float64Array(w + 2 * r)
  const colSource = Int32Array.from({ length: w + 2 * r }, (_, i) => mirror(i - r, w))
  for (let y = 0; y < h; y++) {
    const row = y * w
    for (let i = 0; i < padded.length; i++) padded[i] = src[row + colSource[i]]
    for (let x = 0; x < w; x++) {
      let acc = 0
      for (let k = 0; k < taps.length; k++) acc += taps[k] * padded[x + k]
      tmp[row + x] = acc
    }
  }
  // vertical pass, row by row so the inner loop runs along memory
  const out = new Float64Array(w * h)
  const rowSource = Int32Array.from({ length: h + 2 * r }, (_, i) => mirror(i - r, h))
  for (let y = 0; y < h; y++) {
    const dst = y * w
    for (let k = 0; k < taps.length; k++) {
      const t = taps[k]
      const srcRow = rowSource[y + k] * w
      for (let x = 0; x < w; x++) out[dst + x] += t * tmp[srcRow + x]
    }
  }
  return out
}

export function stavisPostprocess(pred: SalMap, sigma = 2): SalMap {
  checkMap(pred, 'STAViS post-processing: prediction')
  if (!(sigma > 0)) throw new AppError('metric-input', `STAViS post-processing: expected sigma > 0, found ${sigma}`)
  const m = new Float64Array(pred.data.length)
  for (let i = 0; i < m.length; i++) m[i] = Math.min(Math.max(255 * pred.data[i], 0), 255)
  const peak = minMax(m).max
  for (let i = 0; i < m.length; i++) m[i] = (m[i] / peak) * 255
  const { min, max } = minMax(m)
  for (let i = 0; i < m.length; i++) m[i] = max === min ? m[i] - max + 0.5 : (m[i] - min) / (max - min)
  return { width: pred.width, height: pred.height, data: filterSymmetric(m, pred.width, pred.height, gaussianTaps(sigma)) }
}
