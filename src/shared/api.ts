// The whole app surface as one typed contract. Electron binds it to ipcMain.handle + the
// preload bridge, the headless host to HTTP POST /api/<method>, the CLI calls the services.
import type {
  AppEvent,
  AppInfo,
  DatasetRecord,
  EvaluationPresetInfo,
  EvaluationRequest,
  EvaluationView,
  FrameMetricSeries,
  JobProgress,
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
  startEvaluation(request: EvaluationRequest): Promise<{ jobId: string }>
  cancelJob(jobId: string): Promise<void>
  listJobs(): Promise<JobProgress[]>
  listRuns(kind?: RunSummary['kind']): Promise<RunSummary[]>
  getEvaluation(runId: string): Promise<EvaluationView>
  /** Per-frame metric series of every finished evaluation run that scored this video. */
  frameMetrics(videoId: number): Promise<FrameMetricSeries[]>
  /** Saliency models the inference engine runs (name, description, audio, input facts). */
  listModels(): Promise<ModelInfo[]>
  /** Starts an inference run in the job process; maps land in the cache and appear as a layer. */
  startInference(request: InferenceRequest): Promise<{ jobId: string }>
}

export type ApiMethod = keyof AvsalApi
export type ApiArgs<M extends ApiMethod> = Parameters<AvsalApi[M]>
export type ApiResult<M extends ApiMethod> = Awaited<ReturnType<AvsalApi[M]>>

export const API_METHODS: readonly ApiMethod[] = [
  'appInfo',
  'listDatasets',
  'openDataset',
  'recentDatasets',
  'listVideos',
  'getVideo',
  'getFrame',
  'listLayers',
  'addPredictionLayer',
  'prepareVideo',
  'listPresets',
  'startEvaluation',
  'cancelJob',
  'listJobs',
  'listRuns',
  'getEvaluation',
  'frameMetrics',
  'listModels',
  'startInference'
] as const

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
  audio: (videoId: number) => `/audio/${videoId}`
}
