// What every kind of run (evaluate, infer, and next the audio-swap study and training) provides
// to the job system: a check of the request in the app process, before any run row exists
// (prepare), and the work itself in the job process (run, loaded lazily so the app never loads
// ONNX Runtime or TensorFlow.js). A new kind of run is a new JobKind in jobs/registry.ts and a
// folder under engine/, never a branch in an existing function.
import type { NewRun, Store } from '../../store'
import type { JobContext } from './jobContext'

/** What the app process knows when it checks a request. */
export interface PrepareEnv {
  store: Store
  cacheDir: string
  dataDir: string
  /** where studies write their reports, figures and heard audio */
  studiesDir: string
  /** Gaussian FWHM (px) of maps made from raw gaze */
  gazeFwhmPx: number
  /**
   * CPU threads a heavy job may use: the cores shared by the jobs one device lane runs at once
   * (all of them with the default one-at-a-time queue).
   */
  threadsPerHeavyJob: number
}

/** A checked request: the run row to create and the spec the job process will run. */
export interface PreparedJob<Spec> {
  label: string
  /** the run row (queued) the job system creates for it; owner and device are filled in */
  run: Omit<NewRun, 'owner' | 'device'>
  /** queue lane: heavy jobs (model inference, training) wait for their device; null runs at once */
  device: string | null
  /** JSON-serialisable: crosses the process boundary */
  spec: Spec
}

/** The job process's side of a kind: the work. */
export interface JobRunner<Spec, Result> {
  run(spec: Spec, ctx: JobContext): Promise<JobOutcome<Result>>
}

/** How the work ended (with what it had done when it stopped early); a thrown error ends it as failed. */
export type JobOutcome<Result> = { status: 'done'; result: Result } | { status: 'cancelled' | 'stopped-resumable'; reason: string; result?: Result }

export interface JobKind<Request, Spec, Result> {
  name: string
  /** the job can be stopped and continued later (its run ends 'stopped-resumable') */
  resumable: boolean
  prepare(request: Request, env: PrepareEnv): Promise<PreparedJob<Spec>>
  /** the spec to continue a stopped or interrupted run of this kind (resumable kinds) */
  resumeSpec?(runConfig: Record<string, unknown>, env: PrepareEnv): Spec
  load(): Promise<JobRunner<Spec, Result>>
}
