// Frame preprocessing exactly as the authors' loaders: Pillow's resize (a separable convolution
// whose kernel support grows with the downscale factor, i.e. antialiased), then ToTensor +
// Normalize, written as one CHW float32 plane set per frame.
//
// Pillow (libImaging/Resample.c, unchanged from 4.x to 11.x): for each output pixel the kernel
// centre is in0 + (x + 0.5)·scale, support = filter support · max(scale, 1), weights normalised to
// sum 1 and turned into 22-bit fixed point (round half away from zero). The horizontal pass runs
// first and its result is rounded to uint8 before the vertical pass; an axis whose size does not
// change is not filtered at all. We reproduce that integer arithmetic bit for bit.
import { AppError } from '../../../shared/errors'

export type PilFilter = 'bilinear' | 'bicubic'

/** An interleaved 8-bit RGB image, rows top to bottom. */
export interface RgbImage {
  width: number
  height: number
  data: Uint8Array
}

const PRECISION_BITS = 22
const ROUND_HALF = 1 << (PRECISION_BITS - 1)
const FIXED_ONE = 1 << PRECISION_BITS
const CLIP_TOP = 2 ** (PRECISION_BITS + 8)

const FILTERS: Record<PilFilter, { support: number; weight: (x: number) => number }> = {
  bilinear: {
    support: 1,
    weight: (x) => {
      const a = Math.abs(x)
      return a < 1 ? 1 - a : 0
    }
  },
  bicubic: {
    // Keys cubic with a = -0.5, as Pillow
    support: 2,
    weight: (x) => {
      const a = -0.5
      const t = Math.abs(x)
      if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1
      if (t < 2) return (((t - 5) * t + 8) * t - 4) * a
      return 0
    }
  }
}

/** Per output pixel: first input index, tap count and fixed-point weights (ksize per pixel). */
export interface ResampleCoefficients {
  ksize: number
  first: Int32Array
  count: Int32Array
  weights: Int32Array
}

export function pilCoefficients(inSize: number, outSize: number, filter: PilFilter): ResampleCoefficients {
  if (!Number.isInteger(inSize) || !Number.isInteger(outSize) || inSize <= 0 || outSize <= 0) {
    throw new AppError('bad-argument', `resize sizes must be positive integers, got ${inSize} → ${outSize}`)
  }
  const f = FILTERS[filter]
  const scale = inSize / outSize
  const filterScale = Math.max(scale, 1)
  const support = f.support * filterScale
  const ksize = Math.ceil(support) * 2 + 1
  const first = new Int32Array(outSize)
  const count = new Int32Array(outSize)
  const weights = new Int32Array(outSize * ksize)
  const k = new Float64Array(ksize)
  const ss = 1 / filterScale
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale
    let xmin = Math.trunc(center - support + 0.5)
    if (xmin < 0) xmin = 0
    let xmax = Math.trunc(center + support + 0.5)
    if (xmax > inSize) xmax = inSize
    xmax -= xmin
    let ww = 0
    for (let x = 0; x < xmax; x++) {
      const w = f.weight((x + xmin - center + 0.5) * ss)
      k[x] = w
      ww += w
    }
    for (let x = 0; x < xmax; x++) {
      const v = ww !== 0 ? k[x] / ww : k[x]
      weights[xx * ksize + x] = v < 0 ? Math.trunc(-0.5 + v * FIXED_ONE) : Math.trunc(0.5 + v * FIXED_ONE)
    }
    first[xx] = xmin
    count[xx] = xmax
  }
  return { ksize, first, count, weights }
}

function clip8(sum: number): number {
  if (sum >= CLIP_TOP) return 255
  if (sum <= 0) return 0
  return Math.floor(sum / FIXED_ONE)
}

function horizontalPass(src: RgbImage, rowFirst: number, rows: number, c: ResampleCoefficients, outWidth: number): RgbImage {
  const out = new Uint8Array(outWidth * rows * 3)
  const { ksize, first, count, weights } = c
  for (let y = 0; y < rows; y++) {
    const rowIn = (y + rowFirst) * src.width * 3
    const rowOut = y * outWidth * 3
    for (let xx = 0; xx < outWidth; xx++) {
      const kOff = xx * ksize
      const n = count[xx]
      let base = rowIn + first[xx] * 3
      let r = ROUND_HALF
      let g = ROUND_HALF
      let b = ROUND_HALF
      for (let x = 0; x < n; x++, base += 3) {
        const w = weights[kOff + x]
        r += src.data[base] * w
        g += src.data[base + 1] * w
        b += src.data[base + 2] * w
      }
      const o = rowOut + xx * 3
      out[o] = clip8(r)
      out[o + 1] = clip8(g)
      out[o + 2] = clip8(b)
    }
  }
  return { width: outWidth, height: rows, data: out }
}

function verticalPass(src: RgbImage, c: ResampleCoefficients, outHeight: number, rowShift: number): RgbImage {
  const width = src.width
  const out = new Uint8Array(width * outHeight * 3)
  const { ksize, first, count, weights } = c
  const stride = width * 3
  for (let yy = 0; yy < outHeight; yy++) {
    const kOff = yy * ksize
    const n = count[yy]
    const rowStart = (first[yy] - rowShift) * stride
    const rowOut = yy * stride
    for (let x = 0; x < stride; x++) {
      let sum = ROUND_HALF
      let at = rowStart + x
      for (let y = 0; y < n; y++, at += stride) sum += src.data[at] * weights[kOff + y]
      out[rowOut + x] = clip8(sum)
    }
  }
  return { width, height: outHeight, data: out }
}

/** `Image.resize((width, height), filter)` of Pillow on an RGB image. */
export function pilResize(src: RgbImage, width: number, height: number, filter: PilFilter = 'bilinear'): RgbImage {
  if (src.data.length !== src.width * src.height * 3) {
    throw new AppError('bad-frame', `RGB image ${src.width}×${src.height} needs ${src.width * src.height * 3} bytes, has ${src.data.length}`)
  }
  const needHorizontal = width !== src.width
  const needVertical = height !== src.height
  if (!needHorizontal && !needVertical) return { width, height, data: src.data.slice() }
  const vertical = needVertical ? pilCoefficients(src.height, height, filter) : null
  let current = src
  let rowShift = 0
  if (needHorizontal) {
    const horizontal = pilCoefficients(src.width, width, filter)
    // only the rows the vertical pass reads are filtered horizontally
    const rowFirst = vertical ? vertical.first[0] : 0
    const rowLast = vertical ? vertical.first[height - 1] + vertical.count[height - 1] : src.height
    current = horizontalPass(src, rowFirst, rowLast - rowFirst, horizontal, width)
    rowShift = rowFirst
  }
  return vertical ? verticalPass(current, vertical, height, rowShift) : current
}

/** Any decoded raster (gray, RGB, RGBA) as RGB, like PIL's convert('RGB') (alpha dropped). */
export function toRgb(image: { width: number; height: number; channels: number; data: Uint8Array }, label = 'frame'): RgbImage {
  const { width, height, channels, data } = image
  if (data.length !== width * height * channels || ![1, 3, 4].includes(channels)) {
    throw new AppError('bad-frame', `${label}: expected ${width}×${height} pixels of 1, 3 or 4 channels, found ${data.length} bytes for ${channels} channel(s)`)
  }
  if (channels === 3) return { width, height, data }
  const out = new Uint8Array(width * height * 3)
  for (let p = 0; p < width * height; p++) {
    const s = p * channels
    out[p * 3] = data[s]
    out[p * 3 + 1] = channels === 1 ? data[s] : data[s + 1]
    out[p * 3 + 2] = channels === 1 ? data[s] : data[s + 2]
  }
  return { width, height, data: out }
}

/** How a model wants its frames (models.md §1.1 and §3.1). */
export interface FrameRecipe {
  /** resize steps in order, each Pillow `resize((w, h), filter)` */
  resizes: Array<{ width: number; height: number; filter: PilFilter }>
  /** value = (pixel / divisor − mean) / std, computed in float32 like torch */
  divisor: number
  mean: readonly [number, number, number]
  std: readonly [number, number, number]
}

/** ViNet / AViNet (generate_result*.py): Resize((224,384)) bilinear, /255, ImageNet mean/std. */
export function vinetRecipe(height = 224, width = 384): FrameRecipe {
  return {
    resizes: [{ width, height, filter: 'bilinear' }],
    divisor: 255,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225]
  }
}

/**
 * STAViS (saliency_db.pil_loader + Scale + ToTensor(1) + Normalize): `img.resize((320,240))` with
 * Pillow's default filter, which is BICUBIC since Pillow 7.0 (STAViS pins Pillow 7.1.0), then
 * Scale([112,112]) = bilinear; values stay 0–255, minus the ActivityNet mean, std 1.
 */
export function stavisRecipe(size = 112): FrameRecipe {
  return {
    resizes: [
      { width: 320, height: 240, filter: 'bicubic' },
      { width: size, height: size, filter: 'bilinear' }
    ],
    divisor: 1,
    mean: [114.7748, 107.7354, 99.475],
    std: [1, 1, 1]
  }
}

/** 256-entry float32 lookup per channel: byte → normalised value. */
export function normalisationTables(recipe: FrameRecipe): Float32Array[] {
  const f = Math.fround
  return [0, 1, 2].map((c) => {
    const table = new Float32Array(256)
    const mean = f(recipe.mean[c])
    const std = f(recipe.std[c])
    for (let v = 0; v < 256; v++) table[v] = f(f(f(v / recipe.divisor) - mean) / std)
    return table
  })
}

export interface PreparedFrame {
  width: number
  height: number
  /** three planes (R, G, B), each height·width floats */
  chw: Float32Array
}

/** Resize steps, then normalisation into CHW planes. `tables` from normalisationTables(recipe). */
export function prepareFrame(src: RgbImage, recipe: FrameRecipe, tables: Float32Array[] = normalisationTables(recipe)): PreparedFrame {
  let image = src
  for (const step of recipe.resizes) image = pilResize(image, step.width, step.height, step.filter)
  const plane = image.width * image.height
  const chw = new Float32Array(plane * 3)
  const [tr, tg, tb] = tables
  const d = image.data
  for (let p = 0, s = 0; p < plane; p++, s += 3) {
    chw[p] = tr[d[s]]
    chw[plane + p] = tg[d[s + 1]]
    chw[2 * plane + p] = tb[d[s + 2]]
  }
  return { width: image.width, height: image.height, chw }
}

/**
 * Copies one prepared frame into slot (clip b, time t) of an NCTHW batch tensor with
 * dims (B, 3, T, H, W).
 */
export function writeFrameIntoClip(batch: Float32Array, frame: PreparedFrame, b: number, t: number, frames: number): void {
  const plane = frame.width * frame.height
  for (let c = 0; c < 3; c++) {
    const offset = ((b * 3 + c) * frames + t) * plane
    batch.set(frame.chw.subarray(c * plane, (c + 1) * plane), offset)
  }
}
