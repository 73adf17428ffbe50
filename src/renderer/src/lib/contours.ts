// Iso-lines of a grayscale map by marching squares. Output is a flat list of segments
// [x1, y1, x2, y2, …] in map pixel coordinates (pixel centres at +0.5), ready to stroke.
import type { GrayMap } from './overlay'

/** Sample positions 0, step, 2·step, … always ending on the last pixel. */
function samplePositions(size: number, step: number): number[] {
  const out: number[] = []
  for (let p = 0; p < size - 1; p += step) out.push(p)
  out.push(size - 1)
  return out
}

/**
 * Segments of the iso-line `level` (a value on the map's 0–255 scale). A corner counts as
 * inside when its value ≥ level; saddle cells are split by the mean of their four corners.
 * `step` samples every step-th pixel to keep big maps cheap.
 */
export function contourSegments(map: GrayMap, level: number, step = 1): Float32Array {
  const { width, height, data } = map
  if (width < 2 || height < 2) return new Float32Array(0)
  const s = Math.max(1, Math.floor(step))
  const xs = samplePositions(width, s)
  const ys = samplePositions(height, s)
  const segs: number[] = []
  const at = (x: number, y: number): number => data[y * width + x]
  const frac = (a: number, b: number): number => (a === b ? 0.5 : (level - a) / (b - a))

  for (let j = 0; j < ys.length - 1; j++) {
    const y0 = ys[j]
    const y1 = ys[j + 1]
    for (let i = 0; i < xs.length - 1; i++) {
      const x0 = xs[i]
      const x1 = xs[i + 1]
      const tl = at(x0, y0)
      const tr = at(x1, y0)
      const br = at(x1, y1)
      const bl = at(x0, y1)
      const code = (tl >= level ? 8 : 0) | (tr >= level ? 4 : 0) | (br >= level ? 2 : 0) | (bl >= level ? 1 : 0)
      if (code === 0 || code === 15) continue
      // edge crossing points (pixel centres sit at +0.5)
      const top = (): [number, number] => [x0 + (x1 - x0) * frac(tl, tr) + 0.5, y0 + 0.5]
      const bottom = (): [number, number] => [x0 + (x1 - x0) * frac(bl, br) + 0.5, y1 + 0.5]
      const left = (): [number, number] => [x0 + 0.5, y0 + (y1 - y0) * frac(tl, bl) + 0.5]
      const right = (): [number, number] => [x1 + 0.5, y0 + (y1 - y0) * frac(tr, br) + 0.5]
      const add = (a: [number, number], b: [number, number]): void => {
        segs.push(a[0], a[1], b[0], b[1])
      }
      const centreInside = (tl + tr + br + bl) / 4 >= level
      switch (code) {
        case 1: case 14: add(left(), bottom()); break
        case 2: case 13: add(bottom(), right()); break
        case 3: case 12: add(left(), right()); break
        case 4: case 11: add(top(), right()); break
        case 6: case 9: add(top(), bottom()); break
        case 7: case 8: add(left(), top()); break
        case 5: // tr and bl inside
          if (centreInside) { add(left(), top()); add(bottom(), right()) }
          else { add(top(), right()); add(left(), bottom()) }
          break
        case 10: // tl and br inside
          if (centreInside) { add(top(), right()); add(left(), bottom()) }
          else { add(left(), top()); add(bottom(), right()) }
          break
      }
    }
  }
  return Float32Array.from(segs)
}

/** `count` levels evenly spaced strictly between 0 and the map's maximum (none for a blank map). */
export function contourLevels(maxValue: number, count: number): number[] {
  if (maxValue <= 0 || count <= 0) return []
  const levels: number[] = []
  for (let k = 1; k <= count; k++) levels.push((maxValue * k) / (count + 1))
  return levels
}
