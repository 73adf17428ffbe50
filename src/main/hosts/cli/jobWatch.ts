// Runs one job of the app to its end from the command line: the run id first, then progress on
// stderr (or the queue position while it waits for its device), Ctrl-C cancels (a second Ctrl-C
// leaves at once; the run is then marked interrupted by the next start).
import { fromErrorBody } from '../../../shared/errors'
import type { JobProgress } from '../../../shared/types'
import type { AppService, FinishedJob } from '../../app'

export interface WatchOptions {
  /** what progress counts ('frames', 'maps') */
  unit: string
  /** one line per update instead of a rewritten line (not a terminal) */
  plain?: boolean
}

export async function watchJob(service: AppService, started: { jobId: string; runId: string }, options: WatchOptions): Promise<FinishedJob> {
  const { jobId, runId } = started
  process.stderr.write(`avsal: run ${runId}\n`)
  let lastPrint = 0
  let lastQueued: number | null = null
  const show = (p: JobProgress): void => {
    if (p.status === 'queued') {
      if (p.queuePosition !== lastQueued) {
        lastQueued = p.queuePosition
        process.stderr.write(`avsal: queued on ${p.device ?? 'its device'}, position ${p.queuePosition ?? '?'} (another model job runs there first)\n`)
      }
      return
    }
    if (p.status !== 'running' || p.total <= 0) return
    const now = Date.now()
    if (now - lastPrint < 500 && p.done < p.total) return
    lastPrint = now
    const rate = p.rate
    const eta = p.etaSeconds === null ? '?' : p.etaSeconds.toFixed(0)
    const line = `  ${p.done}/${p.total} ${options.unit}, ${rate.toFixed(2)} ${options.unit}/s, ETA ${eta} s${p.message ? ` (${p.message})` : ''}`
    process.stderr.write(options.plain ? `${line}\n` : `\r${line}   `)
  }
  const off = service.events.on((event) => {
    if (event.type === 'job-progress' && event.progress.jobId === jobId) show(event.progress)
  })
  // the state it had before we listened (queued, with its position)
  const current = (await service.listJobs()).find((j) => j.jobId === jobId)
  if (current) show(current)
  let interrupts = 0
  const onInterrupt = (): void => {
    interrupts++
    if (interrupts > 1) process.exit(130)
    process.stderr.write('\navsal: cancelling after the current step… (Ctrl-C again to leave now)\n')
    void service.cancelJob(jobId).catch(() => undefined)
  }
  process.on('SIGINT', onInterrupt)
  try {
    const finished = await service.waitForJob(jobId)
    process.stderr.write(lastPrint ? '\n' : '')
    if (finished.progress.status === 'failed' && finished.error) throw fromErrorBody(finished.error)
    return finished
  } finally {
    off()
    process.removeListener('SIGINT', onInterrupt)
  }
}

/** 0 for done, 130 for cancelled or stopped (as an interrupted command), 1 otherwise. */
export function exitCodeOf(finished: FinishedJob): number {
  if (finished.progress.status === 'done') return 0
  if (finished.progress.status === 'cancelled' || finished.progress.status === 'stopped-resumable') return 130
  return 1
}
