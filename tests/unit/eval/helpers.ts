// Tiny ViNet-layout datasets and prediction folders for evaluation tests.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PNG } from 'pngjs'

export function grayPng(width: number, height: number, value: (x: number, y: number) => number): Buffer {
  const png = new PNG({ width, height })
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4
      const v = Math.max(0, Math.min(255, Math.round(value(x, y))))
      png.data[o] = v
      png.data[o + 1] = v
      png.data[o + 2] = v
      png.data[o + 3] = 255
    }
  }
  return PNG.sync.write(png)
}

export const W = 40
export const H = 30

/** GT map of frame i: a Gaussian blob centred at (10 + i, 15). */
export function blob(i: number, sigma = 4): (x: number, y: number) => number {
  return (x, y) => 255 * Math.exp(-((x - 10 - i) ** 2 + (y - 15) ** 2) / (2 * sigma * sigma))
}

export interface TinyDataset {
  root: string
  video: string
  frames: number
}

/**
 * `<root>/testing/<video>/{images,maps,fixation}` with `frames` frames; frame i fixates (10+i, 15)
 * and (30, 5); frames listed in `emptyFixations` have an all-zero fixation map.
 */
export function makeTinyDataset(frames: number, emptyFixations: number[] = []): TinyDataset {
  const root = mkdtempSync(join(tmpdir(), 'avsal-eval-ds-'))
  const video = 'clip-001'
  const base = join(root, 'testing', video)
  for (const sub of ['images', 'maps', 'fixation']) mkdirSync(join(base, sub), { recursive: true })
  for (let i = 0; i < frames; i++) {
    const name = `${video}_${String(i + 1).padStart(3, '0')}.png`
    writeFileSync(join(base, 'images', name), grayPng(W, H, (x, y) => (x * 5 + y * 3) % 255))
    writeFileSync(join(base, 'maps', name), grayPng(W, H, blob(i)))
    const empty = emptyFixations.includes(i)
    writeFileSync(
      join(base, 'fixation', name),
      grayPng(W, H, (x, y) => (!empty && ((x === 10 + i && y === 15) || (x === 30 && y === 5)) ? 255 : 0))
    )
  }
  return { root, video, frames }
}

/** A prediction folder `<dir>/<video>/` with one PNG per listed frame, made by `value(i)`. */
export function makePredictions(
  video: string,
  frames: number[],
  value: (i: number) => (x: number, y: number) => number,
  size: { width: number; height: number } = { width: W, height: H }
): string {
  const dir = mkdtempSync(join(tmpdir(), 'avsal-eval-pred-'))
  mkdirSync(join(dir, video))
  for (const i of frames) {
    writeFileSync(join(dir, video, `${video}_${String(i + 1).padStart(3, '0')}.png`), grayPng(size.width, size.height, value(i)))
  }
  return dir
}
