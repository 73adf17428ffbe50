// The run engine as a researcher meets it: several `avsal` processes sharing one experiment log.
// - `avsal info` and `avsal open` of the same folder while `avsal eval` runs leave that run done
//   with all its rows (the old engine failed it from the second process);
// - a run whose process is killed with kill -9 shows 'interrupted' after the next start, its rows kept;
// - re-opening a dataset after a video moved away keeps that video's evaluation, marked missing;
// - four `avsal infer` commands started together: one runs, three wait in the queue with their
//   position, all finish.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, renameSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunDetail, RunSummary } from '../../src/shared/types'
import { makeEvalDataset, type EvalDataset } from '../fixtures/e2e/evalDataset'
import { makeSyntheticDataset } from '../fixtures/e2e/syntheticDataset'

const REPO = resolve(__dirname, '../..')
const BIN = join(REPO, 'bin/avsal.cjs')

function avsal(args: string[], dataDir: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--data-dir', dataDir], { encoding: 'utf8', timeout: 120_000 })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

interface Background {
  child: ChildProcess
  stderr: () => string
  stdout: () => string
  exited: Promise<number | null>
}

function avsalInBackground(args: string[], dataDir: string): Background {
  const child = spawn(process.execPath, [BIN, ...args, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<number | null>((resolvePromise) => child.on('exit', (code) => resolvePromise(code)))
  return { child, stderr: () => err, stdout: () => out, exited }
}

/** Polls `check` until it returns a value (not undefined), or fails after `timeoutMs`. */
async function until<T>(what: string, check: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

function runDetail(id: string, dataDir: string): RunDetail {
  const r = avsal(['runs', 'show', id, '--json'], dataDir)
  if (r.code !== 0) throw new Error(`runs show ${id} failed: ${r.stderr}`)
  return JSON.parse(r.stdout) as RunDetail
}

function scoredFrames(detail: RunDetail): number {
  return detail.videos.reduce((n, v) => n + v.frames, 0)
}

let evalSet: EvalDataset

beforeAll(() => {
  // ~2400 frames: several seconds of scoring on one thread, time for other processes to act
  evalSet = makeEvalDataset({ videos: 3, frames: 800 })
})
afterAll(() => rmSync(join(evalSet.root, '..'), { recursive: true, force: true }))

describe('several avsal processes sharing one experiment log', () => {
  it('avsal info and avsal open during a running avsal eval leave the run done with all its rows', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'avsal-engine-'))
    const evaluation = avsalInBackground(['eval', '--dataset', evalSet.root, '--pred', evalSet.pred, '--threads', '1', '--json'], dataDir)
    const runId = await until('the evaluation run id', () => /avsal: run ([0-9a-f-]{36})/.exec(evaluation.stderr())?.[1])
    await until('scoring to have begun', () => (/\d+\/2400 frames/.test(evaluation.stderr()) ? true : undefined))

    const info = avsal(['info'], dataDir)
    expect(info.code, info.stderr).toBe(0)
    const open = avsal(['open', evalSet.root], dataDir)
    expect(open.code, open.stderr).toBe(0)
    // both ran while the evaluation was still running
    const during = runDetail(runId, dataDir)
    expect(during.run.status).toBe('running')
    expect(during.run.owner?.pid).toBe(evaluation.child.pid)

    expect(await evaluation.exited, evaluation.stderr()).toBe(0)
    const after = runDetail(runId, dataDir)
    expect(after.run).toMatchObject({ status: 'done', error: null })
    expect(scoredFrames(after)).toBe(2400)
    expect((JSON.parse(evaluation.stdout()) as { framesScored: number }).framesScored).toBe(2400)
    rmSync(dataDir, { recursive: true, force: true })
  }, 180_000)

  it('a run whose avsal process is killed with kill -9 shows interrupted after the next start, with its rows kept', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'avsal-engine-'))
    const evaluation = avsalInBackground(['eval', '--dataset', evalSet.root, '--pred', evalSet.pred, '--threads', '1'], dataDir)
    const runId = await until('the evaluation run id', () => /avsal: run ([0-9a-f-]{36})/.exec(evaluation.stderr())?.[1])
    // rows are written in batches of 64: wait until some are in the log
    await until('rows in the log', () => {
      const m = /(\d+)\/2400 frames/g.exec(evaluation.stderr().split('\r').at(-1) ?? '')
      return m && Number(m[1]) > 300 ? true : undefined
    })
    evaluation.child.kill('SIGKILL')
    expect(await evaluation.exited).toBeNull()

    // the next start (any avsal command) sees the owner gone
    const detail = runDetail(runId, dataDir)
    expect(detail.run.status).toBe('interrupted')
    expect(detail.run.statusReason).toMatch(new RegExp(`its owner, pid ${evaluation.child.pid} on .* is gone`))
    expect(scoredFrames(detail)).toBeGreaterThanOrEqual(256)
    expect(scoredFrames(detail)).toBeLessThan(2400)
    const listed = JSON.parse(avsal(['runs', 'list', '--json'], dataDir).stdout) as RunSummary[]
    expect(listed.find((r) => r.id === runId)?.status).toBe('interrupted')
    rmSync(dataDir, { recursive: true, force: true })
  }, 180_000)

  it("re-opening a dataset after a video moved away keeps that video's evaluation, shown as missing; it comes back with the file", () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'avsal-engine-'))
    const small = makeEvalDataset({ videos: 2, frames: 5 })
    try {
      const evaluation = avsal(['eval', '--dataset', small.root, '--pred', small.pred, '--json'], dataDir)
      expect(evaluation.code, evaluation.stderr).toBe(0)
      const runId = (JSON.parse(evaluation.stdout) as { runId: string }).runId
      const moved = join(small.root, '..', 'moved-away')
      renameSync(join(small.root, 'testing', small.videos[1]), moved)

      const reopened = avsal(['open', small.root, '--json'], dataDir)
      expect(reopened.code, reopened.stderr).toBe(0)
      const opened = JSON.parse(reopened.stdout) as { dataset: { videoCount: number; missingVideoCount: number }; videos: { name: string; missingSince: string | null }[] }
      expect(opened.dataset).toMatchObject({ videoCount: 1, missingVideoCount: 1 })
      expect(opened.videos.find((v) => v.name === small.videos[1])?.missingSince).toEqual(expect.any(String))

      const detail = runDetail(runId, dataDir)
      expect(detail.videos.map((v) => [v.video, v.frames, v.missingSince !== null])).toEqual([
        [small.videos[0], 5, false],
        [small.videos[1], 5, true]
      ])
      expect(avsal(['runs', 'show', runId], dataDir).stdout).toMatch(/\[missing since /)

      // a new evaluation leaves the missing video out and says so
      const again = avsal(['eval', '--dataset', small.root, '--pred', small.pred, '--json'], dataDir)
      expect(again.code, again.stderr).toBe(0)
      expect(again.stderr).toMatch(new RegExp(`left out \\(file gone from the folder\\): ${small.videos[1]}`))

      renameSync(moved, join(small.root, 'testing', small.videos[1]))
      const back = JSON.parse(avsal(['open', small.root, '--json'], dataDir).stdout) as { dataset: { videoCount: number; missingVideoCount: number } }
      expect(back.dataset).toMatchObject({ videoCount: 2, missingVideoCount: 0 })
      expect(runDetail(runId, dataDir).videos.every((v) => v.missingSince === null)).toBe(true)
    } finally {
      rmSync(join(small.root, '..'), { recursive: true, force: true })
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 120_000)

  it('four avsal infer commands started together: one runs, three wait with their position, all finish', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'avsal-engine-'))
    const root = join(mkdtempSync(join(tmpdir(), 'avsal-engine-synth-')), 'synth')
    makeSyntheticDataset(root)
    expect(avsal(['open', root], dataDir).code).toBe(0)
    // one lane: whatever the machine's AVSAL_JOBS_PER_DEVICE says
    const env = { ...process.env, AVSAL_JOBS_PER_DEVICE: '1' }
    // ViNet with synthetic weights on 8 frames: a few seconds each, so all four are submitted
    // while the first one runs (they share one cache folder: the later ones find its maps)
    const jobs = [0, 1, 2, 3].map((k) => {
      const args = ['infer', '--model', 'vinet', '--weights', 'synthetic', '--dataset', root, '--frames', '0-7', '--label', `job ${k}`, '--data-dir', dataDir]
      const child = spawn(process.execPath, [BIN, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env
      })
      let err = ''
      child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
      return { child, stderr: () => err, exited: new Promise<number | null>((r) => child.on('exit', (code) => r(code))) }
    })
    const codes = await Promise.all(jobs.map((j) => j.exited))
    expect(codes, jobs.map((j) => j.stderr()).join('\n---\n')).toEqual([0, 0, 0, 0])
    // three of them were told they waited, with their place in line
    const waited = jobs.filter((j) => /queued on cpu, position \d/.test(j.stderr()))
    expect(waited.length).toBe(3)
    const firstPositions = waited.map((j) => Number(/queued on cpu, position (\d)/.exec(j.stderr())![1])).sort()
    expect(firstPositions).toEqual([1, 2, 3])
    const runs = JSON.parse(avsal(['runs', 'list', '--kind', 'infer', '--json'], dataDir).stdout) as RunSummary[]
    expect(runs.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done'])
    // they ran one after the other: no two overlapped in time
    const spans = runs.map((r) => ({ start: Date.parse(r.startedAt!), end: Date.parse(r.endedAt!) })).sort((a, b) => a.start - b.start)
    for (let k = 1; k < spans.length; k++) expect(spans[k].start).toBeGreaterThanOrEqual(spans[k - 1].end)
    rmSync(join(root, '..'), { recursive: true, force: true })
    rmSync(dataDir, { recursive: true, force: true })
  }, 240_000)
})
