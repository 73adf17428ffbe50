/**
 * DHF1K raw eye-tracker exports (SMI iView text export, one file per viewer and trial):
 * tab-separated, a header line `Time Type Trial L Dia X [px] … L POR X [px] L POR Y [px] L Event Info`,
 * time in µs at ~250 Hz, gaze in screen pixels of a 1440×900 display, every sample labelled
 * Fixation / Saccade / Blink / '-'.
 *
 * Screen → video: the video was shown scaled to fit the screen with its aspect kept and
 * centred (for 640×360 on 1440×900: scale 2.25, 45 px bars top and bottom), so
 * x_v = (x_s − offX)/scale, y_v = (y_s − offY)/scale, i.e. x_v = x_s·640/1440,
 * y_v = (y_s − 45)·640/1440 for DHF1K.
 * Time → frame: t relative to the first sample of the trial, frame = floor(t_seconds · fps).
 */
import { FrameAccumulator, describeLines, insideVideo } from './frameBinning'
import type { SampleFilter, VideoGeometry, ViewerGaze } from './types'
import { formatError } from '../../formats/errors'

export interface Dhf1kOptions extends VideoGeometry {
  /** 'fixation' (default): samples labelled Fixation; 'valid': every non-blink sample (Fixation, Saccade, '-') */
  samples?: SampleFilter
  /** eye-tracker screen size in px (DHF1K: 1440×900) */
  screenWidth?: number
  screenHeight?: number
}

export const DHF1K_SCREEN = { width: 1440, height: 900 } as const

export interface ScreenMapping {
  scale: number
  offsetX: number
  offsetY: number
}

/** Fit-and-centre mapping of a video on a screen (aspect kept, letterbox or pillarbox bars). */
export function fitVideoOnScreen(videoWidth: number, videoHeight: number, screenWidth: number, screenHeight: number): ScreenMapping {
  const scale = Math.min(screenWidth / videoWidth, screenHeight / videoHeight)
  return { scale, offsetX: (screenWidth - videoWidth * scale) / 2, offsetY: (screenHeight - videoHeight * scale) / 2 }
}

export function screenToVideo(xs: number, ys: number, m: ScreenMapping): { x: number; y: number } {
  return { x: (xs - m.offsetX) / m.scale, y: (ys - m.offsetY) / m.scale }
}

interface Columns {
  time: number
  type: number
  trial: number
  x: number
  y: number
  event: number
}

function findColumns(header: string[]): Columns | null {
  const index = (test: (h: string) => boolean): number => header.findIndex(test)
  const time = index((h) => h === 'Time')
  const type = index((h) => h === 'Type')
  const trial = index((h) => h === 'Trial')
  // Monocular exports carry L (or R) columns; take the left eye when both are present.
  for (const eye of ['L', 'R', 'B']) {
    const x = index((h) => h === `${eye} POR X [px]`)
    const y = index((h) => h === `${eye} POR Y [px]`)
    const event = index((h) => h === `${eye} Event Info`)
    if (time >= 0 && x >= 0 && y >= 0 && event >= 0) return { time, type, trial, x, y, event }
  }
  return null
}

/**
 * Parse one viewer's export. Pure: text in, points out.
 * Errors: AppError 'gaze-not-dhf1k' when the header is not an SMI sample export.
 */
export function parseDhf1kExport(text: string, viewer: string, options: Dhf1kOptions, path?: string): ViewerGaze {
  const { fps, videoWidth, videoHeight, frameCount } = options
  const filter = options.samples ?? 'fixation'
  const mapping = fitVideoOnScreen(
    videoWidth,
    videoHeight,
    options.screenWidth ?? DHF1K_SCREEN.width,
    options.screenHeight ?? DHF1K_SCREEN.height
  )
  const lines = text.split(/\r?\n/)
  let headerLine = 0
  while (headerLine < lines.length && (lines[headerLine].startsWith('##') || lines[headerLine].trim() === '')) headerLine++
  const header = (lines[headerLine] ?? '').split('\t').map((h) => h.trim())
  const cols = findColumns(header)
  if (!cols) {
    const found = (lines[headerLine] ?? '').slice(0, 120)
    throw formatError(
      'gaze-not-dhf1k',
      `not a DHF1K/SMI gaze export: expected a tab-separated header with Time, L POR X [px], L POR Y [px], L Event Info; found ${JSON.stringify(found)}`,
      path
    )
  }
  const width = header.length
  const acc = new FrameAccumulator(viewer)
  const malformedLines: number[] = []
  const trialStart = new Map<string, number>()
  let samplesRead = 0
  let samplesKept = 0
  let outside = 0
  let beyondEnd = 0
  let noGaze = 0

  for (let i = headerLine + 1; i < lines.length; i++) {
    const line = lines[i]
    if (line.trim() === '' || line.startsWith('##')) continue
    const f = line.split('\t')
    // Message rows (Type MSG) carry free text, not samples.
    if (cols.type >= 0 && f[cols.type] !== undefined && f[cols.type] !== 'SMP') continue
    samplesRead++
    const time = Number(f[cols.time])
    const xs = Number(f[cols.x])
    const ys = Number(f[cols.y])
    const event = f[cols.event]?.trim()
    if (f.length < width || !Number.isFinite(time) || !Number.isFinite(xs) || !Number.isFinite(ys) || event === undefined) {
      malformedLines.push(i + 1)
      continue
    }
    const trial = cols.trial >= 0 ? f[cols.trial] : ''
    let t0 = trialStart.get(trial)
    if (t0 === undefined) {
      t0 = time
      trialStart.set(trial, time)
    }
    const keep = filter === 'fixation' ? event === 'Fixation' : event !== 'Blink'
    if (!keep) continue
    // Lost tracking is written as 0,0 even inside samples labelled Fixation.
    if (xs === 0 && ys === 0) {
      noGaze++
      continue
    }
    const frame = Math.floor(((time - t0) / 1e6) * fps)
    if (frame < 0) {
      malformedLines.push(i + 1) // time runs backwards
      continue
    }
    if (frameCount !== undefined && frame >= frameCount) {
      beyondEnd++
      continue
    }
    const { x, y } = screenToVideo(xs, ys, mapping)
    if (!insideVideo(x, y, videoWidth, videoHeight)) {
      outside++
      continue
    }
    acc.add(frame, x, y)
    samplesKept++
  }

  const warnings: string[] = []
  const where = path ?? viewer
  if (malformedLines.length) warnings.push(`${where}: ${describeLines('malformed sample lines skipped', malformedLines)}`)
  if (trialStart.size > 1) warnings.push(`${where}: ${trialStart.size} trials in one file; each is timed from its own first sample`)
  if (samplesRead > 0 && samplesKept === 0) warnings.push(`${where}: no usable ${filter === 'fixation' ? 'fixation ' : ''}samples`)
  return {
    viewer,
    points: acc.points(),
    samplesRead,
    samplesKept,
    malformed: malformedLines.length,
    droppedOutside: outside,
    droppedNoGaze: noGaze,
    droppedAfterEnd: beyondEnd,
    warnings
  }
}
