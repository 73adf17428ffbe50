// Naming and counting of cached frame files, and parsing of ffmpeg's `-progress` output. Pure.

/** ffmpeg pattern for the frames: 000000.jpg, 000001.jpg, … (more digits past 999999, as %06d does). */
export const FRAME_PATTERN = '%06d.jpg'

export function frameFileName(index: number): string {
  return `${String(index).padStart(6, '0')}.jpg`
}

const FRAME_FILE = /^(\d{6,})\.jpg$/

/** How many frames 0..n-1 are all present among `names` (a gap ends the count). */
export function contiguousFrameCount(names: Iterable<string>): number {
  const present = new Set<number>()
  for (const name of names) {
    const match = FRAME_FILE.exec(name)
    if (match) present.add(Number(match[1]))
  }
  let count = 0
  while (present.has(count)) count++
  return count
}

/**
 * Feeds `-progress pipe:1` text (key=value lines, arriving in arbitrary chunks) and reports the
 * latest `frame=` value and whether `progress=end` was seen.
 */
export class ProgressParser {
  private pending = ''
  frame = 0
  ended = false

  /** Returns true when `frame` changed. */
  push(chunk: string): boolean {
    const text = this.pending + chunk
    const lines = text.split('\n')
    this.pending = lines.pop() ?? ''
    let changed = false
    for (const line of lines) {
      const eq = line.indexOf('=')
      if (eq < 0) continue
      const key = line.slice(0, eq).trim()
      const value = line.slice(eq + 1).trim()
      if (key === 'frame' && /^\d+$/.test(value)) {
        const frame = Number(value)
        if (frame !== this.frame) {
          this.frame = frame
          changed = true
        }
      } else if (key === 'progress' && value === 'end') {
        this.ended = true
      }
    }
    return changed
  }
}
