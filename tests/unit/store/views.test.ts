// Read models key every result by audio condition: one evaluation run that scored the same
// video under two conditions shows two rows and two per-frame series. The old read models
// dropped the condition, so the second condition's values overwrote the first's.
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../../../src/main/store/db'
import { replaceVideos, upsertDataset } from '../../../src/main/store/catalog'
import { createRun, finishRun, logMetrics, startRun } from '../../../src/main/store/runs'
import { insertEvaluations, type EvaluationRow } from '../../../src/main/store/evaluations'
import { evaluationView, frameMetricSeries, runDetail } from '../../../src/main/store/views'
import { removeTempDirs, sampleDataset, sampleVideo, tempDir } from './helpers'

let store: Store
beforeEach(() => {
  store = openStore(join(tempDir(), 'avsal.db'))
})
afterEach(() => {
  store.close()
  removeTempDirs()
})

function row(runId: string, videoId: number, frame: number, audioCondition: EvaluationRow['audioCondition'], cc: number): EvaluationRow {
  return { runId, videoId, frame, audioCondition, aucJudd: 0.9, sauc: 0.7, nss: 2, cc, sim: 0.4, kld: 1 }
}

function twoConditionRun(): { runId: string; videoId: number; gone: number } {
  const datasetId = upsertDataset(store, sampleDataset('/data/avad'))
  const [videoId, gone] = replaceVideos(store, datasetId, [sampleVideo('v1', null, 3), sampleVideo('v2', null, 3)])
  const run = createRun(store, { kind: 'eval', datasetId })
  startRun(store, run.id)
  insertEvaluations(store, [
    row(run.id, videoId, 0, 'real', 0.6),
    row(run.id, videoId, 1, 'real', 0.8),
    row(run.id, videoId, 0, 'zero', 0.1),
    row(run.id, videoId, 1, 'zero', 0.3),
    row(run.id, gone, 0, 'real', 0.5)
  ])
  logMetrics(store, run.id, [{ key: 'CC', value: 0.7 }])
  finishRun(store, run.id, 'done')
  return { runId: run.id, videoId, gone }
}

describe('read models keyed by audio condition', () => {
  it('the evaluation table has one row per video and condition', () => {
    const { runId, videoId } = twoConditionRun()
    const view = evaluationView(store, runId)
    const rows = view.videos.filter((v) => v.videoId === videoId).map((v) => [v.audioCondition, v.frames, v.metrics.CC])
    expect(rows).toEqual([
      ['real', 2, 0.7],
      ['zero', 2, 0.2]
    ])
    expect(view.run.metrics.CC).toBe(0.7)
  })

  it('the per-frame series are one per run and condition, labelled by condition', () => {
    const { runId, videoId } = twoConditionRun()
    const series = frameMetricSeries(store, videoId, 3)
    expect(series.map((s) => [s.runId, s.audioCondition, s.series.CC])).toEqual([
      [runId, 'real', [0.6, 0.8, null]],
      [runId, 'zero', [0.1, 0.3, null]]
    ])
    expect(series[0].label).toMatch(/audio real$/)
    expect(series[1].label).toMatch(/audio zero$/)
  })

  it('a video gone from its folder keeps its rows, marked missing, in the run detail', () => {
    const { runId, gone } = twoConditionRun()
    const datasetId = store.get<{ id: number }>('SELECT id FROM datasets')!.id
    replaceVideos(store, datasetId, [sampleVideo('v1', null, 3)], '2025-05-05T00:00:00.000Z')
    const detail = runDetail(store, runId)
    expect(detail.videos.find((v) => v.videoId === gone)).toMatchObject({ video: 'v2', frames: 1, missingSince: '2025-05-05T00:00:00.000Z' })
    expect(detail.videos.filter((v) => v.missingSince === null)).toHaveLength(2)
    expect(detail.latestMetrics.CC).toEqual({ value: 0.7, step: 0 })
  })
})
