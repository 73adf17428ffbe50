// Applies pending migrations, one transaction each. Every step takes the write lock first
// (BEGIN IMMEDIATE) and re-reads the version under it, so two processes opening a fresh log at
// the same moment cannot both apply version 1 (the race MLflow-backed tools hit).
import type Database from 'better-sqlite3'
import { translateError } from './errors'
import type { Migration } from './migrations'
import { AppError } from '../../shared/errors'

export function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new Error(`migration list is broken: entry ${i} ("${m.name}") has version ${m.version}, expected ${i + 1}`)
    }
  })
}

export function readSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

function tooNew(dbPath: string, found: number, known: number): AppError {
  return new AppError(
    'db-too-new',
    `The experiment log ${dbPath} has schema version ${found}, but this build of AVSal Workstation knows versions up to ${known}: it was written by a newer version. The file was left untouched; update the app or choose another data folder.`,
    { path: dbPath }
  )
}

export function assertNotTooNew(dbPath: string, found: number, migrations: readonly Migration[]): void {
  const known = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version
  if (found > known) throw tooNew(dbPath, found, known)
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`

/** Returns the versions applied by this call (empty when the log was already current). */
export function applyMigrations(db: Database.Database, dbPath: string, migrations: readonly Migration[]): number[] {
  checkMigrationList(migrations)
  const applied: number[] = []
  // 'retry': the version moved under us (another process migrated) to a step that needs the
  // foreign keys set differently; the loop sets them and tries again.
  const step = db.transaction((foreignKeysOff: boolean): boolean | 'retry' => {
    const current = readSchemaVersion(db)
    assertNotTooNew(dbPath, current, migrations)
    const next = migrations[current]
    if (!next) return false
    if (Boolean(next.foreignKeysOff) !== foreignKeysOff) return 'retry'
    db.exec(BOOKKEEPING)
    try {
      db.exec(next.up)
      if (next.foreignKeysOff) assertReferencesIntact(db, next)
    } catch (err) {
      const translated = translateError(err, dbPath, `applying migration ${next.version} ("${next.name}")`)
      if (translated instanceof AppError) throw translated
      throw new AppError(
        'migration-failed',
        `Applying migration ${next.version} ("${next.name}") to the experiment log ${dbPath} failed; the transaction was rolled back and the log stays at version ${current}.`,
        { path: dbPath, cause: err, details: [err instanceof Error ? err.message : String(err)] }
      )
    }
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
      next.version,
      next.name,
      new Date().toISOString()
    )
    db.pragma(`user_version = ${next.version}`)
    applied.push(next.version)
    return true
  })
  try {
    // Always at least one IMMEDIATE step, even when current: it proves the write lock is obtainable.
    for (;;) {
      const pending = migrations[readSchemaVersion(db)]
      const foreignKeysOff = Boolean(pending?.foreignKeysOff)
      // PRAGMA foreign_keys is a no-op inside a transaction: it is switched between steps
      if (foreignKeysOff) db.pragma('foreign_keys = OFF')
      let result: boolean | 'retry'
      try {
        result = step.immediate(foreignKeysOff)
      } finally {
        if (foreignKeysOff) db.pragma('foreign_keys = ON')
      }
      if (result === false) break
    }
  } catch (err) {
    throw translateError(err, dbPath, 'migrating')
  }
  return applied
}

/** A table rebuild must leave every reference valid (checked before the commit). */
function assertReferencesIntact(db: Database.Database, migration: Migration): void {
  const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
  if (broken.length > 0) {
    throw new Error(
      `migration ${migration.version} left ${broken.length} broken reference(s), e.g. ${broken
        .slice(0, 3)
        .map((b) => `${b.table} row ${b.rowid} → ${b.parent}`)
        .join(', ')}`
    )
  }
}
