// Which videos and frames a run works on, the same for every kind: named videos (or all), never
// a video whose file is gone (unless the caller asks to see it), and a frame range in the
// viewer's numbering (0-based, inclusive) clipped to each video.
import { AppError } from '../../../shared/errors'
import type { FrameRange, VideoRecord } from '../../../shared/types'
import type { DatasetRecord } from '../../../shared/types'
import { getDataset, getVideoRecord, listVideoSummaries, type Store } from '../../store'

/** The dataset a request names, or a not-found error a host can show. */
export function requireDataset(store: Store, datasetId: number): DatasetRecord {
  const dataset = getDataset(store, datasetId)
  if (!dataset) throw new AppError('not-found', `no dataset with id ${datasetId} in the catalog: open the dataset first`)
  return dataset
}

export interface PickedVideos {
  videos: VideoRecord[]
  /** videos skipped because their file is gone (only when no names were given) */
  missing: string[]
}

/** The chosen videos of a dataset in catalog order. Unknown names and missing named videos are errors. */
export function pickVideos(store: Store, datasetId: number, datasetLabel: string, names: readonly string[] | undefined): PickedVideos {
  const summaries = listVideoSummaries(store, datasetId)
  const wanted = names?.length ? new Set(names) : null
  if (wanted) {
    const unknown = [...wanted].filter((name) => !summaries.some((s) => s.name === name))
    if (unknown.length) {
      throw new AppError('unknown-video', `no video named ${unknown.join(', ')} in ${datasetLabel}`, [
        `videos in this dataset: ${summaries.slice(0, 20).map((s) => s.name).join(', ')}${summaries.length > 20 ? ', …' : ''}`
      ])
    }
    const gone = summaries.filter((s) => wanted.has(s.name) && s.missingSince !== null)
    if (gone.length) {
      throw new AppError(
        'video-missing',
        `${gone.map((s) => s.name).join(', ')} ${gone.length === 1 ? 'is' : 'are'} no longer in ${datasetLabel} (missing since ${gone[0].missingSince}); put the file back and reopen the dataset`
      )
    }
  }
  const chosen = summaries.filter((s) => (wanted ? wanted.has(s.name) : s.missingSince === null))
  return {
    videos: chosen.map((s) => getVideoRecord(store, s.id)).filter((r): r is VideoRecord => r !== null),
    missing: wanted ? [] : summaries.filter((s) => s.missingSince !== null).map((s) => s.name)
  }
}

/** The part of `range` inside a video of `frameCount` frames, or null when none is. */
export function rangeWithin(range: FrameRange | undefined, frameCount: number): FrameRange | null {
  if (frameCount <= 0) return null
  if (!range) return { first: 0, last: frameCount - 1 }
  if (range.first >= frameCount) return null
  return { first: range.first, last: Math.min(range.last, frameCount - 1) }
}

export function describeRange(range: FrameRange | undefined): string {
  return range ? `frames ${range.first}–${range.last}` : 'all frames'
}

/** Every chosen video must hold at least one frame of the range. */
export function requireFramesInRange(videos: readonly VideoRecord[], range: FrameRange | undefined, datasetLabel: string): void {
  if (!range) return
  if (!videos.some((v) => rangeWithin(range, v.frameCount) !== null)) {
    throw new AppError(
      'frame-out-of-range',
      `no chosen video of ${datasetLabel} has ${describeRange(range)} (the longest has ${Math.max(0, ...videos.map((v) => v.frameCount))} frames: 0–${Math.max(0, ...videos.map((v) => v.frameCount)) - 1})`
    )
  }
}
