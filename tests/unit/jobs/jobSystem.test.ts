// The app side of jobs with scripted job processes: a request is checked before any run exists,
// heavy jobs queue per device with their position, progress carries a rate and an ETA, the
// final report is answered with 'release' (no exit timer), a cancel of a queued job needs no
// process, and a process that dies without a final report leaves its run failed (a crash) or
// interrupted (killed) — never running.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, afterAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppEvent, JobProgress } from '../../../src/shared/types'
import { AppService, type AppServiceOptions } from '../../../src/main/app/service'
import type { JobHandle } from '../../../src/main/jobs/spawn'
import type { FromJob, ToJob } from '../../../src/main/jobs/protocol'
import { finishRun, getRun, listArtifacts, listRuns, openStore } from '../../../src/main/store'
import { makeFrameDataset, type FrameDataset } from '../../fixtures/inference/datasets'

class ScriptedChild implements JobHandle {
  received: ToJob[] = []
  killed = false
  private messageListener: (m: FromJob) => void = () => undefined
  private exitListener: (code: number | null, signal: string | null) => void = () => undefined
  private outputListener: (line: string) => void = () => undefined
  post(message: ToJob): void {
    this.received.push(message)
  }
  onMessage(listener: (m: FromJob) => void): void {
    this.messageListener = listener
  }
  onExit(listener: (code: number | null, signal: string | null) => void): void {
    this.exitListener = listener
  }
  onOutput(listener: (line: string) => void): void {
    this.outputListener = listener
  }
  kill(): void {
    this.killed = true
    this.exitListener(null, 'SIGKILL')
  }
  say(message: FromJob): void {
    this.messageListener(message)
  }
  print(line: string): void {
    this.outputListener(line)
  }
  exit(code: number | null, signal: string | null = null): void {
    this.exitListener(code, signal)
  }
  get startMessage(): Extract<ToJob, { type: 'start' }> {
    const start = this.received.find((m) => m.type === 'start')
    if (!start || start.type !== 'start') throw new Error('no start message')
    return start
  }
}

let frames: FrameDataset
let dataDir: string
let service: AppService
let children: ScriptedChild[]
let seen: JobProgress[]

beforeAll(() => {
  frames = makeFrameDataset(8)
})
afterAll(() => rmSync(frames.root, { recursive: true, force: true }))

/** An app whose job processes are scripted children (collected in `children`). */
function scriptedService(jobTimings?: AppServiceOptions['jobTimings']): AppService {
  return new AppService({
    dataDir,
    host: 'browser',
    version: 'test',
    spawnJob: () => {
      const child = new ScriptedChild()
      children.push(child)
      return child
    },
    jobTimings
  })
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'avsal-jobs-'))
  children = []
  seen = []
  service = scriptedService()
  service.events.on((e: AppEvent) => {
    if (e.type === 'job-progress') seen.push(e.progress)
  })
})

afterEach(() => {
  service.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function datasetId(): Promise<number> {
  return (await service.openDataset(frames.root)).id
}

const centreBias = (id: number) => ({ datasetId: id, model: 'center-bias' })

/** What a real job process does at the end: record the outcome in the log, then report it. */
function reportFinal(child: ScriptedChild, runId: string, final: Extract<FromJob, { type: 'final' }>): void {
  if (final.status === 'failed') finishRun(service.store, runId, 'failed', final.error.message)
  else finishRun(service.store, runId, final.status, undefined, { reason: final.status === 'done' ? undefined : final.reason })
  child.say(final)
}
const statusOf = (jobId: string) => service.jobs.list().find((j) => j.jobId === jobId)

describe('JobSystem', () => {
  it('refuses a bad request before any run exists', async () => {
    const id = await datasetId()
    await expect(service.call('startInference', [{ datasetId: id, model: 'no-such-model' }])).rejects.toMatchObject({ code: 'unknown-model' })
    await expect(service.call('startInference', [{ datasetId: id, model: 'center-bias', threads: 0 }])).rejects.toMatchObject({
      code: 'bad-argument',
      message: expect.stringContaining('threads must be an integer from 1 to 256')
    })
    await expect(service.call('startInference', [{ datasetId: id, model: 'center-bias', frames: { first: 9, last: 3 } }])).rejects.toMatchObject({
      code: 'bad-argument'
    })
    await expect(service.call('startInference', [{ datasetId: id, model: 'center-bias', frames: { first: 100, last: 120 } }])).rejects.toMatchObject({
      code: 'frame-out-of-range'
    })
    expect(listRuns(service.store)).toEqual([])
    expect(children).toHaveLength(0)
  })

  it('sends the job, relays progress with a rate and an ETA, answers the final report with release, and ends done', async () => {
    const id = await datasetId()
    const { jobId, runId } = await service.startInference(centreBias(id))
    const child = children[0]
    expect(child.startMessage).toMatchObject({ type: 'start', jobId, runId, kind: 'infer', spec: { model: 'center-bias', datasetRoot: frames.root } })
    expect(getRun(service.store, runId)?.status).toBe('running')
    child.say({ type: 'progress', done: 2, total: 8, message: 'frame 1' })
    const mid = statusOf(jobId)
    expect(mid).toMatchObject({ status: 'running', done: 2, total: 8, message: 'frame 1', runId })
    expect(mid?.rate).toBeGreaterThan(0)
    expect(mid?.etaSeconds).toBeGreaterThan(0)
    const waited = service.waitForJob(jobId)
    reportFinal(child, runId, { type: 'final', status: 'done', result: { framesWritten: 8 } })
    expect(child.received.at(-1)).toEqual({ type: 'release' })
    const finished = await waited
    expect(finished.progress.status).toBe('done')
    expect(finished.result).toEqual({ framesWritten: 8 })
    expect(seen.at(-1)?.status).toBe('done')
  })

  it('runs one heavy job per device: four back to back, one runs, three wait with their position, each starts when the one before ends', async () => {
    const id = await datasetId()
    const jobs: { jobId: string; runId: string }[] = []
    for (let i = 0; i < 4; i++) jobs.push(await service.startInference(centreBias(id)))
    expect(children).toHaveLength(1)
    expect(jobs.map((j) => statusOf(j.jobId)?.status)).toEqual(['running', 'queued', 'queued', 'queued'])
    expect(jobs.map((j) => statusOf(j.jobId)?.queuePosition)).toEqual([null, 1, 2, 3])
    expect(statusOf(jobs[1].jobId)?.device).toBe('cpu')
    for (let k = 0; k < 4; k++) {
      const done = service.waitForJob(jobs[k].jobId)
      reportFinal(children[k], jobs[k].runId, { type: 'final', status: 'done', result: null })
      await done
      await new Promise<void>((resolve) => queueMicrotask(resolve))
      expect(children).toHaveLength(Math.min(4, k + 2))
    }
    expect(jobs.map((j) => statusOf(j.jobId)?.status)).toEqual(['done', 'done', 'done', 'done'])
    // the positions shown while they waited
    const positions = seen.filter((p) => p.jobId === jobs[3].jobId && p.status === 'queued').map((p) => p.queuePosition)
    expect(positions).toEqual([3, 2, 1])
  })

  it('cancels a queued job without a process, and a running one through its process', async () => {
    const id = await datasetId()
    const running = await service.startInference(centreBias(id))
    const queued = await service.startInference(centreBias(id))
    await service.cancelJob(queued.jobId)
    expect(statusOf(queued.jobId)).toMatchObject({ status: 'cancelled', message: 'cancelled while queued' })
    expect(getRun(service.store, queued.runId)).toMatchObject({ status: 'cancelled', statusReason: 'cancelled while queued' })
    expect(children).toHaveLength(1)

    await service.cancelJob(running.jobId)
    expect(children[0].received.at(-1)).toEqual({ type: 'cancel' })
    expect(statusOf(running.jobId)?.status).toBe('stopping')
    expect(getRun(service.store, running.runId)).toMatchObject({ status: 'stopping', statusReason: 'cancel requested' })
    reportFinal(children[0], running.runId, { type: 'final', status: 'cancelled', reason: 'cancelled after 3 of 8 maps' })
    expect(statusOf(running.jobId)).toMatchObject({ status: 'cancelled', message: 'cancelled after 3 of 8 maps' })
    await expect(service.cancelJob(running.jobId)).rejects.toMatchObject({ code: 'not-found' })
  })

  it('stops a resumable job and resumes its run, which queues again and restarts with the same spec', async () => {
    const id = await datasetId()
    const first = await service.startInference(centreBias(id))
    await service.stopJob(first.jobId)
    expect(children[0].received.at(-1)).toEqual({ type: 'stop' })
    reportFinal(children[0], first.runId, { type: 'final', status: 'stopped-resumable', reason: 'stopped after 4 of 8 maps' })
    expect(getRun(service.store, first.runId)?.status).toBe('stopped-resumable')
    const resumed = await service.resumeRun(first.runId.slice(0, 8))
    expect(resumed.runId).toBe(first.runId)
    expect(children).toHaveLength(2)
    expect(children[1].startMessage).toMatchObject({ runId: first.runId, kind: 'infer', spec: { model: 'center-bias' } })
    expect(getRun(service.store, first.runId)?.status).toBe('running')
    reportFinal(children[1], first.runId, { type: 'final', status: 'done', result: null })
    expect(getRun(service.store, first.runId)?.status).toBe('done')
    await expect(service.resumeRun(first.runId)).rejects.toMatchObject({ code: 'not-resumable' })
  })

  it('marks the run failed when the job process crashes without a final report, and keeps its output as the run log', async () => {
    const id = await datasetId()
    const { jobId, runId } = await service.startInference(centreBias(id))
    children[0].print('onnxruntime: something went badly wrong')
    const waited = service.waitForJob(jobId)
    children[0].exit(134)
    const finished = await waited
    expect(finished.progress.status).toBe('failed')
    expect(finished.error).toMatchObject({ code: 'job-crashed' })
    const run = getRun(service.store, runId)
    expect(run).toMatchObject({ status: 'failed' })
    expect(run?.error).toMatch(/exited unexpectedly \(exit code 134\)/)
    const log = listArtifacts(service.store, runId).find((a) => a.kind === 'log')
    expect(log).toBeDefined()
    expect(readFileSync(log!.path, 'utf8')).toMatch(/something went badly wrong/)
  })

  it('marks the run interrupted when the job process is killed (out of memory, kill -9)', async () => {
    const id = await datasetId()
    const { jobId, runId } = await service.startInference(centreBias(id))
    const waited = service.waitForJob(jobId)
    children[0].exit(null, 'SIGKILL')
    expect((await waited).progress.status).toBe('interrupted')
    expect(getRun(service.store, runId)?.statusReason).toMatch(/killed by SIGKILL/)
  })

  it('keeps the status the job process wrote when it dies right after writing it', async () => {
    const id = await datasetId()
    const { jobId, runId } = await service.startInference(centreBias(id))
    // the job finished its run in the log, then died before its final message got out
    service.store.run("UPDATE runs SET status = 'done', ended_at = '2025-01-01T00:00:00.000Z' WHERE id = ?", [runId])
    const waited = service.waitForJob(jobId)
    children[0].exit(1)
    expect((await waited).progress.status).toBe('done')
    expect(getRun(service.store, runId)?.status).toBe('done')
  })

  it('kills a cancelled job that does not stop, and records it cancelled', async () => {
    service.close()
    service = scriptedService({ cancelGraceMs: 20 })
    const id = await datasetId()
    const { jobId, runId } = await service.startInference(centreBias(id))
    const waited = service.waitForJob(jobId)
    await service.cancelJob(jobId)
    const finished = await waited
    expect(children[0].killed).toBe(true)
    expect(finished.progress.status).toBe('cancelled')
    expect(getRun(service.store, runId)?.statusReason).toMatch(/did not stop within/)
  })

  it('interrupts its running jobs and kills their processes when the app closes', async () => {
    const id = await datasetId()
    const { runId } = await service.startInference(centreBias(id))
    const queued = await service.startInference(centreBias(id))
    service.close()
    expect(children[0].killed).toBe(true)
    const store = openStore(service.paths.dbPath)
    try {
      expect(getRun(store, runId)).toMatchObject({ status: 'interrupted', statusReason: expect.stringMatching(/app closed/) })
      expect(getRun(store, queued.runId)?.status).toBe('interrupted')
    } finally {
      store.close()
    }
  })
})
