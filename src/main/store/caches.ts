// Where predicted maps already are: one cache folder per model × weights × video × audio
// condition. A cache becomes usable only when marked complete, so an interrupted inference
// is recomputed rather than trusted.
import { nowIso, requireInteger, requireNonEmpty } from './rows'
import type { Store } from './store'
import { AppError } from '../../shared/errors'

export interface PredictionCacheKey {
  modelId: number
  /** hash of the weights actually used (fine-tuned weights differ from the registered checkpoint) */
  weightsHash: string
  videoId: number
  /** the condition with what its samples depend on ('real', 'random-seed3', 'file-ab12…'): see conditionCacheKey */
  audioCondition: string
}

export interface PredictionCache extends PredictionCacheKey {
  id: number
  dir: string
  frameCount: number
  complete: boolean
  createdAt: string
}

interface CacheRow {
  id: number
  model_id: number
  weights_hash: string
  video_id: number
  audio_condition: string
  dir: string
  frame_count: number
  complete: number
  created_at: string
}

const COLUMNS = 'id, model_id, weights_hash, video_id, audio_condition, dir, frame_count, complete, created_at'

function toCache(row: CacheRow): PredictionCache {
  return {
    id: row.id,
    modelId: row.model_id,
    weightsHash: row.weights_hash,
    videoId: row.video_id,
    audioCondition: row.audio_condition,
    dir: row.dir,
    frameCount: row.frame_count,
    complete: row.complete === 1,
    createdAt: row.created_at
  }
}

export function findPredictionCache(store: Store, key: PredictionCacheKey): PredictionCache | null {
  const row = store.get<CacheRow>(
    `SELECT ${COLUMNS} FROM prediction_caches WHERE model_id = ? AND weights_hash = ? AND video_id = ? AND audio_condition = ?`,
    [key.modelId, key.weightsHash, key.videoId, key.audioCondition]
  )
  return row ? toCache(row) : null
}

/** Registers (or restarts) the cache for this key as incomplete, pointing at `dir`, written by `runId`. */
export function beginPredictionCache(store: Store, key: PredictionCacheKey, dir: string, frameCount: number, runId: string | null = null): PredictionCache {
  requireNonEmpty(key.weightsHash, 'weightsHash of a prediction cache')
  requireNonEmpty(dir, 'folder of a prediction cache')
  requireInteger(frameCount, `frameCount of prediction cache ${dir}`)
  const row = store.get<CacheRow>(
    `INSERT INTO prediction_caches (model_id, weights_hash, video_id, audio_condition, dir, frame_count, complete, created_at, run_id)
     VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)
     ON CONFLICT (model_id, weights_hash, video_id, audio_condition) DO UPDATE SET
       dir = excluded.dir, frame_count = excluded.frame_count, complete = 0, created_at = excluded.created_at, run_id = excluded.run_id
     RETURNING ${COLUMNS}`,
    [key.modelId, key.weightsHash, key.videoId, key.audioCondition, dir, frameCount, nowIso(), runId]
  )
  if (!row) throw new AppError('invalid-state', `registering prediction cache ${dir} returned no row`, { path: store.path })
  return toCache(row)
}

export function markPredictionCacheComplete(store: Store, id: number): void {
  if (store.run('UPDATE prediction_caches SET complete = 1 WHERE id = ?', [id]).changes === 0) {
    throw new AppError('not-found', `prediction cache ${id} does not exist in ${store.path}`, { path: store.path })
  }
}

export function listPredictionCaches(store: Store, videoId: number): PredictionCache[] {
  return store.all<CacheRow>(`SELECT ${COLUMNS} FROM prediction_caches WHERE video_id = ? ORDER BY id`, [videoId]).map(toCache)
}
