// Session state shared by the views: the bridge, app info, the open dataset and its videos,
// errors to show, and host events (decode progress, missing datasets).
import type { AvsalBridge } from '../../../shared/api'
import type { AppEvent, AppInfo, DatasetRecord, JobProgress, VideoSummary } from '../../../shared/types'
import { toApiError, type AppError } from './apiError'
import type { ResolvedBridge } from './bridge'
import { Player } from './player.svelte'

export interface ErrorEntry {
  id: number
  /** what the app was doing ("Opening /data/x") */
  context: string
  error: AppError
  /** how many times this same error came (repeats are folded into one banner) */
  count: number
}

/** A video chosen for the viewer whose file is gone from the dataset folder. */
export interface MissingVideo {
  videoId: number
  name: string
  /** ISO time it was found missing; null when the host only just told (re-listing pending) */
  since: string | null
}

export interface RecentDataset {
  root: string
  name: string
  openedAt: string
}

let nextErrorId = 1

export class AppState {
  readonly bridge: AvsalBridge
  readonly host: ResolvedBridge['host']
  readonly pathForFile?: (file: File) => string
  readonly pickDirectory?: () => Promise<string | null>
  readonly player: Player

  info = $state.raw<AppInfo | null>(null)
  recent = $state.raw<RecentDataset[]>([])
  dataset = $state.raw<DatasetRecord | null>(null)
  videos = $state.raw<VideoSummary[]>([])
  selectedVideoId = $state<number | null>(null)
  errors = $state.raw<ErrorEntry[]>([])
  /** what is being waited on, for a status line ("Opening …", "Decoding …") */
  busy = $state<string | null>(null)
  decode = $state.raw<Record<number, { done: number; total: number }>>({})
  missing = $state.raw<{ datasetId: number; root: string; message: string }[]>([])
  jobs = $state.raw<Record<string, JobProgress>>({})
  /** bumped whenever the dataset's catalog was read again (videos may have gone missing since) */
  catalogVersion = $state(0)
  /** the selected video is missing from its folder: the viewer says so instead of playing it */
  missingVideo = $state.raw<MissingVideo | null>(null)

  private selectToken = 0

  constructor(resolved: ResolvedBridge) {
    this.bridge = resolved.bridge
    this.host = resolved.host
    this.pathForFile = resolved.pathForFile
    this.pickDirectory = resolved.pickDirectory
    this.player = new Player(this.bridge, (context, err) => this.reportError(context, err))
  }

  reportError(context: string, err: unknown): void {
    const error = toApiError(err)
    // every frame of a vanished video fails the same way: one notice in the viewer, no banners
    if (error.code === 'video-missing' && this.selectedVideoId !== null) {
      console.warn(`${context}: [${error.code}] ${error.message}`)
      this.videoWentMissing(this.selectedVideoId)
      return
    }
    console.error(`${context}: [${error.code}] ${error.message}`, error.details ?? '')
    const same = this.errors.find((e) => e.error.code === error.code && e.error.message === error.message)
    if (same) {
      this.errors = this.errors.map((e) => (e === same ? { ...e, count: e.count + 1 } : e))
      return
    }
    this.errors = [...this.errors, { id: nextErrorId++, context, error, count: 1 }]
  }

  dismissError(id: number): void {
    this.errors = this.errors.filter((e) => e.id !== id)
  }

  dismissMissing(datasetId: number): void {
    this.missing = this.missing.filter((m) => m.datasetId !== datasetId)
  }

  /** Runs one API step; a failure goes to the error banner (and resolves to undefined). */
  private async attempt<T>(context: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work()
    } catch (err) {
      this.reportError(context, err)
      return undefined
    }
  }

  /** Subscribes to host events and loads app info + recent datasets. Returns the unsubscribe. */
  start(): () => void {
    const off = this.bridge.onEvent((event) => this.handleEvent(event))
    void this.attempt('Reading app info', async () => {
      this.info = await this.bridge.call('appInfo')
    })
    void this.refreshRecent()
    return off
  }

  handleEvent(event: AppEvent): void {
    switch (event.type) {
      case 'decode-progress':
        this.decode = { ...this.decode, [event.videoId]: { done: event.done, total: event.total } }
        break
      case 'dataset-missing':
        this.missing = [
          ...this.missing.filter((m) => m.datasetId !== event.datasetId),
          { datasetId: event.datasetId, root: event.root, message: event.message }
        ]
        break
      case 'job-progress':
        this.jobs = { ...this.jobs, [event.progress.jobId]: event.progress }
        break
      case 'menu':
        if (event.action === 'open-dataset') void this.browseAndOpen()
        break
    }
  }

  /** File → Open Dataset…: the native picker when there is one, else the path field. */
  async browseAndOpen(): Promise<void> {
    if (!this.pickDirectory) {
      document.getElementById('dataset-path')?.focus()
      return
    }
    const picked = await this.attempt('Choosing a dataset folder', () => this.pickDirectory!())
    if (picked) await this.openDataset(picked)
  }

  async refreshRecent(): Promise<void> {
    await this.attempt('Reading recent datasets', async () => {
      this.recent = await this.bridge.call('recentDatasets')
    })
  }

  async openDataset(root: string): Promise<boolean> {
    const path = root.trim()
    if (!path) return false
    this.busy = `Opening ${path} …`
    try {
      const dataset = await this.attempt(`Opening ${path}`, () => this.bridge.call('openDataset', path))
      if (!dataset) return false
      const videos = await this.attempt(`Listing the videos of ${dataset.name}`, () =>
        this.bridge.call('listVideos', dataset.id)
      )
      this.dataset = dataset
      this.videos = videos ?? []
      this.catalogVersion += 1
      this.selectedVideoId = null
      this.missingVideo = null
      this.player.unload()
      void this.refreshRecent()
      const first = this.videos.find((v) => !v.missingSince)
      if (first) await this.selectVideo(first.id)
      return true
    } finally {
      this.busy = null
    }
  }

  /** The selected video turned out to be gone: stop playing it, say so, and re-read the list once. */
  private videoWentMissing(videoId: number): void {
    if (this.missingVideo?.videoId === videoId) return
    const summary = this.videos.find((v) => v.id === videoId)
    this.selectToken += 1
    this.busy = null
    this.player.unload()
    this.missingVideo = { videoId, name: summary?.name ?? `video ${videoId}`, since: summary?.missingSince ?? null }
    void this.refreshVideos()
  }

  /** Reads the open dataset's record and videos again (missing counts and dates change). */
  async refreshVideos(): Promise<void> {
    const dataset = this.dataset
    if (!dataset) return
    const loaded = await this.attempt(`Listing the videos of ${dataset.name}`, () =>
      Promise.all([this.bridge.call('listDatasets'), this.bridge.call('listVideos', dataset.id)])
    )
    if (!loaded || this.dataset?.id !== dataset.id) return
    const [datasets, videos] = loaded
    this.dataset = datasets.find((d) => d.id === dataset.id) ?? this.dataset
    this.videos = videos
    this.catalogVersion += 1
    const missing = this.missingVideo
    if (missing) {
      const since = videos.find((v) => v.id === missing.videoId)?.missingSince ?? null
      if (since !== missing.since) this.missingVideo = { ...missing, since }
    }
  }

  async selectVideo(videoId: number): Promise<void> {
    const token = ++this.selectToken
    this.selectedVideoId = videoId
    const summary = this.videos.find((v) => v.id === videoId)
    const name = summary?.name ?? `video ${videoId}`
    if (summary?.missingSince) {
      // nothing to play: its frames are gone; its results stay in the Runs tab
      this.player.unload()
      this.busy = null
      this.missingVideo = { videoId, name, since: summary.missingSince }
      return
    }
    this.missingVideo = null
    const loaded = await this.attempt(`Opening ${name}`, () =>
      Promise.all([this.bridge.call('getVideo', videoId), this.bridge.call('listLayers', videoId)])
    )
    if (!loaded || token !== this.selectToken) return
    const [video, layers] = loaded
    if (video.frames.kind === 'file') {
      this.busy = `Decoding the first frames of ${name} …`
      const prepared = await this.attempt(`Preparing frames of ${name}`, () => this.bridge.call('prepareVideo', videoId))
      if (token === this.selectToken) this.busy = null
      if (!prepared || token !== this.selectToken) return
    }
    this.player.load(video, layers)
  }

  async addPredictionLayer(dir: string, label: string): Promise<boolean> {
    const video = this.player.video
    const path = dir.trim()
    if (!video || !path) return false
    const layer = await this.attempt(`Adding prediction folder ${path}`, () =>
      this.bridge.call('addPredictionLayer', video.id, path, label.trim() || undefined)
    )
    if (!layer) return false
    const layers = await this.attempt(`Listing layers of ${video.name}`, () => this.bridge.call('listLayers', video.id))
    if (this.player.video?.id !== video.id) return true
    this.player.setLayers(layers ?? [...this.player.layers.filter((l) => l.id !== layer.id), layer])
    this.player.showLayer(layer)
    return true
  }
}
