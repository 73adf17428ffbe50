// Where an audio-swap study's conditions differ most, for N / Shift+N in the heard player.
//
// Per frame, the conditions' mean absolute differences from real (mapDifferences, in [0, 1] map
// units) are summed: s(f) = Σ_c meanAbsDiff_c(f). The frames N visits are the strongest local
// maxima of s — a run of equal values counts once, at its first frame — with s > 0, at most
// `limit` of them (the caller passes about one per second of computed frames). N goes to the
// first such frame after the playhead, Shift+N to the last one before it; past the last (first)
// one it wraps round, like a text search. Frames no condition was computed for are gaps.
import type { MapDifferenceSeries } from '../../../shared/reports'

/** Σ over `conditions` (default: all in the series) of mean |Δ| per frame; null where none has a value. */
export function combinedDifference(series: MapDifferenceSeries['series'], conditions?: readonly string[]): (number | null)[] {
  const keys = (conditions ?? Object.keys(series)).filter((c) => series[c])
  const length = keys.reduce((n, c) => Math.max(n, series[c].meanAbsDiff.length), 0)
  const out: (number | null)[] = new Array<number | null>(length).fill(null)
  for (const c of keys) {
    const values = series[c].meanAbsDiff
    for (let f = 0; f < values.length; f++) {
      const v = values[f]
      if (v === null || !Number.isFinite(v)) continue
      out[f] = (out[f] ?? 0) + v
    }
  }
  return out
}

/** How many frames N visits: about one per second of computed frames, at least 5, at most 50. */
export function peakLimit(computedFrames: number, fps: number): number {
  const perSecond = Math.ceil(computedFrames / (fps > 0 ? fps : 25))
  return Math.min(50, Math.max(5, perSecond))
}

/**
 * The strongest local maxima of `values` (s > 0; a plateau counts once at its first frame; a gap
 * or an end counts as lower), at most `limit`, returned in frame order.
 */
export function differencePeaks(values: readonly (number | null)[], limit: number): number[] {
  const peaks: { frame: number; value: number }[] = []
  let f = 0
  while (f < values.length) {
    const v = values[f]
    if (v === null || !(v > 0)) {
      f++
      continue
    }
    // the plateau [f, end] of equal values
    let end = f
    while (end + 1 < values.length && values[end + 1] === v) end++
    const before = f > 0 ? values[f - 1] : null
    const after = end + 1 < values.length ? values[end + 1] : null
    if ((before === null || before < v) && (after === null || after < v)) peaks.push({ frame: f, value: v })
    f = end + 1
  }
  return peaks
    .sort((a, b) => b.value - a.value || a.frame - b.frame)
    .slice(0, Math.max(0, limit))
    .map((p) => p.frame)
    .sort((a, b) => a - b)
}

export interface DifferenceJump {
  frame: number
  /** went past the last (first) peak and came round from the other end */
  wrapped: boolean
}

/** The peak after (direction 1) or before (−1) `current`, wrapping round; null when there are none. */
export function nextDifferenceFrame(peaks: readonly number[], current: number, direction: 1 | -1): DifferenceJump | null {
  if (peaks.length === 0) return null
  if (direction === 1) {
    const next = peaks.find((p) => p > current)
    return next !== undefined ? { frame: next, wrapped: false } : { frame: peaks[0], wrapped: true }
  }
  for (let i = peaks.length - 1; i >= 0; i--) if (peaks[i] < current) return { frame: peaks[i], wrapped: false }
  return { frame: peaks[peaks.length - 1], wrapped: true }
}
