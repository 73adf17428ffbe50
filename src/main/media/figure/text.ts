// Bitmap text on an RgbPage: measuring, fitting into a width, drawing upright or rotated a
// quarter turn counter-clockwise (reads bottom to top, like a y-axis label).
import { GLYPH_ADVANCE, GLYPH_HEIGHT, GLYPH_WIDTH, glyphBits } from './font'
import type { Color, Rect, RgbPage } from './raster'

/** Height of one line at `scale` (descender row included). */
export function lineHeight(scale: number): number {
  return GLYPH_HEIGHT * scale
}

/** Width of `text` at `scale`, without trailing spacing. */
export function textWidth(text: string, scale: number): number {
  const n = [...text].length
  return n === 0 ? 0 : (n * GLYPH_ADVANCE - (GLYPH_ADVANCE - GLYPH_WIDTH)) * scale
}

/** `text`, cut and ended with '..' when wider than `maxWidth` at `scale`. */
export function fitText(text: string, scale: number, maxWidth: number): string {
  if (textWidth(text, scale) <= maxWidth) return text
  const chars = [...text]
  for (let n = chars.length - 1; n > 0; n--) {
    const cut = chars.slice(0, n).join('').trimEnd() + '..'
    if (textWidth(cut, scale) <= maxWidth) return cut
  }
  return ''
}

export type TextRotation = 'none' | 'ccw'

/**
 * Draws `text` with its box's top-left at (x, y). Upright, the box is textWidth × lineHeight;
 * rotated, it is lineHeight × textWidth. Returns the box.
 */
export function drawText(page: RgbPage, text: string, x: number, y: number, scale: number, color: Color, rotation: TextRotation = 'none'): Rect {
  const w = textWidth(text, scale)
  const h = lineHeight(scale)
  let pen = 0
  for (const ch of text) {
    const bits = glyphBits(ch)
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
        if ((bits[gy] & (1 << (GLYPH_WIDTH - 1 - gx))) === 0) continue
        const u = (pen + gx) * scale // along the text
        const v = gy * scale // down the line
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            // rotating counter-clockwise: "along" runs up the page, "down" runs right
            if (rotation === 'none') page.setPixel(x + u + dx, y + v + dy, color)
            else page.setPixel(x + v + dy, y + w - 1 - (u + dx), color)
          }
        }
      }
    }
    pen += GLYPH_ADVANCE
  }
  return rotation === 'none' ? { x, y, width: w, height: h } : { x, y, width: h, height: w }
}
