// Domain types shared by main, preload, renderer and CLI. Request types come from the schemas.
import { RUN_KIND_NAMES, RUN_STATUS_NAMES } from './schemas'

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
  /** videos present in the folder */
  videoCount: number
  /** videos indexed before that are gone from the folder now (their results are kept) */
  missingVideoCount: number
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
  /** when the video's file or folder was last found missing on re-indexing; null while present */
  missingSince: string | null
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
  /** what made a prediction layer (null for folders added by hand and the GT) */
  provenance: LayerProvenance | null
}

export interface LayerProvenance {
  runId: string | null
  model: string | null
  weightsSha256: string | null
  audioCondition: string | null
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

export type JobStatus = 'queued' | 'running' | 'stopping' | 'done' | 'failed' | 'cancelled' | 'interrupted' | 'stopped-resumable'

export interface JobProgress {
  jobId: string
  kind: string
  label: string
  done: number
  total: number
  /** items per second */
  rate: number
  etaSeconds: number | null
  status: JobStatus
  message?: string
  /** the experiment-log run this job writes */
  runId?: string
  /** while queued: 1 = next to start on its device */
  queuePosition: number | null
  /** the queue lane of a heavy job ('cpu', 'cuda:0'); null for light jobs */
  device: string | null
  /** the job can be stopped and resumed later (inference, training) */
  resumable: boolean
}

export type AppEvent =
  | { type: 'job-progress'; progress: JobProgress }
  /** metric points a job logged (training curves, timings), by step */
  | { type: 'job-metrics'; jobId: string; runId: string; entries: { key: string; value: number; step?: number }[] }
  | { type: 'dataset-missing'; datasetId: number; root: string; message: string }
  | { type: 'decode-progress'; videoId: number; done: number; total: number }
  /** Electron menu: File → Open Dataset… */
  | { type: 'menu'; action: 'open-dataset' }

/** The six metrics, named as in the published tables. */
export type MetricKey = 'AUC_Judd' | 'sAUC' | 'NSS' | 'CC' | 'SIM' | 'KLD'
export const METRIC_KEYS: readonly MetricKey[] = ['AUC_Judd', 'sAUC', 'NSS', 'CC', 'SIM', 'KLD']
/** lower is better only for KLD */
export const LOWER_IS_BETTER: ReadonlySet<MetricKey> = new Set<MetricKey>(['KLD'])

export interface EvaluationPresetInfo {
  id: string
  label: string
  description: string
  metrics: MetricKey[]
}

export type { AudioSwapRequest, EvaluationRequest, FrameRange, InferenceAudioCondition, InferenceRequest, RunFilterRequest } from './schemas'

export const RUN_KINDS = RUN_KIND_NAMES
export type RunKind = (typeof RUN_KIND_NAMES)[number]
export const RUN_STATUSES = RUN_STATUS_NAMES
export type RunStatus = (typeof RUN_STATUS_NAMES)[number]

export interface RunOwnerInfo {
  host: string
  pid: number
  /** ISO time the owning process started */
  startedAt: string
}

export interface RunSummary {
  id: string
  kind: RunKind
  status: RunStatus
  /** why it is interrupted / stopping / stopped */
  statusReason: string | null
  label: string
  datasetId: number | null
  datasetName: string | null
  createdAt: string
  /** when it left the queue (null while queued) */
  startedAt: string | null
  endedAt: string | null
  error: string | null
  config: Record<string, unknown>
  /** what ran it, e.g. 'onnxruntime-node 1.30.0' / 'tfjs'; and on what, e.g. 'cpu', 'cuda', 'tfjs-wasm' */
  runtime: string | null
  backend: string | null
  /** free-form tags; inference runs carry the executor's actual `provider` */
  tags: Record<string, string>
  /** dataset-level metrics (evaluation runs) */
  metrics: Partial<Record<MetricKey, number>>
  parentRunId: string | null
  /** the run whose maps an evaluation scored */
  sourceRunId: string | null
  audioCondition: string | null
  /** model name and checkpoint sha256 of inference runs and of evaluations of their maps */
  model: string | null
  weightsSha256: string | null
  owner: RunOwnerInfo | null
  /** ISO time of the owner's last heartbeat */
  heartbeatAt: string | null
  device: string | null
  /** while queued in a device lane: 1 = next to start */
  queuePosition: number | null
}

export interface VideoMetricsRow {
  videoId: number
  video: string
  group: string | null
  audioCondition: string
  frames: number
  metrics: Partial<Record<MetricKey, number | null>>
  /** the video's file is gone from its folder (since then); its scores are kept */
  missingSince: string | null
}

export interface RunArtifact {
  kind: string
  path: string
  step: number | null
  sha256: string | null
  bytes: number | null
  createdAt: string
}

/** Everything the log holds about one run (api.getRun, `avsal runs show`). */
export interface RunDetail {
  run: RunSummary
  params: Record<string, string>
  notes: string
  /** every metric's latest value (NaN as null) */
  latestMetrics: Record<string, { value: number | null; step: number }>
  artifacts: RunArtifact[]
  children: RunSummary[]
  /** evaluations: per video and audio condition, videos now missing included */
  videos: VideoMetricsRow[]
}

export interface EvaluationView {
  run: RunSummary
  videos: VideoMetricsRow[]
}

/** Per-frame scores of one run on one video; series[metric][frame] (null: not scored or NaN). */
export interface FrameMetricSeries {
  runId: string
  label: string
  videoId: number
  /** one series per run and audio condition */
  audioCondition: string
  series: Partial<Record<MetricKey, (number | null)[]>>
}

/** A model the inference engine can run over videos (api.listModels). */
export interface ModelInfo {
  name: string
  description: string
  /** true for audio-visual models (AViNet, STAViS): they take an audio condition */
  needsAudio: boolean
  /** false for parameter-free baselines */
  needsWeights: boolean
  clipFrames: number
  /** model input (H, W) */
  inputSize: [number, number]
  /** the map belongs to the clip's last frame (causal) or its centre frame */
  target: 'last' | 'centre'
  inputs: { name: string; layout: string; shape: number[]; description: string }[]
  /** how frames are prepared, in the authors' words; null for baselines */
  preprocessing: string | null
  /** how the clip schedule and post-processing go */
  procedure: string
}
