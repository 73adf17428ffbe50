// The whole app surface as one typed contract. Electron binds it to ipcMain.handle + the
// preload bridge, the headless host to HTTP POST /api/<method>, the CLI calls the services.
// Every method's arguments are checked against its schema in ./schemas (API_SCHEMAS) first.
import type * as v from 'valibot'
import { API_SCHEMAS } from './schemas'
import type { AudioSwapReport, MapDifferenceSeries } from './reports'
import type {
  AppEvent,
  AudioSwapRequest,
  AppInfo,
  DatasetRecord,
  EvaluationPresetInfo,
  EvaluationRequest,
  EvaluationView,
  FrameMetricSeries,
  JobProgress,
  RunDetail,
  RunFilterRequest,
  RunSummary,
  FramePayload,
  InferenceRequest,
  LayerInfo,
  ModelInfo,
  VideoRecord,
  VideoSummary
} from './types'

export interface AvsalApi {
  appInfo(): Promise<AppInfo>
  listDatasets(): Promise<DatasetRecord[]>
  /** Detects the layout, indexes the folder, stores the catalog. Rejects with ApiError on bad input. */
  openDataset(root: string): Promise<DatasetRecord>
  recentDatasets(): Promise<{ root: string; name: string; openedAt: string }[]>
  listVideos(datasetId: number): Promise<VideoSummary[]>
  getVideo(videoId: number): Promise<VideoRecord>
  /** GT fixation points of one frame, in frame pixel coordinates */
  getFrame(videoId: number, index: number): Promise<FramePayload>
  listLayers(videoId: number): Promise<LayerInfo[]>
  /** Registers a folder of predicted PNG maps (one per frame, sorted by name) as a layer. */
  addPredictionLayer(videoId: number, dir: string, label?: string): Promise<LayerInfo>
  /** Starts (or reuses) the ffmpeg frame cache of a video file; resolves when frame 0 is ready. */
  prepareVideo(videoId: number): Promise<{ cached: number; total: number }>
  /** Evaluation presets (sAUC negatives, aggregation, post-processing), with what each does. */
  listPresets(): Promise<EvaluationPresetInfo[]>
  /** Starts an evaluation in the job process; progress arrives as job-progress events. */
  startEvaluation(request: EvaluationRequest): Promise<{ jobId: string; runId: string }>
  /** Cancels a queued or running job (its rows so far are kept; the run ends 'cancelled'). */
  cancelJob(jobId: string): Promise<void>
  /** Stops a resumable job after its current step; the run ends 'stopped-resumable'. */
  stopJob(jobId: string): Promise<void>
  listJobs(): Promise<JobProgress[]>
  listRuns(filter?: RunFilterRequest): Promise<RunSummary[]>
  getRun(runId: string): Promise<RunDetail>
  /** Queues a stopped or interrupted run again; it continues where it stopped. */
  resumeRun(runId: string): Promise<{ jobId: string; runId: string }>
  getEvaluation(runId: string): Promise<EvaluationView>
  /**
   * Starts an audio-swap study: one AV model over the videos under several audio conditions
   * (visual features computed once per clip), each condition evaluated, compared with real.
   */
  startAudioSwap(request: AudioSwapRequest): Promise<{ jobId: string; runId: string }>
  /** The audio-reliance report of a finished study. */
  getAudioSwapReport(runId: string): Promise<AudioSwapReport>
  /** Per-frame distance of each condition's maps from real's, for one video of a study. */
  mapDifferences(runId: string, videoId: number): Promise<MapDifferenceSeries>
  /** Per-frame metric series of every finished evaluation run that scored this video. */
  frameMetrics(videoId: number): Promise<FrameMetricSeries[]>
  /** Saliency models the inference engine runs (name, description, audio, input facts). */
  listModels(): Promise<ModelInfo[]>
  /** Starts an inference run in the job process; maps land in the cache and appear as a layer. */
  startInference(request: InferenceRequest): Promise<{ jobId: string; runId: string }>
}

export type ApiMethod = keyof AvsalApi
export type ApiArgs<M extends ApiMethod> = Parameters<AvsalApi[M]>
export type ApiResult<M extends ApiMethod> = Awaited<ReturnType<AvsalApi[M]>>

// The contract and the schema map must name the same methods, and what a schema lets through
// must be what the method takes: a method without a schema (or the reverse) does not compile.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type SchemaArgs<M extends ApiMethod> = v.InferOutput<(typeof API_SCHEMAS)[M]>
type ArgsFit = { [M in ApiMethod]: SchemaArgs<M> extends ApiArgs<M> ? true : false }[ApiMethod]
export const CONTRACT_MATCHES_SCHEMAS: SameKeys<ApiMethod, keyof typeof API_SCHEMAS> = true
export const SCHEMA_ARGS_FIT_CONTRACT: [ArgsFit] extends [true] ? true : never = true

export const API_METHODS = Object.keys(API_SCHEMAS) as ApiMethod[]

/** What the renderer sees as window.avsal (preload) or the HTTP client. */
export interface AvsalBridge {
  call<M extends ApiMethod>(method: M, ...args: ApiArgs<M>): Promise<ApiResult<M>>
  onEvent(listener: (event: AppEvent) => void): () => void
  /** URL prefix for media routes (custom protocol in Electron, /media over HTTP) */
  mediaBase: string
  /** appended to media URLs (the headless host's token); empty in Electron */
  mediaQuery: string
}

/** Media routes, relative to mediaBase. */
export const mediaRoutes = {
  frame: (videoId: number, index: number) => `/frame/${videoId}/${index}`,
  map: (videoId: number, layerId: string, index: number) =>
    `/map/${videoId}/${encodeURIComponent(layerId)}/${index}`,
  audio: (videoId: number) => `/audio/${videoId}`,
  /** the soundtrack a model heard in inference run `runId` for this video (what that condition fed it) */
  heardAudio: (runId: string, videoId: number) => `/heard/${encodeURIComponent(runId)}/${videoId}`,
  /** the comparison figure (PNG) of audio-swap study `runId` */
  studyFigure: (runId: string) => `/study-figure/${encodeURIComponent(runId)}`
}
