// From a model's output map to the 8-bit PNG the authors saved.
//
// ViNet / AViNet (generate_result*.py `process` + utils.img_save), in order:
//   1. cv2.resize(smap, (W, H)) — INTER_LINEAR on float32: source x = (dx+0.5)·(sw/dw) − 0.5
//      (computed in double, stored as float), clamped to the edge pixels
//   2. cv2.GaussianBlur(k=(11,11), σ=0) — OpenCV derives σ = 0.3·((11−1)·0.5 − 1) + 0.8 = 2.0;
//      float32 kernel, border REFLECT_101
//   3. make_grid(normalize=True): (x − min) / max(max − min, 1e-5) in float32
//   4. torch.round(x·255 + 0.5) clamped to [0, 255] (round half to even), uint8
// STAViS (test_sal.normalize_data): the sigmoid map (the graph's 'saliency' output, 112×112, not
//   resized), then clip((x − min)·(255 / (max − min)), 0, 255).astype(uint8), i.e. truncation.
//   A constant map (max = min) gives all zeros here (numpy would divide by zero).
import { AppError } from '../../../shared/errors'

export interface FloatMap {
  width: number
  height: number
  data: Float32Array
}

export interface ByteMap {
  width: number
  height: number
  data: Uint8Array
}

const f32 = Math.fround

function checkMap(map: FloatMap, what: string): void {
  if (map.data.length !== map.width * map.height || map.width <= 0 || map.height <= 0) {
    throw new AppError('bad-argument', `${what}: expected ${map.width}×${map.height} values, found ${map.data.length}`)
  }
}

/** Source index and float weight of the right/bottom neighbour for each output position. */
function linearTaps(srcSize: number, dstSize: number): { index: Int32Array; frac: Float32Array } {
  const index = new Int32Array(dstSize)
  const frac = new Float32Array(dstSize)
  const scale = 1 / (dstSize / srcSize)
  for (let d = 0; d < dstSize; d++) {
    let fx = f32((d + 0.5) * scale - 0.5)
    let sx = Math.floor(fx)
    fx = f32(fx - sx)
    if (sx < 0) {
      sx = 0
      fx = 0
    }
    if (sx >= srcSize - 1) {
      sx = srcSize - 1
      fx = 0
    }
    index[d] = sx
    frac[d] = fx
  }
  return { index, frac }
}

/** cv2.resize(src, (width, height), interpolation=INTER_LINEAR) for one float32 channel. */
export function cvResizeLinear(src: FloatMap, width: number, height: number): FloatMap {
  checkMap(src, 'cv2 resize input')
  if (width === src.width && height === src.height) return { width, height, data: src.data.slice() }
  const h = linearTaps(src.width, width)
  const v = linearTaps(src.height, height)
  // horizontal pass over every source row, then the vertical blend (OpenCV's order)
  const rows = new Float32Array(src.height * width)
  for (let y = 0; y < src.height; y++) {
    const rowIn = y * src.width
    const rowOut = y * width
    for (let x = 0; x < width; x++) {
      const sx = h.index[x]
      const a1 = h.frac[x]
      const a0 = f32(1 - a1)
      const right = sx + 1 < src.width ? src.data[rowIn + sx + 1] : 0
      rows[rowOut + x] = f32(f32(src.data[rowIn + sx] * a0) + f32(right * a1))
    }
  }
  const out = new Float32Array(width * height)
  for (let y = 0; y < height; y++) {
    const sy = v.index[y]
    const b1 = v.frac[y]
    const b0 = f32(1 - b1)
    const r0 = sy * width
    const r1 = Math.min(sy + 1, src.height - 1) * width
    const o = y * width
    for (let x = 0; x < width; x++) out[o + x] = f32(f32(rows[r0 + x] * b0) + f32(rows[r1 + x] * b1))
  }
  return { width, height, data: out }
}

/** cv2.getGaussianKernel(ksize, sigma ≤ 0 → derived, CV_32F). */
export function gaussianKernel(ksize: number, sigma = 0): Float32Array {
  if (!Number.isInteger(ksize) || ksize < 1 || ksize % 2 === 0) {
    throw new AppError('bad-argument', `Gaussian kernel size must be a positive odd integer, got ${ksize}`)
  }
  const s = sigma > 0 ? sigma : ((ksize - 1) * 0.5 - 1) * 0.3 + 0.8
  const scale2 = -0.5 / (s * s)
  const k = new Float32Array(ksize)
  let sum = 0
  for (let i = 0; i < ksize; i++) {
    const x = i - (ksize - 1) * 0.5
    k[i] = f32(Math.exp(scale2 * x * x))
    sum += k[i]
  }
  const inv = 1 / sum
  for (let i = 0; i < ksize; i++) k[i] = f32(k[i] * inv)
  return k
}

/** BORDER_REFLECT_101: …2 1 | 0 1 2 … n−1 | n−2 … */
export function reflect101(p: number, n: number): number {
  if (n === 1) return 0
  let q = p
  while (q < 0 || q >= n) q = q < 0 ? -q : 2 * n - 2 - q
  return q
}

/** cv2.GaussianBlur(src, (k, k), sigma) on one float32 channel, border REFLECT_101. */
export function gaussianBlur(src: FloatMap, ksize = 11, sigma = 0): FloatMap {
  checkMap(src, 'Gaussian blur input')
  const kernel = gaussianKernel(ksize, sigma)
  const r = (ksize - 1) / 2
  const { width, height } = src
  const xIndex = Int32Array.from({ length: width + 2 * r }, (_, i) => reflect101(i - r, width))
  const yIndex = Int32Array.from({ length: height + 2 * r }, (_, i) => reflect101(i - r, height))
  const rows = new Float32Array(width * height)
  for (let y = 0; y < height; y++) {
    const rowIn = y * width
    for (let x = 0; x < width; x++) {
      let sum = 0
      for (let k = 0; k < ksize; k++) sum += src.data[rowIn + xIndex[x + k]] * kernel[k]
      rows[rowIn + x] = sum
    }
  }
  const out = new Float32Array(width * height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0
      for (let k = 0; k < ksize; k++) sum += rows[yIndex[y + k] * width + x] * kernel[k]
      out[y * width + x] = sum
    }
  }
  return { width, height, data: out }
}

function minMax(data: Float32Array): { min: number; max: number } {
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    if (v < min) min = v
    if (v > max) max = v
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) {
    throw new AppError('forward-failed', `the model produced a map with non-finite values (min ${min}, max ${max})`)
  }
  return { min, max }
}

function roundHalfEven(v: number): number {
  const r = Math.round(v)
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/** make_grid(normalize=True) then img_save's torch.round(x·255 + 0.5).clamp(0, 255) as uint8. */
export function minMaxToUint8Torch(map: FloatMap): ByteMap {
  const { min, max } = minMax(map.data)
  const range = f32(Math.max(max - min, 1e-5))
  const out = new Uint8Array(map.data.length)
  for (let i = 0; i < map.data.length; i++) {
    const unit = f32(f32(map.data[i] - min) / range)
    const shifted = f32(f32(unit * 255) + 0.5)
    out[i] = roundHalfEven(Math.min(255, Math.max(0, shifted)))
  }
  return { width: map.width, height: map.height, data: out }
}

/** ViNet/AViNet post-processing of one (h, w) model map to the source frame size. */
export function vinetPostprocess(map: FloatMap, frameWidth: number, frameHeight: number): ByteMap {
  return minMaxToUint8Torch(gaussianBlur(cvResizeLinear(map, frameWidth, frameHeight), 11, 0))
}

/** STAViS test_sal.normalize_data on the sigmoid map: min-max to 0–255 with truncation. */
export function stavisPostprocess(map: FloatMap): ByteMap {
  checkMap(map, 'STAViS map')
  const { min, max } = minMax(map.data)
  const out = new Uint8Array(map.data.length)
  if (max > min) {
    const factor = f32(255 / f32(max - min))
    for (let i = 0; i < map.data.length; i++) {
      const v = f32(f32(map.data[i] - min) * factor)
      out[i] = Math.trunc(Math.min(255, Math.max(0, v)))
    }
  }
  return { width: map.width, height: map.height, data: out }
}
