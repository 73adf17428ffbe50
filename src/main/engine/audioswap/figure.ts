// The study's comparison figure: a few frames (rows) × frame, ground truth, the visual-only
// model and every audio condition (columns), drawn by media/figure. Frames are the ones the
// user asked for, or else the frames where the conditions' maps differ most from real (spread
// out, so the rows do not show one moment three times).
import type { FfmpegBinaries } from '../../media'
import { readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import type { FrameRange, VideoRecord } from '../../../shared/types'
import { writeFileAtomic } from '../../core/atomicWrite'
import { decodeImage, type RasterImage } from '../../formats/image'
import { renderComparisonFigure, type FigureCell, type FigureRow, type GrayMap, type RgbImage } from '../../media/figure'
import { predictionFileName } from '../inference/cache'
import { openFrameSource } from '../inference/frameSource'

export interface FigureCandidate {
  videoId: number
  frame: number
  /** mean |map − real map| of one condition at this frame */
  distance: number
}

export interface FigurePick {
  videoId: number
  frame: number
}

const CONDITION_TITLES: Record<string, string> = {
  real: 'Real audio',
  zero: 'Zero audio',
  random: 'Random audio',
  wolfram: 'Wolfram audio',
  shuffled: 'Shuffled audio',
  file: 'File audio'
}

export const conditionTitle = (condition: string): string => CONDITION_TITLES[condition] ?? condition

/**
 * The frames to draw. Chosen frames are read in the first video that has them in its range. Else
 * the `count` frames with the largest distance summed over conditions, at least `spacing` frames
 * apart within a video; with no differences at all (a dead audio path), frames evenly spread over
 * the first video's range.
 */
export function pickFigureFrames(
  candidates: readonly FigureCandidate[],
  videos: readonly VideoRecord[],
  ranges: ReadonlyMap<number, FrameRange | null>,
  chosen: readonly number[] | null,
  count = 3,
  spacing = 16
): FigurePick[] {
  const inRange = (videoId: number, frame: number): boolean => {
    const r = ranges.get(videoId)
    return !!r && frame >= r.first && frame <= r.last
  }
  if (chosen && chosen.length) {
    const video = videos.find((v) => chosen.some((f) => inRange(v.id, f)))
    if (!video) return []
    return [...new Set(chosen)].filter((f) => inRange(video.id, f)).map((frame) => ({ videoId: video.id, frame }))
  }
  const summed = new Map<string, FigureCandidate>()
  for (const c of candidates) {
    if (!inRange(c.videoId, c.frame)) continue
    const key = `${c.videoId}|${c.frame}`
    const s = summed.get(key)
    if (s) s.distance += c.distance
    else summed.set(key, { ...c })
  }
  const ranked = [...summed.values()].filter((c) => c.distance > 0).sort((a, b) => b.distance - a.distance || a.videoId - b.videoId || a.frame - b.frame)
  const picks: FigurePick[] = []
  for (const c of ranked) {
    if (picks.length >= count) break
    if (picks.some((p) => p.videoId === c.videoId && Math.abs(p.frame - c.frame) < spacing)) continue
    picks.push({ videoId: c.videoId, frame: c.frame })
  }
  if (picks.length) return picks.sort((a, b) => a.videoId - b.videoId || a.frame - b.frame)
  const first = videos.find((v) => ranges.get(v.id))
  if (!first) return []
  const r = ranges.get(first.id) as FrameRange
  const span = r.last - r.first
  const frames = new Set(Array.from({ length: count }, (_, k) => r.first + Math.round((span * (k + 1)) / (count + 1))))
  return [...frames].map((frame) => ({ videoId: first.id, frame }))
}

function grayOf(img: RasterImage): GrayMap {
  const data = new Uint8Array(img.width * img.height)
  for (let p = 0; p < data.length; p++) data[p] = img.data[p * img.channels]
  return { width: img.width, height: img.height, data }
}

function readGray(path: string | null): GrayMap | null {
  if (!path || !existsSync(path)) return null
  return grayOf(decodeImage(readFileSync(path), path))
}

async function framesOf(video: VideoRecord, wanted: readonly number[], ffmpeg: FfmpegBinaries | undefined): Promise<Map<number, RgbImage>> {
  const out = new Map<number, RgbImage>()
  const last = Math.max(...wanted)
  const source = await openFrameSource(video, ffmpeg)
  try {
    for (;;) {
      const next = await source.next(true)
      if (!next) break
      if (wanted.includes(next.index) && next.image) out.set(next.index, next.image)
      if (next.index >= last) break
    }
  } finally {
    source.close()
  }
  return out
}

export interface StudyFigureRequest {
  path: string
  videos: readonly VideoRecord[]
  conditions: readonly string[]
  /** condition → video id → its maps' folder */
  conditionDirs: ReadonlyMap<string, ReadonlyMap<number, string>>
  /** the visual-only model's folders, when the study ran one */
  visualDirs: ReadonlyMap<number, string> | null
  chosenFrames: readonly number[] | null
  candidates: readonly FigureCandidate[]
  ranges: ReadonlyMap<number, FrameRange | null>
  title: string
  ffmpeg?: FfmpegBinaries
}

/** Draws and writes the figure; false when there is no frame to draw. */
export async function renderStudyFigure(req: StudyFigureRequest): Promise<boolean> {
  const picks = pickFigureFrames(req.candidates, req.videos, req.ranges, req.chosenFrames)
  if (!picks.length) return false
  const byId = new Map(req.videos.map((v) => [v.id, v]))
  const withGt = picks.some((p) => byId.get(p.videoId)?.maps)
  const columns = ['Frame', ...(withGt ? ['Ground truth'] : []), ...(req.visualDirs ? ['Visual only'] : []), ...req.conditions.map(conditionTitle)]
  const rows: FigureRow[] = []
  for (const videoId of [...new Set(picks.map((p) => p.videoId))]) {
    const video = byId.get(videoId) as VideoRecord
    const frames = picks.filter((p) => p.videoId === videoId).map((p) => p.frame)
    const images = await framesOf(video, frames, req.ffmpeg)
    for (const frame of frames) {
      const image = images.get(frame)
      if (!image) continue
      const mapIn = (dir: string | undefined): GrayMap | null => (dir ? readGray(join(dir, predictionFileName(frame))) : null)
      const cells: FigureCell[] = [{ image, kind: 'frame' }]
      if (withGt) cells.push({ image, kind: 'overlay', map: readGray(video.maps?.files[frame] ? join(video.maps.dir, video.maps.files[frame] as string) : null) })
      if (req.visualDirs) cells.push({ image, kind: 'overlay', map: mapIn(req.visualDirs.get(videoId)) })
      for (const condition of req.conditions) cells.push({ image, kind: 'overlay', map: mapIn(req.conditionDirs.get(condition)?.get(videoId)) })
      rows.push({ label: req.videos.length > 1 ? `${video.name} #${frame}` : `frame ${frame}`, cells })
    }
  }
  if (!rows.length) return false
  const png = renderComparisonFigure({ columns, rows, title: req.title, colorbarLabel: 'saliency' })
  await writeFileAtomic(req.path, png)
  return true
}
