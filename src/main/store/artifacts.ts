// Files a run produced (checkpoints, exported tables and figures, prediction folders, logs),
// with their sha256 where one was computed, so a resume or a figure can be verified later.
import type { RunArtifact } from '../../shared/types'
import { nowIso, requireNonEmpty } from './rows'
import type { Store } from './store'

export interface NewArtifact {
  kind: string
  path: string
  step?: number | null
  sha256?: string | null
  bytes?: number | null
}

interface ArtifactRow {
  kind: string
  path: string
  step: number | null
  sha256: string | null
  bytes: number | null
  created_at: string
}

/** Records (or updates, for the same run and path) an artifact. */
export function addArtifact(store: Store, runId: string, artifact: NewArtifact): void {
  requireNonEmpty(artifact.kind, `artifact kind of run ${runId}`)
  requireNonEmpty(artifact.path, `artifact path of run ${runId}`)
  store.run(
    `INSERT INTO artifacts (run_id, kind, path, step, sha256, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, path) DO UPDATE SET kind = excluded.kind, step = excluded.step, sha256 = excluded.sha256, bytes = excluded.bytes`,
    [runId, artifact.kind, artifact.path, artifact.step ?? null, artifact.sha256 ?? null, artifact.bytes ?? null, nowIso()]
  )
}

export function listArtifacts(store: Store, runId: string): RunArtifact[] {
  return store
    .all<ArtifactRow>('SELECT kind, path, step, sha256, bytes, created_at FROM artifacts WHERE run_id = ? ORDER BY id', [runId])
    .map((row) => ({ kind: row.kind, path: row.path, step: row.step, sha256: row.sha256, bytes: row.bytes, createdAt: row.created_at }))
}
