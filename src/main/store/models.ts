// Models known to the log: architecture + variant + checkpoint (by content hash) + provenance.
// The same checkpoint registered twice is one row, so runs and caches agree on its id.
import { nowIso, requireNonEmpty } from './rows'
import type { Store } from './store'
import { AppError } from '../../shared/errors'

export interface NewModel {
  /** e.g. 'vinet', 'avinet', 'stavis', 'center-bias' */
  architecture: string
  /** e.g. 'dhf1k', 'avinet-bilinear'; '' when there is only one */
  variant?: string
  checkpointPath?: string | null
  /** hex SHA-256 of the checkpoint file; null for models without weights (baselines) */
  checkpointSha256?: string | null
  /** where the weights came from: URL, paper, or the id of the training run */
  provenance?: string
}

export interface ModelRecord {
  id: number
  architecture: string
  variant: string
  checkpointPath: string | null
  checkpointSha256: string | null
  provenance: string
  createdAt: string
}

interface ModelRow {
  id: number
  architecture: string
  variant: string
  checkpoint_path: string | null
  checkpoint_sha256: string | null
  provenance: string
  created_at: string
}

const COLUMNS = 'id, architecture, variant, checkpoint_path, checkpoint_sha256, provenance, created_at'

function toModel(row: ModelRow): ModelRecord {
  return {
    id: row.id,
    architecture: row.architecture,
    variant: row.variant,
    checkpointPath: row.checkpoint_path,
    checkpointSha256: row.checkpoint_sha256,
    provenance: row.provenance,
    createdAt: row.created_at
  }
}

/** Inserts the model, or returns the existing row for the same architecture/variant/checkpoint hash
 *  (updating its path and provenance, which may have moved). */
export function registerModel(store: Store, model: NewModel): ModelRecord {
  requireNonEmpty(model.architecture, 'model architecture')
  const sha = model.checkpointSha256 ?? null
  if (sha !== null && !/^[0-9a-f]{64}$/.test(sha)) {
    throw new AppError('bad-argument', `checkpointSha256 of ${model.architecture} must be 64 lower-case hex digits, got ${JSON.stringify(sha)}`)
  }
  const row = store.get<ModelRow>(
    `INSERT INTO models (architecture, variant, checkpoint_path, checkpoint_sha256, provenance, created_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (architecture, variant, coalesce(checkpoint_sha256, '')) DO UPDATE SET
       checkpoint_path = coalesce(excluded.checkpoint_path, checkpoint_path),
       provenance = CASE WHEN excluded.provenance = '' THEN provenance ELSE excluded.provenance END
     RETURNING ${COLUMNS}`,
    [model.architecture, model.variant ?? '', model.checkpointPath ?? null, sha, model.provenance ?? '', nowIso()]
  )
  if (!row) throw new AppError('invalid-state', `registering model ${model.architecture} returned no row`, { path: store.path })
  return toModel(row)
}

export function getModel(store: Store, id: number): ModelRecord | null {
  const row = store.get<ModelRow>(`SELECT ${COLUMNS} FROM models WHERE id = ?`, [id])
  return row ? toModel(row) : null
}

export function listModels(store: Store): ModelRecord[] {
  return store.all<ModelRow>(`SELECT ${COLUMNS} FROM models ORDER BY architecture, variant, id`).map(toModel)
}
