/**
 * Still-image decode/encode for frames and saliency maps. The format is sniffed from the
 * magic bytes, never from the extension (real datasets ship JPEGs named .png and vice versa).
 *
 * PNG (pngjs): gray, gray+alpha, RGB, RGBA and palette, bit depths 1–16. 16-bit samples are
 * scaled to 8 bits as round(v·255/65535) — saliency maps are compared at 8-bit precision
 * anyway, and every consumer here takes Uint8Array. Sub-byte depths are scaled to 0–255.
 * JPEG (jpeg-js): baseline and progressive; grayscale JPEGs come back with one channel.
 */
import { PNG } from 'pngjs'
import * as jpeg from 'jpeg-js'
import { decodePngFast } from './pngFast'
import { formatError } from './errors'

export interface RasterImage {
  width: number
  height: number
  channels: 1 | 3 | 4
  /** interleaved, row-major, `channels` bytes per pixel */
  data: Uint8Array
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

export type ImageFormat = 'png' | 'jpeg'

/** 'png' or 'jpeg' from the first bytes, or null for anything else. */
export function sniffImageFormat(buf: Uint8Array): ImageFormat | null {
  if (buf.length >= 8 && PNG_MAGIC.every((b, i) => buf[i] === b)) return 'png'
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg'
  return null
}

function asBuffer(buf: Uint8Array): Buffer {
  return Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
}

/** Keep the first `channels` of every RGBA pixel. */
function fromRgba(rgba: Uint8Array, width: number, height: number, channels: 1 | 3 | 4): Uint8Array {
  const pixels = width * height
  if (channels === 4) return new Uint8Array(rgba.buffer, rgba.byteOffset, pixels * 4)
  const out = new Uint8Array(pixels * channels)
  for (let p = 0, o = 0; p < pixels; p++) {
    for (let c = 0; c < channels; c++) out[o++] = rgba[p * 4 + c]
  }
  return out
}

/** gray+alpha → RGBA (the RasterImage channel counts are 1, 3 or 4) */
function grayAlphaToRgba(data: Uint8Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 4)
  for (let p = 0; p < pixels; p++) {
    const v = data[p * 2]
    out[p * 4] = v
    out[p * 4 + 1] = v
    out[p * 4 + 2] = v
    out[p * 4 + 3] = data[p * 2 + 1]
  }
  return out
}

function decodePng(buf: Uint8Array, path?: string): RasterImage {
  let fast: ReturnType<typeof decodePngFast>
  try {
    fast = decodePngFast(buf)
  } catch (err) {
    throw formatError('image-corrupt', `PNG cannot be decoded (${(err as Error).message})`, path)
  }
  if (fast) {
    if (fast.channels === 2) return { width: fast.width, height: fast.height, channels: 4, data: grayAlphaToRgba(fast.data, fast.width * fast.height) }
    return { width: fast.width, height: fast.height, channels: fast.channels, data: fast.data }
  }
  let png: ReturnType<typeof PNG.sync.read>
  try {
    png = PNG.sync.read(asBuffer(buf))
  } catch (err) {
    throw formatError('image-corrupt', `PNG cannot be decoded (${(err as Error).message})`, path)
  }
  // pngjs always returns RGBA; reduce to what the file actually holds.
  // colorType: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA; `alpha` is also set by tRNS.
  const hasAlpha = png.alpha || png.colorType === 4 || png.colorType === 6
  const channels: 1 | 3 | 4 = hasAlpha ? 4 : png.colorType === 0 ? 1 : 3
  return { width: png.width, height: png.height, channels, data: fromRgba(png.data, png.width, png.height, channels) }
}

/** Number of colour components from the JPEG frame header (SOFn), or null if none found. */
function jpegComponents(buf: Uint8Array): number | null {
  let i = 2
  while (i + 9 < buf.length) {
    if (buf[i] !== 0xff) return null
    const marker = buf[i + 1]
    if (marker === 0xff) {
      i++ // fill byte
      continue
    }
    const length = (buf[i + 2] << 8) | buf[i + 3]
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
    if (isSof) return buf[i + 9]
    if (marker === 0xda) return null // start of scan before any frame header
    i += 2 + length
  }
  return null
}

function decodeJpeg(buf: Uint8Array, path?: string): RasterImage {
  let decoded: { width: number; height: number; data: Uint8Array }
  try {
    decoded = jpeg.decode(buf, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 2048 })
  } catch (err) {
    throw formatError('image-corrupt', `JPEG cannot be decoded (${(err as Error).message})`, path)
  }
  const { width, height, data } = decoded
  if (!width || !height || data.length < width * height * 3) {
    throw formatError('image-corrupt', `JPEG decoded to an empty or short image (${width}×${height})`, path)
  }
  if (jpegComponents(buf) === 1) {
    const gray = new Uint8Array(width * height)
    for (let p = 0; p < gray.length; p++) gray[p] = data[p * 3]
    return { width, height, channels: 1, data: gray }
  }
  return { width, height, channels: 3, data }
}

/**
 * Decode a PNG or JPEG. `path` only decorates errors.
 * Errors: 'image-unknown-format' (neither magic matches), 'image-corrupt' (truncated or damaged).
 */
export function decodeImage(buf: Uint8Array, path?: string): RasterImage {
  const format = sniffImageFormat(buf)
  if (format === 'png') return decodePng(buf, path)
  if (format === 'jpeg') return decodeJpeg(buf, path)
  const head = Array.from(buf.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ')
  throw formatError('image-unknown-format', `not a PNG or JPEG (first bytes: ${head || 'none, file is empty'})`, path)
}

/**
 * Channel 0 of every pixel as float64 in 0–255. Saliency and fixation maps are gray in
 * meaning but often stored as RGB copies; like MATLAB code that does `im(:,:,1)` we read the
 * first channel rather than a luma mix, so a map written R=G=B keeps its exact values.
 */
export function toGrayFloat(img: RasterImage): Float64Array {
  const pixels = img.width * img.height
  const out = new Float64Array(pixels)
  for (let p = 0; p < pixels; p++) out[p] = img.data[p * img.channels]
  return out
}

function checkSize(width: number, height: number, data: Uint8Array, channels: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`PNG size must be positive integers, got ${width}×${height}`)
  }
  if (data.length !== width * height * channels) {
    throw new RangeError(`PNG ${width}×${height}×${channels} needs ${width * height * channels} bytes, got ${data.length}`)
  }
}

function encodePng(width: number, height: number, data: Uint8Array, colorType: 0 | 2): Uint8Array {
  const png = new PNG({ width, height })
  png.data = asBuffer(data) // input layout matches `colorType` exactly, so pngjs packs it as is
  return PNG.sync.write(png, { colorType, inputColorType: colorType, bitDepth: 8, inputHasAlpha: false })
}

/** 8-bit grayscale PNG from `width·height` bytes. */
export function encodePngGray8(width: number, height: number, data: Uint8Array): Uint8Array {
  checkSize(width, height, data, 1)
  return encodePng(width, height, data, 0)
}

/** 8-bit RGB PNG from `width·height·3` interleaved bytes. */
export function encodePngRgb8(width: number, height: number, data: Uint8Array): Uint8Array {
  checkSize(width, height, data, 3)
  return encodePng(width, height, data, 2)
}
