// Shapes produced by indexing a dataset folder, before the store gives them database ids.
import type { DatasetIssue, LayoutKind, VideoRecord } from '../../shared/types'
import type { VideoProbe as MediaVideoProbe } from '../media/probe'

export type NewVideo = Omit<VideoRecord, 'id' | 'datasetId'>

export interface IndexedDataset {
  name: string
  root: string
  layout: LayoutKind
  /** which layout was detected and the evidence, as one sentence */
  layoutDetail: string
  /** problems that belong to the dataset rather than one video (fold lists, stray folders) */
  issues: DatasetIssue[]
  videos: NewVideo[]
}

/**
 * The part of media/probe.ts's answer that indexing uses. Picking the fields (rather than
 * taking the whole type) lets tests and other hosts supply just these.
 */
export type VideoProbe = Pick<
  MediaVideoProbe,
  | 'width'
  | 'height'
  | 'fps'
  | 'frameCount'
  | 'durationSeconds'
  | 'videoCodec'
  | 'hasAudio'
  | 'audioCodec'
  | 'audioSampleRate'
>

export interface IndexDeps {
  probeVideo(path: string): Promise<VideoProbe>
}

export interface IndexOptions {
  /** videos indexed at once (default 8: enough to keep libuv's pool busy without flooding it) */
  concurrency?: number
  /** fps assumed for frame folders that no fold list covers (default 30, the DHF1K/UCF rate) */
  defaultFps?: number
  /**
   * 'quick' (default): header of the first frame and first map per video, sizes of all frames.
   * 'headers': also parse the header of every frame file (slower; the CLI's check command).
   */
  verify?: 'quick' | 'headers'
  onProgress?(done: number, total: number): void
}
