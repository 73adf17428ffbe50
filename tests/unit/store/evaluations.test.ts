import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { replaceVideos, upsertDataset } from '../../../src/main/store/catalog'
import { openStore, type Store } from '../../../src/main/store/db'
import { evaluationsForRun, insertEvaluations, videoScoreMeans, type EvaluationRow } from '../../../src/main/store/evaluations'
import { createRun } from '../../../src/main/store/runs'
import { codeOf, removeTempDirs, sampleDataset, sampleVideo, tempDir } from './helpers'

let store: Store
let runId: string
let videoIds: number[]
beforeEach(() => {
  store = openStore(join(tempDir(), 'avsal.db'))
  const datasetId = upsertDataset(store, sampleDataset('/data/dhf1k'))
  videoIds = replaceVideos(store, datasetId, [sampleVideo('001', null), sampleVideo('002', null)])
  runId = createRun(store, { kind: 'eval' }).id
})
afterEach(() => {
  store.close()
  removeTempDirs()
})

function row(videoId: number, frame: number, cc: number, audioCondition: EvaluationRow['audioCondition'] = 'real'): EvaluationRow {
  return { runId, videoId, frame, audioCondition, aucJudd: 0.9, sauc: 0.7, nss: 2 + frame, cc, sim: 0.4, kld: 1.1 }
}

describe('evaluations', () => {
  it('stores NaN as NULL and reads it back as NaN; averages skip it', () => {
    const v = videoIds[0]
    insertEvaluations(store, [row(v, 0, 0.5), row(v, 1, Number.NaN), row(v, 2, 0.3), row(v, 0, 0.1, 'zero')])
    const stored = store.get<{ cc: number | null }>('SELECT cc FROM evaluations WHERE frame = 1')
    expect(stored?.cc).toBeNull()
    const real = evaluationsForRun(store, runId, { audioCondition: 'real' })
    expect(real.map((r) => r.frame)).toEqual([0, 1, 2])
    expect(Number.isNaN(real[1].cc)).toBe(true)
    expect(real[0]).toEqual(row(v, 0, 0.5))
    const means = videoScoreMeans(store, runId)
    expect(means).toHaveLength(2)
    expect(means[0]).toMatchObject({ videoId: v, audioCondition: 'real', frames: 3, nss: 3 })
    expect(means[0].cc).toBeCloseTo(0.4, 12)
    expect(means[1]).toMatchObject({ audioCondition: 'zero', frames: 1, cc: 0.1 })
  })

  it('replaces the scores of a frame scored again in the same run', () => {
    insertEvaluations(store, [row(videoIds[0], 0, 0.5)])
    insertEvaluations(store, [row(videoIds[0], 0, 0.6)])
    const rows = evaluationsForRun(store, runId)
    expect(rows).toHaveLength(1)
    expect(rows[0].cc).toBe(0.6)
  })

  it('writes a batch all or nothing', () => {
    expect(codeOf(() => insertEvaluations(store, [row(videoIds[0], 0, 0.5), row(9999, 0, 0.5)]))).toBe('not-found')
    expect(evaluationsForRun(store, runId)).toEqual([])
    expect(codeOf(() => insertEvaluations(store, [row(videoIds[0], 0, 0.5), { ...row(videoIds[0], 1, 0.5), audioCondition: 'loud' as 'real' }]))).toBe('bad-argument')
    expect(codeOf(() => insertEvaluations(store, [row(videoIds[0], -1, 0.5)]))).toBe('bad-argument')
    expect(evaluationsForRun(store, runId)).toEqual([])
  })

  it('inserts 10k rows in one transaction (time reported, not asserted)', () => {
    const rows: EvaluationRow[] = []
    for (let frame = 0; frame < 5000; frame++) {
      for (const videoId of videoIds) rows.push(row(videoId, frame, Math.sin(frame)))
    }
    const t0 = performance.now()
    expect(insertEvaluations(store, rows)).toBe(10_000)
    const insertMs = performance.now() - t0
    const t1 = performance.now()
    const back = evaluationsForRun(store, runId)
    const readMs = performance.now() - t1
    expect(back).toHaveLength(10_000)
    console.log(`store perf: insertEvaluations 10k rows ${insertMs.toFixed(1)} ms, evaluationsForRun 10k rows ${readMs.toFixed(1)} ms`)
  })
})
