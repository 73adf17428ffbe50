// What the evaluation and inference states share: one kind of job in the app's job table,
// cancelling, stopping and resuming such a job, that kind's runs in the experiment log, and
// telling the first event of a job that ended from repeats of it.
import type { JobProgress, JobStatus, RunSummary } from '../../../shared/types'
import type { AppState } from './appState.svelte'
import { isActiveStatus } from './jobView'

export class JobKindState {
  protected readonly app: AppState
  private readonly kind: RunSummary['kind']
  /** JobProgress.kind values of this kind's jobs (the host names eval jobs 'evaluate') */
  private readonly jobKinds: ReadonlySet<string>
  /** what the runs are called in error messages, e.g. 'evaluation runs' */
  private readonly runsName: string
  runs = $state.raw<RunSummary[]>([])
  runsLoaded = $state(false)

  private readonly ended = new Set<string>()
  private readonly lastStatus = new Map<string, JobStatus>()
  private runsToken = 0

  constructor(app: AppState, kind: RunSummary['kind'], runsName: string, jobKinds: readonly string[] = [kind]) {
    this.app = app
    this.kind = kind
    this.runsName = runsName
    this.jobKinds = new Set(jobKinds)
  }

  protected get bridge() {
    return this.app.bridge
  }

  /** True for a job of this kind. */
  protected ownsJob(job: JobProgress): boolean {
    return this.jobKinds.has(job.kind)
  }

  /** Jobs of this kind in this session (reactive: reads the app's job table). */
  get jobs(): JobProgress[] {
    return Object.values(this.app.jobs).filter((j) => this.ownsJob(j))
  }

  /** True for the first event that says a job ended (done, failed, cancelled, stopped, interrupted). */
  protected firstEnd(job: JobProgress): boolean {
    if (isActiveStatus(job.status) || this.ended.has(job.jobId)) return false
    this.ended.add(job.jobId)
    return true
  }

  /**
   * True when a job's status differs from its last event's (queued → running → done): the
   * moments the run list in the log changes, unlike the many progress ticks in between.
   */
  protected statusChanged(job: JobProgress): boolean {
    const before = this.lastStatus.get(job.jobId)
    this.lastStatus.set(job.jobId, job.status)
    return before !== job.status
  }

  /** Remembers a job that had ended before this page listened, so its events are not taken for new ends. */
  protected markEnded(jobId: string): void {
    this.ended.add(jobId)
  }

  async cancel(jobId: string): Promise<void> {
    try {
      await this.bridge.call('cancelJob', jobId)
    } catch (err) {
      this.app.reportError(`Cancelling job ${jobId.slice(0, 8)}`, err)
    }
  }

  /** Stops a resumable job after its current step; its run can be resumed later. */
  async stop(jobId: string): Promise<void> {
    try {
      await this.bridge.call('stopJob', jobId)
    } catch (err) {
      this.app.reportError(`Stopping job ${jobId.slice(0, 8)}`, err)
    }
  }

  /** Queues a stopped or interrupted run again; resolves to the new job id, or null (error shown). */
  async resume(runId: string): Promise<string | null> {
    try {
      const { jobId } = await this.bridge.call('resumeRun', runId)
      void this.refreshRuns()
      return jobId
    } catch (err) {
      this.app.reportError(`Resuming run ${runId.slice(0, 8)}`, err)
      return null
    }
  }

  /** Reads the runs again; a read that a newer one overtook is dropped. */
  async refreshRuns(): Promise<void> {
    const token = ++this.runsToken
    try {
      const runs = await this.bridge.call('listRuns', { kind: this.kind })
      if (token !== this.runsToken) return
      this.runs = runs
      this.runsLoaded = true
      this.runsRead?.(runs)
    } catch (err) {
      this.app.reportError(`Listing ${this.runsName}`, err)
    }
  }

  /** What a subclass does with a fresh run list, after `runs` is set. */
  protected runsRead?(runs: RunSummary[]): void
}
