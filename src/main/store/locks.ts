// Named locks held by runs, shared by every process that uses the log: e.g. one writer per
// prediction cache folder. A lock whose run is no longer active (finished, crashed and swept)
// is free, so a crash never leaves a folder locked.
import { requireNonEmpty } from './rows'
import type { Store } from './store'

export type LockResult = { acquired: true } | { acquired: false; heldBy: string }

/** Takes the lock for `runId` unless an active run holds it (re-entrant for the same run). */
export function tryAcquireLock(store: Store, name: string, runId: string, now = Date.now()): LockResult {
  requireNonEmpty(name, 'lock name')
  return store.transaction((): LockResult => {
    const holder = store.get<{ run_id: string; status: string | null }>(
      'SELECT l.run_id, r.status FROM run_locks l LEFT JOIN runs r ON r.id = l.run_id WHERE l.name = ?',
      [name]
    )
    const held = holder && holder.run_id !== runId && (holder.status === 'queued' || holder.status === 'running' || holder.status === 'stopping')
    if (held) return { acquired: false, heldBy: holder.run_id }
    store.run(
      'INSERT INTO run_locks (name, run_id, acquired_ms) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET run_id = excluded.run_id, acquired_ms = excluded.acquired_ms',
      [name, runId, now]
    )
    return { acquired: true }
  })
}

export function releaseLock(store: Store, name: string, runId: string): void {
  store.run('DELETE FROM run_locks WHERE name = ? AND run_id = ?', [name, runId])
}
