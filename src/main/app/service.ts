// The API implementation every host shares (Electron IPC, headless HTTP, CLI). No electron
// imports here or below.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { API_SCHEMAS, parseWith } from '../../shared/schemas'
import type { ApiMethod, AvsalApi } from '../../shared/api'
import { AppError } from '../../shared/errors'
import type { AudioSwapReport, MapDifferenceSeries } from '../../shared/reports'
import type {
  AppInfo,
  AudioSwapRequest,
  DatasetRecord,
  EvaluationPresetInfo,
  EvaluationRequest,
  EvaluationView,
  FrameMetricSeries,
  FramePayload,
  InferenceRequest,
  JobProgress,
  LayerInfo,
  MetricKey,
  ModelInfo,
  RunDetail,
  RunFilterRequest,
  RunSummary,
  VideoRecord,
  VideoSummary
} from '../../shared/types'
import { isImageFile, naturalCompare } from '../core/naturalSort'
import { indexDataset } from '../datasets'
import { readFixationPoints } from '../datasets/frameData'
import { GazeGroundTruth } from '../datasets/gaze/gazeGroundTruth'
import { FrameProvider, probeVideo, resolveFfmpeg, type FfmpegBinaries } from '../media'
import { EVALUATION_PRESETS } from '../metrics'
import { defaultJobSpawner, JobSystem, type FinishedJob, type SpawnJob } from '../jobs'
import { inferableModelInfos } from '../jobs/registry'
import {
  addPredictionLayer as storeAddLayer,
  evaluationView,
  frameMetricSeries,
  getDataset,
  getVideoRecord,
  listDatasets,
  listPredictionLayers,
  listVideoSummaries,
  openStore,
  recentDatasets,
  replaceVideos,
  findRun,
  runDetail,
  runSummaries,
  upsertDataset,
  videoMissingSince,
  type Store
} from '../store'
import { dataPaths, type DataPaths } from './dataDir'
import { EventHub } from './events'
import { audioSwapReportOf, heardAudioPathOf, mapDifferenceSeriesOf, studyFigurePathOf } from './studies'

export interface AppServiceOptions {
  dataDir: string
  host: AppInfo['host']
  version: string
  /** how job processes start (utilityProcess under Electron); default: fork out/main/job.js */
  spawnJob?: SpawnJob
  /** heavy jobs that may run at once per device (default AVSAL_JOBS_PER_DEVICE, else 1) */
  jobsPerDevice?: number
  /** the job system's clocks (tests shorten them) */
  jobTimings?: { pollMs?: number; heartbeatMs?: number; sweepMs?: number; cancelGraceMs?: number }
  /** Gaussian FWHM (px) for maps made from raw gaze; default DHF1K's 30 px */
  gazeFwhmPx?: number
}

const GT_LAYER = 'gt'
const PREDICTION_PREFIX = 'pred-'

export class AppService implements AvsalApi {
  readonly events = new EventHub()
  readonly paths: DataPaths
  readonly store: Store
  readonly frames: FrameProvider
  readonly jobs: JobSystem
  readonly gaze: GazeGroundTruth
  private readonly host: AppInfo['host']
  private readonly version: string
  private ffmpeg: FfmpegBinaries | null | undefined
  private readonly videoCache = new Map<number, VideoRecord>()
  private readonly predictionFiles = new Map<string, string[]>()
  private readonly missingRoots = new Set<string>()
  private rootsCache: Map<number, string> | null = null
  private mediaRootsCache: string[] | null = null
  private watchTimer: NodeJS.Timeout | null = null

  constructor(options: AppServiceOptions) {
    this.paths = dataPaths(options.dataDir)
    this.host = options.host
    this.version = options.version
    this.store = openStore(this.paths.dbPath)
    this.frames = new FrameProvider(this.paths.cacheDir, () => this.requireFfmpeg(), (videoId, done, total) =>
      this.events.emit({ type: 'decode-progress', videoId, done, total })
    )
    this.gaze = new GazeGroundTruth(this.paths.cacheDir, options.gazeFwhmPx)
    this.jobs = new JobSystem({
      store: this.store,
      dbPath: this.paths.dbPath,
      env: { store: this.store, cacheDir: this.paths.cacheDir, dataDir: this.paths.dataDir, studiesDir: this.paths.studiesDir, gazeFwhmPx: this.gaze.fwhmPx },
      spawn: options.spawnJob ?? defaultJobSpawner(),
      emit: (event) => this.events.emit(event),
      logDir: join(this.paths.dataDir, 'logs'),
      perDevice: options.jobsPerDevice,
      ...options.jobTimings
    })
    // runs left active by processes that are gone (crash, kill -9) become interrupted; runs of
    // live processes (another window, a CLI command) are left alone
    this.jobs.sweep()
  }

  /**
   * Calls an API method with arguments from outside (IPC, HTTP, the CLI): they are checked
   * against the method's schema first, so every host rejects a bad request the same way.
   */
  async call(method: string, args: unknown): Promise<unknown> {
    if (!Object.hasOwn(API_SCHEMAS, method)) throw new AppError('unknown-method', `no API method named ${method}`)
    const name = method as ApiMethod
    const parsed = parseWith(API_SCHEMAS[name], args ?? [], name) as unknown[]
    const fn = this[name] as (...a: unknown[]) => Promise<unknown>
    return fn.apply(this, parsed)
  }

  /** ffmpeg is resolved lazily: the app opens image-folder datasets without it. */
  ffmpegBinaries(): FfmpegBinaries | null {
    if (this.ffmpeg === undefined) {
      try {
        this.ffmpeg = resolveFfmpeg()
      } catch {
        this.ffmpeg = null
      }
    }
    return this.ffmpeg
  }

  requireFfmpeg(): FfmpegBinaries {
    return this.ffmpegBinaries() ?? resolveFfmpeg()
  }

  async appInfo(): Promise<AppInfo> {
    const bins = this.ffmpegBinaries()
    return {
      version: this.version,
      host: this.host,
      node: process.version,
      ffmpeg: bins ? { path: bins.ffmpeg, source: bins.source, version: bins.version } : null,
      dbPath: this.paths.dbPath,
      cacheDir: this.paths.cacheDir
    }
  }

  async listDatasets(): Promise<DatasetRecord[]> {
    return listDatasets(this.store)
  }

  async openDataset(root: string): Promise<DatasetRecord> {
    const absolute = resolve(root.trim())
    const indexed = await indexDataset(absolute, {
      probeVideo: (path: string) => probeVideo(path, this.requireFfmpeg())
    })
    const id = upsertDataset(this.store, {
      root: indexed.root,
      name: indexed.name,
      layout: indexed.layout,
      layoutDetail: indexed.layoutDetail,
      openedAt: new Date().toISOString(),
      issues: indexed.issues
    })
    replaceVideos(this.store, id, indexed.videos)
    this.videoCache.clear()
    this.rootsCache = null
    this.mediaRootsCache = null
    this.missingRoots.delete(indexed.root)
    const record = getDataset(this.store, id)
    if (!record) throw new AppError('internal', `dataset ${id} vanished from the log right after it was stored`)
    return record
  }

  async recentDatasets(): Promise<{ root: string; name: string; openedAt: string }[]> {
    return recentDatasets(this.store, 10).map((r) => ({ root: r.root, name: r.name, openedAt: r.openedAt }))
  }

  async listVideos(datasetId: number): Promise<VideoSummary[]> {
    this.requireDataset(datasetId)
    return listVideoSummaries(this.store, datasetId)
  }

  async getVideo(videoId: number): Promise<VideoRecord> {
    return this.video(videoId)
  }

  async getFrame(videoId: number, index: number): Promise<FramePayload> {
    const video = this.video(videoId)
    this.checkIndex(video, index)
    this.assertRootPresent(video.datasetId)
    this.assertVideoPresent(video)
    const fixations = GazeGroundTruth.isGazeVideo(video)
      ? await this.gaze.fixations(video, index)
      : await readFixationPoints(video, index)
    return { videoId, index, fixations }
  }

  async listLayers(videoId: number): Promise<LayerInfo[]> {
    const video = this.video(videoId)
    const layers: LayerInfo[] = []
    if (video.maps) {
      layers.push({
        id: GT_LAYER,
        videoId,
        label: 'GT saliency',
        kind: 'gt-map',
        available: video.maps.files.filter((f) => f !== null).length,
        dir: video.maps.dir,
        provenance: null
      })
    }
    if (!video.maps && GazeGroundTruth.isGazeVideo(video)) {
      layers.push({
        id: GT_LAYER,
        videoId,
        label: `GT saliency from raw gaze (FWHM ${this.gaze.fwhmPx} px)`,
        kind: 'gt-map',
        available: video.frameCount,
        dir: null,
        provenance: null
      })
    }
    for (const layer of listPredictionLayers(this.store, videoId)) {
      const files = this.predictionFileList(layer.dir)
      layers.push({
        id: `${PREDICTION_PREFIX}${layer.id}`,
        videoId,
        label: layer.label,
        kind: 'prediction',
        available: Math.min(files.length, video.frameCount),
        dir: layer.dir,
        provenance: layer.runId || layer.modelId
          ? { runId: layer.runId, model: layer.model, weightsSha256: layer.weightsSha256, audioCondition: layer.audioCondition }
          : null
      })
    }
    return layers
  }

  async addPredictionLayer(videoId: number, dir: string, label?: string): Promise<LayerInfo> {
    const video = this.video(videoId)
    const absolute = resolve(String(dir ?? '').trim())
    if (!existsSync(absolute)) throw new AppError('not-found', `prediction folder not found: ${absolute}`)
    if (!statSync(absolute).isDirectory()) throw new AppError('not-a-directory', `${absolute} is not a folder`)
    this.predictionFiles.delete(absolute)
    const files = this.predictionFileList(absolute)
    if (files.length === 0) {
      throw new AppError('no-maps', `no PNG/JPEG maps in ${absolute}: a prediction layer needs one image per frame`)
    }
    const details: string[] = []
    if (files.length !== video.frameCount) {
      details.push(
        `${files.length} maps for ${video.frameCount} frames: maps are matched to frames in name order; ` +
          (files.length < video.frameCount ? 'later frames have no prediction' : 'extra maps are ignored')
      )
    }
    const stored = storeAddLayer(this.store, videoId, absolute, label?.trim() || basename(absolute))
    this.mediaRootsCache = null
    const layer: LayerInfo = {
      id: `${PREDICTION_PREFIX}${stored.id}`,
      videoId,
      label: stored.label,
      kind: 'prediction',
      available: Math.min(files.length, video.frameCount),
      dir: absolute,
      provenance: null
    }
    return details.length ? { ...layer, label: `${layer.label} (${details[0]})` } : layer
  }

  async prepareVideo(videoId: number): Promise<{ cached: number; total: number }> {
    const video = this.video(videoId)
    this.assertRootPresent(video.datasetId)
    this.assertVideoPresent(video)
    return this.frames.prepare(video)
  }

  async listPresets(): Promise<EvaluationPresetInfo[]> {
    return EVALUATION_PRESETS.map((p) => ({ id: p.id, label: p.label, description: p.description, metrics: [...p.metrics] as MetricKey[] }))
  }

  async startEvaluation(request: EvaluationRequest): Promise<{ jobId: string; runId: string }> {
    return this.jobs.submit('evaluate', request)
  }

  async listModels(): Promise<ModelInfo[]> {
    return inferableModelInfos()
  }

  async startInference(request: InferenceRequest): Promise<{ jobId: string; runId: string }> {
    return this.jobs.submit('infer', request)
  }

  async startAudioSwap(request: AudioSwapRequest): Promise<{ jobId: string; runId: string }> {
    return this.jobs.submit('audioSwap', request)
  }

  async getAudioSwapReport(runId: string): Promise<AudioSwapReport> {
    return audioSwapReportOf(this.store, this.resolveRunId(runId))
  }

  async mapDifferences(runId: string, videoId: number): Promise<MapDifferenceSeries> {
    const video = this.video(videoId)
    return mapDifferenceSeriesOf(this.store, this.resolveRunId(runId), videoId, video.frameCount)
  }

  async cancelJob(jobId: string): Promise<void> {
    if (!this.jobs.cancel(jobId)) throw new AppError('not-found', `no queued or running job ${jobId}`)
  }

  async stopJob(jobId: string): Promise<void> {
    if (!this.jobs.stop(jobId)) throw new AppError('not-found', `no queued or running job ${jobId}`)
  }

  async listJobs(): Promise<JobProgress[]> {
    return this.jobs.list()
  }

  /** Resolves when a job of this process has ended (the CLI waits on its job). */
  waitForJob(jobId: string): Promise<FinishedJob> {
    return this.jobs.wait(jobId)
  }

  async listRuns(filter: RunFilterRequest = {}): Promise<RunSummary[]> {
    return runSummaries(this.store, filter)
  }

  async getRun(runId: string): Promise<RunDetail> {
    return runDetail(this.store, this.resolveRunId(runId))
  }

  async resumeRun(runId: string): Promise<{ jobId: string; runId: string }> {
    return this.jobs.resume(this.resolveRunId(runId))
  }

  async getEvaluation(runId: string): Promise<EvaluationView> {
    return evaluationView(this.store, this.resolveRunId(runId))
  }

  async frameMetrics(videoId: number): Promise<FrameMetricSeries[]> {
    const video = this.video(videoId)
    return frameMetricSeries(this.store, videoId, video.frameCount)
  }

  // ---- media resolution (used by the HTTP media route and the Electron protocol) ----

  /** Absolute path of the image of frame `index`, decoding the video with ffmpeg if needed. */
  async frameFile(videoId: number, index: number): Promise<string> {
    const video = this.video(videoId)
    this.checkIndex(video, index)
    this.assertRootPresent(video.datasetId)
    this.assertVideoPresent(video)
    return this.frames.frameFile(video, index)
  }

  /** Absolute path of the map of layer `layerId` for frame `index`, or null when that frame has none. */
  async mapFile(videoId: number, layerId: string, index: number): Promise<string | null> {
    const video = this.video(videoId)
    this.checkIndex(video, index)
    if (layerId === GT_LAYER) {
      if (!video.maps && GazeGroundTruth.isGazeVideo(video)) return this.gaze.mapFile(video, index)
      const name = video.maps?.files[index]
      return video.maps && name ? join(video.maps.dir, name) : null
    }
    if (layerId.startsWith(PREDICTION_PREFIX)) {
      const id = Number(layerId.slice(PREDICTION_PREFIX.length))
      const layer = listPredictionLayers(this.store, videoId).find((l) => l.id === id)
      if (!layer) throw new AppError('not-found', `video ${videoId} has no layer ${layerId}`)
      const name = this.predictionFileList(layer.dir)[index]
      return name ? join(layer.dir, name) : null
    }
    throw new AppError('not-found', `unknown layer ${layerId}`)
  }

  /** The WAV a study's condition run (child inference run) heard for this video. */
  async heardAudioFile(runId: string, videoId: number): Promise<string> {
    this.video(videoId)
    return heardAudioPathOf(this.store, this.resolveRunId(runId), videoId)
  }

  async studyFigureFile(runId: string): Promise<string> {
    return studyFigurePathOf(this.store, this.resolveRunId(runId))
  }

  async audioFile(videoId: number): Promise<string> {
    const video = this.video(videoId)
    this.assertRootPresent(video.datasetId)
    this.assertVideoPresent(video)
    if (!video.hasAudio || !video.audioPath) {
      throw new AppError('no-audio', `${video.name} has no audio track`)
    }
    return this.frames.playbackAudio(video)
  }

  /**
   * Folders media may be served from: dataset roots, prediction layer folders, the cache.
   * Cached, because every frame request checks it; `fresh` re-reads the log (layers added by a
   * job process, or another window, are not seen otherwise).
   */
  mediaRoots(fresh = false): string[] {
    if (fresh || !this.mediaRootsCache) {
      const roots = [...this.datasetRoots(fresh).values()]
      const layers = this.store.all<{ dir: string }>('SELECT DISTINCT dir FROM prediction_layers')
      this.mediaRootsCache = [...roots, ...layers.map((l) => l.dir), this.paths.cacheDir, this.paths.studiesDir]
    }
    return this.mediaRootsCache
  }

  /** Emits dataset-missing once per root when an open dataset's folder disappears. */
  startWatchingRoots(intervalMs = 2000): void {
    if (this.watchTimer) return
    this.watchTimer = setInterval(() => {
      for (const [id, root] of this.datasetRoots(true)) this.checkRoot(id, root)
    }, intervalMs)
    this.watchTimer.unref()
  }

  close(): void {
    if (this.watchTimer) clearInterval(this.watchTimer)
    this.jobs.close()
    this.frames.close()
    this.store.close()
  }

  // ---- helpers ----

  video(videoId: number): VideoRecord {
    if (!Number.isInteger(videoId)) throw new AppError('bad-argument', `video id must be an integer, got ${videoId}`)
    let video = this.videoCache.get(videoId)
    if (!video) {
      video = getVideoRecord(this.store, videoId) ?? undefined
      if (!video) throw new AppError('not-found', `no video with id ${videoId} in the catalog`)
      this.videoCache.set(videoId, video)
    }
    return video
  }

  private requireDataset(datasetId: number): DatasetRecord {
    const dataset = getDataset(this.store, datasetId)
    if (!dataset) throw new AppError('not-found', `no dataset with id ${datasetId} in the catalog`)
    return dataset
  }

  /** A video whose file is gone from its folder cannot serve frames or audio (its results stay). */
  private assertVideoPresent(video: VideoRecord): void {
    const since = videoMissingSince(this.store, video.id)
    if (since !== null) {
      throw new AppError(
        'video-missing',
        `${video.name} is gone from its dataset folder (missing since ${since}); its past results are kept. Put it back and reopen the dataset.`
      )
    }
  }

  /** A full run id, also from a unique prefix (as printed by `avsal runs list`). */
  private resolveRunId(idOrPrefix: string): string {
    const run = findRun(this.store, idOrPrefix)
    if (!run) throw new AppError('unknown-run', `no run ${idOrPrefix} in the experiment log ${this.paths.dbPath}`)
    return run.id
  }

  private checkIndex(video: VideoRecord, index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= video.frameCount) {
      throw new AppError(
        'frame-out-of-range',
        `frame ${index} does not exist in ${video.name} (frames 0–${video.frameCount - 1})`
      )
    }
  }

  /** id → root of every dataset in the catalog (no JSON parsing: this is on the frame path). */
  private datasetRoots(fresh = false): Map<number, string> {
    if (fresh || !this.rootsCache) {
      this.rootsCache = new Map(this.store.all<{ id: number; root: string }>('SELECT id, root FROM datasets').map((r) => [r.id, r.root]))
    }
    return this.rootsCache
  }

  private checkRoot(datasetId: number, root: string): boolean {
    if (existsSync(root)) {
      this.missingRoots.delete(root)
      return true
    }
    if (!this.missingRoots.has(root)) {
      this.missingRoots.add(root)
      this.events.emit({
        type: 'dataset-missing',
        datasetId,
        root,
        message: `The dataset folder ${root} is gone (moved, unmounted or deleted). Its catalog and runs are kept; reopen it when it is back.`
      })
    }
    return false
  }

  private assertRootPresent(datasetId: number): void {
    const root = this.datasetRoots().get(datasetId) ?? this.datasetRoots(true).get(datasetId)
    if (root === undefined) throw new AppError('not-found', `no dataset with id ${datasetId} in the catalog`)
    if (!this.checkRoot(datasetId, root)) {
      throw new AppError(
        'dataset-missing',
        `The dataset folder ${root} is gone (moved, unmounted or deleted); nothing was lost from the log.`
      )
    }
  }

  private predictionFileList(dir: string): string[] {
    let files = this.predictionFiles.get(dir)
    if (!files) {
      try {
        files = readdirSync(dir).filter(isImageFile).sort(naturalCompare)
      } catch {
        files = []
      }
      this.predictionFiles.set(dir, files)
    }
    return files
  }
}
