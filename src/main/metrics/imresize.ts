// MATLAB `imresize(A, [outH outW])` with its defaults (bicubic, antialiasing on), for real-valued
// (double) maps. Algorithm as in MATLAB's imresize.m: per dimension, `contributions()` builds a
// weight/index table, then the map is resized one dimension at a time, the dimension with the
// smaller scale first (MATLAB: [~, order] = sort(scale), a stable sort, so rows first on a tie).
import { checkMap } from './mapOps'
import type { SalMap } from './types'
import { AppError } from '../../shared/errors'

export interface ImresizeOptions {
  /** widen the kernel by 1/scale when shrinking (MATLAB default true) */
  antialiasing?: boolean
  /**
   * Out-of-range input indices: 'symmetric' mirrors them (MATLAB's current `contributions()`,
   * aux = [1:n, n:-1:1]); 'replicate' clamps them to the edge (some older MATLAB releases).
   */
  boundary?: 'symmetric' | 'replicate'
}

/** Keys' cubic convolution kernel with a = -0.5 (MATLAB `cubic`). */
function cubic(x: number): number {
  const ax = Math.abs(x)
  const ax2 = ax * ax
  const ax3 = ax2 * ax
  if (ax <= 1) return 1.5 * ax3 - 2.5 * ax2 + 1
  if (ax <= 2) return -0.5 * ax3 + 2.5 * ax2 - 4 * ax + 2
  return 0
}

/** Weights and 0-based input indices for each output pixel: row o holds `taps` entries. */
interface Contributions {
  taps: number
  weights: Float64Array
  indices: Int32Array
}

function mirror(index1: number, length: number): number {
  // 1-based MATLAB index -> 0-based index, reflecting at both ends with the edge repeated
  const period = 2 * length
  const m = (((index1 - 1) % period) + period) % period
  return m < length ? m : period - 1 - m
}

function contributions(
  inLength: number,
  outLength: number,
  scale: number,
  antialiasing: boolean,
  boundary: 'symmetric' | 'replicate'
): Contributions {
  const shrinkAA = scale < 1 && antialiasing
  const kernelWidth = shrinkAA ? 4 / scale : 4
  const h = shrinkAA ? (x: number) => scale * cubic(scale * x) : cubic
  const P = Math.ceil(kernelWidth) + 2
  const rawW = new Float64Array(outLength * P)
  const rawI = new Int32Array(outLength * P)
  for (let o = 0; o < outLength; o++) {
    const x = o + 1
    const u = x / scale + 0.5 * (1 - 1 / scale)
    const left = Math.floor(u - kernelWidth / 2)
    let rowSum = 0
    for (let k = 0; k < P; k++) {
      const w = h(u - (left + k))
      rawW[o * P + k] = w
      rowSum += w
    }
    for (let k = 0; k < P; k++) {
      rawW[o * P + k] /= rowSum
      const idx1 = left + k
      rawI[o * P + k] = boundary === 'symmetric' ? mirror(idx1, inLength) : Math.min(Math.max(idx1, 1), inLength) - 1
    }
  }
  // drop tap columns whose weight is zero for every output pixel (MATLAB `kill`)
  const keep: number[] = []
  for (let k = 0; k < P; k++) {
    for (let o = 0; o < outLength; o++) {
      if (rawW[o * P + k] !== 0) {
        keep.push(k)
        break
      }
    }
  }
  const taps = keep.length
  const weights = new Float64Array(outLength * taps)
  const indices = new Int32Array(outLength * taps)
  for (let o = 0; o < outLength; o++) {
    for (let t = 0; t < taps; t++) {
      weights[o * taps + t] = rawW[o * P + keep[t]]
      indices[o * taps + t] = rawI[o * P + keep[t]]
    }
  }
  return { taps, weights, indices }
}

function resizeRows(src: Float64Array, w: number, outH: number, c: Contributions): Float64Array {
  const out = new Float64Array(outH * w)
  for (let o = 0; o < outH; o++) {
    const base = o * w
    for (let t = 0; t < c.taps; t++) {
      const wt = c.weights[o * c.taps + t]
      const srcBase = c.indices[o * c.taps + t] * w
      for (let x = 0; x < w; x++) out[base + x] += wt * src[srcBase + x]
    }
  }
  return out
}

function resizeCols(src: Float64Array, h: number, inW: number, outW: number, c: Contributions): Float64Array {
  const out = new Float64Array(h * outW)
  for (let y = 0; y < h; y++) {
    const srcRow = y * inW
    const outRow = y * outW
    for (let o = 0; o < outW; o++) {
      let acc = 0
      for (let t = 0; t < c.taps; t++) acc += c.weights[o * c.taps + t] * src[srcRow + c.indices[o * c.taps + t]]
      out[outRow + o] = acc
    }
  }
  return out
}

/**
 * MATLAB `imresize(src, [outH outW])` (bicubic, antialiased when shrinking) on a real-valued map.
 * Same size returns an untouched copy. No rounding or clamping (MATLAB keeps doubles as they are).
 */
export function imresizeBicubic(src: SalMap, outH: number, outW: number, opts: ImresizeOptions = {}): SalMap {
  checkMap(src, 'imresize input')
  if (!Number.isInteger(outH) || !Number.isInteger(outW) || outH <= 0 || outW <= 0) {
    throw new AppError('metric-input', `imresize: expected a positive integer output size, found ${outH}x${outW}`)
  }
  const antialiasing = opts.antialiasing ?? true
  const boundary = opts.boundary ?? 'symmetric'
  const scaleRows = outH / src.height
  const scaleCols = outW / src.width
  const order: Array<'rows' | 'cols'> = scaleCols < scaleRows ? ['cols', 'rows'] : ['rows', 'cols']
  let data: Float64Array = Float64Array.from(src.data)
  let h = src.height
  let w = src.width
  for (const dim of order) {
    // a dimension kept at its length is the identity in MATLAB too (its only surviving tap has weight 1)
    if (dim === 'rows' && outH !== h) {
      data = resizeRows(data, w, outH, contributions(h, outH, scaleRows, antialiasing, boundary))
      h = outH
    } else if (dim === 'cols' && outW !== w) {
      data = resizeCols(data, h, w, outW, contributions(w, outW, scaleCols, antialiasing, boundary))
      w = outW
    }
  }
  return { width: w, height: h, data }
}

/** The map itself when it already has the target size, else its MATLAB bicubic resize. */
export function resizedTo(map: SalMap, height: number, width: number): SalMap {
  if (map.width === width && map.height === height) return map
  return imresizeBicubic(map, height, width)
}
