// Evaluation state shared by the Evaluate panel, the metric timelines and the Runs view:
// presets, stored runs and their tables, and a version number that moves whenever an
// evaluation job ends, so views showing stored results know to reload.
import type {
  AppEvent,
  EvaluationPresetInfo,
  EvaluationRequest,
  EvaluationView,
  FrameMetricSeries,
  JobProgress,
  RunSummary
} from '../../../shared/types'
import type { AppState } from './appState.svelte'

export class EvalState {
  private readonly app: AppState
  presets = $state.raw<EvaluationPresetInfo[]>([])
  runs = $state.raw<RunSummary[]>([])
  runsLoaded = $state(false)
  /** bumped when an evaluation job ends (done, failed or cancelled) */
  resultsVersion = $state(0)
  /** the run whose per-video results are shown */
  selectedRunId = $state<string | null>(null)
  /** runs ticked for the comparison table, in the order they were ticked */
  compareIds = $state.raw<string[]>([])

  // finished runs never change: their tables are fetched once
  private readonly views = new Map<string, EvaluationView>()
  private readonly ended = new Set<string>()
  private runsToken = 0

  constructor(app: AppState) {
    this.app = app
  }

  private get bridge() {
    return this.app.bridge
  }

  /** Loads presets, jobs already running (a reloaded page) and the run list; listens for job ends. */
  start(): () => void {
    const off = this.bridge.onEvent((event) => this.handleEvent(event))
    void this.bridge.call('listPresets').then(
      (presets) => (this.presets = presets),
      (err: unknown) => this.app.reportError('Reading evaluation presets', err)
    )
    void this.bridge.call('listJobs').then(
      (jobs) => {
        for (const job of jobs) if (job.status !== 'running') this.ended.add(job.jobId)
        // events that came meanwhile are newer than the list
        this.app.jobs = { ...Object.fromEntries(jobs.map((j) => [j.jobId, j])), ...this.app.jobs }
      },
      (err: unknown) => this.app.reportError('Listing jobs', err)
    )
    void this.refreshRuns()
    return off
  }

  private handleEvent(event: AppEvent): void {
    if (event.type !== 'job-progress') return
    const job = event.progress
    if (job.status === 'running' || this.ended.has(job.jobId)) return
    this.ended.add(job.jobId)
    if (job.kind !== 'eval') return
    this.resultsVersion += 1
    void this.refreshRuns()
  }

  /** Evaluation jobs of this session (reactive: reads the app's job table). */
  get evalJobs(): JobProgress[] {
    return Object.values(this.app.jobs).filter((j) => j.kind === 'eval')
  }

  /** Starts an evaluation; resolves to the job id, or null when the host refused (error shown). */
  async startEvaluation(request: EvaluationRequest): Promise<string | null> {
    try {
      const { jobId } = await this.bridge.call('startEvaluation', request)
      void this.refreshRuns()
      return jobId
    } catch (err) {
      this.app.reportError(`Starting an evaluation of ${request.predDir}`, err)
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
      const runs = await this.bridge.call('listRuns', 'eval')
      if (token !== this.runsToken) return
      this.runs = runs
      this.runsLoaded = true
      // ticked runs that were deleted drop out of the comparison
      const ids = new Set(runs.map((r) => r.id))
      if (this.compareIds.some((id) => !ids.has(id))) this.compareIds = this.compareIds.filter((id) => ids.has(id))
    } catch (err) {
      this.app.reportError('Listing evaluation runs', err)
    }
  }

  toggleCompare(runId: string): void {
    this.compareIds = this.compareIds.includes(runId) ? this.compareIds.filter((id) => id !== runId) : [...this.compareIds, runId]
  }

  /** Per-video results of a run (cached once the run has ended); undefined when it failed to load. */
  async evaluation(runId: string): Promise<EvaluationView | undefined> {
    const cached = this.views.get(runId)
    if (cached) return cached
    try {
      const view = await this.bridge.call('getEvaluation', runId)
      if (view.run.status !== 'running' && view.run.status !== 'queued') this.views.set(runId, view)
      return view
    } catch (err) {
      this.app.reportError(`Reading the results of run ${runId.slice(0, 8)}`, err)
      return undefined
    }
  }

  /** Per-frame series of every finished evaluation of a video; [] when they could not be read. */
  async frameMetrics(videoId: number): Promise<FrameMetricSeries[]> {
    try {
      return await this.bridge.call('frameMetrics', videoId)
    } catch (err) {
      this.app.reportError(`Reading per-frame metrics of video ${videoId}`, err)
      return []
    }
  }
}
