// Small display helpers shared by the lists and the status bar.
import type { FixationSource } from '../../../shared/types'

export function formatFps(fps: number): string {
  return Number.isInteger(fps) ? String(fps) : fps.toFixed(2)
}

export function fixationLabel(kind: FixationSource['kind']): string {
  switch (kind) {
    case 'png': return 'fixation PNGs'
    case 'mat': return 'fixation .mat'
    case 'gaze': return 'raw gaze'
    case 'none': return 'no fixations'
  }
}

/** "2025-11-27 10:58" from an ISO date; the input as-is when it does not parse. */
export function formatDate(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
