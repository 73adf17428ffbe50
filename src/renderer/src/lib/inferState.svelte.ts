// Inference state shared by the Run model panel and the Runs view: the models the host runs,
// the logged inference runs, and the viewer's layers, reloaded when an inference job ends so
// the prediction layer it registered can be picked in a panel.
import type { AppEvent, InferenceRequest, LayerInfo, ModelInfo } from '../../../shared/types'
import type { AppState } from './appState.svelte'
import { JobKindState } from './jobKindState.svelte'
import { addedLayers } from './layerDiff'

/** What the last layer reload after an inference job found for the video on screen. */
export interface LayerUpdate {
  jobId: string
  /** how the job ended */
  status: 'done' | 'cancelled' | 'stopped-resumable'
  videoId: number
  videoName: string
  added: LayerInfo[]
  predictionCount: number
}

export class InferState extends JobKindState {
  models = $state.raw<ModelInfo[]>([])
  modelsLoaded = $state(false)
  layerUpdate = $state.raw<LayerUpdate | null>(null)

  constructor(app: AppState) {
    super(app, 'infer', 'inference runs')
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
    if (!this.ownsJob(job)) return
    // queued → running → ended: the Runs view's list follows
    if (this.statusChanged(job)) void this.refreshRuns()
    if (!this.firstEnd(job)) return
    // a cancelled or stopped run keeps the layers of the videos it finished
    if (job.status === 'done' || job.status === 'cancelled' || job.status === 'stopped-resumable') void this.reloadLayers(job.jobId, job.status)
  }

  /** Starts an inference run; resolves to the job id, or null when the host refused (error shown). */
  async startInference(request: InferenceRequest): Promise<string | null> {
    try {
      const { jobId } = await this.bridge.call('startInference', request)
      void this.refreshRuns()
      return jobId
    } catch (err) {
      this.app.reportError(`Starting ${request.model}`, err)
      return null
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
