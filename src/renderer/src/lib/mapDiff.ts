// |map(condition) − map(real)| of one frame, for the heard player's difference overlay. Maps are
// 8-bit (value / 255 = map units in [0, 1]); the difference is stretched so that `scale` map
// units reach the top of the colour bar (255), and clipped above it, so a study whose maps differ
// by 0.004 at most still shows where. Pure.
import type { GrayMap } from './overlay'

/** The absolute difference of two maps of one size, 0…255 for 0…`scale` map units; null when the sizes differ. */
export function absDiffMap(a: GrayMap, b: GrayMap, scale: number): GrayMap | null {
  if (a.width !== b.width || a.height !== b.height) return null
  const n = a.width * a.height
  const data = new Uint8Array(n)
  // 255 / (scale·255) per 8-bit step; scale ≤ 0 or non-finite falls back to the full range
  const gain = scale > 0 && Number.isFinite(scale) ? 1 / scale : 1
  const x = a.data
  const y = b.data
  for (let i = 0; i < n; i++) {
    const d = Math.abs(x[i] - y[i]) * gain
    data[i] = d >= 255 ? 255 : Math.round(d)
  }
  return { width: a.width, height: a.height, data }
}

/**
 * The top of the difference colour bar for a video: the largest per-frame max |Δ| of its
 * conditions (the report's mapDifference), at least one 8-bit step so identical maps still get
 * a bar; 1 (the full map range) when asked for it.
 */
export function differenceScale(maxAbsDiffs: readonly number[], mode: 'video' | 'full'): number {
  if (mode === 'full') return 1
  const max = maxAbsDiffs.reduce((m, v) => (Number.isFinite(v) && v > m ? v : m), 0)
  return Math.max(1 / 255, max)
}

/** The colour bar's top label: "0.0039", "0.14", "1". */
export function formatScale(scale: number): string {
  if (scale >= 1) return '1'
  if (scale >= 0.1) return scale.toFixed(2)
  return scale.toPrecision(2)
}
