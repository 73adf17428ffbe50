// Which layers a reload brought: a finished inference run registers one per video.
import type { LayerInfo } from '../../../shared/types'

/** Layers in `after` that were not in `before` (by id), in `after`'s order. */
export function addedLayers(before: readonly LayerInfo[], after: readonly LayerInfo[]): LayerInfo[] {
  const known = new Set(before.map((l) => l.id))
  return after.filter((l) => !known.has(l.id))
}
