// A second process must not fail the first one's runs. The old engine marked every running run
// failed whenever an AppService started — so `avsal info` during an evaluation broke it. Now a
// run belongs to its owner process, and only the runs of owners that are gone are interrupted.
import { spawn, type ChildProcess } from 'node:child_process'
import { hostname } from 'node:os'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppService } from '../../../src/main/app/service'
import { processStartMs, type ProcessOwner } from '../../../src/main/core/processOwner'
import { main } from '../../../src/main/hosts/cli/main'
import { createRun, finishRun, getRun, insertEvaluations, openStore, startRun, type Store } from '../../../src/main/store'

let dataDir: string
let owner: ChildProcess | null = null

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'avsal-owners-'))
})
afterEach(() => {
  owner?.kill('SIGKILL')
  owner = null
  rmSync(dataDir, { recursive: true, force: true })
})

/** Another live process, standing in for the app window or a CLI command that owns a run. */
async function liveOwner(): Promise<ProcessOwner> {
  owner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  await new Promise<void>((resolve) => owner!.once('spawn', () => resolve()))
  const pid = owner.pid as number
  return { host: hostname(), pid, startedMs: processStartMs(pid) ?? Date.now() }
}

function runningEvaluation(store: Store, by: ProcessOwner): string {
  const run = createRun(store, { kind: 'eval', owner: by })
  startRun(store, run.id)
  return run.id
}

const quietly = async <T>(work: () => Promise<T>): Promise<T> => {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
  try {
    return await work()
  } finally {
    out.mockRestore()
  }
}

describe('run ownership across processes', () => {
  it("a new AppService (the app, avsal info, avsal open) leaves a live process's running run alone; its job then finishes it done", async () => {
    const by = await liveOwner()
    const first = new AppService({ dataDir, host: 'browser', version: 'test' })
    const runId = runningEvaluation(first.store, by)
    first.close()

    const second = new AppService({ dataDir, host: 'browser', version: 'test' })
    second.close()
    expect(await quietly(() => main(['info', '--data-dir', dataDir]))).toBe(0)

    const store = openStore(join(dataDir, 'avsal.db'))
    try {
      expect(getRun(store, runId)).toMatchObject({ status: 'running', error: null, statusReason: null })
      // the owner's job carries on and ends its run
      finishRun(store, runId, 'done', undefined, { owner: by })
      expect(getRun(store, runId)?.status).toBe('done')
    } finally {
      store.close()
    }
  })

  it('the next start interrupts a run whose owner died (kill -9), with the reason, and keeps its rows', async () => {
    const by = await liveOwner()
    const service = new AppService({ dataDir, host: 'browser', version: 'test' })
    const runId = runningEvaluation(service.store, by)
    service.store.run(
      `INSERT INTO datasets (id, root, name, layout, layout_detail, opened_at) VALUES (1, '/d', 'd', 'generic', 'x', '2025-01-01T00:00:00.000Z')`
    )
    service.store.run(
      `INSERT INTO videos (id, dataset_id, position, name, frame_count, fps, width, height, has_audio, has_maps, fixation_kind, issue_count, record_json)
       VALUES (1, 1, 0, 'v', 3, 25, 8, 8, 0, 1, 'png', 0, '{}')`
    )
    insertEvaluations(service.store, [{ runId, videoId: 1, frame: 0, audioCondition: 'none', aucJudd: 0.9, sauc: 0.7, nss: 2, cc: 0.5, sim: 0.4, kld: 1 }])
    service.close()

    owner!.kill('SIGKILL')
    await new Promise<void>((resolve) => owner!.once('exit', () => resolve()))

    const next = new AppService({ dataDir, host: 'browser', version: 'test' })
    try {
      const run = getRun(next.store, runId)
      expect(run?.status).toBe('interrupted')
      expect(run?.statusReason).toMatch(new RegExp(`its owner, pid ${by.pid} on .* is gone`))
      expect(next.store.get<{ n: number }>('SELECT count(*) AS n FROM evaluations WHERE run_id = ?', [runId])?.n).toBe(1)
    } finally {
      next.close()
    }
  })
})
