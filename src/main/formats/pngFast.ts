// Fast path for the PNGs saliency work is made of: 8-bit gray / gray+alpha / RGB / RGBA, not
// interlaced, no palette, no tRNS. Native zlib inflate plus a typed-array unfilter runs several
// times faster than pngjs (≈42 ms → a few ms for 640×360); anything else returns null and goes
// through pngjs. A damaged file throws, so the caller can name it.
import { inflateSync } from 'node:zlib'

export interface FastPng {
  width: number
  height: number
  channels: 1 | 2 | 3 | 4
  data: Uint8Array
}

const CHANNELS: Record<number, 1 | 2 | 3 | 4> = { 0: 1, 4: 2, 2: 3, 6: 4 }

function readUint32(buf: Uint8Array, at: number): number {
  return ((buf[at] << 24) | (buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]) >>> 0
}

/** Decoded pixels, or null when the file needs the general decoder. Throws on damage. */
export function decodePngFast(buf: Uint8Array): FastPng | null {
  let offset = 8
  let width = 0
  let height = 0
  let channels: 1 | 2 | 3 | 4 | undefined
  const idat: Uint8Array[] = []
  while (offset + 8 <= buf.length) {
    const length = readUint32(buf, offset)
    const type = String.fromCharCode(buf[offset + 4], buf[offset + 5], buf[offset + 6], buf[offset + 7])
    const body = offset + 8
    if (body + length + 4 > buf.length) throw new Error(`chunk ${type} runs past the end of the file (truncated)`)
    if (type === 'IHDR') {
      width = readUint32(buf, body)
      height = readUint32(buf, body + 4)
      const bitDepth = buf[body + 8]
      const colorType = buf[body + 9]
      const interlace = buf[body + 12]
      channels = CHANNELS[colorType]
      if (bitDepth !== 8 || channels === undefined || interlace !== 0) return null
    } else if (type === 'tRNS' || type === 'PLTE') {
      return null
    } else if (type === 'IDAT') {
      idat.push(buf.subarray(body, body + length))
    } else if (type === 'IEND') {
      break
    }
    offset = body + length + 4
  }
  if (!channels || width === 0 || height === 0) throw new Error('no IHDR chunk')
  if (idat.length === 0) throw new Error('no image data (IDAT)')
  const raw = inflateSync(idat.length === 1 ? idat[0] : Buffer.concat(idat))
  const stride = width * channels
  if (raw.length < (stride + 1) * height) throw new Error(`image data holds ${raw.length} bytes, ${(stride + 1) * height} expected (truncated)`)
  const out = new Uint8Array(stride * height)
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]
    const src = y * (stride + 1) + 1
    const row = y * stride
    const prev = row - stride
    // Each filter handles the first pixel (no left neighbour) and the first row (no row above)
    // outside the hot loop, so the inner loops carry no bounds tests.
    const c = channels
    if (filter === 0 || (filter === 2 && y === 0)) {
      out.set(raw.subarray(src, src + stride), row)
    } else if (filter === 1 || (filter === 4 && y === 0)) {
      for (let x = 0; x < c; x++) out[row + x] = raw[src + x]
      for (let x = c; x < stride; x++) out[row + x] = (raw[src + x] + out[row + x - c]) & 255
    } else if (filter === 2) {
      for (let x = 0; x < stride; x++) out[row + x] = (raw[src + x] + out[prev + x]) & 255
    } else if (filter === 3) {
      if (y === 0) {
        for (let x = 0; x < c; x++) out[row + x] = raw[src + x]
        for (let x = c; x < stride; x++) out[row + x] = (raw[src + x] + (out[row + x - c] >> 1)) & 255
      } else {
        for (let x = 0; x < c; x++) out[row + x] = (raw[src + x] + (out[prev + x] >> 1)) & 255
        for (let x = c; x < stride; x++) out[row + x] = (raw[src + x] + ((out[row + x - c] + out[prev + x]) >> 1)) & 255
      }
    } else if (filter === 4) {
      for (let x = 0; x < c; x++) out[row + x] = (raw[src + x] + out[prev + x]) & 255
      for (let x = c; x < stride; x++) {
        const a = out[row + x - c]
        const b = out[prev + x]
        const d = out[prev + x - c]
        const pa = Math.abs(b - d)
        const pb = Math.abs(a - d)
        const pc = Math.abs(a + b - 2 * d)
        out[row + x] = (raw[src + x] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : d)) & 255
      }
    } else {
      throw new Error(`row ${y} has unknown filter type ${filter}`)
    }
  }
  return { width, height, channels, data: out }
}
