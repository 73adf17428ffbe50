// Prediction layers the user added by hand: a folder of predicted maps shown over one video.
// How many maps a folder holds is a file-system question answered by the caller.
import { basename } from 'node:path'

import { nowIso, requireNonEmpty } from './rows'

import type { Store } from './store'
import { AppError } from '../../shared/errors'


export interface PredictionLayer {
  id: number
  videoId: number
  label: string
  dir: string
  createdAt: string
}

interface LayerRow {
  id: number
  video_id: number
  label: string
  dir: string
  created_at: string
}

function toLayer(row: LayerRow): PredictionLayer {
  return { id: row.id, videoId: row.video_id, label: row.label, dir: row.dir, createdAt: row.created_at }
}

/** Adds the folder as a layer of the video; adding the same folder again only relabels it. */
export function addPredictionLayer(store: Store, videoId: number, dir: string, label?: string): PredictionLayer {
  requireNonEmpty(dir, `prediction folder for video ${videoId}`)
  const name = label !== undefined && label.trim() !== '' ? label.trim() : basename(dir)
  if (!store.get('SELECT 1 FROM videos WHERE id = ?', [videoId])) {
    throw new AppError('not-found', `video ${videoId} does not exist in ${store.path}; cannot add the prediction layer ${dir}`, { path: store.path })
  }
  const row = store.get<LayerRow>(
    `INSERT INTO prediction_layers (video_id, label, dir, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (video_id, dir) DO UPDATE SET label = excluded.label
     RETURNING id, video_id, label, dir, created_at`,
    [videoId, name, dir, nowIso()]
  )
  if (!row) throw new AppError('invalid-state', `adding prediction layer ${dir} to video ${videoId} returned no row`, { path: store.path })
  return toLayer(row)
}

/** Oldest first (the order the user added them). */
export function listPredictionLayers(store: Store, videoId: number): PredictionLayer[] {
  return store
    .all<LayerRow>('SELECT id, video_id, label, dir, created_at FROM prediction_layers WHERE video_id = ? ORDER BY id', [videoId])
    .map(toLayer)
}

/** Returns false when no such layer existed. The folder itself is never touched. */
export function removePredictionLayer(store: Store, layerId: number): boolean {
  return store.run('DELETE FROM prediction_layers WHERE id = ?', [layerId]).changes === 1
}
