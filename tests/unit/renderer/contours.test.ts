import { describe, expect, it } from 'vitest'
import { contourLevels, contourSegments } from '../../../src/renderer/src/lib/contours'
import type { GrayMap } from '../../../src/renderer/src/lib/overlay'

function makeMap(width: number, height: number, f: (x: number, y: number) => number): GrayMap {
  const data = new Uint8Array(width * height)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = f(x, y)
  return { width, height, data }
}

function endpoints(segs: Float32Array): [number, number][] {
  const out: [number, number][] = []
  for (let k = 0; k < segs.length; k += 2) out.push([segs[k], segs[k + 1]])
  return out
}

describe('contourSegments', () => {
  it('finds a straight vertical edge where a step crosses the level', () => {
    const map = makeMap(4, 3, (x) => (x < 2 ? 0 : 255))
    const segs = contourSegments(map, 128)
    expect(segs.length / 4).toBe(2) // one per cell row
    for (const [x] of endpoints(segs)) expect(x).toBeCloseTo(1 + 128 / 255 + 0.5, 5)
    const ys = endpoints(segs).map(([, y]) => y).sort((a, b) => a - b)
    expect(ys[0]).toBeCloseTo(0.5)
    expect(ys.at(-1)).toBeCloseTo(2.5)
  })

  it('interpolates linearly along a ramp', () => {
    const map = makeMap(11, 2, (x) => x * 20) // 0..200
    const segs = contourSegments(map, 50)
    expect(segs.length).toBe(4)
    expect(segs[0]).toBeCloseTo(2.5 + 0.5, 5)
    expect(segs[2]).toBeCloseTo(3, 5)
  })

  it('returns nothing for a blank map, a level above the max, or a tiny map', () => {
    expect(contourSegments(makeMap(8, 8, () => 0), 10).length).toBe(0)
    expect(contourSegments(makeMap(8, 8, () => 100), 101).length).toBe(0)
    expect(contourSegments(makeMap(1, 5, () => 255), 10).length).toBe(0)
  })

  it('closes a loop around a peak, at the radius where the cone meets the level', () => {
    const cx = 20
    const cy = 15
    const map = makeMap(41, 31, (x, y) => Math.max(0, Math.round(255 - 12 * Math.hypot(x - cx, y - cy))))
    const level = 255 - 12 * 8 + 0.5 // radius ≈ 8; not a value on the grid, so no vertex sits on a corner
    const segs = contourSegments(map, level)
    expect(segs.length).toBeGreaterThan(4 * 20)
    const counts = new Map<string, number>()
    for (const [x, y] of endpoints(segs)) {
      expect(Math.hypot(x - 0.5 - cx, y - 0.5 - cy)).toBeCloseTo(8, 0)
      const key = `${x.toFixed(3)},${y.toFixed(3)}`
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    // a closed curve: every vertex is shared by exactly two segments
    for (const n of counts.values()) expect(n).toBe(2)
  })

  it('splits a saddle cell into two segments', () => {
    const map: GrayMap = { width: 2, height: 2, data: Uint8Array.from([255, 0, 0, 255]) }
    expect(contourSegments(map, 128).length).toBe(8)
  })

  it('with step > 1 still reaches the last row and column', () => {
    const map = makeMap(10, 10, (x) => (x >= 9 ? 255 : 0))
    const coarse = contourSegments(map, 128, 4)
    expect(coarse.length).toBeGreaterThan(0)
    const ys = endpoints(coarse).map(([, y]) => y)
    expect(Math.max(...ys)).toBeCloseTo(9.5)
    for (const [x] of endpoints(coarse)) expect(x).toBeGreaterThan(8.5)
  })
})

describe('contourLevels', () => {
  it('spaces levels evenly strictly inside (0, max)', () => {
    expect(contourLevels(200, 3)).toEqual([50, 100, 150])
    expect(contourLevels(0, 3)).toEqual([])
    expect(contourLevels(255, 0)).toEqual([])
  })
})
