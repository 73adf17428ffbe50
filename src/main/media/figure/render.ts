// Draws a comparison figure (frames × {frame, ground truth, model maps per audio condition})
// onto a white page and encodes it as an RGB PNG.
import { encodePngRgb8 } from '../../formats/image'
import { blendOverlay, colorizeMap } from './blend'
import { drawColorbar } from './colorbar'
import { figureColormapLut } from './colormap'
import { layoutFigure, type FigureLayout } from './layout'
import { RgbPage, type Color, type Rect } from './raster'
import { resample } from './resample'
import { drawText, lineHeight, textWidth } from './text'
import type { FigureCell, FigureSpec, GrayMap, RgbImage } from './types'
import { resolveFigure, type ResolvedFigure } from './validate'

const WHITE: Color = [255, 255, 255]
const INK: Color = [25, 25, 25]
const OUTLINE: Color = [90, 90, 90]
const NO_MAP_FILL: Color = [228, 228, 228]

export interface RenderedFigure {
  image: RgbImage
  layout: FigureLayout
}

function resizeRgb(img: RgbImage, width: number, height: number): RgbImage {
  return { width, height, data: resample(img.data, img.width, img.height, 3, width, height) }
}

function resizeGray(map: GrayMap, width: number, height: number): GrayMap {
  return { width, height, data: resample(map.data, map.width, map.height, 1, width, height) }
}

/** "no map" on a white tag in the middle of the cell, so a missing prediction is never mistaken for an empty one. */
function drawNoMap(page: RgbPage, rect: Rect, scale: number): void {
  const text = 'no map'
  const w = textWidth(text, scale)
  const h = lineHeight(scale)
  const x = rect.x + Math.floor((rect.width - w) / 2)
  const y = rect.y + Math.floor((rect.height - h) / 2)
  page.fillRect({ x: x - 3 * scale, y: y - 2 * scale, width: w + 6 * scale, height: h + 3 * scale }, WHITE)
  drawText(page, text, x, y, scale, INK)
}

function drawCell(page: RgbPage, cell: FigureCell, rect: Rect, fig: ResolvedFigure, frameAt: (img: RgbImage) => RgbImage): void {
  const lut = figureColormapLut(fig.colormap)
  if (cell.kind === 'frame') {
    page.paste(frameAt(cell.image), rect.x, rect.y)
    return
  }
  if (!cell.map) {
    if (cell.kind === 'overlay') page.paste(frameAt(cell.image), rect.x, rect.y)
    else page.fillRect(rect, NO_MAP_FILL)
    drawNoMap(page, rect, fig.textScale)
    return
  }
  const map = resizeGray(cell.map, rect.width, rect.height)
  const tile = cell.kind === 'overlay' ? blendOverlay(frameAt(cell.image), map, lut, fig.opacity, fig.alphaMode) : colorizeMap(map, lut)
  page.paste(tile, rect.x, rect.y)
}

/** The figure as a raster plus its layout (tests and previews); throws AppError('bad-argument') on a bad spec. */
export function renderComparisonRaster(spec: FigureSpec): RenderedFigure {
  const fig = resolveFigure(spec)
  const layout = layoutFigure(fig)
  const page = new RgbPage(layout.width, layout.height, WHITE)

  spec.rows.forEach((row, r) => {
    // the same frame object usually fills every cell of a row: resize it once
    const resized = new Map<RgbImage, RgbImage>()
    const cellRect = layout.cells[r][0]
    const frameAt = (img: RgbImage): RgbImage => {
      let out = resized.get(img)
      if (!out) resized.set(img, (out = resizeRgb(img, cellRect.width, cellRect.height)))
      return out
    }
    row.cells.forEach((cell, c) => drawCell(page, cell, layout.cells[r][c], fig, frameAt))
  })

  const s = layout.textScale
  if (layout.title) drawText(page, layout.title.text, layout.title.rect.x, layout.title.rect.y, layout.titleScale, INK)
  for (const t of [...layout.columnTitles, ...layout.rowLabels]) drawText(page, t.text, t.rect.x, t.rect.y, s, INK)
  drawColorbar(page, layout.colorbar, layout.ticks, figureColormapLut(fig.colormap), s, INK, OUTLINE)
  if (layout.colorbarLabel) {
    const { text, rect } = layout.colorbarLabel
    drawText(page, text, rect.x, rect.y, s, INK, 'ccw')
  }
  return { image: { width: page.width, height: page.height, data: page.data }, layout }
}

/** The figure as RGB PNG bytes; throws AppError('bad-argument') on a bad spec. */
export function renderComparisonFigure(spec: FigureSpec): Uint8Array {
  const { image } = renderComparisonRaster(spec)
  return encodePngRgb8(image.width, image.height, image.data)
}
