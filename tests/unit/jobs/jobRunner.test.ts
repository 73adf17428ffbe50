// The parent side of job processes with a scripted child: progress with rate/ETA, cancel, and
// a child that dies without a word (crash, out-of-memory kill) leaving its run marked failed.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AppEvent, JobProgress } from '../../../src/shared/types'
import { EventHub } from '../../../src/main/app/events'
import { JobRunner, type JobHandle } from '../../../src/main/jobs/jobRunner'
import type { FromJob, ToJob } from '../../../src/main/jobs/protocol'
import { createRun, getRun, openStore, startRun } from '../../../src/main/store'

class ScriptedChild implements JobHandle {
  received: ToJob[] = []
  killed = false
  private messageListener: (m: FromJob) => void = () => undefined
  private exitListener: (code: number | null) => void = () => undefined
  post(message: ToJob): void {
    this.received.push(message)
  }
  onMessage(listener: (m: FromJob) => void): void {
    this.messageListener = listener
  }
  onExit(listener: (code: number | null) => void): void {
    this.exitListener = listener
  }
  kill(): void {
    this.killed = true
    this.exitListener(null)
  }
  say(message: FromJob): void {
    this.messageListener(message)
  }
  exit(code: number | null): void {
    this.exitListener(code)
  }
}

function setup() {
  const store = openStore(join(mkdtempSync(join(tmpdir(), 'avsal-jobs-')), 'avsal.db'))
  const events = new EventHub()
  const seen: JobProgress[] = []
  events.on((e: AppEvent) => {
    if (e.type === 'job-progress') seen.push(e.progress)
  })
  const child = new ScriptedChild()
  const runner = new JobRunner(() => child, events, store)
  const jobId = runner.start('eval', 'test job', { kind: 'eval', dbPath: store.path, spec: { datasetRoot: '/x', predDir: '/y' } })
  const run = createRun(store, { kind: 'eval' })
  startRun(store, run.id)
  return { store, child, runner, jobId, runId: run.id, seen }
}

describe('JobRunner', () => {
  it('sends the job, relays progress with a rate and an ETA, and ends done', () => {
    const { child, runner, jobId, runId, seen } = setup()
    expect(child.received[0]).toMatchObject({ type: 'start', jobId })
    child.say({ type: 'run', runId })
    child.say({ type: 'progress', done: 5, total: 20, message: 'frame 4' })
    const mid = runner.list()[0]
    expect(mid).toMatchObject({ done: 5, total: 20, status: 'running', runId })
    expect(mid.rate).toBeGreaterThan(0)
    expect(mid.etaSeconds).not.toBeNull()
    child.say({ type: 'done', summary: {} })
    expect(runner.list()[0].status).toBe('done')
    expect(seen.at(-1)?.status).toBe('done')
  })

  it('marks the run failed, with the reason, when the process dies without reporting', () => {
    const { store, child, runner, runId } = setup()
    child.say({ type: 'run', runId })
    child.say({ type: 'progress', done: 1, total: 10, message: '' })
    child.exit(137)
    expect(runner.list()[0].status).toBe('failed')
    expect(runner.list()[0].message).toMatch(/exited unexpectedly \(exit code 137\)/)
    const run = getRun(store, runId)
    expect(run?.status).toBe('failed')
    expect(run?.error).toMatch(/exit code 137/)
  })

  it('asks the process to cancel, and records a cancel even if it has to be killed', () => {
    const { store, child, runner, jobId, runId } = setup()
    child.say({ type: 'run', runId })
    expect(runner.cancel(jobId)).toBe(true)
    expect(child.received.at(-1)).toEqual({ type: 'cancel' })
    child.exit(null)
    expect(runner.list()[0].status).toBe('cancelled')
    expect(getRun(store, runId)?.status).toBe('cancelled')
    expect(runner.cancel(jobId)).toBe(false)
  })

  it('reports a failure the process sends, code included', () => {
    const { child, runner } = setup()
    child.say({ type: 'failed', error: { code: 'map-non-finite', message: 'pred.npy has 3 NaN/Inf value(s)' } })
    expect(runner.list()[0]).toMatchObject({ status: 'failed', message: '[map-non-finite] pred.npy has 3 NaN/Inf value(s)' })
  })
})
