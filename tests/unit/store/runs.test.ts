import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../../src/main/store/db'
import { registerModel, getModel, listModels } from '../../../src/main/store/models'
import { upsertDataset } from '../../../src/main/store/catalog'
import {
  claimRun,
  createRun,
  finishRun,
  heartbeatRuns,
  latestMetrics,
  markStopping,
  queuePosition,
  requeueRun,
  sweepOrphanedRuns,
  getRun,
  listRuns,
  logMetric,
  logMetrics,
  logRunParams,
  metricHistory,
  metricKeys,
  setRunNotes,
  setRunTag,
  startRun
} from '../../../src/main/store/runs'
import { codeOf, removeTempDirs, sampleDataset, tempDir } from './helpers'
import { ownerState, thisProcessOwner, type ProcessOwner } from '../../../src/main/core/processOwner'

let store: Store
let path: string
beforeEach(() => {
  path = join(tempDir(), 'avsal.db')
  store = openStore(path)
})
afterEach(() => {
  store.close()
  removeTempDirs()
})

const SHA = 'ab'.repeat(32)

describe('run lifecycle', () => {
  it('creates a queued run with config, tags, params, model and dataset', () => {
    const model = registerModel(store, { architecture: 'vinet', variant: 'dhf1k', checkpointPath: '/w/vinet.pt', checkpointSha256: SHA, provenance: 'official release' })
    const datasetId = upsertDataset(store, sampleDataset('/data/dhf1k'))
    const run = createRun(store, {
      kind: 'infer',
      config: { clipLength: 32, audio: ['real', 'zero'], nested: { lr: 1e-4 } },
      runtime: 'onnxruntime-node 1.30.0',
      backend: 'cpu',
      modelId: model.id,
      datasetId,
      tags: { purpose: 'baseline' },
      params: { clip_length: '32' }
    })
    expect(run.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(run).toMatchObject({
      kind: 'infer',
      status: 'queued',
      config: { clipLength: 32, audio: ['real', 'zero'], nested: { lr: 1e-4 } },
      runtime: 'onnxruntime-node 1.30.0',
      backend: 'cpu',
      error: null,
      notes: '',
      startedAt: null,
      endedAt: null,
      modelId: model.id,
      datasetId,
      tags: { purpose: 'baseline' },
      params: { clip_length: '32' }
    })
    expect(getRun(store, run.id)).toEqual(run)
    expect(getRun(store, 'no-such-run')).toBeNull()
  })

  it('moves queued → running → done and refuses other transitions', () => {
    const { id } = createRun(store, { kind: 'eval' })
    expect(codeOf(() => finishRun(store, id, 'failed'))).toBe('bad-argument')
    startRun(store, id)
    expect(getRun(store, id)?.status).toBe('running')
    expect(getRun(store, id)?.startedAt).not.toBeNull()
    expect(codeOf(() => startRun(store, id))).toBe('invalid-state')
    finishRun(store, id, 'done')
    const done = getRun(store, id)
    expect(done?.status).toBe('done')
    expect(done?.endedAt).not.toBeNull()
    expect(codeOf(() => finishRun(store, id, 'cancelled'))).toBe('invalid-state')
    expect(codeOf(() => startRun(store, 'missing'))).toBe('unknown-run')
  })

  it('records a failure with its error, and a queued run can be cancelled', () => {
    const failed = createRun(store, { kind: 'train' })
    startRun(store, failed.id)
    finishRun(store, failed.id, 'failed', 'CUDA out of memory')
    expect(getRun(store, failed.id)).toMatchObject({ status: 'failed', error: 'CUDA out of memory' })
    const queued = createRun(store, { kind: 'infer' })
    finishRun(store, queued.id, 'cancelled')
    expect(getRun(store, queued.id)?.status).toBe('cancelled')
  })

  it('leaves the runs of a live owner alone and interrupts those whose owner is gone, with the reason', () => {
    const me = thisProcessOwner()
    // a process that ran and exited: its pid is free (or reused by something that started later)
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
    const gone: ProcessOwner = { host: me.host, pid: Number(dead.stdout), startedMs: me.startedMs - 60_000 }
    expect(ownerState(gone)).toBe('gone')
    const mine = createRun(store, { kind: 'eval' })
    startRun(store, mine.id)
    const orphan = createRun(store, { kind: 'eval', owner: gone })
    startRun(store, orphan.id)
    const orphanQueued = createRun(store, { kind: 'infer', owner: gone, device: 'cpu' })
    const done = createRun(store, { kind: 'eval', owner: gone })
    startRun(store, done.id)
    finishRun(store, done.id, 'done')

    const swept = sweepOrphanedRuns(store)
    expect(swept.map((r) => r.id).sort()).toEqual([orphan.id, orphanQueued.id].sort())
    expect(getRun(store, mine.id)?.status).toBe('running')
    expect(getRun(store, done.id)?.status).toBe('done')
    const interrupted = getRun(store, orphan.id)
    expect(interrupted).toMatchObject({ status: 'interrupted', error: null })
    expect(interrupted?.statusReason).toMatch(new RegExp(`its owner, pid ${gone.pid} on ${gone.host} .* is gone`))
    expect(interrupted?.endedAt).not.toBeNull()
    // a second sweep (another process starting) changes nothing more
    expect(sweepOrphanedRuns(store)).toEqual([])
  })

  it('judges an owner on another host by its heartbeat', () => {
    const far: ProcessOwner = { host: 'gpu-server-2', pid: 4242, startedMs: 1_700_000_000_000 }
    const fresh = createRun(store, { kind: 'infer', owner: far })
    startRun(store, fresh.id)
    const now = Date.now()
    expect(sweepOrphanedRuns(store, { now, staleMs: 60_000 })).toEqual([])
    // no heartbeat for two minutes
    expect(sweepOrphanedRuns(store, { now: now + 120_000, staleMs: 60_000 }).map((r) => r.id)).toEqual([fresh.id])
    expect(getRun(store, fresh.id)?.statusReason).toMatch(/no heartbeat from its owner, pid 4242 on gpu-server-2/)
  })

  it('writes heartbeats for the owner\'s active runs only', () => {
    const run = createRun(store, { kind: 'eval' })
    startRun(store, run.id)
    const other = createRun(store, { kind: 'eval', owner: { host: 'elsewhere', pid: 1, startedMs: 1 } })
    expect(heartbeatRuns(store, thisProcessOwner(), 123_456)).toBe(1)
    expect(getRun(store, run.id)?.heartbeatMs).toBe(123_456)
    expect(getRun(store, other.id)?.heartbeatMs).not.toBe(123_456)
  })

  it('lets the owner still finish a run that was declared interrupted (its true outcome wins)', () => {
    const me = thisProcessOwner()
    const run = createRun(store, { kind: 'eval' })
    startRun(store, run.id)
    // another process believed us gone (a suspended laptop)
    sweepOrphanedRuns(store, { ownerState: () => 'gone' })
    expect(getRun(store, run.id)?.status).toBe('interrupted')
    expect(codeOf(() => finishRun(store, run.id, 'done'))).toBe('invalid-state')
    expect(codeOf(() => finishRun(store, run.id, 'done', undefined, { owner: { ...me, pid: me.pid + 1 } }))).toBe('invalid-state')
    finishRun(store, run.id, 'done', undefined, { owner: me })
    expect(getRun(store, run.id)).toMatchObject({ status: 'done', statusReason: null })
  })

  it('queues heavy runs per device in order: one runs, the rest wait with their position', () => {
    const runs = [0, 1, 2, 3].map(() => createRun(store, { kind: 'infer', device: 'cpu' }))
    const gpu = createRun(store, { kind: 'infer', device: 'cuda:0' })
    const light = createRun(store, { kind: 'eval' })
    expect(runs.map((r) => queuePosition(store, r.id))).toEqual([1, 2, 3, 4])
    // a later run cannot jump the queue, even when the lane is free
    expect(claimRun(store, runs[1].id)).toBe(false)
    expect(claimRun(store, runs[0].id)).toBe(true)
    expect(claimRun(store, runs[1].id)).toBe(false)
    expect(runs.map((r) => queuePosition(store, r.id))).toEqual([null, 1, 2, 3])
    // other lanes and light runs do not wait
    expect(claimRun(store, gpu.id)).toBe(true)
    expect(claimRun(store, light.id)).toBe(true)
    expect(queuePosition(store, light.id)).toBeNull()
    // stopping still holds the lane; finishing frees it for the next in line
    markStopping(store, runs[0].id, 'cancel requested')
    expect(claimRun(store, runs[1].id)).toBe(false)
    finishRun(store, runs[0].id, 'cancelled')
    expect(claimRun(store, runs[2].id)).toBe(false)
    expect(claimRun(store, runs[1].id)).toBe(true)
    // two per device when configured
    expect(claimRun(store, runs[2].id, { perDevice: 2 })).toBe(true)
    expect(claimRun(store, runs[3].id, { perDevice: 2 })).toBe(false)
    // a cancelled queued run is no longer claimable
    finishRun(store, runs[3].id, 'cancelled')
    expect(claimRun(store, runs[3].id)).toBe(false)
  })

  it('requeues a stopped or interrupted run at the end of its lane, under a new owner', () => {
    const run = createRun(store, { kind: 'infer', device: 'cpu', owner: { host: 'h', pid: 7, startedMs: 7 } })
    expect(claimRun(store, run.id)).toBe(true)
    finishRun(store, run.id, 'stopped-resumable', undefined, { reason: 'stopped after 12 maps' })
    expect(getRun(store, run.id)).toMatchObject({ status: 'stopped-resumable', statusReason: 'stopped after 12 maps' })
    const waiting = createRun(store, { kind: 'infer', device: 'cpu' })
    requeueRun(store, run.id)
    const again = getRun(store, run.id)
    expect(again).toMatchObject({ status: 'queued', statusReason: null, endedAt: null, owner: thisProcessOwner() })
    expect(queuePosition(store, waiting.id)).toBe(1)
    expect(queuePosition(store, run.id)).toBe(2)
    expect(codeOf(() => requeueRun(store, waiting.id))).toBe('invalid-state')
  })

  it('recovers a log whose writer process was killed mid-run (hot WAL left behind)', () => {
    const run = createRun(store, { kind: 'train' })
    store.close()
    const sqlitePath = createRequire(import.meta.url).resolve('better-sqlite3')
    // the job process: marks the run running, logs a metric, then dies without closing the connection
    const script = `
      const Database = require(${JSON.stringify(sqlitePath)});
      const db = new Database(${JSON.stringify(path)});
      db.prepare("UPDATE runs SET status = 'running', started_at = '2025-01-01T00:00:00.000Z', owner_pid = ?, owner_started_ms = 1 WHERE id = ?").run(process.pid, ${JSON.stringify(run.id)});
      db.prepare("INSERT INTO run_metrics (run_id, key, step, value, timestamp) VALUES (?, 'loss', 0, 3.5, 1)").run(${JSON.stringify(run.id)});
      process.kill(process.pid, 'SIGKILL');`
    const child = spawnSync(process.execPath, ['-e', script])
    expect(child.signal).toBe('SIGKILL')
    expect(existsSync(`${path}-wal`)).toBe(true)
    store = openStore(path)
    expect(sweepOrphanedRuns(store).map((r) => r.id)).toEqual([run.id])
    expect(getRun(store, run.id)).toMatchObject({ status: 'interrupted', startedAt: '2025-01-01T00:00:00.000Z' })
    expect(metricHistory(store, run.id, 'loss').map((p) => p.value)).toEqual([3.5])
  })

  it('rejects an unknown kind, an unknown model and a non-JSON config', () => {
    expect(codeOf(() => createRun(store, { kind: 'predict' as 'infer' }))).toBe('bad-argument')
    expect(codeOf(() => createRun(store, { kind: 'infer', modelId: 42 }))).toBe('not-found')
    const cyclic: { [key: string]: unknown } = {}
    cyclic.self = cyclic
    expect(codeOf(() => createRun(store, { kind: 'infer', config: cyclic }))).toBe('bad-argument')
    expect(listRuns(store)).toEqual([])
  })
})

describe('tags, params, notes', () => {
  it('tags are mutable, params immutable, notes editable', () => {
    const { id } = createRun(store, { kind: 'train', params: { lr: '0.0001' } })
    setRunTag(store, id, 'stage', 'warmup')
    setRunTag(store, id, 'stage', 'main')
    logRunParams(store, id, { lr: '0.0001', batch: '8' })
    expect(codeOf(() => logRunParams(store, id, { lr: '0.01' }))).toBe('invalid-state')
    setRunNotes(store, id, '# diverged after epoch 3')
    expect(getRun(store, id)).toMatchObject({ tags: { stage: 'main' }, params: { lr: '0.0001', batch: '8' }, notes: '# diverged after epoch 3' })
    expect(codeOf(() => setRunNotes(store, 'missing', 'x'))).toBe('unknown-run')
  })
})

describe('metrics', () => {
  it('keeps the full curve by step, NaN included', () => {
    const { id } = createRun(store, { kind: 'train' })
    logMetric(store, id, 'loss', 2.5, 0, 1000)
    logMetrics(store, id, [
      { key: 'loss', value: 1.5, step: 1, timestamp: 2000 },
      { key: 'loss', value: Number.NaN, step: 2, timestamp: 3000 },
      { key: 'val_cc', value: 0.41, step: 1, timestamp: 2500 },
      { key: 'loss', value: Number.POSITIVE_INFINITY, step: 3, timestamp: 4000 }
    ])
    const loss = metricHistory(store, id, 'loss')
    expect(loss.map((p) => p.step)).toEqual([0, 1, 2, 3])
    expect(loss[0]).toEqual({ step: 0, value: 2.5, timestamp: 1000 })
    expect(Number.isNaN(loss[2].value)).toBe(true)
    expect(loss[3].value).toBe(Number.POSITIVE_INFINITY)
    expect(metricKeys(store, id)).toEqual(['loss', 'val_cc'])
    // the latest value per key: the highest step (an Infinity is a value like any other)
    expect(latestMetrics(store, id)).toEqual({
      loss: { step: 3, value: Number.POSITIVE_INFINITY, timestamp: 4000 },
      val_cc: { step: 1, value: 0.41, timestamp: 2500 }
    })
    // a late point of an earlier step does not replace it
    logMetric(store, id, 'loss', 0.5, 2, 5000)
    expect(latestMetrics(store, id).loss.step).toBe(3)
  })

  it('rejects metrics of unknown runs and bad steps without writing any of the batch', () => {
    const { id } = createRun(store, { kind: 'train' })
    expect(codeOf(() => logMetric(store, 'missing', 'loss', 1))).toBe('not-found')
    expect(codeOf(() => logMetrics(store, id, [{ key: 'loss', value: 1, step: 0 }, { key: 'loss', value: 1, step: -1 }]))).toBe('bad-argument')
    expect(metricHistory(store, id, 'loss')).toEqual([])
  })
})

describe('listing', () => {
  it('lists newest first and filters by kind, status and dataset', () => {
    const datasetId = upsertDataset(store, sampleDataset('/data/dhf1k'))
    const a = createRun(store, { kind: 'infer', datasetId })
    const b = createRun(store, { kind: 'eval', datasetId })
    const c = createRun(store, { kind: 'eval' })
    startRun(store, c.id)
    expect(listRuns(store).map((r) => r.id)).toEqual([c.id, b.id, a.id])
    expect(listRuns(store, { kind: 'eval' }).map((r) => r.id)).toEqual([c.id, b.id])
    expect(listRuns(store, { status: 'running' }).map((r) => r.id)).toEqual([c.id])
    expect(listRuns(store, { datasetId }).map((r) => r.id)).toEqual([b.id, a.id])
    expect(listRuns(store, { limit: 1 })).toHaveLength(1)
  })
})

describe('models', () => {
  it('registers one row per architecture/variant/checkpoint hash', () => {
    const first = registerModel(store, { architecture: 'vinet', variant: 'dhf1k', checkpointPath: '/old/vinet.pt', checkpointSha256: SHA })
    const again = registerModel(store, { architecture: 'vinet', variant: 'dhf1k', checkpointPath: '/new/vinet.pt', checkpointSha256: SHA, provenance: 'moved' })
    expect(again.id).toBe(first.id)
    expect(getModel(store, first.id)).toMatchObject({ checkpointPath: '/new/vinet.pt', provenance: 'moved' })
    const baseline = registerModel(store, { architecture: 'center-bias' })
    expect(registerModel(store, { architecture: 'center-bias' }).id).toBe(baseline.id)
    expect(listModels(store).map((m) => m.architecture)).toEqual(['center-bias', 'vinet'])
    expect(codeOf(() => registerModel(store, { architecture: 'vinet', checkpointSha256: 'xyz' }))).toBe('bad-argument')
  })
})
