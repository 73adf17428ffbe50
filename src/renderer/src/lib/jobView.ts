// What a job row says: progress as text, the bar's fill, ETA and speed in human units, the
// queue position, and which of Cancel / Stop / Resume it offers.
import type { JobProgress, JobStatus } from '../../../shared/types'

/** Statuses in which a job still holds (or waits for) its lane: nothing final has happened yet. */
const ACTIVE: ReadonlySet<JobStatus> = new Set<JobStatus>(['queued', 'running', 'stopping'])

export function isActiveStatus(status: JobStatus): boolean {
  return ACTIVE.has(status)
}

/** Fill of the progress bar in [0, 1]; null while the total is not known yet. */
export function jobFraction(job: Pick<JobProgress, 'done' | 'total' | 'status'>): number | null {
  if (job.status === 'done') return 1
  if (!(job.total > 0)) return null
  return Math.min(1, Math.max(0, job.done / job.total))
}

/** "8 s", "3 min 05 s", "1 h 02 min"; '' for an unknown ETA. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return ''
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`
}

/** Frames per second with a sensible number of digits: 0.35, 4.2, 37. */
export function formatRate(rate: number): string {
  if (!Number.isFinite(rate) || rate <= 0) return '0'
  if (rate >= 100) return rate.toFixed(0)
  if (rate >= 10) return rate.toFixed(1).replace(/\.0$/, '')
  return rate.toFixed(2)
}

/** "queued — position 2 on cpu"; the parts the host did not send are left out. */
export function queuedText(queuePosition: number | null, device: string | null): string {
  if (queuePosition === null) return device ? `queued on ${device}` : 'queued'
  return `queued — position ${queuePosition}${device ? ` on ${device}` : ''}`
}

/**
 * A status reason without the status word the host often starts it with ("interrupted: the app
 * closed …" → "the app closed …"), so "interrupted (…)" does not say it twice. '' for none.
 */
export function reasonText(status: string, reason: string | null | undefined): string {
  const text = (reason ?? '').trim()
  const prefix = new RegExp(`^${status.replace(/-/g, '[- ]')}\\s*[:;,—-]\\s*`, 'i')
  return text.replace(prefix, '').trim()
}

/**
 * One line for a job row: "120 / 540 frames · 35.2 frames/s · ETA 12 s" while running,
 * "queued — position 2 on cpu" while waiting for its lane, "540 / 540 frames · done" at the
 * end, "failed at 120 / 540 frames", "interrupted at 12 / 40 frames (reason)" etc.
 */
export function jobProgressText(job: JobProgress, unit = 'frames'): string {
  const count = job.total > 0 ? `${job.done} / ${job.total} ${unit}` : job.done > 0 ? `${job.done} ${unit}` : ''
  const at = count ? ` at ${count}` : ''
  switch (job.status) {
    case 'queued':
      return queuedText(job.queuePosition, job.device)
    case 'running': {
      if (!count) return 'starting …'
      const parts = [count]
      if (job.rate > 0) parts.push(`${formatRate(job.rate)} ${unit}/s`)
      const eta = formatDuration(job.etaSeconds)
      if (eta) parts.push(`ETA ${eta}`)
      return parts.join(' · ')
    }
    case 'stopping':
      return count ? `stopping… · ${count}` : 'stopping…'
    case 'done':
      return count ? `${count} · done` : 'done'
    case 'failed':
      return `failed${at}`
    case 'cancelled':
      return `cancelled${at}`
    case 'interrupted': {
      const reason = reasonText('interrupted', job.message)
      return `interrupted${at}${reason ? ` (${reason})` : ''}`
    }
    case 'stopped-resumable':
      return `stopped${at} — resume to continue`
  }
}

export interface JobActions {
  /** queued or running: Cancel ends it for good (rows so far kept) */
  cancel: boolean
  /** a resumable job while it runs: Stop after the current step */
  stop: boolean
  /** a stopped, or interrupted resumable, job with a run: Resume continues that run */
  resume: boolean
}

export function jobActions(job: Pick<JobProgress, 'status' | 'resumable' | 'runId'>): JobActions {
  const hasRun = !!job.runId
  return {
    cancel: job.status === 'queued' || job.status === 'running',
    stop: job.resumable && job.status === 'running',
    resume: hasRun && (job.status === 'stopped-resumable' || (job.status === 'interrupted' && job.resumable))
  }
}

/**
 * Jobs to list: a run resumed in this session has a new job, so its older jobs (stopped,
 * interrupted) leave the list. `jobs` is in the order they started.
 */
export function currentJobs(jobs: readonly JobProgress[]): JobProgress[] {
  const lastOfRun = new Map<string, string>()
  for (const job of jobs) if (job.runId) lastOfRun.set(job.runId, job.jobId)
  return jobs.filter((job) => !job.runId || lastOfRun.get(job.runId) === job.jobId)
}

/**
 * Running jobs first, then queued ones by their place in the queue, then the ended ones; within
 * running and ended, the most recently started first. Superseded jobs of a resumed run drop out.
 */
export function orderJobs(jobs: readonly JobProgress[]): JobProgress[] {
  const newestFirst = currentJobs(jobs).reverse()
  const queued = newestFirst
    .filter((j) => j.status === 'queued')
    .sort((a, b) => (a.queuePosition ?? Number.MAX_SAFE_INTEGER) - (b.queuePosition ?? Number.MAX_SAFE_INTEGER))
  return [
    ...newestFirst.filter((j) => j.status === 'running' || j.status === 'stopping'),
    ...queued,
    ...newestFirst.filter((j) => !isActiveStatus(j.status))
  ]
}
