// A white RGB page to paint on: filled rectangles and pasted images, clipped to the page.
import type { RgbImage } from './types'

export type Color = readonly [number, number, number]

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export class RgbPage implements RgbImage {
  readonly data: Uint8Array

  constructor(
    readonly width: number,
    readonly height: number,
    background: Color
  ) {
    this.data = new Uint8Array(width * height * 3)
    this.fillRect({ x: 0, y: 0, width, height }, background)
  }

  setPixel(x: number, y: number, c: Color): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return
    const o = (y * this.width + x) * 3
    this.data[o] = c[0]
    this.data[o + 1] = c[1]
    this.data[o + 2] = c[2]
  }

  fillRect(r: Rect, c: Color): void {
    const x0 = Math.max(0, r.x)
    const y0 = Math.max(0, r.y)
    const x1 = Math.min(this.width, r.x + r.width)
    const y1 = Math.min(this.height, r.y + r.height)
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const o = (y * this.width + x) * 3
        this.data[o] = c[0]
        this.data[o + 1] = c[1]
        this.data[o + 2] = c[2]
      }
    }
  }

  /** One-pixel outline drawn just outside `r`, so it never covers the content. */
  strokeAround(r: Rect, c: Color): void {
    this.fillRect({ x: r.x - 1, y: r.y - 1, width: r.width + 2, height: 1 }, c)
    this.fillRect({ x: r.x - 1, y: r.y + r.height, width: r.width + 2, height: 1 }, c)
    this.fillRect({ x: r.x - 1, y: r.y, width: 1, height: r.height }, c)
    this.fillRect({ x: r.x + r.width, y: r.y, width: 1, height: r.height }, c)
  }

  /** Copies `img` with its top-left corner at (x, y). */
  paste(img: RgbImage, x: number, y: number): void {
    const x0 = Math.max(0, x)
    const x1 = Math.min(this.width, x + img.width)
    if (x1 <= x0) return
    for (let row = 0; row < img.height; row++) {
      const py = y + row
      if (py < 0 || py >= this.height) continue
      const src = (row * img.width + (x0 - x)) * 3
      this.data.set(img.data.subarray(src, src + (x1 - x0) * 3), (py * this.width + x0) * 3)
    }
  }
}
