// Fixation maps kept sparse (pixel indices) so every frame of a split fits in memory and can be
// handed to worker threads cheaply; plus the two "other fixations" sources sAUC needs.
import type { FixationMap } from '../../metrics'

export interface SparseFixations {
  width: number
  height: number
  pixels: Uint32Array
}

export function toSparse(map: FixationMap): SparseFixations {
  const pixels: number[] = []
  for (let p = 0; p < map.data.length; p++) if (map.data[p] > 0) pixels.push(p)
  return { width: map.width, height: map.height, pixels: Uint32Array.from(pixels) }
}

export function toDense(sparse: SparseFixations): FixationMap {
  const data = new Uint8Array(sparse.width * sparse.height)
  for (const p of sparse.pixels) data[p] = 1
  return { width: sparse.width, height: sparse.height, data }
}

/** Union of a video's fixations (frames of another size than the first are left out). */
export function unionOf(frames: readonly (SparseFixations | null)[]): SparseFixations | null {
  const first = frames.find((f): f is SparseFixations => f !== null)
  if (!first) return null
  const seen = new Uint8Array(first.width * first.height)
  for (const f of frames) {
    if (!f || f.width !== first.width || f.height !== first.height) continue
    for (const p of f.pixels) seen[p] = 1
  }
  return toSparse({ width: first.width, height: first.height, data: seen })
}
