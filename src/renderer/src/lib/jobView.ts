// What a job row says: progress as text, the bar's fill, ETA and speed in human units.
import type { JobProgress } from '../../../shared/types'

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

/**
 * One line for a job row: "120 / 540 frames · 35.2 frames/s · ETA 12 s" while running,
 * "540 / 540 frames · done" at the end, "failed at 120 / 540 frames" etc.
 */
export function jobProgressText(job: JobProgress, unit = 'frames'): string {
  const count = job.total > 0 ? `${job.done} / ${job.total} ${unit}` : job.done > 0 ? `${job.done} ${unit}` : ''
  switch (job.status) {
    case 'running': {
      if (!count) return 'starting …'
      const parts = [count]
      if (job.rate > 0) parts.push(`${formatRate(job.rate)} ${unit}/s`)
      const eta = formatDuration(job.etaSeconds)
      if (eta) parts.push(`ETA ${eta}`)
      return parts.join(' · ')
    }
    case 'done':
      return count ? `${count} · done` : 'done'
    case 'failed':
      return count ? `failed at ${count}` : 'failed'
    case 'cancelled':
      return count ? `cancelled at ${count}` : 'cancelled'
  }
}

/** Running jobs first, then the others; within each, the most recently started first. */
export function orderJobs(jobs: readonly JobProgress[]): JobProgress[] {
  const newestFirst = [...jobs].reverse()
  return [...newestFirst.filter((j) => j.status === 'running'), ...newestFirst.filter((j) => j.status !== 'running')]
}

