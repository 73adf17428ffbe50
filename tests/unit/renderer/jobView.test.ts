import { describe, expect, it } from 'vitest'
import type { JobProgress } from '../../../src/shared/types'
import { formatDuration, formatRate, jobFraction, jobProgressText, orderJobs } from '../../../src/renderer/src/lib/jobView'

function job(over: Partial<JobProgress>): JobProgress {
  return { jobId: 'j', kind: 'eval', label: 'Evaluate', done: 0, total: 0, rate: 0, etaSeconds: null, status: 'running', ...over }
}

describe('job progress', () => {
  it('fills the bar by done / total and knows no fill before the total is known', () => {
    expect(jobFraction(job({ done: 27, total: 54 }))).toBe(0.5)
    expect(jobFraction(job({ done: 0, total: 0 }))).toBeNull()
    expect(jobFraction(job({ done: 60, total: 54 }))).toBe(1)
    expect(jobFraction(job({ done: 0, total: 0, status: 'done' }))).toBe(1)
  })

  it('says frames, speed and ETA while running', () => {
    expect(jobProgressText(job({ done: 120, total: 540, rate: 35.24, etaSeconds: 11.9 }))).toBe('120 / 540 frames · 35.2 frames/s · ETA 12 s')
    expect(jobProgressText(job({}))).toBe('starting …')
    expect(jobProgressText(job({ done: 3, total: 540, rate: 0, etaSeconds: null }))).toBe('3 / 540 frames')
  })

  it('says how a job ended', () => {
    expect(jobProgressText(job({ done: 54, total: 54, status: 'done' }))).toBe('54 / 54 frames · done')
    expect(jobProgressText(job({ done: 12, total: 54, status: 'failed' }))).toBe('failed at 12 / 54 frames')
    expect(jobProgressText(job({ done: 12, total: 54, status: 'cancelled' }))).toBe('cancelled at 12 / 54 frames')
    expect(jobProgressText(job({ status: 'failed' }))).toBe('failed')
  })

  it('formats durations and rates', () => {
    expect(formatDuration(null)).toBe('')
    expect(formatDuration(8.4)).toBe('8 s')
    expect(formatDuration(185)).toBe('3 min 05 s')
    expect(formatDuration(3720)).toBe('1 h 02 min')
    expect(formatRate(0.351)).toBe('0.35')
    expect(formatRate(40)).toBe('40')
    expect(formatRate(123.6)).toBe('124')
    expect(formatRate(Number.NaN)).toBe('0')
  })

  it('lists running jobs first, newest first within each kind of state', () => {
    const jobs = [job({ jobId: 'a', status: 'done' }), job({ jobId: 'b' }), job({ jobId: 'c', status: 'failed' }), job({ jobId: 'd' })]
    expect(orderJobs(jobs).map((j) => j.jobId)).toEqual(['d', 'b', 'c', 'a'])
  })
})
