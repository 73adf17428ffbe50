// Shapes produced by indexing a dataset folder, before the store gives them database ids.
import type { DatasetIssue, LayoutKind, VideoRecord } from '../../shared/types'

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

/** What media/probe.ts reports about a video file. */
export interface VideoProbe {
  width: number
  height: number
  fps: number
  frameCount: number
  durationSeconds: number
  videoCodec: string
  hasAudio: boolean
  audioCodec: string | null
  audioSampleRate: number | null
}

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
