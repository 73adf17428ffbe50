// openStore: the one way to get a Store. Refuses damaged, foreign, newer or locked logs with a
// AppError and never rewrites such a file; a fresh or older log is migrated to the latest schema.
import Database from 'better-sqlite3'
import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { translateError } from './errors'
import { applyMigrations } from './migrate'
import { MIGRATIONS, type Migration } from './migrations'
import { inspectDatabaseFile, verifyExistingDatabase } from './preflight'
import { SqliteStore, type Store } from './store'
import { AppError } from '../../shared/errors'

export type { Store } from './store'

export interface OpenStoreOptions {
  /** how long a statement waits for another process's lock before failing with db-locked (ms) */
  busyTimeoutMs?: number
  /** the schema history; only tests pass their own */
  migrations?: readonly Migration[]
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000

export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const dbPath = resolve(path)
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
  const migrations = options.migrations ?? MIGRATIONS
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw new AppError('bad-argument', `busyTimeoutMs must be a non-negative integer number of milliseconds, got ${busyTimeoutMs}`)
  }

  const state = inspectDatabaseFile(dbPath)
  if (state === 'sqlite') verifyExistingDatabase(dbPath, busyTimeoutMs, migrations)
  if (state === 'missing') {
    try {
      mkdirSync(dirname(dbPath), { recursive: true })
    } catch (err) {
      throw translateError(err, dbPath, 'creating the folder')
    }
  }

  let db: Database.Database
  try {
    db = new Database(dbPath, { timeout: busyTimeoutMs })
  } catch (err) {
    throw translateError(err, dbPath, 'opening')
  }
  try {
    // foreign_keys must be set outside any transaction; busy_timeout repeats the constructor's
    // timeout so that it is visible in PRAGMA output.
    db.pragma(`busy_timeout = ${busyTimeoutMs}`)
    db.pragma('foreign_keys = ON')
    const journalMode = String(db.pragma('journal_mode = WAL', { simple: true }))
    db.pragma('synchronous = NORMAL')
    applyMigrations(db, dbPath, migrations)
    return new SqliteStore(db, dbPath, journalMode)
  } catch (err) {
    db.close()
    throw translateError(err, dbPath, 'opening')
  }
}

/** `2025-01-31T12-00-00-000Z`: an ISO time without the characters Windows forbids in names */
function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-')
}

/**
 * Explicit user action after a db-corrupt error: renames the file (and its -wal / -shm
 * companions, which belong to it) to `<path>.corrupt-<time>` so a fresh log can be created.
 * Returns the new path of the database file.
 */
export function moveAsideCorrupt(path: string, now: Date = new Date()): string {
  const dbPath = resolve(path)
  if (!existsSync(dbPath)) {
    throw new AppError('not-found', `Cannot move the experiment log aside: ${dbPath} does not exist.`, { path: dbPath })
  }
  const stamp = fileTimestamp(now)
  let target = `${dbPath}.corrupt-${stamp}`
  for (let n = 2; existsSync(target); n++) target = `${dbPath}.corrupt-${stamp}-${n}`
  try {
    // companions first: they hold part of the old database's content and must stay beside it
    for (const suffix of ['-wal', '-shm', '-journal']) {
      if (existsSync(dbPath + suffix)) renameSync(dbPath + suffix, target + suffix)
    }
    renameSync(dbPath, target)
  } catch (err) {
    throw translateError(err, dbPath, 'moving the file aside')
  }
  return target
}
