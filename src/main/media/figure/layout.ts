// Where everything goes: title, column titles, row labels, the cell grid and the colour bar.
// Pure geometry, so tests can find any cell or the bar's ends without re-deriving the layout.
import { AppError } from '../../../shared/errors'
import type { Rect } from './raster'
import { fitText, lineHeight, textWidth } from './text'
import type { ResolvedFigure } from './validate'

export interface TextBox {
  /** the text as drawn (possibly shortened with '..') */
  text: string
  /** its box; for the rotated colour-bar label the box is tall and narrow */
  rect: Rect
}

export interface ColorbarTick {
  value: number
  /** page row of the bar that shows `value` */
  y: number
  label: TextBox
}

export interface FigureLayout {
  width: number
  height: number
  textScale: number
  titleScale: number
  title: TextBox | null
  columnTitles: TextBox[]
  rowLabels: TextBox[]
  /** cells[row][column] */
  cells: Rect[][]
  /** the gradient itself (its outline is drawn just outside) */
  colorbar: Rect
  ticks: ColorbarTick[]
  colorbarLabel: TextBox | null
}

const MARGIN = 16
const CELL_GAP = 6
const LABEL_GAP = 10 // row label → first cell
const TITLE_GAP = 10 // figure title → column titles
const COLUMN_TITLE_GAP = 6 // column title → its cells
const COLORBAR_GAP = 16 // last column → bar
const TICK_LENGTH = 4
const TICK_LABEL_GAP = 3
const COLORBAR_LABEL_GAP = 8
const MAX_PIXELS = 80_000_000

/** Rows of the figure's cap height above the baseline (glyph rows 0–6), for centring text on a point. */
function capCentre(scale: number): number {
  return Math.round(3.5 * scale)
}

export function layoutFigure(fig: ResolvedFigure): FigureLayout {
  const { spec, cellWidth, textScale: s } = fig
  const titleScale = s + 1
  const lh = lineHeight(s)

  const rowHeights = spec.rows.map((row) => {
    const img = row.cells[0].image
    return Math.max(8, Math.round((cellWidth * img.height) / img.width))
  })
  const columns = spec.columns.length
  const gridWidth = columns * cellWidth + (columns - 1) * CELL_GAP
  const gridHeight = rowHeights.reduce((a, b) => a + b, 0) + (rowHeights.length - 1) * CELL_GAP

  const labels = spec.rows.map((row) => fitText(row.label, s, 2 * cellWidth))
  const labelWidth = Math.max(0, ...labels.map((t) => textWidth(t, s)))
  const gridX = MARGIN + (labelWidth > 0 ? labelWidth + LABEL_GAP : 0)

  const title = spec.title ?? ''
  const titleHeight = title ? lineHeight(titleScale) + TITLE_GAP : 0
  const hasColumnTitles = spec.columns.some((c) => c.length > 0)
  const columnTitleY = MARGIN + titleHeight
  const gridY = columnTitleY + (hasColumnTitles ? lh + COLUMN_TITLE_GAP : 0)

  const cells: Rect[][] = []
  const rowLabels: TextBox[] = []
  let y = gridY
  spec.rows.forEach((_, r) => {
    cells.push(spec.columns.map((__, c) => ({ x: gridX + c * (cellWidth + CELL_GAP), y, width: cellWidth, height: rowHeights[r] })))
    const text = labels[r]
    rowLabels.push({ text, rect: { x: MARGIN, y: y + Math.round(rowHeights[r] / 2) - capCentre(s), width: textWidth(text, s), height: lh } })
    y += rowHeights[r] + CELL_GAP
  })

  const columnTitles = spec.columns.map((col, c) => {
    const text = fitText(col, s, cellWidth)
    const w = textWidth(text, s)
    return { text, rect: { x: gridX + c * (cellWidth + CELL_GAP) + Math.floor((cellWidth - w) / 2), y: columnTitleY, width: w, height: lh } }
  })

  const colorbar: Rect = { x: gridX + gridWidth + COLORBAR_GAP, y: gridY, width: Math.max(12, Math.round(cellWidth / 16)), height: gridHeight }
  const tickLabelX = colorbar.x + colorbar.width + 1 + TICK_LENGTH + TICK_LABEL_GAP
  const ticks: ColorbarTick[] = [
    { value: 1, y: colorbar.y },
    { value: 0, y: colorbar.y + colorbar.height - 1 }
  ].map((t) => {
    const text = String(t.value)
    return { ...t, label: { text, rect: { x: tickLabelX, y: t.y - capCentre(s), width: textWidth(text, s), height: lh } } }
  })
  let right = tickLabelX + Math.max(...ticks.map((t) => t.label.rect.width))

  let colorbarLabel: TextBox | null = null
  const barText = fitText(spec.colorbarLabel ?? '', s, colorbar.height)
  if (barText) {
    const len = textWidth(barText, s)
    const rect = { x: right + COLORBAR_LABEL_GAP, y: colorbar.y + Math.floor((colorbar.height - len) / 2), width: lh, height: len }
    colorbarLabel = { text: barText, rect }
    right = rect.x + rect.width
  }

  const titleWidth = textWidth(title, titleScale)
  const width = Math.max(right + MARGIN, titleWidth + 2 * MARGIN)
  const height = gridY + gridHeight + MARGIN
  if (width * height > MAX_PIXELS) {
    throw new AppError('bad-argument', `figure: ${width}×${height} px is too large (at most ${MAX_PIXELS} pixels); use fewer rows or a smaller cellWidth`)
  }
  // the title centres over the grid, shifted inward if it would cross the page edge
  const titleX = Math.min(width - MARGIN - titleWidth, Math.max(MARGIN, gridX + Math.floor((gridWidth - titleWidth) / 2)))
  const titleBox = title ? { text: title, rect: { x: titleX, y: MARGIN, width: titleWidth, height: lineHeight(titleScale) } } : null

  return { width, height, textScale: s, titleScale, title: titleBox, columnTitles, rowLabels, cells, colorbar, ticks, colorbarLabel }
}
