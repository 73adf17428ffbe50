// Prediction layers: a folder of predicted maps shown over one video, added by hand or by an
// inference run (which records the run, the model, the weights' sha256 and the audio
// condition, so the viewer and an evaluation of the folder know what made it). How many maps a
// folder holds is a file-system question answered by the caller.
import { basename } from 'node:path'
import { AppError } from '../../shared/errors'
import { nowIso, requireNonEmpty } from './rows'
import type { Store } from './store'

export interface LayerSource {
  runId: string | null
  modelId: number | null
  weightsSha256: string | null
  audioCondition: string | null
}

export interface PredictionLayer extends LayerSource {
  id: number
  videoId: number
  label: string
  dir: string
  createdAt: string
  /** the model's architecture name, when a model made it */
  model: string | null
}

interface LayerRow {
  id: number
  video_id: number
  label: string
  dir: string
  created_at: string
  run_id: string | null
  model_id: number | null
  weights_sha256: string | null
  audio_condition: string | null
  model: string | null
}

const SELECT_LAYER = `SELECT l.id, l.video_id, l.label, l.dir, l.created_at, l.run_id, l.model_id, l.weights_sha256, l.audio_condition,
  m.architecture AS model FROM prediction_layers l LEFT JOIN models m ON m.id = l.model_id`

function toLayer(row: LayerRow): PredictionLayer {
  return {
    id: row.id,
    videoId: row.video_id,
    label: row.label,
    dir: row.dir,
    createdAt: row.created_at,
    runId: row.run_id,
    modelId: row.model_id,
    weightsSha256: row.weights_sha256,
    audioCondition: row.audio_condition,
    model: row.model
  }
}

/**
 * Adds the folder as a layer of the video; adding the same folder again relabels it and, when a
 * source is given, records the newest run that wrote it.
 */
export function addPredictionLayer(store: Store, videoId: number, dir: string, label?: string, source?: Partial<LayerSource>): PredictionLayer {
  requireNonEmpty(dir, `prediction folder for video ${videoId}`)
  const name = label !== undefined && label.trim() !== '' ? label.trim() : basename(dir)
  if (!store.get('SELECT 1 FROM videos WHERE id = ?', [videoId])) {
    throw new AppError('not-found', `video ${videoId} does not exist in ${store.path}; cannot add the prediction layer ${dir}`, { path: store.path })
  }
  const row = store.get<{ id: number }>(
    `INSERT INTO prediction_layers (video_id, label, dir, created_at, run_id, model_id, weights_sha256, audio_condition)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (video_id, dir) DO UPDATE SET label = excluded.label,
       run_id = coalesce(excluded.run_id, run_id), model_id = coalesce(excluded.model_id, model_id),
       weights_sha256 = coalesce(excluded.weights_sha256, weights_sha256), audio_condition = coalesce(excluded.audio_condition, audio_condition)
     RETURNING id`,
    [
      videoId,
      name,
      dir,
      nowIso(),
      source?.runId ?? null,
      source?.modelId ?? null,
      source?.weightsSha256 ?? null,
      source?.audioCondition ?? null
    ]
  )
  const layer = row ? store.get<LayerRow>(`${SELECT_LAYER} WHERE l.id = ?`, [row.id]) : undefined
  if (!layer) throw new AppError('invalid-state', `adding prediction layer ${dir} to video ${videoId} returned no row`, { path: store.path })
  return toLayer(layer)
}

/** Oldest first (the order the user added them). */
export function listPredictionLayers(store: Store, videoId: number): PredictionLayer[] {
  return store.all<LayerRow>(`${SELECT_LAYER} WHERE l.video_id = ? ORDER BY l.id`, [videoId]).map(toLayer)
}

/** The layers registered for a folder (any video): what an evaluation of that folder scores. */
export function layersInFolder(store: Store, dir: string): PredictionLayer[] {
  return store.all<LayerRow>(`${SELECT_LAYER} WHERE l.dir = ? OR l.dir LIKE ? ESCAPE '\\' ORDER BY l.id`, [dir, `${dir.replace(/[\\%_]/g, '\\$&')}/%`]).map(toLayer)
}

/** Returns false when no such layer existed. The folder itself is never touched. */
export function removePredictionLayer(store: Store, layerId: number): boolean {
  return store.run('DELETE FROM prediction_layers WHERE id = ?', [layerId]).changes === 1
}
