// Scoring on worker threads gives exactly what inline scoring gives (each frame has its own
// seeded RNG), and a worker's error reaches the run with its file named.
// The workers run the TypeScript entry (src/main/engine/evaluation/evalWorker.ts) through tsx,
// not the built out/main/evalWorker.js, so these tests check the sources as they are now.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { AppService } from '../../../src/main/app/service'
import { runEvaluation } from '../../../src/main/engine/evaluation/runEvaluation'
import { blob, makePredictions, makeTinyDataset } from './helpers'

const WORKER_SOURCE = resolve(import.meta.dirname, '../../../src/main/engine/evaluation/evalWorker.ts')
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

const workerEntries = vi.hoisted(() => [] as (string | null)[])

// runEvaluation passes the built bundle's path; point it at the source, started with tsx
vi.mock('../../../src/main/engine/evaluation/scorers', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/main/engine/evaluation/scorers')>()
  return {
    ...actual,
    chooseScorer: (...[ctx, threads, entry]: Parameters<typeof actual.chooseScorer>) => {
      workerEntries.push(entry)
      return actual.chooseScorer(ctx, threads, WORKER_SOURCE, { execArgv: ['--import', TSX_LOADER] })
    }
  }
})

let service: AppService
let dataDir: string

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'avsal-scorers-'))
  service = new AppService({ dataDir, host: 'browser', version: 'test' })
})

afterEach(() => {
  service.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('evaluation on worker threads (TypeScript worker entry)', () => {
  it('the worker entry exists where the redirect expects it, and runEvaluation asks for a worker entry', async () => {
    expect(existsSync(WORKER_SOURCE)).toBe(true)
    const ds = makeTinyDataset(2)
    await service.openDataset(ds.root)
    const pred = makePredictions(ds.video, [0, 1], (i) => blob(i + 1, 6))
    workerEntries.length = 0
    await runEvaluation(service.store, { datasetRoot: ds.root, predDir: pred, threads: 2 })
    // if runEvaluation stopped going through chooseScorer, the redirect above would test nothing
    expect(workerEntries).toHaveLength(1)
    expect(workerEntries[0]).toMatch(/evalWorker\.(js|ts)$/)
  })

  for (const protocol of ['vinet-av', 'dhf1k']) {
    it(`${protocol}: 2 worker threads give the same per-frame scores as inline scoring`, async () => {
      const ds = makeTinyDataset(8, [2])
      await service.openDataset(ds.root)
      const pred = makePredictions(ds.video, [0, 1, 2, 3, 4, 5, 6, 7], (i) => blob(i + 1, 6))
      const inline = await runEvaluation(service.store, { datasetRoot: ds.root, predDir: pred, protocol, threads: 1 })
      const threaded = await runEvaluation(service.store, { datasetRoot: ds.root, predDir: pred, protocol, threads: 2 })
      expect(inline.scoredOn).toMatch(/inline/)
      expect(threaded.scoredOn).toBe('2 worker thread(s)')
      expect(threaded.frames).toEqual(inline.frames)
      expect(threaded.summary.metrics).toEqual(inline.summary.metrics)
    })
  }

  it('fails the run naming the file when a worker cannot read a prediction', async () => {
    const ds = makeTinyDataset(4)
    await service.openDataset(ds.root)
    const pred = makePredictions(ds.video, [0, 1, 2, 3], (i) => blob(i))
    writeFileSync(join(pred, ds.video, `${ds.video}_002.png`), 'not a png at all')
    await expect(runEvaluation(service.store, { datasetRoot: ds.root, predDir: pred, threads: 2 })).rejects.toMatchObject({
      code: 'image-unknown-format',
      message: expect.stringMatching(/clip-001_002\.png/)
    })
  })
})
