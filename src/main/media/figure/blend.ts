// Colour-mapped saliency over a frame, with the viewer's alpha rule (renderer/lib/overlay.ts):
// alpha byte = round(opacity·v) ('value') or round(opacity·255) ('flat'), 0 where v = 0;
// then source-over, as the canvas composites it.
import type { FigureAlphaMode, GrayMap, RgbImage } from './types'

/** The alpha byte (0–255) the viewer gives map value `v`. */
export function overlayAlpha(v: number, opacity: number, mode: FigureAlphaMode): number {
  if (v === 0) return 0
  return mode === 'flat' ? Math.round(opacity * 255) : Math.round(opacity * v)
}

/** `map` (same size as `frame`) coloured by `lut` and blended over a copy of `frame`. */
export function blendOverlay(frame: RgbImage, map: GrayMap, lut: Uint8Array, opacity: number, mode: FigureAlphaMode): RgbImage {
  const n = frame.width * frame.height
  const out = new Uint8Array(n * 3)
  for (let i = 0; i < n; i++) {
    const v = map.data[i]
    const a = overlayAlpha(v, opacity, mode) / 255
    for (let c = 0; c < 3; c++) {
      out[i * 3 + c] = Math.round(frame.data[i * 3 + c] * (1 - a) + lut[v * 3 + c] * a)
    }
  }
  return { width: frame.width, height: frame.height, data: out }
}

/** `map` coloured by `lut`, opaque. */
export function colorizeMap(map: GrayMap, lut: Uint8Array): RgbImage {
  const n = map.width * map.height
  const out = new Uint8Array(n * 3)
  for (let i = 0; i < n; i++) out.set(lut.subarray(map.data[i] * 3, map.data[i] * 3 + 3), i * 3)
  return { width: map.width, height: map.height, data: out }
}
