// Evaluation runs through the headless host and the real job process: progress events, the
// stored run, per-video and per-frame views, cancellation, and bad prediction folders.
import { cpSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatasetRecord, EvaluationView, FrameMetricSeries, JobProgress, RunSummary, VideoSummary } from '../../src/shared/types'
import { makeSyntheticDataset, SYNTH } from '../fixtures/e2e/syntheticDataset'
import { apiCall, startHost, type RunningHost } from './support/host'

let host: RunningHost
let root: string
let dataset: DatasetRecord
let video: VideoSummary

async function waitForJob(jobId: string, timeoutMs = 90_000): Promise<JobProgress> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const job = (await apiCall<JobProgress[]>(host, 'listJobs')).find((j) => j.jobId === jobId)
    if (job && job.status !== 'running') return job
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`job ${jobId} did not finish in ${timeoutMs} ms`)
}

beforeAll(async () => {
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
    const mine = series.find((s) => s.runId === job.runId)
    expect(mine?.series.CC).toHaveLength(SYNTH.frames)
    expect(mine?.series.NSS?.every((v) => v !== null && v > 0)).toBe(true)
    const runs = await apiCall<RunSummary[]>(host, 'listRuns', 'eval')
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

  it('fails the run with a clear message for a prediction folder with no maps for any frame', async () => {
    const predDir = mkdtempSync(join(tmpdir(), 'avsal-pred-empty-'))
    writeFileSync(join(predDir, 'readme.txt'), 'nothing here')
    const { jobId } = await apiCall<{ jobId: string }>(host, 'startEvaluation', { datasetId: dataset.id, predDir })
    const job = await waitForJob(jobId)
    expect(job.status).toBe('failed')
    expect(job.message).toMatch(/nothing-to-evaluate/)
  })

  it('cancels a running evaluation and records the run as cancelled', async () => {
    const predDir = join(root, '..', 'pred-gt')
    const { jobId } = await apiCall<{ jobId: string }>(host, 'startEvaluation', { datasetId: dataset.id, predDir })
    // wait until the job has a run, then cancel
    const until = Date.now() + 30_000
    let runId: string | undefined
    while (!runId && Date.now() < until) {
      runId = (await apiCall<JobProgress[]>(host, 'listJobs')).find((j) => j.jobId === jobId)?.runId
      if (!runId) await new Promise((r) => setTimeout(r, 20))
    }
    await apiCall(host, 'cancelJob', jobId)
    const job = await waitForJob(jobId)
    expect(['cancelled', 'done']).toContain(job.status)
    const runs = await apiCall<RunSummary[]>(host, 'listRuns', 'eval')
    const run = runs.find((r) => r.id === runId)
    expect(run?.status).toBe(job.status)
  })
})
