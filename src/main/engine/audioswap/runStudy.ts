// A study in this process (tests, the benchmark): plans it, logs the run and runs the job
// kind's runner with a context that reports to the given hooks. The app runs studies through
// the job system instead (kind.ts).
import { AppError } from '../../../shared/errors'
import type { AudioSwapReport } from '../../../shared/reports'
import { thisProcessOwner } from '../../core/processOwner'
import type { FfmpegBinaries } from '../../media'
import type { Store } from '../../store'
import { createJobContext } from '../runs/jobContext'
import { withRun } from '../runs/lifecycle'
import { planStudy, studyRun, type StudySpec } from './plan'
import { audioSwapRunner } from './runner'

export interface StudyHooks {
  runCreated?(runId: string): void
  progress?(done: number, total: number, message?: string): void
  cancelled?(): boolean
}

export async function runStudy(store: Store, spec: StudySpec, hooks: StudyHooks = {}, ffmpeg?: FfmpegBinaries): Promise<AudioSwapReport> {
  const plan = await planStudy(store, spec)
  const owner = thisProcessOwner()
  const { report } = await withRun(store, studyRun(spec, plan), async (runId) => {
    hooks.runCreated?.(runId)
    const ctx = createJobContext({
      runId,
      store,
      owner,
      cacheDir: spec.cacheDir,
      progressIntervalMs: 0,
      sink: { progress: (done, total, message) => hooks.progress?.(done, total, message), metrics: () => undefined, artifact: () => undefined, log: () => undefined },
      cancelRequested: () => hooks.cancelled?.() ?? false,
      stopRequested: () => false,
      ffmpeg: () => ffmpeg
    })
    return audioSwapRunner.run(spec, ctx)
  })
  if (report.status === 'done') return report.result
  throw new AppError('cancelled', `the study ended ${report.status}${'reason' in report ? `: ${report.reason}` : ''}`)
}
