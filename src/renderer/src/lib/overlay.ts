// Map pixels → overlay RGBA. Maps are 8-bit grayscale: a decoded PNG arrives as RGBA with
// r = g = b, so the red channel is the value.
import { AppError } from '../../../shared/errors'

export type AlphaMode = 'value' | 'flat'

export interface OverlayStyle {
  /** 256×3 colour table (colormapLut) */
  lut: Uint8Array
  /** 0–1 */
  opacity: number
  /** 'value': alpha = opacity·v/255; 'flat': alpha = opacity wherever v > 0 */
  alphaMode: AlphaMode
}

/** A decoded grayscale map: one byte per pixel, row-major. */
export interface GrayMap {
  width: number
  height: number
  data: Uint8Array
}

/** Keeps the red channel of an RGBA buffer as the map value. */
export function grayFromRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number): GrayMap {
  const n = width * height
  if (rgba.length !== n * 4) {
    throw new AppError('overlay-input', `RGBA buffer of ${width}×${height} should hold ${n * 4} bytes, found ${rgba.length}`)
  }
  const data = new Uint8Array(n)
  for (let i = 0; i < n; i++) data[i] = rgba[i * 4]
  return { width, height, data }
}

/** Writes the coloured, alpha-weighted overlay of `map` into `out` (RGBA, same pixel count). */
export function colorizeMap(map: GrayMap, style: OverlayStyle, out: Uint8ClampedArray): void {
  const n = map.width * map.height
  if (out.length !== n * 4) {
    throw new AppError('overlay-input', `overlay buffer for ${map.width}×${map.height} should hold ${n * 4} bytes, found ${out.length}`)
  }
  if (style.lut.length !== 768) {
    throw new AppError('overlay-input', `colour table should hold 256×3 bytes, found ${style.lut.length}`)
  }
  const opacity = style.opacity < 0 ? 0 : style.opacity > 1 ? 1 : style.opacity
  const flatAlpha = Math.round(opacity * 255)
  const { lut, alphaMode } = style
  const src = map.data
  for (let i = 0; i < n; i++) {
    const v = src[i]
    const o = i * 4
    out[o] = lut[v * 3]
    out[o + 1] = lut[v * 3 + 1]
    out[o + 2] = lut[v * 3 + 2]
    out[o + 3] = v === 0 ? 0 : alphaMode === 'flat' ? flatAlpha : Math.round(opacity * v)
  }
}

/** Largest value in a map (0 for an all-black map). */
export function mapMax(map: GrayMap): number {
  let max = 0
  const d = map.data
  for (let i = 0; i < d.length; i++) if (d[i] > max) max = d[i]
  return max
}
