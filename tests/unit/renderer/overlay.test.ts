import { describe, expect, it } from 'vitest'
import { colormapLut } from '../../../src/renderer/src/lib/colormaps'
import { colorizeMap, grayFromRgba, mapMax, type GrayMap } from '../../../src/renderer/src/lib/overlay'
import { AppError } from '../../../src/shared/errors'

const map: GrayMap = { width: 4, height: 1, data: Uint8Array.from([0, 1, 128, 255]) }

describe('colorizeMap', () => {
  it("'value' alpha is opacity·v and colour comes from the table", () => {
    const out = new Uint8ClampedArray(16)
    colorizeMap(map, { lut: colormapLut('gray'), opacity: 0.5, alphaMode: 'value' }, out)
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 128, 128, 128, 64, 255, 255, 255, 128])
  })

  it("'flat' alpha is the opacity wherever v > 0, zero stays transparent", () => {
    const out = new Uint8ClampedArray(16)
    colorizeMap(map, { lut: colormapLut('jet'), opacity: 0.4, alphaMode: 'flat' }, out)
    expect([out[3], out[7], out[11], out[15]]).toEqual([0, 102, 102, 102])
    expect([out[12], out[13], out[14]]).toEqual(Array.from(colormapLut('jet').slice(765, 768)))
  })

  it('clamps opacity to [0, 1]', () => {
    const out = new Uint8ClampedArray(16)
    colorizeMap(map, { lut: colormapLut('gray'), opacity: 3, alphaMode: 'value' }, out)
    expect(out[15]).toBe(255)
    colorizeMap(map, { lut: colormapLut('gray'), opacity: -1, alphaMode: 'flat' }, out)
    expect(out[15]).toBe(0)
  })

  it('rejects buffers of the wrong size', () => {
    expect(() => colorizeMap(map, { lut: colormapLut('gray'), opacity: 1, alphaMode: 'value' }, new Uint8ClampedArray(12))).toThrow(
      AppError
    )
    expect(() => colorizeMap(map, { lut: new Uint8Array(10), opacity: 1, alphaMode: 'value' }, new Uint8ClampedArray(16))).toThrow(
      /256×3/
    )
  })
})

describe('grayFromRgba / mapMax', () => {
  it('keeps the red channel', () => {
    const g = grayFromRgba(Uint8ClampedArray.from([10, 10, 10, 255, 200, 200, 200, 255]), 2, 1)
    expect(Array.from(g.data)).toEqual([10, 200])
    expect(mapMax(g)).toBe(200)
  })

  it('says what size it expected', () => {
    expect(() => grayFromRgba(new Uint8ClampedArray(7), 2, 1)).toThrow(/2×1 should hold 8 bytes, found 7/)
  })
})
