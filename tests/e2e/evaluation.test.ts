// Evaluation runs through the headless host and the real job process: progress events, the
// stored run, per-video and per-frame views (keyed by audio condition), cancellation, and bad
// prediction folders refused before a run exists.
import { cpSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatasetRecord, EvaluationView, FrameMetricSeries, JobProgress, RunDetail, RunSummary, VideoSummary } from '../../src/shared/types'
import { makeEvalDataset, type EvalDataset } from '../fixtures/e2e/evalDataset'
import { makeSyntheticDataset, SYNTH } from '../fixtures/e2e/syntheticDataset'
import { apiCall, startHost, type RunningHost } from './support/host'

let host: RunningHost
let root: string
let dataset: DatasetRecord
let video: VideoSummary

const ENDED: readonly JobProgress['status'][] = ['done', 'failed', 'cancelled', 'interrupted', 'stopped-resumable']

/** Polls the job list until `accept` says yes; fails with the last state after the deadline. */
async function waitForJobState(jobId: string, accept: (job: JobProgress) => boolean, timeoutMs = 90_000): Promise<JobProgress> {
  const until = Date.now() + timeoutMs
  let last: JobProgress | undefined
  while (Date.now() < until) {
    last = (await apiCall<JobProgress[]>(host, 'listJobs')).find((j) => j.jobId === jobId)
    if (last && accept(last)) return last
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`job ${jobId} did not reach the expected state in ${timeoutMs} ms (last: ${JSON.stringify(last)})`)
}

const waitForJob = (jobId: string): Promise<JobProgress> => waitForJobState(jobId, (j) => ENDED.includes(j.status))

let big: EvalDataset

beforeAll(async () => {
  // 2400 frames on one thread: seconds of scoring, so a cancel lands mid-run
  big = makeEvalDataset({ videos: 3, frames: 800 })
  root = join(mkdtempSync(join(tmpdir(), 'avsal-eval-')), 'synth')
  makeSyntheticDataset(root)
  host = await startHost()
  dataset = await apiCall<DatasetRecord>(host, 'openDataset', root)
  video = (await apiCall<VideoSummary[]>(host, 'listVideos', dataset.id))[0]
})

afterAll(async () => {
  await host?.stop()
  if (root) rmSync(join(root, '..'), { recursive: true, force: true })
})

describe('evaluation runs in the job process', () => {
  it('scores the GT maps as predictions: CC 1, SIM 1, KLD 0, stored per frame and per video', async () => {
    const predDir = join(root, '..', 'pred-gt')
    cpSync(join(root, 'annotation', '0001', 'maps'), join(predDir, '001'), { recursive: true })
    const { jobId } = await apiCall<{ jobId: string }>(host, 'startEvaluation', { datasetId: dataset.id, predDir, protocol: 'vinet-av' })
    const job = await waitForJob(jobId)
    expect(job.status, job.message).toBe('done')
    expect(job.done).toBe(SYNTH.frames)
    expect(job.runId).toBeTruthy()
    const view = await apiCall<EvaluationView>(host, 'getEvaluation', job.runId)
    expect(view.run.status).toBe('done')
    expect(view.videos).toHaveLength(1)
    expect(view.videos[0].frames).toBe(SYNTH.frames)
    expect(view.run.metrics.CC).toBeCloseTo(1, 9)
    expect(view.run.metrics.SIM).toBeCloseTo(1, 9)
    expect(view.run.metrics.KLD).toBeCloseTo(0, 9)
    const series = await apiCall<FrameMetricSeries[]>(host, 'frameMetrics', video.id)
    const mine = series.filter((s) => s.runId === job.runId)
    expect(mine.map((s) => s.audioCondition)).toEqual(['none'])
    expect(mine[0].series.CC).toHaveLength(SYNTH.frames)
    expect(mine[0].series.NSS?.every((v) => v !== null && v > 0)).toBe(true)
    const runs = await apiCall<RunSummary[]>(host, 'listRuns', { kind: 'eval' })
    expect(runs.some((r) => r.id === job.runId && r.status === 'done')).toBe(true)
  })

  it('evaluates the intersection when predictions are missing, and says what is missing', async () => {
    const predDir = join(root, '..', 'pred-partial')
    cpSync(join(root, 'annotation', '0001', 'maps'), join(predDir, '001'), { recursive: true })
    const files = readdirSync(join(predDir, '001')).sort()
    for (const f of files.slice(30)) unlinkSync(join(predDir, '001', f))
    const { jobId } = await apiCall<{ jobId: string }>(host, 'startEvaluation', { datasetId: dataset.id, predDir })
    const job = await waitForJob(jobId)
    expect(job.status, job.message).toBe('done')
    expect(job.done).toBe(30)
  })

  it('refuses a prediction folder with no maps for any frame with a clear message, before any run exists', async () => {
    const predDir = mkdtempSync(join(tmpdir(), 'avsal-pred-empty-'))
    writeFileSync(join(predDir, 'readme.txt'), 'nothing here')
    const before = (await apiCall<RunSummary[]>(host, 'listRuns')).length
    await expect(apiCall(host, 'startEvaluation', { datasetId: dataset.id, predDir })).rejects.toMatchObject({ code: 'nothing-to-evaluate' })
    await expect(apiCall(host, 'startEvaluation', { datasetId: dataset.id, predDir, frames: { first: 5, last: 2 } })).rejects.toMatchObject({
      code: 'bad-argument',
      message: expect.stringContaining('frame range must be FIRST-LAST')
    })
    expect(await apiCall<RunSummary[]>(host, 'listRuns')).toHaveLength(before)
  })

  it('scores a frame range only', async () => {
    const predDir = join(root, '..', 'pred-gt')
    const { jobId, runId } = await apiCall<{ jobId: string; runId: string }>(host, 'startEvaluation', { datasetId: dataset.id, predDir, frames: { first: 10, last: 19 } })
    const job = await waitForJob(jobId)
    expect(job.status, job.message).toBe('done')
    const view = await apiCall<EvaluationView>(host, 'getEvaluation', runId)
    expect(view.videos[0].frames).toBe(10)
    const series = (await apiCall<FrameMetricSeries[]>(host, 'frameMetrics', video.id)).find((s) => s.runId === runId)
    expect(series?.series.CC?.map((v, i) => (v === null ? null : i)).filter((i) => i !== null)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19])
  })

  it('cancels a running evaluation: the run ends cancelled with the rows it had scored', async () => {
    try {
      const bigDataset = await apiCall<DatasetRecord>(host, 'openDataset', big.root)
      const { jobId, runId } = await apiCall<{ jobId: string; runId: string }>(host, 'startEvaluation', { datasetId: bigDataset.id, predDir: big.pred, threads: 1 })
      await waitForJobState(jobId, (j) => j.status === 'running' && j.done > 0)
      await apiCall(host, 'cancelJob', jobId)
      const job = await waitForJob(jobId)
      expect(job.status, job.message).toBe('cancelled')
      const detail = await apiCall<RunDetail>(host, 'getRun', runId)
      expect(detail.run.status).toBe('cancelled')
      expect(detail.run.statusReason).toMatch(/cancelled after \d+ of 2400 frames/)
      const scored = detail.videos.reduce((n, v) => n + v.frames, 0)
      expect(scored).toBeGreaterThan(0)
      expect(scored).toBeLessThan(2400)
    } finally {
      rmSync(join(big.root, '..'), { recursive: true, force: true })
    }
  })
})
