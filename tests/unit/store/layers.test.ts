import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { replaceVideos, upsertDataset } from '../../../src/main/store/catalog'
import { beginPredictionCache, findPredictionCache, listPredictionCaches, markPredictionCacheComplete } from '../../../src/main/store/caches'
import { openStore, type Store } from '../../../src/main/store/db'
import { addPredictionLayer, listPredictionLayers, removePredictionLayer } from '../../../src/main/store/layers'
import { registerModel } from '../../../src/main/store/models'
import { codeOf, removeTempDirs, sampleDataset, sampleVideo, tempDir } from './helpers'

let store: Store
let videoId: number
beforeEach(() => {
  store = openStore(join(tempDir(), 'avsal.db'))
  const datasetId = upsertDataset(store, sampleDataset('/data/dhf1k'))
  ;[videoId] = replaceVideos(store, datasetId, [sampleVideo('001', null)])
})
afterEach(() => {
  store.close()
  removeTempDirs()
})

describe('prediction layers', () => {
  it('adds, relabels on re-add, lists in order and removes', () => {
    const first = addPredictionLayer(store, videoId, '/preds/vinet/001')
    expect(first).toMatchObject({ videoId, label: '001', dir: '/preds/vinet/001' })
    const second = addPredictionLayer(store, videoId, '/preds/tased/001', 'TASED')
    const relabelled = addPredictionLayer(store, videoId, '/preds/vinet/001', 'ViNet')
    expect(relabelled.id).toBe(first.id)
    expect(listPredictionLayers(store, videoId).map((l) => [l.id, l.label])).toEqual([
      [first.id, 'ViNet'],
      [second.id, 'TASED']
    ])
    expect(removePredictionLayer(store, first.id)).toBe(true)
    expect(removePredictionLayer(store, first.id)).toBe(false)
    expect(listPredictionLayers(store, videoId).map((l) => l.id)).toEqual([second.id])
  })

  it('refuses an unknown video or an empty folder', () => {
    expect(codeOf(() => addPredictionLayer(store, 777, '/preds/x'))).toBe('not-found')
    expect(codeOf(() => addPredictionLayer(store, videoId, ' '))).toBe('bad-argument')
  })
})

describe('prediction caches', () => {
  it('is found only by its full key and becomes complete explicitly', () => {
    const model = registerModel(store, { architecture: 'vinet', variant: 'dhf1k' })
    const key = { modelId: model.id, weightsHash: 'w1', videoId, audioCondition: 'real' as const }
    expect(findPredictionCache(store, key)).toBeNull()
    const cache = beginPredictionCache(store, key, '/cache/vinet/001/real', 4)
    expect(cache).toMatchObject({ ...key, dir: '/cache/vinet/001/real', frameCount: 4, complete: false })
    markPredictionCacheComplete(store, cache.id)
    expect(findPredictionCache(store, key)?.complete).toBe(true)
    expect(findPredictionCache(store, { ...key, audioCondition: 'zero' })).toBeNull()
    // restarting the same key resets it to incomplete, same row
    const restarted = beginPredictionCache(store, key, '/cache/vinet/001/real-2', 4)
    expect(restarted).toMatchObject({ id: cache.id, complete: false, dir: '/cache/vinet/001/real-2' })
    expect(listPredictionCaches(store, videoId)).toHaveLength(1)
    expect(codeOf(() => markPredictionCacheComplete(store, 999))).toBe('not-found')
  })
})
