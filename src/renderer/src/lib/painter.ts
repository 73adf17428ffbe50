// Paints one panel: the frame, then that panel's overlay of the *same* frame index, then
// contours and fixation points. Also stamps the canvas with what it shows (for tests).
import type { FixationPoint } from '../../../shared/types'
import { colormapLut, colormapRgb, type ColormapName } from './colormaps'
import { contourLevels, contourSegments } from './contours'
import { absDiffMap } from './mapDiff'
import { colorizeMap, mapMax, type AlphaMode, type GrayMap } from './overlay'

export interface PanelSnapshot {
  panelId: number
  layerId: string | null
  colormap: ColormapName
  opacity: number
  alphaMode: AlphaMode
  overlayMode: OverlayMode
  fixations: boolean
  /** draw |map − map of this layer| (0…diffScale map units over the colour bar) instead of the map */
  diffLayerId: string | null
  diffScale: number
  diffColormap: ColormapName
}

/** filled heatmap, iso-lines, or both */
export type OverlayMode = 'heatmap' | 'contours' | 'both'

/** Everything needed to paint one frame index in every panel. */
export interface FrameSet {
  seq: number
  videoId: number
  index: number
  frame: ImageBitmap
  /** layerId → map of this index (null: that layer has no map for this frame) */
  maps: Map<string, GrayMap | null>
  fixations: FixationPoint[] | null
  panels: PanelSnapshot[]
}

export interface PaintResult {
  frame: number
  /** index of the map drawn, −1 when none */
  mapFrame: number
  layer: string
  /** the map was stretched to the frame size */
  resized: boolean
  /** a layer was chosen but has no map for this frame */
  missingMap: boolean
  mapWidth: number
  mapHeight: number
  /** the layer the drawn overlay is the difference against, 'none' for a plain map */
  diffAgainst: string
}

const CONTOUR_LEVELS = 3

let overlayCanvas: OffscreenCanvas | null = null

function overlaySurface(width: number, height: number): OffscreenCanvasRenderingContext2D {
  if (!overlayCanvas) overlayCanvas = new OffscreenCanvas(width, height)
  if (overlayCanvas.width !== width || overlayCanvas.height !== height) {
    overlayCanvas.width = width
    overlayCanvas.height = height
  }
  const ctx = overlayCanvas.getContext('2d')
  if (!ctx) throw new Error('cannot create an offscreen 2D canvas for the overlay')
  return ctx
}

function drawHeatmap(ctx: CanvasRenderingContext2D, map: GrayMap, panel: PanelSnapshot, width: number, height: number, colormap: ColormapName): void {
  const surface = overlaySurface(map.width, map.height)
  const image = surface.createImageData(map.width, map.height)
  colorizeMap(map, { lut: colormapLut(colormap), opacity: panel.opacity, alphaMode: panel.alphaMode }, image.data)
  surface.putImageData(image, 0, 0)
  ctx.imageSmoothingEnabled = true
  ctx.drawImage(overlayCanvas as OffscreenCanvas, 0, 0, map.width, map.height, 0, 0, width, height)
}

function drawContours(ctx: CanvasRenderingContext2D, map: GrayMap, panel: PanelSnapshot, width: number, height: number, colormap: ColormapName): void {
  const sx = width / map.width
  const sy = height / map.height
  // sample every ~2 px of a big map: iso-lines stay smooth, cost stays a few ms
  const step = Math.max(1, Math.floor(Math.max(map.width, map.height) / 360))
  const max = mapMax(map)
  ctx.lineWidth = Math.max(1.5, width / 360)
  ctx.globalAlpha = Math.max(0.35, panel.opacity)
  for (const level of contourLevels(max, CONTOUR_LEVELS)) {
    const segs = contourSegments(map, level, step)
    const [r, g, b] = colormapRgb(colormap, level / 255)
    ctx.strokeStyle = `rgb(${r},${g},${b})`
    ctx.beginPath()
    for (let k = 0; k < segs.length; k += 4) {
      ctx.moveTo(segs[k] * sx, segs[k + 1] * sy)
      ctx.lineTo(segs[k + 2] * sx, segs[k + 3] * sy)
    }
    ctx.stroke()
  }
  ctx.globalAlpha = 1
}

function drawFixations(ctx: CanvasRenderingContext2D, points: FixationPoint[], width: number): void {
  const radius = Math.max(3, width / 160)
  ctx.lineWidth = Math.max(1, radius / 3)
  for (const p of points) {
    ctx.beginPath()
    ctx.arc(p.x, p.y, radius, 0, Math.PI * 2)
    ctx.fillStyle = 'rgba(255, 40, 40, 0.75)'
    ctx.fill()
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.95)'
    ctx.stroke()
  }
}

export function paintPanel(canvas: HTMLCanvasElement, set: FrameSet, panel: PanelSnapshot): PaintResult {
  const { width, height } = set.frame
  if (canvas.width !== width) canvas.width = width
  if (canvas.height !== height) canvas.height = height
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('cannot create a 2D canvas context for a panel')
  ctx.drawImage(set.frame, 0, 0)

  const layerMap = panel.layerId !== null ? (set.maps.get(panel.layerId) ?? null) : null
  // the difference view: |map − base| of the same frame, in its own colour map
  const base = panel.diffLayerId !== null ? (set.maps.get(panel.diffLayerId) ?? null) : null
  const map = panel.diffLayerId === null ? layerMap : layerMap && base ? absDiffMap(layerMap, base, panel.diffScale) : null
  const colormap = panel.diffLayerId === null ? panel.colormap : panel.diffColormap
  if (map) {
    if (panel.overlayMode !== 'contours') drawHeatmap(ctx, map, panel, width, height, colormap)
    if (panel.overlayMode !== 'heatmap') drawContours(ctx, map, panel, width, height, colormap)
  }
  if (panel.fixations && set.fixations) drawFixations(ctx, set.fixations, width)

  const result: PaintResult = {
    frame: set.index,
    mapFrame: map ? set.index : -1,
    layer: panel.layerId ?? 'none',
    resized: map !== null && (map.width !== width || map.height !== height),
    missingMap: panel.layerId !== null && map === null,
    mapWidth: map?.width ?? 0,
    mapHeight: map?.height ?? 0,
    diffAgainst: panel.diffLayerId ?? 'none'
  }
  canvas.dataset.frame = String(result.frame)
  canvas.dataset.layer = result.layer
  canvas.dataset.mapFrame = String(result.mapFrame)
  canvas.dataset.diff = result.diffAgainst
  return result
}
