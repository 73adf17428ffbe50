// What a job process does with one JobSpec: open its own connection to the experiment log
// (WAL lets it write while the app reads), run, report, close.
import { toErrorBody } from '../../shared/errors'
import { runEvaluation } from '../engine/evaluation/runEvaluation'
import { runInferenceJob } from '../engine/inference/job'
import { openStore } from '../store'
import type { JobChannel, JobSpec } from './protocol'

export async function runJob(job: JobSpec, channel: JobChannel, isCancelled: () => boolean): Promise<void> {
  if (job.kind === 'infer') return runInferenceJob(job.dbPath, job.spec, channel, isCancelled)
  const store = openStore(job.dbPath)
  try {
    let lastPost = 0
    // the job process has the machine to itself: score on one worker thread per core
    const result = await runEvaluation(store, { threads: 'auto', ...job.spec }, {
      runCreated: (runId) => channel.post({ type: 'run', runId }),
      progress(done, total, message) {
        const now = Date.now()
        if (now - lastPost < 200 && done < total) return
        lastPost = now
        channel.post({ type: 'progress', done, total, message })
      },
      cancelled: isCancelled
    })
    if (result.status === 'cancelled') channel.post({ type: 'cancelled' })
    else channel.post({ type: 'done', summary: { runId: result.runId, metrics: result.summary.metrics, frames: result.framesScored } })
  } catch (err) {
    channel.post({ type: 'failed', error: toErrorBody(err) })
  } finally {
    store.close()
  }
}
