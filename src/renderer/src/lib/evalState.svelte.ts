// Evaluation state shared by the Evaluate panel, the metric timelines and the Runs view:
// presets, stored runs and their tables, and a version number that moves whenever an
// evaluation job ends, so views showing stored results know to reload.
import type {
  AppEvent,
  EvaluationPresetInfo,
  EvaluationRequest,
  EvaluationView,
  FrameMetricSeries,
  RunSummary
} from '../../../shared/types'
import type { AppState } from './appState.svelte'
import { JobKindState } from './jobKindState.svelte'
import { isActiveStatus } from './jobView'

export class EvalState extends JobKindState {
  presets = $state.raw<EvaluationPresetInfo[]>([])
  /** bumped when an evaluation job ends (done, failed or cancelled) */
  resultsVersion = $state(0)
  /** the run whose per-video results are shown */
  selectedRunId = $state<string | null>(null)
  /** runs ticked for the comparison table, in the order they were ticked */
  compareIds = $state.raw<string[]>([])

  // finished runs' scores never change, but their videos can go missing: a table is fetched
  // once per reading of the catalog
  private readonly views = new Map<string, { view: EvaluationView; catalog: number }>()

  constructor(app: AppState) {
    super(app, 'eval', 'evaluation runs', ['eval', 'evaluate'])
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
        for (const job of jobs) if (!isActiveStatus(job.status)) this.markEnded(job.jobId)
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
    if (!this.ownsJob(job)) return
    const changed = this.statusChanged(job)
    if (this.firstEnd(job)) this.resultsVersion += 1
    if (changed) void this.refreshRuns()
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

  // ticked runs that were deleted drop out of the comparison
  protected override runsRead(runs: RunSummary[]): void {
    const ids = new Set(runs.map((r) => r.id))
    if (this.compareIds.some((id) => !ids.has(id))) this.compareIds = this.compareIds.filter((id) => ids.has(id))
  }

  toggleCompare(runId: string): void {
    this.compareIds = this.compareIds.includes(runId) ? this.compareIds.filter((id) => id !== runId) : [...this.compareIds, runId]
  }

  /** Per-video results of a run (cached once the run has ended); undefined when it failed to load. */
  async evaluation(runId: string): Promise<EvaluationView | undefined> {
    const catalog = this.app.catalogVersion
    const cached = this.views.get(runId)
    if (cached && cached.catalog === catalog) return cached.view
    try {
      const view = await this.bridge.call('getEvaluation', runId)
      if (!isActiveStatus(view.run.status)) this.views.set(runId, { view, catalog })
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
