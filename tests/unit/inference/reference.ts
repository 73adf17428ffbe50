// Loads tests/fixtures/inference/reference.json (made by make_fixtures.py with Pillow, OpenCV,
// torch and numpy) and rebuilds its deterministic inputs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const FIXTURES = join(import.meta.dirname, '../../fixtures/inference')

export interface ResizeCase {
  width: number
  height: number
  outWidth: number
  outHeight: number
  filter: 'bilinear' | 'bicubic'
  sha256: string
  data?: number[]
}

export interface PostCase {
  width: number
  height: number
  outWidth: number
  outHeight: number
  input: number[]
  resized: number[]
  blurred: number[]
  bytes: number[]
}

export interface WindowCase {
  frames: number
  fps: number
  rate: number
  length: number
  starts: number[]
  ends: number[]
}

export interface BufferCase {
  frames: number
  fps: number
  length: number
  startIndex: number
  excerptStart: number
  excerptEnd: number
  excerptLength: number
  firstNonZero: number
  lastNonZero: number
  sum: number
  sumSquares: number
  probes: Record<string, number>
  flippedProbes: Record<string, number>
}

export interface Reference {
  pillow: string | null
  opencv: string | null
  resize: ResizeCase[]
  imagenet: number[][]
  activitynet: number[][]
  gaussianKernel11: number[]
  postprocess: PostCase[]
  windows: WindowCase[]
  buffers: BufferCase[]
  hanning: Record<string, number[]>
}

export const REFERENCE = JSON.parse(readFileSync(join(FIXTURES, 'reference.json'), 'utf8')) as Reference

/** test_image() of make_fixtures.py: interleaved RGB bytes */
export function testImage(width: number, height: number): Uint8Array {
  const out = new Uint8Array(width * height * 3)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) out[(y * width + x) * 3 + c] = (x * 37 + y * 91 + c * 53 + ((x * y) % 17) * 7) % 256
    }
  }
  return out
}

/** synthetic_wav() of make_fixtures.py (±256 scale, float32) */
export function syntheticWav(length: number): Float32Array {
  const out = new Float32Array(length)
  for (let i = 0; i < length; i++) out[i] = 256 * (0.5 * Math.sin((2 * Math.PI * 440 * i) / 22050) + 0.2 * Math.sin(0.013 * i))
  return out
}
