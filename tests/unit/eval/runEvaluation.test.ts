// Evaluation runs end to end on tiny datasets: stored rows, intersection of frames, resizing,
// NaN frames dropped and counted, cancellation, and a corrupt prediction failing the run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppService } from '../../../src/main/app/service'
import { runEvaluation } from '../../../src/main/engine/evaluation/runEvaluation'
import { evaluationsForRun, getRun } from '../../../src/main/store'
import { blob, H, makePredictions, makeTinyDataset, W } from './helpers'

let service: AppService
let dataDir: string

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'avsal-eval-data-'))
  service = new AppService({ dataDir, host: 'browser', version: 'test' })
})

afterEach(() => {
  service.close()
  rmSync(dataDir, { recursive: true, force: true })
})

describe('runEvaluation', () => {
  it('scores GT-as-prediction perfectly on the distribution metrics and stores every frame', async () => {
    const ds = makeTinyDataset(6)
    await service.openDataset(ds.root)
    const pred = makePredictions(ds.video, [0, 1, 2, 3, 4, 5], (i) => blob(i))
    const result = await runEvaluation(service.store, { datasetRoot: ds.root, predDir: pred, protocol: 'vinet-av' })
    expect(result.status).toBe('done')
    expect(result.framesScored).toBe(6)
    expect(result.summary.metrics.CC).toBeCloseTo(1, 12)
    expect(result.summary.metrics.SIM).toBeCloseTo(1, 12)
    expect(result.summary.metrics.KLD).toBeCloseTo(0, 12)
    // a fixation sits on the blob's peak: NSS well above chance
    expect(result.summary.metrics.NSS).toBeGreaterThan(1)
    expect(evaluationsForRun(service.store, result.runId)).toHaveLength(6)
    expect(getRun(service.store, result.runId)?.status).toBe('done')
    expect(result.videos[0].pairedBy).toBe('name')
  })

  it('evaluates the intersection when the prediction folder misses frames, and lists them', async () => {
    const ds = makeTinyDataset(6)
    await service.openDataset(ds.root)
    const pred = makePredictions(ds.video, [0, 2, 3], (i) => blob(i))
    const result = await runEvaluation(service.store, { datasetRoot: ds.root, predDir: pred })
    expect(result.framesScored).toBe(3)
    expect(result.videos[0].missingPredictions).toEqual([1, 4, 5])
  })

  it('resizes predictions of another size to the GT size (MATLAB bicubic) and counts them', async () => {
    const ds = makeTinyDataset(3)
    await service.openDataset(ds.root)
    const pred = makePredictions(ds.video, [0, 1, 2], (i) => (x, y) => blob(i)(x * 2, y * 2), { width: W / 2, height: H / 2 })
    const result = await runEvaluation(service.store, { datasetRoot: ds.root, predDir: pred })
    expect(result.framesResized).toBe(3)
    expect(result.summary.metrics.CC).toBeGreaterThan(0.9)
  })

  it('drops and counts NaN frames: empty fixation maps and constant predictions', async () => {
    const ds = makeTinyDataset(4, [1])
    await service.openDataset(ds.root)
    const pred = makePredictions(ds.video, [0, 1, 2, 3], (i) => (i === 3 ? () => 128 : blob(i)))
    const result = await runEvaluation(service.store, { datasetRoot: ds.root, predDir: pred })
    expect(result.framesScored).toBe(4)
    // frame 1 has no fixations: NSS / AUC NaN; frame 3 is constant: CC and NSS NaN
    expect(result.summary.counts.NSS?.nanDropped).toBe(2)
    expect(result.summary.counts.CC?.nanDropped).toBe(1)
    expect(Number.isFinite(result.summary.metrics.NSS)).toBe(true)
    const rows = evaluationsForRun(service.store, result.runId)
    expect(rows.find((r) => r.frame === 1)?.nss).toBeNaN()
  })

  it('stops at a cancel, stores what it scored and marks the run cancelled', async () => {
    const ds = makeTinyDataset(8)
    await service.openDataset(ds.root)
    const pred = makePredictions(ds.video, [0, 1, 2, 3, 4, 5, 6, 7], (i) => blob(i))
    let seen = 0
    const result = await runEvaluation(service.store, { datasetRoot: ds.root, predDir: pred }, {
      progress: (done) => {
        seen = done
      },
      cancelled: () => seen >= 3
    })
    expect(result.status).toBe('cancelled')
    expect(getRun(service.store, result.runId)?.status).toBe('cancelled')
    expect(evaluationsForRun(service.store, result.runId)).toHaveLength(3)
  })

  it('fails the run with the file named when a prediction is corrupt, keeping rows already written', async () => {
    const ds = makeTinyDataset(4)
    await service.openDataset(ds.root)
    const pred = makePredictions(ds.video, [0, 1, 2, 3], (i) => blob(i))
    writeFileSync(join(pred, ds.video, `${ds.video}_003.png`), Buffer.from('\x89PNG\r\n\x1a\ntruncated'))
    await expect(runEvaluation(service.store, { datasetRoot: ds.root, predDir: pred })).rejects.toThrow(/clip-001_003\.png/)
    const run = service.store.all<{ id: string; status: string; error: string }>("SELECT id, status, error FROM runs WHERE kind = 'eval'")
    expect(run).toHaveLength(1)
    expect(run[0].status).toBe('failed')
    expect(run[0].error).toMatch(/clip-001_003\.png/)
  })

  it('refuses a dataset that was never opened and an unknown video name', async () => {
    const ds = makeTinyDataset(2)
    await expect(runEvaluation(service.store, { datasetRoot: ds.root, predDir: ds.root })).rejects.toMatchObject({ code: 'dataset-not-open' })
    await service.openDataset(ds.root)
    await expect(runEvaluation(service.store, { datasetRoot: ds.root, predDir: ds.root, videos: ['nope'] })).rejects.toMatchObject({ code: 'unknown-video' })
  })
})
