/**
 * DIEM event files (`<video>/event_data/<subject>.asc_<n>_<video>.txt`): whitespace-separated,
 * one row per video frame, 9 columns:
 *   frame (1-based), then for the left and the right eye: x, y, pupil dilation, event flag
 *   (−1 tracking error, 0 blink, 1 fixation, 2 saccade).
 * Gaze is in eye-tracker screen pixels. How the video sat on the screen is not documented
 * with the data, so no offset is applied unless `screenOffset` is given (x_v = x_s − offset.x).
 * The samples here fit a 1280×960 screen with the video centred (for 1280×720 videos gaze y
 * spans ≈ 120…815): `centredOffset(1280, 960, w, h)` gives that offset, unconfirmed.
 */
import { FrameAccumulator, describeLines, insideVideo } from './frameBinning'
import type { SampleFilter, VideoGeometry, ViewerGaze } from './types'
import { formatError } from '../../formats/errors'

export type DiemEye = 'both' | 'left' | 'right'

/** No fps: DIEM rows are already video frames. */
export interface DiemOptions extends Omit<VideoGeometry, 'fps'> {
  /** subtracted from screen coordinates; default {x: 0, y: 0} */
  screenOffset?: { x: number; y: number }
  /** which eye(s); 'both' (default) averages the eyes that pass the filter on that frame */
  eye?: DiemEye
  /** 'fixation' (default): flag 1; 'valid': flags 1 and 2 (fixation or saccade) */
  samples?: SampleFilter
}

export const DIEM_FLAG = { error: -1, blink: 0, fixation: 1, saccade: 2 } as const

/** Offset of a video centred on a screen, in screen pixels. */
export function centredOffset(screenWidth: number, screenHeight: number, videoWidth: number, videoHeight: number): { x: number; y: number } {
  return { x: (screenWidth - videoWidth) / 2, y: (screenHeight - videoHeight) / 2 }
}

const COLUMNS = 9

function parseRow(line: string): number[] | null {
  const f = line.trim().split(/\s+/)
  if (f.length !== COLUMNS) return null
  const values = f.map(Number)
  return values.every(Number.isFinite) ? values : null
}

/**
 * Parse one DIEM event file. Pure: text in, points out (frame indices 0-based).
 * Errors: AppError 'gaze-not-diem' when the first data row is not 9 numbers.
 */
export function parseDiemEvents(text: string, viewer: string, options: DiemOptions, path?: string): ViewerGaze {
  const { videoWidth, videoHeight, frameCount } = options
  const offset = options.screenOffset ?? { x: 0, y: 0 }
  const eye = options.eye ?? 'both'
  const accepted = (flag: number): boolean =>
    flag === DIEM_FLAG.fixation || ((options.samples ?? 'fixation') === 'valid' && flag === DIEM_FLAG.saccade)
  const eyes = eye === 'both' ? [0, 1] : eye === 'left' ? [0] : [1]

  const lines = text.split(/\r?\n/)
  const firstData = lines.findIndex((l) => l.trim() !== '')
  if (firstData < 0 || !parseRow(lines[firstData])) {
    const found = firstData < 0 ? '(empty file)' : JSON.stringify(lines[firstData].slice(0, 120))
    throw formatError('gaze-not-diem', `not a DIEM event file: expected rows of 9 numbers (frame, then x y dilation flag per eye); found ${found}`, path)
  }
  const acc = new FrameAccumulator(viewer)
  const malformedLines: number[] = []
  let samplesRead = 0
  let samplesKept = 0
  let outside = 0
  let beyondEnd = 0

  for (let i = firstData; i < lines.length; i++) {
    if (lines[i].trim() === '') continue
    samplesRead++
    const row = parseRow(lines[i])
    if (!row || row[0] < 1 || !Number.isInteger(row[0])) {
      malformedLines.push(i + 1)
      continue
    }
    const frame = row[0] - 1
    let sx = 0
    let sy = 0
    let n = 0
    for (const e of eyes) {
      const base = 1 + e * 4
      if (accepted(row[base + 3])) {
        sx += row[base]
        sy += row[base + 1]
        n++
      }
    }
    if (n === 0) continue
    if (frameCount !== undefined && frame >= frameCount) {
      beyondEnd++
      continue
    }
    const x = sx / n - offset.x
    const y = sy / n - offset.y
    if (!insideVideo(x, y, videoWidth, videoHeight)) {
      outside++
      continue
    }
    acc.add(frame, x, y)
    samplesKept++
  }

  const warnings: string[] = []
  const where = path ?? viewer
  if (malformedLines.length) warnings.push(`${where}: ${describeLines('malformed rows skipped', malformedLines)}`)
  if (samplesRead > 0 && samplesKept === 0) warnings.push(`${where}: no usable samples`)
  return {
    viewer,
    points: acc.points(),
    samplesRead,
    samplesKept,
    malformed: malformedLines.length,
    droppedOutside: outside,
    droppedNoGaze: 0,
    droppedAfterEnd: beyondEnd,
    warnings
  }
}
