/**
 * Fixation points → maps. Pure math, no I/O.
 *
 * - `fixationMap`: binary W×H map, 1 at each point rounded to the nearest pixel (pixel i
 *   covers [i − 0.5, i + 0.5); points in the last half pixel are clamped to the edge).
 * - `saliencyMap`: the binary map blurred with a Gaussian (zero padding outside the frame, as
 *   MATLAB's imfilter does) and divided by its maximum, so the peak is exactly 1 and an
 *   empty frame stays all zeros. Default sigma follows DHF1K: a Gaussian of 30 px FWHM,
 *   sigma = 30 / (2·sqrt(2·ln 2)) ≈ 12.74 px. Use the same sigma you use for the dataset's GT.
 *
 * The blur is separable and scatters from nonzero pixels only, so a frame with n fixation
 * points costs O(n·r + rows_hit·W·r) instead of O(W·H·r) (r = kernel radius).
 */
import type { FixationPoint } from '../../../shared/types'
import type { FramePoint } from './types'

/** DHF1K's Gaussian: 30 px full width at half maximum. */
export const DHF1K_FWHM_PX = 30
export const DHF1K_SIGMA_PX = DHF1K_FWHM_PX / (2 * Math.sqrt(2 * Math.LN2))

/** Kernel half-width in sigmas; beyond 4σ the Gaussian is < 0.04 % of its peak. */
const TRUNCATE_SIGMAS = 4

/** Group per-viewer frame points into frame → points (keys ascending, viewer order kept). */
export function groupPointsByFrame(points: readonly FramePoint[]): Map<number, FixationPoint[]> {
  const byFrame = new Map<number, FixationPoint[]>()
  const sorted = [...points].sort((a, b) => a.frame - b.frame)
  for (const p of sorted) {
    const list = byFrame.get(p.frame)
    if (list) list.push({ x: p.x, y: p.y })
    else byFrame.set(p.frame, [{ x: p.x, y: p.y }])
  }
  return byFrame
}

function checkSize(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`map size must be positive integers, got ${width}×${height}`)
  }
}

/** Binary fixation map, row-major; points outside [0, W)×[0, H) are ignored. */
export function fixationMap(points: readonly FixationPoint[], width: number, height: number): Uint8Array {
  checkSize(width, height)
  const map = new Uint8Array(width * height)
  for (const p of points) {
    if (!(p.x >= 0 && p.y >= 0 && p.x < width && p.y < height)) continue
    const col = Math.min(width - 1, Math.round(p.x))
    const row = Math.min(height - 1, Math.round(p.y))
    map[row * width + col] = 1
  }
  return map
}

/** Normalised 1-D Gaussian of radius ceil(4σ). */
export function gaussianKernel(sigma: number): Float64Array {
  if (!(sigma > 0) || !Number.isFinite(sigma)) throw new RangeError(`Gaussian sigma must be a positive number, got ${sigma}`)
  const radius = Math.max(1, Math.ceil(TRUNCATE_SIGMAS * sigma))
  const kernel = new Float64Array(2 * radius + 1)
  let sum = 0
  for (let i = -radius; i <= radius; i++) {
    const v = Math.exp(-(i * i) / (2 * sigma * sigma))
    kernel[i + radius] = v
    sum += v
  }
  for (let i = 0; i < kernel.length; i++) kernel[i] /= sum
  return kernel
}

/**
 * Separable Gaussian blur with zero padding. Works on any map; fast on sparse ones because
 * both passes scatter from nonzero values only.
 */
export function gaussianBlur(src: ArrayLike<number>, width: number, height: number, sigma: number): Float64Array {
  checkSize(width, height)
  if (src.length !== width * height) throw new RangeError(`map has ${src.length} values, expected ${width}×${height}`)
  const kernel = gaussianKernel(sigma)
  const radius = (kernel.length - 1) / 2
  const horizontal = new Float64Array(width * height)
  const rowsHit = new Uint8Array(height)
  for (let y = 0; y < height; y++) {
    const row = y * width
    for (let x = 0; x < width; x++) {
      const v = src[row + x]
      if (v === 0) continue
      rowsHit[y] = 1
      const from = Math.max(0, x - radius)
      const to = Math.min(width - 1, x + radius)
      for (let t = from; t <= to; t++) horizontal[row + t] += v * kernel[t - x + radius]
    }
  }
  const out = new Float64Array(width * height)
  for (let y = 0; y < height; y++) {
    if (!rowsHit[y]) continue
    const from = Math.max(0, y - radius)
    const to = Math.min(height - 1, y + radius)
    const row = y * width
    for (let t = from; t <= to; t++) {
      const k = kernel[t - y + radius]
      const target = t * width
      for (let x = 0; x < width; x++) out[target + x] += horizontal[row + x] * k
    }
  }
  return out
}

export interface SaliencyMapOptions {
  /** Gaussian sigma in pixels; default DHF1K_SIGMA_PX (30 px FWHM) */
  sigma?: number
}

/** Continuous saliency map: blurred binary fixation map scaled to max 1 (all zeros without points). */
export function saliencyMap(points: readonly FixationPoint[], width: number, height: number, options: SaliencyMapOptions = {}): Float32Array {
  const blurred = gaussianBlur(fixationMap(points, width, height), width, height, options.sigma ?? DHF1K_SIGMA_PX)
  let max = 0
  for (let i = 0; i < blurred.length; i++) if (blurred[i] > max) max = blurred[i]
  const out = new Float32Array(blurred.length)
  if (max > 0) for (let i = 0; i < blurred.length; i++) out[i] = blurred[i] / max
  return out
}
