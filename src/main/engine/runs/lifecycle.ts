// The one lifecycle of every run: validate → create → run → finish, and finish also when the
// work throws. In the job process the app has already created and claimed the run, so only
// the last two steps happen there (completeRun); in-process callers (tests, benchmarks) get all
// four from withRun. A run never stays 'running' because its work failed.
import { AppError, toErrorBody, type ErrorBody } from '../../../shared/errors'
import { thisProcessOwner, type ProcessOwner } from '../../core/processOwner'
import { createRun, finishRun, getRun, startRun, type NewRun, type RunStatus, type Store } from '../../store'
import type { JobOutcome } from './jobKind'

export type FinalReport<Result> =
  | { status: 'done'; result: Result }
  | { status: 'cancelled' | 'stopped-resumable'; reason: string; result?: Result }
  | { status: 'failed'; error: ErrorBody }

function errorText(body: ErrorBody): string {
  return body.message
}

/**
 * Runs `work` for an existing running run and records how it ended. Never throws: a failure is
 * written to the run and returned. `cancelRequested` turns a 'cancelled' error into a cancel.
 */
export async function completeRun<Result>(
  store: Store,
  runId: string,
  owner: ProcessOwner,
  work: () => Promise<JobOutcome<Result>>,
  cancelRequested: () => boolean = () => false
): Promise<FinalReport<Result>> {
  let report: FinalReport<Result>
  try {
    const outcome = await work()
    report = outcome
  } catch (err) {
    if (err instanceof AppError && err.code === 'cancelled' && cancelRequested()) report = { status: 'cancelled', reason: err.message }
    else report = { status: 'failed', error: toErrorBody(err) }
  }
  try {
    if (report.status === 'failed') finishRun(store, runId, 'failed', errorText(report.error), { owner })
    else if (report.status === 'done') finishRun(store, runId, 'done', undefined, { owner })
    else finishRun(store, runId, report.status, undefined, { owner, reason: report.reason })
  } catch (err) {
    // the run was finished elsewhere meanwhile (cancelled while queued, swept): say so
    const status: RunStatus | undefined = getRun(store, runId)?.status
    const why = toErrorBody(err)
    if (report.status !== 'failed') report = { status: 'failed', error: { code: why.code, message: `the run is ${status ?? 'gone'}; its outcome (${report.status}) could not be recorded: ${why.message}` } }
  }
  return report
}

/** In-process runs (tests, benchmarks): create the run, start it, run, finish; rethrows a failure. */
export async function withRun<Result>(
  store: Store,
  newRun: Omit<NewRun, 'owner'>,
  work: (runId: string) => Promise<JobOutcome<Result>>
): Promise<{ runId: string; report: FinalReport<Result> }> {
  const owner = thisProcessOwner()
  const run = createRun(store, { ...newRun, owner })
  startRun(store, run.id)
  let thrown: unknown = null
  const report = await completeRun(store, run.id, owner, async () => {
    try {
      return await work(run.id)
    } catch (err) {
      thrown = err
      throw err
    }
  })
  if (report.status === 'failed' && thrown !== null) throw thrown
  return { runId: run.id, report }
}
