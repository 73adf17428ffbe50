import { describe, expect, it } from 'vitest'
import {
  COLORMAP_NAMES,
  colormapGradientCss,
  colormapLut,
  colormapRgb,
  isColormapName
} from '../../../src/renderer/src/lib/colormaps'

describe('colormaps', () => {
  it('jet follows the MATLAB piecewise-linear definition', () => {
    expect(colormapRgb('jet', 0)).toEqual([0, 0, 128])
    expect(colormapRgb('jet', 0.5)).toEqual([128, 255, 128])
    expect(colormapRgb('jet', 1)).toEqual([128, 0, 0])
    expect(colormapRgb('jet', 0.25)).toEqual([0, 128, 255])
  })

  it('hot runs black → red → yellow → white', () => {
    expect(colormapRgb('hot', 0)).toEqual([0, 0, 0])
    expect(colormapRgb('hot', 3 / 8)).toEqual([255, 0, 0])
    expect(colormapRgb('hot', 0.75)).toEqual([255, 255, 0])
    expect(colormapRgb('hot', 1)).toEqual([255, 255, 255])
  })

  it('gray is the identity', () => {
    for (let i = 0; i < 256; i += 17) expect(colormapRgb('gray', i / 255)).toEqual([i, i, i])
  })

  it('viridis and inferno hit matplotlib anchors exactly', () => {
    expect(colormapRgb('viridis', 0)).toEqual([0x44, 0x01, 0x54])
    expect(colormapRgb('viridis', 1)).toEqual([0xfd, 0xe7, 0x25])
    expect(colormapRgb('viridis', 5 / 9)).toEqual([0x1f, 0x9e, 0x89])
    expect(colormapRgb('inferno', 0)).toEqual([0, 0, 4])
    expect(colormapRgb('inferno', 1)).toEqual([0xfc, 0xff, 0xa4])
    expect(colormapRgb('inferno', 4 / 9)).toEqual([0xa5, 0x2c, 0x60])
  })

  it('viridis and inferno get brighter monotonically (perceptual maps)', () => {
    for (const name of ['viridis', 'inferno'] as const) {
      let previous = -1
      for (let i = 0; i <= 255; i++) {
        const [r, g, b] = colormapRgb(name, i / 255)
        const luma = 0.299 * r + 0.587 * g + 0.114 * b
        expect(luma).toBeGreaterThanOrEqual(previous - 1)
        previous = luma
      }
    }
  })

  it('turbo is dark blue-ish at 0, green at the middle, dark red at 1', () => {
    const [r0, g0, b0] = colormapRgb('turbo', 0)
    expect(r0 + g0 + b0).toBeLessThan(120)
    const [rm, gm, bm] = colormapRgb('turbo', 0.5)
    expect(gm).toBeGreaterThan(rm)
    expect(gm).toBeGreaterThan(bm)
    expect(gm).toBeGreaterThan(200)
    const [r1, g1, b1] = colormapRgb('turbo', 1)
    expect(r1).toBeGreaterThan(100)
    expect(r1).toBeGreaterThan(4 * Math.max(g1, b1))
    const [rb, gb, bb] = colormapRgb('turbo', 0.15)
    expect(bb).toBeGreaterThan(rb)
    expect(bb).toBeGreaterThan(gb)
  })

  it('clamps values outside [0, 1]', () => {
    for (const name of COLORMAP_NAMES) {
      expect(colormapRgb(name, -3)).toEqual(colormapRgb(name, 0))
      expect(colormapRgb(name, 7)).toEqual(colormapRgb(name, 1))
    }
  })

  it('builds 256×3 tables that agree with the functions, and caches them', () => {
    for (const name of COLORMAP_NAMES) {
      const lut = colormapLut(name)
      expect(lut.length).toBe(768)
      expect(Array.from(lut.slice(200 * 3, 200 * 3 + 3))).toEqual(colormapRgb(name, 200 / 255))
      expect(colormapLut(name)).toBe(lut)
    }
  })

  it('recognises names and builds a CSS gradient', () => {
    expect(isColormapName('viridis')).toBe(true)
    expect(isColormapName('parula')).toBe(false)
    const css = colormapGradientCss('gray', 3)
    expect(css).toBe('linear-gradient(to right, rgb(0,0,0) 0%, rgb(128,128,128) 50%, rgb(255,255,255) 100%)')
  })
})
