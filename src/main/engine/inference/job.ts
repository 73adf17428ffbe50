// An inference run inside the job process: its own connection to the experiment log, progress
// at most five times a second, cancel between clip batches, errors as ErrorBody.

import { toErrorBody } from '../../../shared/errors'
import type { JobChannel } from '../../jobs/protocol'

import { openStore } from '../../store'

import { runInference, type InferenceSpec } from './runInference'


const PROGRESS_INTERVAL_MS = 200

export async function runInferenceJob(dbPath: string, spec: InferenceSpec, channel: JobChannel, isCancelled: () => boolean): Promise<void> {
  const store = openStore(dbPath)
  try {
    let lastPost = 0
    const result = await runInference(store, spec, {
      runCreated: (runId) => channel.post({ type: 'run', runId }),
      progress(done, total, message) {
        const now = Date.now()
        if (now - lastPost < PROGRESS_INTERVAL_MS && done < total) return
        lastPost = now
        channel.post({ type: 'progress', done, total, message })
      },
      cancelled: isCancelled
    })
    if (result.status === 'cancelled') channel.post({ type: 'cancelled' })
    else {
      channel.post({
        type: 'done',
        summary: {
          runId: result.runId,
          framesWritten: result.framesWritten,
          framesSkipped: result.framesSkipped,
          videos: result.videos.map((v) => ({ video: v.video, dir: v.dir, written: v.written, skipped: v.skipped })),
          timing: result.timing
        }
      })
    }
  } catch (err) {
    channel.post({ type: 'failed', error: toErrorBody(err) })
  } finally {
    store.close()
  }
}
