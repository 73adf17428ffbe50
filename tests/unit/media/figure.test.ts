import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/formats/image'
import {
  FIGURE_COLORMAPS,
  figureColormapLut,
  renderComparisonFigure,
  renderComparisonRaster,
  type FigureCell,
  type FigureSpec,
  type GrayMap,
  type RgbImage
} from '../../../src/main/media/figure'
import { GLYPH_HEIGHT, GLYPH_WIDTH, hasGlyph } from '../../../src/main/media/figure/font'
import { RgbPage } from '../../../src/main/media/figure/raster'
import { resample } from '../../../src/main/media/figure/resample'
import { drawText, fitText, textWidth } from '../../../src/main/media/figure/text'
import { AppError } from '../../../src/shared/errors'

const WHITE = [255, 255, 255]

function solidFrame(width: number, height: number, rgb: [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3)
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3)
  return { width, height, data }
}

function solidMap(width: number, height: number, v: number): GrayMap {
  return { width, height, data: new Uint8Array(width * height).fill(v) }
}

function pixel(img: RgbImage, x: number, y: number): number[] {
  const o = (y * img.width + x) * 3
  return [img.data[o], img.data[o + 1], img.data[o + 2]]
}

function lutColor(lut: Uint8Array, v: number): number[] {
  return [lut[v * 3], lut[v * 3 + 1], lut[v * 3 + 2]]
}

function catchAppError(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('expected an AppError, nothing was thrown')
}

/** 2 rows × 3 columns of 64×36 frames at cellWidth 64, so cells need no resampling. */
function smallSpec(overrides: Partial<FigureSpec> = {}): FigureSpec {
  const frame = solidFrame(64, 36, [40, 80, 120])
  const cells = (): FigureCell[] => [
    { image: frame, kind: 'frame' },
    { image: frame, map: solidMap(64, 36, 255), kind: 'overlay' },
    { image: frame, map: solidMap(16, 9, 128), kind: 'map' }
  ]
  return {
    columns: ['Frame', 'GT', 'Real'],
    rows: [
      { label: 'frame 1', cells: cells() },
      { label: 'frame 2', cells: cells() }
    ],
    cellWidth: 64,
    ...overrides
  }
}

// The renderer's sources sit outside this tsconfig project, so the viewer's tables are loaded
// by a runtime path rather than a static import.
const VIEWER_COLORMAPS = join(import.meta.dirname, '../../../src/renderer/src/lib/colormaps.ts')

describe('colour maps', () => {
  it('match the viewer byte for byte', async () => {
    const viewer = (await import(/* @vite-ignore */ VIEWER_COLORMAPS)) as { colormapLut: (name: string) => Uint8Array }
    for (const name of FIGURE_COLORMAPS) expect(figureColormapLut(name), name).toEqual(viewer.colormapLut(name))
  })
})

describe('renderComparisonFigure', () => {
  it('returns an RGB PNG whose size follows the grid', () => {
    const spec = smallSpec()
    const png = renderComparisonFigure(spec)
    const img = decodeImage(png)
    const { layout } = renderComparisonRaster(spec)
    expect(img.channels).toBe(3)
    expect([img.width, img.height]).toEqual([layout.width, layout.height])
    expect(layout.cells).toHaveLength(2)
    for (const row of layout.cells) {
      expect(row).toHaveLength(3)
      for (const cell of row) expect([cell.width, cell.height]).toEqual([64, 36])
    }
    // columns step by cell width + gap, rows by row height + gap
    const gap = layout.cells[0][1].x - layout.cells[0][0].x - 64
    expect(gap).toBeGreaterThan(0)
    expect(layout.cells[1][0].y - layout.cells[0][0].y).toBe(36 + gap)
    // the colour bar sits right of the last column and spans the rows
    const last = layout.cells[0][2]
    expect(layout.colorbar.x).toBeGreaterThan(last.x + last.width)
    expect(layout.colorbar.y).toBe(layout.cells[0][0].y)
    expect(layout.colorbar.height).toBe(36 * 2 + gap)
    expect(layout.width).toBeGreaterThan(layout.colorbar.x + layout.colorbar.width)

    // one more column grows the page by exactly one cell plus a gap
    const wider = smallSpec({ columns: ['Frame', 'GT', 'Real', 'Zero'] })
    for (const row of wider.rows) row.cells.push(row.cells[1])
    expect(renderComparisonRaster(wider).layout.width).toBe(layout.width + 64 + gap)
    // the row height follows the frame's aspect ratio
    const tall = smallSpec({ cellWidth: 128 })
    expect(renderComparisonRaster(tall).layout.cells[0][0].height).toBe(72)
  })

  it('shows the frame as is in a frame cell', () => {
    const { image, layout } = renderComparisonRaster(smallSpec())
    const c = layout.cells[1][0]
    expect(pixel(image, c.x + 10, c.y + 10)).toEqual([40, 80, 120])
  })

  it('blends the colour-mapped value over the frame at the chosen opacity', () => {
    for (const [colormap, opacity] of [['jet', 0.6], ['inferno', 0.35]] as const) {
      const { image, layout } = renderComparisonRaster(smallSpec({ colormap, overlayOpacity: opacity }))
      const c = layout.cells[0][1]
      const top = lutColor(figureColormapLut(colormap), 255)
      const a = Math.round(opacity * 255) / 255 // v = 255: alpha byte round(opacity·255), as in the viewer
      const expected = [40, 80, 120].map((f, i) => Math.round(f * (1 - a) + top[i] * a))
      expect(pixel(image, c.x + 20, c.y + 17)).toEqual(expected)
    }
  })

  it("weights alpha by the map value ('value') or not ('flat'), like the viewer", () => {
    const spec = (alphaMode: 'value' | 'flat'): FigureSpec => {
      const s = smallSpec({ alphaMode, overlayOpacity: 0.8 })
      s.rows[0].cells[1] = { image: s.rows[0].cells[0].image, map: solidMap(64, 36, 100), kind: 'overlay' }
      return s
    }
    const lut = figureColormapLut('jet')
    const color = lutColor(lut, 100)
    for (const [mode, alphaByte] of [['value', Math.round(0.8 * 100)], ['flat', Math.round(0.8 * 255)]] as const) {
      const { image, layout } = renderComparisonRaster(spec(mode))
      const c = layout.cells[0][1]
      const a = alphaByte / 255
      expect(pixel(image, c.x + 5, c.y + 5)).toEqual([40, 80, 120].map((f, i) => Math.round(f * (1 - a) + color[i] * a)))
    }
    // zero saliency leaves the frame untouched in either mode
    const s = smallSpec({ alphaMode: 'flat' })
    s.rows[0].cells[1] = { image: s.rows[0].cells[0].image, map: solidMap(8, 8, 0), kind: 'overlay' }
    const { image, layout } = renderComparisonRaster(s)
    expect(pixel(image, layout.cells[0][1].x + 3, layout.cells[0][1].y + 3)).toEqual([40, 80, 120])
  })

  it('draws a map cell as the opaque colour map of the resized map', () => {
    const { image, layout } = renderComparisonRaster(smallSpec({ colormap: 'viridis' }))
    const c = layout.cells[0][2]
    expect(pixel(image, c.x + 30, c.y + 18)).toEqual(lutColor(figureColormapLut('viridis'), 128))
  })

  it("marks a missing map with 'no map' instead of leaving it blank", () => {
    const s = smallSpec({ cellWidth: 128 })
    s.rows[0].cells[2] = { image: s.rows[0].cells[0].image, map: null, kind: 'map' }
    const { image, layout } = renderComparisonRaster(s)
    const c = layout.cells[0][2]
    let dark = 0
    for (let y = c.y; y < c.y + c.height; y++) for (let x = c.x; x < c.x + c.width; x++) if (pixel(image, x, y)[0] < 60) dark++
    expect(dark).toBeGreaterThan(20)
  })

  it("puts the colour map's ends at the colour bar's ends", () => {
    for (const colormap of ['jet', 'viridis', 'inferno'] as const) {
      const { image, layout } = renderComparisonRaster(smallSpec({ colormap }))
      const bar = layout.colorbar
      const lut = figureColormapLut(colormap)
      const mid = bar.x + Math.floor(bar.width / 2)
      expect(pixel(image, mid, bar.y)).toEqual(lutColor(lut, 255))
      expect(pixel(image, mid, bar.y + bar.height - 1)).toEqual(lutColor(lut, 0))
      expect(layout.ticks.map((t) => [t.label.text, t.y])).toEqual([
        ['1', bar.y],
        ['0', bar.y + bar.height - 1]
      ])
    }
  })

  it('draws every piece of text as ink inside its own box', () => {
    const { image, layout } = renderComparisonRaster(smallSpec({ title: 'Audio swap', colorbarLabel: 'saliency', cellWidth: 120 }))
    const boxes = [layout.title, ...layout.columnTitles, ...layout.rowLabels, ...layout.ticks.map((t) => t.label), layout.colorbarLabel]
    for (const box of boxes) {
      expect(box).not.toBeNull()
      if (!box) continue
      const r = box.rect
      let ink = 0
      for (let y = r.y; y < r.y + r.height; y++) {
        for (let x = r.x; x < r.x + r.width; x++) if (pixel(image, x, y).some((v, i) => v !== WHITE[i])) ink++
      }
      expect(ink, `"${box.text}" at ${JSON.stringify(r)}`).toBeGreaterThan(0)
      expect(r.x).toBeGreaterThanOrEqual(0)
      expect(r.x + r.width).toBeLessThanOrEqual(layout.width)
    }
    expect(layout.colorbarLabel?.rect.height).toBeGreaterThan(layout.colorbarLabel?.rect.width ?? Infinity) // rotated
  })

  it('shortens column titles that do not fit their column', () => {
    const s = smallSpec({ columns: ['Frame', 'Ground truth saliency', 'Real'] })
    const { layout } = renderComparisonRaster(s)
    const t = layout.columnTitles[1]
    expect(t.text.endsWith('..')).toBe(true)
    expect(t.rect.width).toBeLessThanOrEqual(64)
  })

  it("rejects an empty grid and mismatched cells with 'bad-argument'", () => {
    const base = smallSpec()
    const [frameCell, overlayCell, mapCell] = base.rows[0].cells
    const shortFrame: FigureCell = { image: { width: 4, height: 4, data: new Uint8Array(10) }, kind: 'frame' }
    const shortMap: FigureCell = { ...overlayCell, map: { width: 4, height: 4, data: new Uint8Array(3) } }
    const cases: FigureSpec[] = [
      { ...base, rows: [] },
      { ...base, columns: [] },
      { ...base, rows: [{ label: 'frame 1', cells: base.rows[0].cells.slice(0, 2) }] },
      { ...base, cellWidth: 3 },
      { ...base, overlayOpacity: 1.5 },
      { ...base, rows: [{ label: 'x', cells: [shortFrame, overlayCell, mapCell] }] },
      { ...base, rows: [{ label: 'x', cells: [frameCell, shortMap, mapCell] }] }
    ]
    for (const spec of cases) expect(catchAppError(() => renderComparisonFigure(spec)).code).toBe('bad-argument')
    expect(catchAppError(() => renderComparisonFigure(cases[2])).message).toMatch(/2 cells but there are 3 columns/)
  })
})

describe('bitmap text', () => {
  it('has a glyph for every printable ASCII character', () => {
    for (let c = 32; c < 127; c++) expect(hasGlyph(String.fromCharCode(c)), String.fromCharCode(c)).toBe(true)
  })

  it('draws ink inside its box and nowhere else, at any integer scale', () => {
    for (const scale of [1, 2, 3]) {
      const page = new RgbPage(120, 40, [255, 255, 255])
      const box = drawText(page, 'frame 123', 4, 5, scale, [0, 0, 0])
      expect(box.width).toBe(textWidth('frame 123', scale))
      expect(box.height).toBe(GLYPH_HEIGHT * scale)
      let inside = 0
      let outside = 0
      for (let y = 0; y < page.height; y++) {
        for (let x = 0; x < page.width; x++) {
          const ink = pixel(page, x, y)[0] === 0
          const within = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height
          if (ink && within) inside++
          if (ink && !within) outside++
        }
      }
      expect(inside).toBeGreaterThan(0)
      expect(outside).toBe(0)
    }
    expect(textWidth('ab', 2)).toBe((2 * 6 - 1) * 2)
    expect(GLYPH_WIDTH).toBe(5)
  })

  it('rotated text reads bottom to top inside a tall box', () => {
    const page = new RgbPage(20, 80, [255, 255, 255])
    const box = drawText(page, 'L', 2, 2, 1, [0, 0, 0], 'ccw')
    expect([box.width, box.height]).toEqual([8, 5])
    // 'L' has its stem on the left: turned counter-clockwise the stem becomes the bottom row of the box
    for (let x = 2; x < 2 + 7; x++) expect(pixel(page, x, 2 + 4)[0]).toBe(0)
  })

  it('fits text into a width with a ".." ending', () => {
    expect(fitText('short', 1, 100)).toBe('short')
    const cut = fitText('a long column title', 1, 40)
    expect(cut.endsWith('..')).toBe(true)
    expect(textWidth(cut, 1)).toBeLessThanOrEqual(40)
  })
})

describe('resample', () => {
  it('keeps a constant image constant and averages when shrinking', () => {
    const flat = new Uint8Array(10 * 6 * 3).fill(77)
    expect(Array.from(new Set(resample(flat, 10, 6, 3, 23, 4)))).toEqual([77])
    // a 1-px checkerboard shrunk 4× averages to mid gray instead of aliasing to black or white
    const checker = new Uint8Array(64 * 64).map((_, i) => (((i % 64) + Math.floor(i / 64)) % 2 ? 255 : 0))
    const small = resample(checker, 64, 64, 1, 16, 16)
    for (const v of small) expect(Math.abs(v - 127.5)).toBeLessThan(20)
  })
})

describe('example figure', () => {
  it('writes tests/.tmp/figure-example.png from synthetic frames and maps', () => {
    const W = 320
    const H = 180
    const frameOf = (k: number): RgbImage => {
      // a gradient sky over a darker ground, with a box whose place depends on the frame
      const img = new Uint8Array(W * H * 3)
      const bx = 60 + k * 70
      for (let y = 0; y < H; y++) {
        for (let x = 0; x < W; x++) {
          const o = (y * W + x) * 3
          const ground = y > H * 0.62
          const inBox = x >= bx && x < bx + 50 && y >= 70 && y < 120
          img[o] = inBox ? 235 : ground ? 70 + (x % 40) : 120 + (y >> 2)
          img[o + 1] = inBox ? 225 : ground ? 100 : 150 + (y >> 2)
          img[o + 2] = inBox ? 190 : ground ? 60 : 200
        }
      }
      return { width: W, height: H, data: img }
    }
    // maps are model-sized (smaller than the frame) and get resized to the cell
    const blobs = (spots: [number, number, number][]): GrayMap => {
      const mw = 112
      const mh = 64
      const data = new Uint8Array(mw * mh)
      for (let y = 0; y < mh; y++) {
        for (let x = 0; x < mw; x++) {
          let v = 0
          for (const [cx, cy, s] of spots) v += Math.exp(-((x / mw - cx) ** 2 + (y / mh - cy) ** 2) / (2 * s * s))
          data[y * mw + x] = Math.min(255, Math.round(255 * v))
        }
      }
      return { width: mw, height: mh, data }
    }
    const rows = [0, 1, 2].map((k) => {
      const frame = frameOf(k)
      const box = (60 + k * 70 + 25) / W
      return {
        label: `frame ${[123, 250, 377][k]}`,
        cells: [
          { image: frame, kind: 'frame' as const },
          { image: frame, map: blobs([[box, 0.53, 0.07]]), kind: 'overlay' as const },
          { image: frame, map: blobs([[box, 0.5, 0.1], [0.5, 0.4, 0.12]]), kind: 'overlay' as const },
          { image: frame, map: blobs([[box, 0.52, 0.08]]), kind: 'overlay' as const },
          { image: frame, map: k === 2 ? null : blobs([[0.5, 0.45, 0.15]]), kind: 'overlay' as const },
          { image: frame, map: blobs([[0.45, 0.5, 0.14], [0.8, 0.3, 0.06]]), kind: 'overlay' as const }
        ]
      }
    })
    const dir = join(import.meta.dirname, '../../.tmp')
    mkdirSync(dir, { recursive: true })
    // a thumbnail variant: scale-1 labels, viridis, the ground truth drawn as a bare map
    const small = renderComparisonFigure({
      columns: ['Frame', 'GT map', 'Real audio', 'Zero audio'],
      rows: rows.map((r) => ({ label: r.label, cells: [r.cells[0], { ...r.cells[1], kind: 'map' as const }, r.cells[3], r.cells[4]] })),
      cellWidth: 120,
      colormap: 'viridis',
      colorbarLabel: 'saliency'
    })
    writeFileSync(join(dir, 'figure-example-small.png'), small)
    const started = performance.now()
    const png = renderComparisonFigure({
      title: 'ViNet vs AViNet: does the model listen?',
      columns: ['Frame', 'Ground truth', 'Visual only', 'Real audio', 'Zero audio', 'Random audio'],
      rows,
      colorbarLabel: 'saliency',
      overlayOpacity: 0.6
    })
    const ms = performance.now() - started
    writeFileSync(join(dir, 'figure-example.png'), png)
    const img = decodeImage(png)
    expect(img.width).toBeGreaterThan(6 * 240)
    expect(ms).toBeLessThan(5000)
  })
})
