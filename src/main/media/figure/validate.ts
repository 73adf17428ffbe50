// Checks a FigureSpec before any allocation and fills in the defaults. Every problem is an
// AppError('bad-argument') naming the row/column, since specs are assembled by callers.
import { AppError } from '../../../shared/errors'
import { isFigureColormap, type FigureColormap } from './colormap'
import type { FigureAlphaMode, FigureSpec, GrayMap, RgbImage } from './types'

export const MAX_COLUMNS = 32
export const MAX_ROWS = 64
export const MIN_CELL_WIDTH = 16
export const MAX_CELL_WIDTH = 2048

/** A spec with every option decided. */
export interface ResolvedFigure {
  spec: FigureSpec
  cellWidth: number
  colormap: FigureColormap
  opacity: number
  alphaMode: FigureAlphaMode
  textScale: number
}

function bad(message: string): AppError {
  return new AppError('bad-argument', `figure: ${message}`)
}

function isPositiveInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0
}

function checkRaster(r: RgbImage | GrayMap, channels: 1 | 3, what: string): void {
  if (!isPositiveInt(r.width) || !isPositiveInt(r.height)) throw bad(`${what} has size ${r.width}×${r.height}, not positive integers`)
  if (!(r.data instanceof Uint8Array)) throw bad(`${what} data is not a Uint8Array`)
  const need = r.width * r.height * channels
  if (r.data.length !== need) throw bad(`${what} is ${r.width}×${r.height}×${channels} and needs ${need} bytes, got ${r.data.length}`)
}

/** Default label scale: 2 for the usual 160–360 px cells, 1 for thumbnails, more for posters. */
function defaultTextScale(cellWidth: number): number {
  return Math.min(4, Math.max(1, Math.round(cellWidth / 120)))
}

export function resolveFigure(spec: FigureSpec): ResolvedFigure {
  const { columns, rows } = spec
  if (!Array.isArray(columns) || columns.length === 0) throw bad('no columns: give at least one column title')
  if (columns.length > MAX_COLUMNS) throw bad(`${columns.length} columns, at most ${MAX_COLUMNS}`)
  if (columns.some((c) => typeof c !== 'string')) throw bad('column titles must be strings')
  if (!Array.isArray(rows) || rows.length === 0) throw bad('no rows: give at least one frame')
  if (rows.length > MAX_ROWS) throw bad(`${rows.length} rows, at most ${MAX_ROWS}`)
  rows.forEach((row, r) => {
    if (row === null || typeof row !== 'object') throw bad(`row ${r + 1} is not an object`)
    if (typeof row.label !== 'string') throw bad(`row ${r + 1}: label must be a string`)
    if (!Array.isArray(row.cells) || row.cells.length !== columns.length) {
      throw bad(`row ${r + 1} ("${row.label}") has ${Array.isArray(row.cells) ? row.cells.length : 0} cells but there are ${columns.length} columns`)
    }
    row.cells.forEach((cell, c) => {
      const where = `row ${r + 1}, column ${c + 1} ("${columns[c]}")`
      if (cell.kind !== 'frame' && cell.kind !== 'overlay' && cell.kind !== 'map') throw bad(`${where}: unknown kind ${String(cell.kind)}`)
      if (cell.image === null || typeof cell.image !== 'object') throw bad(`${where}: no frame image`)
      checkRaster(cell.image, 3, `${where} frame`)
      if (cell.map) checkRaster(cell.map, 1, `${where} map`)
    })
  })

  const cellWidth = spec.cellWidth ?? 240
  if (!Number.isInteger(cellWidth) || cellWidth < MIN_CELL_WIDTH || cellWidth > MAX_CELL_WIDTH) {
    throw bad(`cellWidth ${cellWidth} must be an integer in ${MIN_CELL_WIDTH}–${MAX_CELL_WIDTH}`)
  }
  const colormap = spec.colormap ?? 'jet'
  if (!isFigureColormap(colormap)) throw bad(`unknown colormap ${String(colormap)}`)
  const opacity = spec.overlayOpacity ?? 0.6
  if (typeof opacity !== 'number' || !(opacity >= 0 && opacity <= 1)) throw bad(`overlayOpacity ${opacity} must be in 0–1`)
  const alphaMode = spec.alphaMode ?? 'value'
  if (alphaMode !== 'value' && alphaMode !== 'flat') throw bad(`unknown alphaMode ${String(alphaMode)}`)
  const textScale = spec.textScale ?? defaultTextScale(cellWidth)
  if (!Number.isInteger(textScale) || textScale < 1 || textScale > 8) throw bad(`textScale ${textScale} must be an integer in 1–8`)
  return { spec, cellWidth, colormap, opacity, alphaMode, textScale }
}
