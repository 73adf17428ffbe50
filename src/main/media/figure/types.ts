// Public shapes of a comparison figure: a grid of video frames (rows) × views (columns), each
// view the frame itself, a saliency map, or a map overlaid on the frame.
import type { FigureColormap } from './colormap'

export type { FigureColormap } from './colormap'

/** 8-bit RGB raster, interleaved, row-major (width·height·3 bytes). */
export interface RgbImage {
  width: number
  height: number
  data: Uint8Array
}

/** 8-bit saliency map, one byte per pixel (0 = none, 255 = most salient), any size. */
export interface GrayMap {
  width: number
  height: number
  data: Uint8Array
}

/** 'frame': the frame alone; 'overlay': the map blended over the frame; 'map': the colour-mapped map alone. */
export type FigureCellKind = 'frame' | 'overlay' | 'map'

export interface FigureCell {
  /** the video frame; also fixes the row's aspect ratio (first cell of a row) */
  image: RgbImage
  /** resized to the cell; null/absent on an 'overlay' or 'map' cell draws "no map" */
  map?: GrayMap | null
  kind: FigureCellKind
}

export interface FigureRow {
  /** drawn left of the row, e.g. "frame 123" */
  label: string
  cells: FigureCell[]
}

/**
 * How the map's alpha is chosen, as in the viewer (renderer/lib/overlay.ts):
 * 'value': alpha = opacity·v/255 (weak saliency fades into the frame); 'flat': opacity wherever v > 0.
 */
export type FigureAlphaMode = 'value' | 'flat'

export interface FigureSpec {
  /** column titles, e.g. ['Frame', 'Ground truth', 'Visual only', 'Real audio', 'Zero audio'] */
  columns: string[]
  rows: FigureRow[]
  /** width of every cell in pixels (default 240); a row's height follows its frame's aspect */
  cellWidth?: number
  /** default 'jet' like the viewer */
  colormap?: FigureColormap
  /** 0–1, default 0.6 like the viewer */
  overlayOpacity?: number
  /** default 'value' like the viewer */
  alphaMode?: FigureAlphaMode
  title?: string
  /** drawn along the colour bar, e.g. "saliency" */
  colorbarLabel?: string
  /** integer scale of the 5×7 font for labels (default from cellWidth; the title is one step larger) */
  textScale?: number
}
