import { describe, expect, it } from 'vitest'
import type { JobProgress } from '../../../src/shared/types'
import {
  currentJobs,
  formatDuration,
  formatRate,
  isActiveStatus,
  jobActions,
  jobFraction,
  jobProgressText,
  orderJobs,
  queuedText,
  reasonText
} from '../../../src/renderer/src/lib/jobView'

function job(over: Partial<JobProgress>): JobProgress {
  return {
    jobId: 'j',
    kind: 'evaluate',
    label: 'Evaluate',
    done: 0,
    total: 0,
    rate: 0,
    etaSeconds: null,
    status: 'running',
    queuePosition: null,
    device: null,
    resumable: false,
    ...over
  }
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

  it('says where a queued job waits: its position on its device', () => {
    expect(jobProgressText(job({ status: 'queued', queuePosition: 2, device: 'cpu' }))).toBe('queued — position 2 on cpu')
    expect(jobProgressText(job({ status: 'queued', queuePosition: 1, device: 'cuda:0' }))).toBe('queued — position 1 on cuda:0')
    expect(queuedText(3, null)).toBe('queued — position 3')
    expect(queuedText(null, 'cpu')).toBe('queued on cpu')
    expect(queuedText(null, null)).toBe('queued')
  })

  it('says stopping, stopped and interrupted with the reason, without repeating the status word', () => {
    expect(jobProgressText(job({ status: 'stopping' }))).toBe('stopping…')
    expect(jobProgressText(job({ status: 'stopping', done: 8, total: 40 }))).toBe('stopping… · 8 / 40 frames')
    expect(jobProgressText(job({ status: 'stopped-resumable', done: 8, total: 40 }))).toBe('stopped at 8 / 40 frames — resume to continue')
    expect(jobProgressText(job({ status: 'stopped-resumable' }))).toBe('stopped — resume to continue')
    expect(jobProgressText(job({ status: 'interrupted', message: 'interrupted: the app closed while the run was active' }))).toBe(
      'interrupted (the app closed while the run was active)'
    )
    expect(jobProgressText(job({ status: 'interrupted', done: 3, total: 40 }))).toBe('interrupted at 3 / 40 frames')
    expect(reasonText('stopped-resumable', 'Stopped resumable; on request')).toBe('on request')
    expect(reasonText('interrupted', 'killed by SIGKILL')).toBe('killed by SIGKILL')
    expect(reasonText('cancelled', null)).toBe('')
  })

  it('offers Stop only to resumable running jobs, Cancel to waiting and running ones, Resume to stopped runs', () => {
    expect(jobActions(job({ status: 'running', resumable: true, runId: 'r' }))).toEqual({ cancel: true, stop: true, resume: false })
    expect(jobActions(job({ status: 'running', resumable: false, runId: 'r' }))).toEqual({ cancel: true, stop: false, resume: false })
    expect(jobActions(job({ status: 'queued', resumable: true, runId: 'r' }))).toEqual({ cancel: true, stop: false, resume: false })
    expect(jobActions(job({ status: 'stopping', resumable: true, runId: 'r' }))).toEqual({ cancel: false, stop: false, resume: false })
    expect(jobActions(job({ status: 'stopped-resumable', resumable: true, runId: 'r' }))).toEqual({ cancel: false, stop: false, resume: true })
    expect(jobActions(job({ status: 'interrupted', resumable: true, runId: 'r' })).resume).toBe(true)
    // an interrupted evaluation cannot continue; nor can a job without a run
    expect(jobActions(job({ status: 'interrupted', resumable: false, runId: 'r' })).resume).toBe(false)
    expect(jobActions(job({ status: 'stopped-resumable', resumable: true })).resume).toBe(false)
    expect(jobActions(job({ status: 'done', resumable: true, runId: 'r' }))).toEqual({ cancel: false, stop: false, resume: false })
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

  it('knows which statuses still hold or wait for a lane', () => {
    expect(['queued', 'running', 'stopping'].every((s) => isActiveStatus(s as JobProgress['status']))).toBe(true)
    expect(['done', 'failed', 'cancelled', 'interrupted', 'stopped-resumable'].some((s) => isActiveStatus(s as JobProgress['status']))).toBe(false)
  })
})

describe('job order', () => {
  it('lists running jobs first, newest first within each kind of state', () => {
    const jobs = [job({ jobId: 'a', status: 'done' }), job({ jobId: 'b' }), job({ jobId: 'c', status: 'failed' }), job({ jobId: 'd' })]
    expect(orderJobs(jobs).map((j) => j.jobId)).toEqual(['d', 'b', 'c', 'a'])
  })

  it('puts queued jobs after the running one, next-to-start first, and ended jobs last', () => {
    const jobs = [
      job({ jobId: 'old', status: 'done' }),
      job({ jobId: 'run', status: 'running' }),
      job({ jobId: 'q3', status: 'queued', queuePosition: 3 }),
      job({ jobId: 'q1', status: 'queued', queuePosition: 1 }),
      job({ jobId: 'q2', status: 'queued', queuePosition: 2 }),
      job({ jobId: 'stop', status: 'stopping' })
    ]
    expect(orderJobs(jobs).map((j) => j.jobId)).toEqual(['stop', 'run', 'q1', 'q2', 'q3', 'old'])
  })

  it('drops the stopped job of a run once its resumed job is in the list', () => {
    const stopped = job({ jobId: 'first', runId: 'r1', status: 'stopped-resumable' })
    const resumed = job({ jobId: 'second', runId: 'r1', status: 'queued', queuePosition: 1 })
    const other = job({ jobId: 'other', runId: 'r2', status: 'done' })
    expect(currentJobs([stopped, other, resumed]).map((j) => j.jobId)).toEqual(['other', 'second'])
    expect(orderJobs([stopped, other, resumed]).map((j) => j.jobId)).toEqual(['second', 'other'])
    expect(currentJobs([stopped, other]).map((j) => j.jobId)).toEqual(['first', 'other'])
  })
})
