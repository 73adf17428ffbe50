import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  normalisationTables,
  pilCoefficients,
  pilResize,
  prepareFrame,
  stavisRecipe,
  toRgb,
  vinetRecipe,
  writeFrameIntoClip
} from '../../../src/main/engine/inference/preprocess'
import { REFERENCE, testImage } from './reference'
import { AppError } from '../../../src/shared/errors'

describe('pilResize matches Pillow byte for byte', () => {
  for (const c of REFERENCE.resize) {
    it(`${c.width}×${c.height} → ${c.outWidth}×${c.outHeight} ${c.filter} (Pillow ${REFERENCE.pillow ?? 'port'})`, () => {
      const out = pilResize({ width: c.width, height: c.height, data: testImage(c.width, c.height) }, c.outWidth, c.outHeight, c.filter)
      expect(out.width).toBe(c.outWidth)
      expect(out.height).toBe(c.outHeight)
      if (c.data) expect(Array.from(out.data)).toEqual(c.data)
      expect(createHash('sha256').update(out.data).digest('hex')).toBe(c.sha256)
    })
  }

  it('antialiases: the kernel support grows with the downscale factor', () => {
    const down3 = pilCoefficients(300, 100, 'bilinear')
    const up = pilCoefficients(100, 300, 'bilinear')
    expect(Math.max(...down3.count)).toBeGreaterThanOrEqual(6)
    expect(Math.max(...up.count)).toBeLessThanOrEqual(3)
    // every pixel's fixed-point weights sum to 1.0 within rounding
    for (let x = 0; x < 100; x++) {
      let s = 0
      for (let k = 0; k < down3.count[x]; k++) s += down3.weights[x * down3.ksize + k]
      expect(Math.abs(s - 2 ** 22)).toBeLessThanOrEqual(down3.count[x])
    }
  })

  it('leaves a same-size image untouched and rejects wrong buffers', () => {
    const img = { width: 5, height: 4, data: testImage(5, 4) }
    expect(Array.from(pilResize(img, 5, 4).data)).toEqual(Array.from(img.data))
    expect(() => pilResize({ width: 5, height: 4, data: new Uint8Array(7) }, 2, 2)).toThrow(AppError)
    expect(() => pilCoefficients(0, 3, 'bilinear')).toThrow(/positive integers/)
  })
})

describe('normalisation as ToTensor + Normalize in float32', () => {
  it('ImageNet tables equal torch float32 values', () => {
    const tables = normalisationTables(vinetRecipe())
    for (let c = 0; c < 3; c++) expect(Array.from(tables[c])).toEqual(REFERENCE.imagenet[c])
  })
  it('STAViS tables are 0–255 minus the ActivityNet mean', () => {
    const tables = normalisationTables(stavisRecipe())
    for (let c = 0; c < 3; c++) expect(Array.from(tables[c])).toEqual(REFERENCE.activitynet[c])
  })
})

describe('prepareFrame and the NCTHW clip layout', () => {
  it('resizes then writes three planes; STAViS goes through 320×240 first', () => {
    const src = { width: 40, height: 30, data: testImage(40, 30) }
    const vinet = prepareFrame(src, vinetRecipe(64, 96))
    expect([vinet.width, vinet.height, vinet.chw.length]).toEqual([96, 64, 3 * 64 * 96])
    const resized = pilResize(src, 96, 64)
    const tables = normalisationTables(vinetRecipe())
    expect(vinet.chw[64 * 96 + 5]).toBe(tables[1][resized.data[5 * 3 + 1]])
    const stavis = prepareFrame(src, stavisRecipe())
    const twoStep = pilResize(pilResize(src, 320, 240, 'bicubic'), 112, 112, 'bilinear')
    expect(stavis.chw[2 * 112 * 112 + 300]).toBe(Math.fround(twoStep.data[300 * 3 + 2] - Math.fround(99.475)))
  })

  it('places frame t of clip b at ((b·3 + c)·T + t)·H·W', () => {
    const frame = { width: 2, height: 1, chw: Float32Array.from([1, 2, 3, 4, 5, 6]) }
    const batch = new Float32Array(2 * 3 * 4 * 2)
    writeFrameIntoClip(batch, frame, 1, 2, 4)
    const at = (b: number, c: number, t: number): number[] => Array.from(batch.subarray(((b * 3 + c) * 4 + t) * 2, ((b * 3 + c) * 4 + t) * 2 + 2))
    expect(at(1, 0, 2)).toEqual([1, 2])
    expect(at(1, 1, 2)).toEqual([3, 4])
    expect(at(1, 2, 2)).toEqual([5, 6])
    expect(batch.reduce((a, b) => a + b, 0)).toBe(21)
  })

  it('converts gray and RGBA to RGB like PIL convert("RGB")', () => {
    expect(Array.from(toRgb({ width: 2, height: 1, channels: 1, data: Uint8Array.from([7, 9]) }).data)).toEqual([7, 7, 7, 9, 9, 9])
    expect(Array.from(toRgb({ width: 1, height: 1, channels: 4, data: Uint8Array.from([1, 2, 3, 0]) }).data)).toEqual([1, 2, 3])
    expect(() => toRgb({ width: 2, height: 2, channels: 3, data: new Uint8Array(5) }, 'f.png')).toThrow(/f\.png/)
  })
})
