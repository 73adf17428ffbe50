// What the evaluation and inference states share: one kind of job in the app's job table,
// cancelling such a job, that kind's runs in the experiment log, and telling the first event
// of a job that ended from repeats of it.
import type { JobProgress, RunSummary } from '../../../shared/types'
import type { AppState } from './appState.svelte'

export class JobKindState {
  protected readonly app: AppState
  private readonly kind: RunSummary['kind']
  /** what the runs are called in error messages, e.g. 'evaluation runs' */
  private readonly runsName: string
  runs = $state.raw<RunSummary[]>([])
  runsLoaded = $state(false)

  private readonly ended = new Set<string>()
  private runsToken = 0

  constructor(app: AppState, kind: RunSummary['kind'], runsName: string) {
    this.app = app
    this.kind = kind
    this.runsName = runsName
  }

  protected get bridge() {
    return this.app.bridge
  }

  /** Jobs of this kind in this session (reactive: reads the app's job table). */
  get jobs(): JobProgress[] {
    return Object.values(this.app.jobs).filter((j) => j.kind === this.kind)
  }

  /** True for the first event that says a job ended (done, failed or cancelled). */
  protected firstEnd(job: JobProgress): boolean {
    if (job.status === 'running' || this.ended.has(job.jobId)) return false
    this.ended.add(job.jobId)
    return true
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

  /** Reads the runs again; a read that a newer one overtook is dropped. */
  async refreshRuns(): Promise<void> {
    const token = ++this.runsToken
    try {
      const runs = await this.bridge.call('listRuns', this.kind)
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
