// Domain types shared by main, preload, renderer and CLI. No runtime dependencies here.

/** Which on-disk convention a dataset folder follows. */
export type LayoutKind = 'dhf1k' | 'vinet' | 'stavis' | 'generic'

/** A problem found while reading a dataset; shown in the UI and printed by the CLI. */
export interface DatasetIssue {
  severity: 'info' | 'warning' | 'error'
  /** stable machine code, e.g. 'missing-frame', 'map-size-mismatch', 'mat-key-missing' */
  code: string
  message: string
  video?: string
  path?: string
}

/** Where the pixels of a video come from. */
export type FrameSource =
  | { kind: 'frames'; dir: string; files: string[] }
  | { kind: 'file'; path: string }

/** Where the fixations of a video come from. */
export type FixationSource =
  | { kind: 'png'; dir: string; files: (string | null)[] }
  | { kind: 'mat'; dir: string; files: (string | null)[]; key: string }
  | { kind: 'gaze'; file: string }
  | { kind: 'none' }

export interface VideoRecord {
  id: number
  datasetId: number
  name: string
  /** split or sub-database (e.g. 'testing', 'DIEM') */
  group: string | null
  frameCount: number
  fps: number
  width: number
  height: number
  hasAudio: boolean
  /** absolute path of an audio file, or of the video file when the audio is its own track */
  audioPath: string | null
  frames: FrameSource
  /** per-frame GT saliency maps (index i → file or null when missing) */
  maps: { dir: string; files: (string | null)[] } | null
  fixations: FixationSource
  /** size of the GT maps when it differs from the frames (they get resized for display and scoring) */
  mapSize: { width: number; height: number } | null
  issues: DatasetIssue[]
}

export interface DatasetRecord {
  id: number
  root: string
  name: string
  layout: LayoutKind
  /** human sentence: which layout was detected and why */
  layoutDetail: string
  videoCount: number
  openedAt: string
  issues: DatasetIssue[]
}

/** Lightweight row for lists (no per-frame file arrays). */
export interface VideoSummary {
  id: number
  datasetId: number
  name: string
  group: string | null
  frameCount: number
  fps: number
  width: number
  height: number
  hasAudio: boolean
  hasMaps: boolean
  fixationKind: FixationSource['kind']
  issueCount: number
}

/** An overlay that can be drawn over a video: GT maps or a folder of predicted maps. */
export interface LayerInfo {
  id: string
  videoId: number
  label: string
  kind: 'gt-map' | 'prediction'
  /** number of frames this layer has a map for */
  available: number
  dir: string | null
}

export interface FixationPoint {
  x: number
  y: number
}

export interface FramePayload {
  videoId: number
  index: number
  fixations: FixationPoint[]
}

export interface AppInfo {
  version: string
  host: 'electron' | 'browser'
  node: string
  ffmpeg: { path: string; source: string; version: string } | null
  dbPath: string
  cacheDir: string
}

export interface JobProgress {
  jobId: string
  kind: string
  label: string
  done: number
  total: number
  /** items per second */
  rate: number
  etaSeconds: number | null
  status: 'running' | 'done' | 'failed' | 'cancelled'
  message?: string
}

export type AppEvent =
  | { type: 'job-progress'; progress: JobProgress }
  | { type: 'dataset-missing'; datasetId: number; root: string; message: string }
  | { type: 'decode-progress'; videoId: number; done: number; total: number }
  /** Electron menu: File → Open Dataset… */
  | { type: 'menu'; action: 'open-dataset' }
