// Inference state shared by the Run model panel and the Runs view: the models the host runs,
// the logged inference runs, and the viewer's layers, reloaded when an inference job ends so
// the prediction layer it registered can be picked in a panel.
import type { AppEvent, InferenceRequest, JobProgress, LayerInfo, ModelInfo, RunSummary } from '../../../shared/types'
import type { AppState } from './appState.svelte'
import { addedLayers } from './layerDiff'

/** What the last layer reload after an inference job found for the video on screen. */
export interface LayerUpdate {
  jobId: string
  /** how the job ended */
  status: 'done' | 'cancelled'
  videoId: number
  videoName: string
  added: LayerInfo[]
  predictionCount: number
}

export class InferState {
  private readonly app: AppState
  models = $state.raw<ModelInfo[]>([])
  modelsLoaded = $state(false)
  runs = $state.raw<RunSummary[]>([])
  runsLoaded = $state(false)
  layerUpdate = $state.raw<LayerUpdate | null>(null)

  private readonly ended = new Set<string>()
  private runsToken = 0

  constructor(app: AppState) {
    this.app = app
  }

  private get bridge() {
    return this.app.bridge
  }

  /** Loads the model list and listens for inference jobs ending. Returns the unsubscribe. */
  start(): () => void {
    const off = this.bridge.onEvent((event) => this.handleEvent(event))
    void this.bridge.call('listModels').then(
      (models) => {
        this.models = models
        this.modelsLoaded = true
      },
      (err: unknown) => this.app.reportError('Listing the models the host runs', err)
    )
    return off
  }

  private handleEvent(event: AppEvent): void {
    if (event.type !== 'job-progress') return
    const job = event.progress
    if (job.kind !== 'infer' || job.status === 'running' || this.ended.has(job.jobId)) return
    this.ended.add(job.jobId)
    void this.refreshRuns()
    // a cancelled run keeps the layers of the videos it finished
    if (job.status === 'done' || job.status === 'cancelled') void this.reloadLayers(job.jobId, job.status)
  }

  /** Inference jobs of this session (reactive: reads the app's job table). */
  get inferJobs(): JobProgress[] {
    return Object.values(this.app.jobs).filter((j) => j.kind === 'infer')
  }

  /** Starts an inference run; resolves to the job id, or null when the host refused (error shown). */
  async startInference(request: InferenceRequest): Promise<string | null> {
    try {
      const { jobId } = await this.bridge.call('startInference', request)
      return jobId
    } catch (err) {
      this.app.reportError(`Starting ${request.model}`, err)
      return null
    }
  }

  async cancel(jobId: string): Promise<void> {
    try {
      await this.bridge.call('cancelJob', jobId)
    } catch (err) {
      this.app.reportError(`Cancelling job ${jobId.slice(0, 8)}`, err)
    }
  }

  async refreshRuns(): Promise<void> {
    const token = ++this.runsToken
    try {
      const runs = await this.bridge.call('listRuns', 'infer')
      if (token !== this.runsToken) return
      this.runs = runs
      this.runsLoaded = true
    } catch (err) {
      this.app.reportError('Listing inference runs', err)
    }
  }

  /** Reads the layers of the video on screen again; other videos read theirs when opened. */
  async reloadLayers(jobId: string, status: LayerUpdate['status']): Promise<void> {
    const player = this.app.player
    const video = player.video
    if (!video) return
    const before = player.layers
    try {
      const after = await this.bridge.call('listLayers', video.id)
      if (player.video?.id !== video.id) return
      player.setLayers(after)
      this.layerUpdate = {
        jobId,
        status,
        videoId: video.id,
        videoName: video.name,
        added: addedLayers(before, after),
        predictionCount: after.filter((l) => l.kind === 'prediction').length
      }
    } catch (err) {
      this.app.reportError(`Listing layers of ${video.name}`, err)
    }
  }

  /** Puts a layer in the first panel without an overlay, else in a new panel. */
  showLayer(layer: LayerInfo): void {
    if (this.app.player.video?.id !== layer.videoId) return
    this.app.player.showLayer(layer)
  }
}
