// Scoring on worker threads gives exactly what inline scoring gives (each frame has its own
// seeded RNG), and a worker's error reaches the run with its file named.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppService } from '../../../src/main/app/service'
import { runEvaluation } from '../../../src/main/engine/evaluation/runEvaluation'
import { blob, makePredictions, makeTinyDataset } from './helpers'

const WORKER = resolve(__dirname, '../../../out/main/evalWorker.js')
if (!existsSync(WORKER)) console.warn(`skipped: ${WORKER} not built (npm run build) — worker-thread scoring not tested`)

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

describe.skipIf(!existsSync(WORKER))('evaluation on worker threads', () => {
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
