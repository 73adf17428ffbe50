import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  getDataset,
  getDatasetByRoot,
  getVideoRecord,
  listDatasets,
  listVideoSummaries,
  recentDatasets,
  replaceVideos,
  upsertDataset
} from '../../../src/main/store/catalog'
import { openStore, type Store } from '../../../src/main/store/db'
import { createRun } from '../../../src/main/store/runs'
import { insertEvaluations, evaluationsForRun } from '../../../src/main/store/evaluations'
import { codeOf, removeTempDirs, sampleDataset, sampleVideo, tempDir } from './helpers'

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

describe('datasets', () => {
  it('inserts, then updates the row with the same root and keeps its id', () => {
    const id = upsertDataset(store, sampleDataset('/data/dhf1k'))
    const again = upsertDataset(store, sampleDataset('/data/dhf1k', { name: 'DHF1K', layout: 'vinet', issues: [], openedAt: '2025-02-01T00:00:00.000Z' }))
    expect(again).toBe(id)
    expect(getDataset(store, id)).toEqual({
      id,
      root: '/data/dhf1k',
      name: 'DHF1K',
      layout: 'vinet',
      layoutDetail: 'annotation/<video>/maps + fixation/ folders found',
      videoCount: 0,
      missingVideoCount: 0,
      openedAt: '2025-02-01T00:00:00.000Z',
      issues: []
    })
    expect(getDatasetByRoot(store, '/data/dhf1k')?.id).toBe(id)
    expect(getDataset(store, id + 100)).toBeNull()
  })

  it('round-trips issues and counts videos in lists', () => {
    const a = upsertDataset(store, sampleDataset('/data/b', { name: 'beta' }))
    upsertDataset(store, sampleDataset('/data/a', { name: 'Alpha' }))
    replaceVideos(store, a, [sampleVideo('001', null), sampleVideo('002', null)])
    const list = listDatasets(store)
    expect(list.map((d) => [d.name, d.videoCount])).toEqual([
      ['Alpha', 0],
      ['beta', 2]
    ])
    expect(list[1].issues).toEqual(sampleDataset('/x').issues)
  })

  it('lists recent datasets newest first, limited', () => {
    upsertDataset(store, sampleDataset('/data/old', { name: 'old', openedAt: '2024-01-01T00:00:00.000Z' }))
    upsertDataset(store, sampleDataset('/data/new', { name: 'new', openedAt: '2025-06-01T00:00:00.000Z' }))
    upsertDataset(store, sampleDataset('/data/mid', { name: 'mid', openedAt: '2025-01-01T00:00:00.000Z' }))
    expect(recentDatasets(store, 2)).toEqual([
      { root: '/data/new', name: 'new', openedAt: '2025-06-01T00:00:00.000Z' },
      { root: '/data/mid', name: 'mid', openedAt: '2025-01-01T00:00:00.000Z' }
    ])
    expect(codeOf(() => recentDatasets(store, 0))).toBe('bad-argument')
  })

  it('rejects a bad layout with a clear error', () => {
    const bad = { ...sampleDataset('/data/x'), layout: 'hollywood' } as unknown as Parameters<typeof upsertDataset>[1]
    expect(codeOf(() => upsertDataset(store, bad))).toBe('bad-argument')
  })
})

describe('videos', () => {
  it('round-trips the full VideoRecord, per-frame file lists included', () => {
    const datasetId = upsertDataset(store, sampleDataset('/data/dhf1k'))
    const input = [sampleVideo('001', 'training', 5), sampleVideo('002', 'validation', 3)]
    const ids = replaceVideos(store, datasetId, input)
    expect(ids).toHaveLength(2)
    ids.forEach((id, i) => expect(getVideoRecord(store, id)).toEqual({ ...input[i], id, datasetId }))
    expect(getVideoRecord(store, 9999)).toBeNull()
    // the same record after a close and re-open
    store.close()
    store = openStore(path)
    expect(getVideoRecord(store, ids[0])?.maps?.files).toEqual(['0001.png', '0002.png', null, '0004.png', '0005.png'])
  })

  it('keeps the other FrameSource / FixationSource shapes intact', () => {
    const datasetId = upsertDataset(store, sampleDataset('/data/av'))
    const video = {
      ...sampleVideo('clip', null),
      frames: { kind: 'file' as const, path: '/data/av/clip.mp4' },
      fixations: { kind: 'gaze' as const, file: '/data/av/clip_gaze.txt' },
      maps: null,
      mapSize: null,
      hasAudio: false,
      audioPath: null
    }
    const [id] = replaceVideos(store, datasetId, [video])
    expect(getVideoRecord(store, id)).toEqual({ ...video, id, datasetId })
    expect(listVideoSummaries(store, datasetId)[0]).toMatchObject({ hasMaps: false, hasAudio: false, fixationKind: 'gaze' })
  })

  it('lists summaries in the reader order without the per-frame arrays', () => {
    const datasetId = upsertDataset(store, sampleDataset('/data/dhf1k'))
    const [first, second] = replaceVideos(store, datasetId, [sampleVideo('010', null, 7), sampleVideo('002', null)])
    expect(listVideoSummaries(store, datasetId)).toEqual([
      { id: first, datasetId, name: '010', group: null, frameCount: 7, fps: 30, width: 640, height: 360, hasAudio: true, hasMaps: true, fixationKind: 'mat', issueCount: 1, missingSince: null },
      { id: second, datasetId, name: '002', group: null, frameCount: 4, fps: 30, width: 640, height: 360, hasAudio: true, hasMaps: true, fixationKind: 'mat', issueCount: 1, missingSince: null }
    ])
  })

  it('re-indexing keeps ids by (name, group), updates, adds, and marks vanished videos missing with their results kept', () => {
    const datasetId = upsertDataset(store, sampleDataset('/data/dhf1k'))
    const [a, b, c] = replaceVideos(store, datasetId, [sampleVideo('a', 'g1'), sampleVideo('b', 'g1'), sampleVideo('a', 'g2')])
    const run = createRun(store, { kind: 'eval' })
    insertEvaluations(store, [
      { runId: run.id, videoId: a, frame: 0, audioCondition: 'real', aucJudd: 0.9, sauc: 0.7, nss: 2, cc: 0.5, sim: 0.4, kld: 1.2 },
      { runId: run.id, videoId: b, frame: 0, audioCondition: 'real', aucJudd: 0.8, sauc: 0.6, nss: 1, cc: 0.4, sim: 0.3, kld: 1.5 }
    ])
    const changed = { ...sampleVideo('a', 'g1', 9), fps: 25 }
    const ids = replaceVideos(store, datasetId, [sampleVideo('new', null), sampleVideo('a', 'g2'), changed], '2025-03-01T00:00:00.000Z')
    expect(ids[1]).toBe(c)
    expect(ids[2]).toBe(a)
    expect(ids[0]).not.toBe(b)
    expect(getVideoRecord(store, a)).toMatchObject({ frameCount: 9, fps: 25, group: 'g1' })
    // b is gone from the folder: kept, marked missing, listed after the present ones
    expect(getVideoRecord(store, b)).toMatchObject({ name: 'b', group: 'g1' })
    expect(listVideoSummaries(store, datasetId).map((v) => [v.id, v.missingSince])).toEqual([
      ...ids.map((id) => [id, null]),
      [b, '2025-03-01T00:00:00.000Z']
    ])
    expect(listVideoSummaries(store, datasetId, { includeMissing: false }).map((v) => v.id)).toEqual(ids)
    expect(getDataset(store, datasetId)).toMatchObject({ videoCount: 3, missingVideoCount: 1 })
    // every evaluation survives, the vanished video's too
    expect(evaluationsForRun(store, run.id).map((e) => e.videoId)).toEqual([a, b].sort((x, y) => x - y))
    // re-indexing again keeps the first time it was found missing; its file coming back clears it
    replaceVideos(store, datasetId, [sampleVideo('new', null), sampleVideo('a', 'g2'), changed], '2025-04-01T00:00:00.000Z')
    expect(listVideoSummaries(store, datasetId).find((v) => v.id === b)?.missingSince).toBe('2025-03-01T00:00:00.000Z')
    const back = replaceVideos(store, datasetId, [sampleVideo('new', null), sampleVideo('a', 'g2'), changed, sampleVideo('b', 'g1')])
    expect(back[3]).toBe(b)
    expect(getDataset(store, datasetId)).toMatchObject({ videoCount: 4, missingVideoCount: 0 })
  })

  it('rejects two videos with the same name and no group, and changes nothing', () => {
    const datasetId = upsertDataset(store, sampleDataset('/data/dhf1k'))
    replaceVideos(store, datasetId, [sampleVideo('keep', null)])
    expect(codeOf(() => replaceVideos(store, datasetId, [sampleVideo('x', null), sampleVideo('x', null)]))).toBe('bad-argument')
    expect(listVideoSummaries(store, datasetId).map((v) => v.name)).toEqual(['keep'])
  })

  it('rejects bad numbers and an unknown dataset', () => {
    const datasetId = upsertDataset(store, sampleDataset('/data/dhf1k'))
    expect(codeOf(() => replaceVideos(store, datasetId, [{ ...sampleVideo('x', null), frameCount: 2.5 }]))).toBe('bad-argument')
    expect(codeOf(() => replaceVideos(store, datasetId, [{ ...sampleVideo('x', null), fps: Number.NaN }]))).toBe('bad-argument')
    expect(codeOf(() => replaceVideos(store, datasetId + 1, [sampleVideo('x', null)]))).toBe('not-found')
  })
})
