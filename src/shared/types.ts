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
  /** the experiment-log run this job writes */
  runId?: string
}

export type AppEvent =
  | { type: 'job-progress'; progress: JobProgress }
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

export interface EvaluationRequest {
  datasetId: number
  predDir: string
  videos?: string[]
  protocol?: string
  jitter?: boolean
  seed?: number
  label?: string
}

export interface RunSummary {
  id: string
  kind: 'infer' | 'eval' | 'train'
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
  label: string
  datasetId: number | null
  datasetName: string | null
  createdAt: string
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
}

export interface VideoMetricsRow {
  videoId: number
  video: string
  group: string | null
  frames: number
  metrics: Partial<Record<MetricKey, number | null>>
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

export type InferenceAudioCondition = 'real' | 'zero' | 'random' | 'shuffled'

/** api.startInference: run a model over (some) videos of an open dataset. */
export interface InferenceRequest {
  datasetId: number
  model: string
  /** checkpoint path (torch.save), or 'synthetic' for the deterministic test weights; omit for baselines */
  weights?: string
  videos?: string[]
  /** audio-visual models only (default 'real') */
  audio?: InferenceAudioCondition
  runtime?: 'ort' | 'tfjs'
  threads?: number
  /** clips per forward pass (default 1) */
  batch?: number
  /** seeds 'random' and 'shuffled' audio (default 0) */
  seed?: number
  /** also copy the maps to OUT/<video>/ under the GT/frame file names */
  outDir?: string
  label?: string
}
