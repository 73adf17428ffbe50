// Image size from the file header alone (PNG IHDR, JPEG SOFn, BMP info header), so indexing a
// dataset never decodes pixels.
import { open } from 'node:fs/promises'
import { isAppError, type AppError, type ErrorCode } from '../../shared/errors'
import { formatError } from '../formats/errors'

export interface ImageHeader {
  format: 'png' | 'jpeg' | 'bmp'
  width: number
  height: number
}

export type ImageHeaderProblem = 'empty' | 'truncated' | 'unknown-format' | 'bad-header'

const PROBLEM_CODES: Record<ImageHeaderProblem, ErrorCode> = {
  empty: 'image-empty',
  truncated: 'image-truncated',
  'unknown-format': 'image-unknown-format',
  'bad-header': 'image-bad-header'
}

/** An AppError whose message names the file (formatError's convention). */
function headerError(problem: ImageHeaderProblem, message: string, path?: string): AppError {
  return formatError(PROBLEM_CODES[problem], message, path)
}

/** True for the errors parseImageHeader throws (the file is not a readable image). */
export function isImageHeaderError(err: unknown): err is AppError {
  return isAppError(err, ...Object.values(PROBLEM_CODES))
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

/** Parses the size from the start of an image file. Throws an image-* AppError when it cannot. */
export function parseImageHeader(buf: Uint8Array, path?: string): ImageHeader {
  if (buf.length === 0) throw headerError('empty', 'file is empty (0 bytes)', path)
  if (buf[0] === 0x89 && buf[1] === 0x50) return parsePng(buf, path)
  if (buf[0] === 0xff && buf[1] === 0xd8) return parseJpeg(buf, path)
  if (buf[0] === 0x42 && buf[1] === 0x4d) return parseBmp(buf, path)
  const head = Array.from(buf.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')
  throw headerError('unknown-format', `not a PNG, JPEG or BMP (starts with bytes ${head})`, path)
}

function u16be(buf: Uint8Array, at: number): number {
  return (buf[at] << 8) | buf[at + 1]
}

function u32be(buf: Uint8Array, at: number): number {
  return ((buf[at] << 24) >>> 0) + ((buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3])
}

function i32le(buf: Uint8Array, at: number): number {
  return buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24)
}

function parsePng(buf: Uint8Array, path?: string): ImageHeader {
  // signature (8) + chunk length (4) + 'IHDR' (4) + width (4) + height (4)
  if (buf.length < 24) throw headerError('truncated', `PNG header cut short at ${buf.length} bytes`, path)
  for (let i = 0; i < 8; i++) {
    if (buf[i] !== PNG_SIGNATURE[i]) throw headerError('bad-header', 'PNG signature is damaged', path)
  }
  const chunkType = String.fromCharCode(buf[12], buf[13], buf[14], buf[15])
  if (chunkType !== 'IHDR')
    throw headerError('bad-header', `PNG's first chunk is '${chunkType}', expected 'IHDR'`, path)
  const width = u32be(buf, 16)
  const height = u32be(buf, 20)
  if (width === 0 || height === 0)
    throw headerError('bad-header', `PNG IHDR gives an empty size ${width}×${height}`, path)
  return { format: 'png', width, height }
}

// SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc
}

function parseJpeg(buf: Uint8Array, path?: string): ImageHeader {
  let at = 2
  while (at < buf.length) {
    if (buf[at] !== 0xff) {
      throw headerError('bad-header', `JPEG marker expected at byte ${at}, found 0x${buf[at].toString(16)}`, path)
    }
    // fill bytes: any number of 0xFF before the marker code
    while (at < buf.length && buf[at] === 0xff) at++
    if (at >= buf.length) break
    const marker = buf[at]
    at++
    // standalone markers have no length field
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) continue
    if (marker === 0xd9 || marker === 0xda) {
      throw headerError('bad-header', 'JPEG reaches its image data before any SOF (frame size) segment', path)
    }
    if (at + 2 > buf.length) break
    const length = u16be(buf, at)
    if (length < 2) throw headerError('bad-header', `JPEG segment at byte ${at} has length ${length}`, path)
    if (isStartOfFrame(marker)) {
      if (at + 7 > buf.length) break
      const height = u16be(buf, at + 3)
      const width = u16be(buf, at + 5)
      if (width === 0 || height === 0)
        throw headerError('bad-header', `JPEG SOF gives an empty size ${width}×${height}`, path)
      return { format: 'jpeg', width, height }
    }
    at += length
  }
  throw headerError('truncated', `JPEG ends after ${buf.length} bytes before its SOF (frame size) segment`, path)
}

function parseBmp(buf: Uint8Array, path?: string): ImageHeader {
  if (buf.length < 26) throw headerError('truncated', `BMP header cut short at ${buf.length} bytes`, path)
  const width = i32le(buf, 18)
  // negative height means a top-down bitmap
  const height = Math.abs(i32le(buf, 22))
  if (width <= 0 || height === 0)
    throw headerError('bad-header', `BMP header gives an invalid size ${width}×${height}`, path)
  return { format: 'bmp', width, height }
}

// Enough for PNG/BMP and plain JPEGs; a JPEG whose EXIF/ICC segments push the SOF further
// is read whole on the second try. Small, because 'headers' mode reads every frame.
const FIRST_READ_BYTES = 4096

/** Reads just enough of an image file to learn its size. Throws an image-* AppError or an fs error. */
export async function readImageHeader(path: string): Promise<ImageHeader> {
  const handle = await open(path, 'r')
  try {
    const first = Buffer.allocUnsafe(FIRST_READ_BYTES)
    const { bytesRead } = await handle.read(first, 0, FIRST_READ_BYTES, 0)
    try {
      return parseImageHeader(first.subarray(0, bytesRead), path)
    } catch (err) {
      // A JPEG with large metadata segments: read the whole file once and try again.
      if (!isAppError(err, 'image-truncated') || bytesRead < FIRST_READ_BYTES) throw err
      const whole = await handle.readFile()
      return parseImageHeader(whole, path)
    }
  } finally {
    await handle.close()
  }
}
