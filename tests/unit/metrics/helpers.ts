import type { FixationMap, SalMap } from '../../../src/main/metrics'

/** Row-major map from nested rows. */
export function mapOf(rows: number[][]): SalMap {
  return { width: rows[0].length, height: rows.length, data: Float64Array.from(rows.flat()) }
}

/** Fixation map of the given size with 1 at each [row, col]. */
export function fixOf(height: number, width: number, points: [number, number][]): FixationMap {
  const data = new Uint8Array(width * height)
  for (const [r, c] of points) data[r * width + c] = 1
  return { width, height, data }
}

export function affine(map: SalMap, scale: number, offset: number): SalMap {
  return { width: map.width, height: map.height, data: map.data.map((v) => scale * v + offset) }
}
