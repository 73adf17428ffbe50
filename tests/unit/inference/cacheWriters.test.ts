// One writer per prediction cache folder: a temporary map of a live writer is never deleted by
// another job's scan, and two runs on the same cache key run one after the other (the second
// waits for the first's lock and then finds every map on disk). On the old engine both wrote at
// once and each deleted the other's *.tmp files mid-rename.
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { AppService } from '../../../src/main/app/service'
import { framesOnDisk } from '../../../src/main/engine/inference/cache'
import { runInference } from '../../../src/main/engine/inference/runInference'
import { createRun, startRun, tryAcquireLock, finishRun, releaseLock } from '../../../src/main/store'
import { makeFrameDataset, type FrameDataset } from '../../fixtures/inference/datasets'

let frames: FrameDataset
let dataDir: string
let service: AppService
let sleeper: ChildProcess | null = null

beforeAll(() => {
  frames = makeFrameDataset(40)
})
afterAll(() => rmSync(frames.root, { recursive: true, force: true }))
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'avsal-cache-writers-'))
  service = new AppService({ dataDir, host: 'browser', version: 'test' })
})
afterEach(() => {
  sleeper?.kill('SIGKILL')
  sleeper = null
  service.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('prediction cache writers', () => {
  it("keeps a live writer's temporary maps and removes a dead writer's", () => {
    const dir = join(dataDir, 'cache-folder')
    mkdirSync(dir)
    sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'])
    const live = `frame_000003.png.${sleeper.pid}.tmp`
    const dead = 'frame_000004.png.999999999.tmp'
    for (const name of [live, dead, 'frame_000001.png']) writeFileSync(join(dir, name), 'x')
    const done = framesOnDisk(dir, 8)
    expect([...done]).toEqual([0, 1, 0, 0, 0, 0, 0, 0])
    expect(existsSync(join(dir, live))).toBe(true)
    expect(existsSync(join(dir, dead))).toBe(false)
  })

  it('lets only one active run hold a named lock; a finished holder frees it', () => {
    const a = createRun(service.store, { kind: 'infer' })
    const b = createRun(service.store, { kind: 'infer' })
    startRun(service.store, a.id)
    startRun(service.store, b.id)
    expect(tryAcquireLock(service.store, 'predictions:/x', a.id)).toEqual({ acquired: true })
    expect(tryAcquireLock(service.store, 'predictions:/x', a.id)).toEqual({ acquired: true })
    expect(tryAcquireLock(service.store, 'predictions:/x', b.id)).toEqual({ acquired: false, heldBy: a.id })
    finishRun(service.store, a.id, 'failed', 'crashed') // never released: its end frees it anyway
    expect(tryAcquireLock(service.store, 'predictions:/x', b.id)).toEqual({ acquired: true })
    releaseLock(service.store, 'predictions:/x', b.id)
    expect(service.store.all('SELECT * FROM run_locks')).toEqual([])
  })

  it('runs two inference runs on the same cache key one after the other; the second reuses every map', async () => {
    const dataset = await service.openDataset(frames.root)
    // ViNet with synthetic weights: slow enough (40 clips) that the two runs overlap in time
    const spec = { datasetRoot: dataset.root, model: 'vinet', weights: { kind: 'synthetic' as const }, inputSize: [64, 96] as [number, number], cacheDir: service.paths.cacheDir }
    const messages: string[][] = [[], []]
    const runs = await Promise.all(
      [0, 1].map((k) => runInference(service.store, spec, { progress: (_done, _total, message) => messages[k].push(message) }))
    )
    expect(runs.map((r) => r.status)).toEqual(['done', 'done'])
    // whichever took the folder first wrote every map; the other waited, then found them all
    const writer = runs.findIndex((r) => r.framesWritten === 40)
    expect(writer).toBeGreaterThanOrEqual(0)
    const waiter = 1 - writer
    expect(runs[waiter]).toMatchObject({ framesWritten: 0, framesSkipped: 40, clipsRun: 0 })
    expect(messages[waiter].some((m) => /waiting for run .* which writes the same maps/.test(m))).toBe(true)
    const dir = runs[writer].videos[0].dir
    expect(readdirSync(dir).filter((f) => f.endsWith('.png'))).toHaveLength(40)
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})
