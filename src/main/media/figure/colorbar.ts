// The vertical colour bar: value 1 at the top, 0 at the bottom, outlined, with tick marks and
// labels at both ends (the layout decides where).
import type { ColorbarTick } from './layout'
import type { Color, Rect, RgbPage } from './raster'
import { drawText } from './text'

export function drawColorbar(page: RgbPage, bar: Rect, ticks: readonly ColorbarTick[], lut: Uint8Array, scale: number, ink: Color, outline: Color): void {
  for (let row = 0; row < bar.height; row++) {
    const v = bar.height === 1 ? 1 : 1 - row / (bar.height - 1)
    const i = Math.round(v * 255) * 3
    page.fillRect({ x: bar.x, y: bar.y + row, width: bar.width, height: 1 }, [lut[i], lut[i + 1], lut[i + 2]])
  }
  page.strokeAround(bar, outline)
  const tickStart = bar.x + bar.width + 1
  for (const tick of ticks) {
    // the mark runs from the outline to just short of its label
    page.fillRect({ x: tickStart, y: tick.y, width: Math.max(1, tick.label.rect.x - 3 - tickStart), height: 1 }, outline)
    drawText(page, tick.label.text, tick.label.rect.x, tick.label.rect.y, scale, ink)
  }
}
