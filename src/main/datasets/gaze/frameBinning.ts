import type { FramePoint } from './types'

/**
 * Accumulates samples of one viewer per frame and emits one point per frame (their mean).
 * DHF1K's released fixation maps have one point per viewer per frame, so ~8 samples at
 * 250 Hz on a 30 fps frame collapse into a single point.
 */
export class FrameAccumulator {
  private readonly sums = new Map<number, { x: number; y: number; n: number }>()

  constructor(private readonly viewer: string) {}

  add(frame: number, x: number, y: number): void {
    const s = this.sums.get(frame)
    if (s) {
      s.x += x
      s.y += y
      s.n++
    } else {
      this.sums.set(frame, { x, y, n: 1 })
    }
  }

  points(): FramePoint[] {
    return [...this.sums.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([frame, s]) => ({ frame, x: s.x / s.n, y: s.y / s.n, viewer: this.viewer }))
  }
}

export function insideVideo(x: number, y: number, width: number, height: number): boolean {
  return x >= 0 && y >= 0 && x < width && y < height
}

/** "3 malformed lines (first at lines 4, 9, 12)" style summaries, capped to a few line numbers. */
export function describeLines(what: string, lines: number[]): string {
  const shown = lines.slice(0, 5).join(', ')
  return `${lines.length} ${what} (line${lines.length > 1 ? 's' : ''} ${shown}${lines.length > 5 ? ', …' : ''})`
}
