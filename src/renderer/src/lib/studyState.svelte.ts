// Audio-swap study state shared by the study form (sidebar), the Studies view (reports) and the
// heard player in the viewer: the study runs in the log, their reports, the last refusal of the
// host, and the heard session on screen.
import type { AudioSwapReport } from '../../../shared/reports'
import type { AppEvent, AudioSwapRequest, RunSummary } from '../../../shared/types'
import { toApiError, type AppError } from './apiError'
import type { AppState } from './appState.svelte'
import { HeardSession } from './heardSession.svelte'
import { JobKindState } from './jobKindState.svelte'

export type MainTab = 'viewer' | 'runs' | 'studies'

export class StudyState extends JobKindState {
  /** the study whose report the Studies view shows */
  selectedRunId = $state<string | null>(null)
  /** why the host refused the last study started from the form (shown under its button) */
  refusal = $state.raw<AppError | null>(null)
  /** the heard player on screen, if any */
  heard = $state.raw<HeardSession | null>(null)
  /** bumped when a study job ends, so views of reports and layers reload */
  resultsVersion = $state(0)

  private readonly reports = new Map<string, AudioSwapReport>()
  private readonly navigate: (tab: MainTab) => void

  constructor(app: AppState, navigate: (tab: MainTab) => void) {
    super(app, 'study', 'audio-swap studies', ['audioSwap'])
    this.navigate = navigate
  }

  start(): () => void {
    const off = this.bridge.onEvent((event) => this.handleEvent(event))
    void this.refreshRuns()
    return off
  }

  private handleEvent(event: AppEvent): void {
    if (event.type !== 'job-progress') return
    const job = event.progress
    if (!this.ownsJob(job)) return
    if (this.statusChanged(job)) void this.refreshRuns()
    if (!this.firstEnd(job)) return
    this.resultsVersion += 1
    // a finished study registered a prediction layer per condition on every video it ran on
    if (job.status === 'done') void this.reloadLayers()
  }

  private async reloadLayers(): Promise<void> {
    const player = this.app.player
    const video = player.video
    if (!video) return
    try {
      const layers = await this.bridge.call('listLayers', video.id)
      if (player.video?.id === video.id) player.setLayers(layers)
    } catch (err) {
      this.app.reportError(`Listing layers of ${video.name}`, err)
    }
  }

  /** Starts a study; null when the host refused (the refusal is kept for the form, which shows it under its button). */
  async startStudy(request: AudioSwapRequest): Promise<string | null> {
    this.refusal = null
    try {
      const { jobId, runId } = await this.bridge.call('startAudioSwap', request)
      this.selectedRunId = runId
      void this.refreshRuns()
      return jobId
    } catch (err) {
      // shown under the form's button, where the user just clicked (not as a banner as well)
      const error = toApiError(err)
      console.warn(`Starting an audio-swap study of ${request.model}: [${error.code}] ${error.message}`)
      this.refusal = error
      return null
    }
  }

  clearRefusal(): void {
    this.refusal = null
  }

  /** The report of a finished study (cached: a finished study never changes); undefined when it cannot be read. */
  async report(runId: string): Promise<AudioSwapReport | undefined> {
    const cached = this.reports.get(runId)
    if (cached) return cached
    try {
      const report = await this.bridge.call('getAudioSwapReport', runId)
      this.reports.set(runId, report)
      return report
    } catch (err) {
      this.app.reportError(`Reading the report of study ${runId.slice(0, 8)}`, err)
      return undefined
    }
  }

  showReport(runId: string): void {
    this.selectedRunId = runId
    this.navigate('studies')
  }

  runOf(runId: string): RunSummary | undefined {
    return this.runs.find((r) => r.id === runId)
  }

  /** Opens the heard player of a study on one of its videos (which must be in the open dataset). */
  async openHeard(report: AudioSwapReport, videoId: number): Promise<void> {
    const app = this.app
    const label = this.runOf(report.runId)?.label ?? `study ${report.runId.slice(0, 8)}`
    this.closeHeard()
    const player = app.player
    if (player.video?.id === videoId) {
      try {
        player.setLayers(await this.bridge.call('listLayers', videoId))
      } catch (err) {
        app.reportError('Listing the layers of the video', err)
        return
      }
    } else {
      await app.selectVideo(videoId)
      if (player.video?.id !== videoId) return
    }
    const session = new HeardSession(app, report, label)
    session.bind()
    this.heard = session
    this.navigate('viewer')
  }

  closeHeard(): void {
    const session = this.heard
    if (!session) return
    this.heard = null
    session.close()
  }
}
