// Checks made before the experiment log is opened for writing, so that a damaged, foreign,
// newer or unwritable file is reported and left exactly as it was.
import Database from 'better-sqlite3'
import { accessSync, closeSync, constants, existsSync, openSync, readSync, rmSync, statSync, type Stats } from 'node:fs'
import { dirname } from 'node:path'
import { translateError } from './errors'
import { assertNotTooNew, readSchemaVersion } from './migrate'
import type { Migration } from './migrations'
import { AppError } from '../../shared/errors'

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
/** the database header is the first 100 bytes of page 1 */
const HEADER_SIZE = 100

export type FileState = 'missing' | 'empty' | 'sqlite'

function corruptMessage(dbPath: string, why: string): string {
  return `The experiment log ${dbPath} ${why}. The file was left untouched; move it aside (it will be renamed to ${dbPath}.corrupt-<time>) to start a fresh log, or restore it from a backup.`
}

function describeBytes(bytes: Buffer): string {
  const printable = [...bytes].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('')
  return `${bytes.toString('hex')} ("${printable}")`
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw translateError(err, path, 'inspecting the file')
  }
}

function assertWritable(path: string, dbPath: string, what: string): void {
  try {
    accessSync(path, constants.W_OK)
  } catch {
    throw new AppError(
      'db-readonly',
      `The experiment log ${dbPath} cannot be written: its ${what} ${path} is read-only. The log needs write access to the file and to its folder (for the -wal and -shm files); fix the permissions or choose another data folder.`,
      { path: dbPath }
    )
  }
}

/** Looks at the bytes on disk: missing, empty (SQLite treats it as a new database) or a SQLite file. */
export function inspectDatabaseFile(dbPath: string): FileState {
  const dirStats = statOrNull(dirname(dbPath))
  if (dirStats && !dirStats.isDirectory()) {
    throw new AppError('db-not-a-file', `The folder of the experiment log ${dbPath} is not a folder: ${dirname(dbPath)} is a file.`, { path: dbPath })
  }
  const stats = statOrNull(dbPath)
  if (stats === null) {
    if (dirStats) assertWritable(dirname(dbPath), dbPath, 'folder')
    return 'missing'
  }
  if (!stats.isFile()) {
    throw new AppError('db-not-a-file', `The experiment log path ${dbPath} exists but is not a regular file (a folder or a device); choose another path.`, { path: dbPath })
  }
  if (stats.size === 0) {
    assertWritable(dbPath, dbPath, 'file')
    assertWritable(dirname(dbPath), dbPath, 'folder')
    return 'empty'
  }
  const header = Buffer.alloc(HEADER_SIZE)
  let got = 0
  try {
    const fd = openSync(dbPath, 'r')
    try {
      got = readSync(fd, header, 0, HEADER_SIZE, 0)
    } finally {
      closeSync(fd)
    }
  } catch (err) {
    throw translateError(err, dbPath, 'reading the file header')
  }
  if (got < HEADER_SIZE) {
    throw new AppError('db-corrupt', corruptMessage(dbPath, `is not a SQLite database: it is only ${got} bytes long, shorter than the ${HEADER_SIZE}-byte SQLite header`), { path: dbPath })
  }
  const magic = header.subarray(0, SQLITE_MAGIC.length)
  if (!magic.equals(SQLITE_MAGIC)) {
    throw new AppError(
      'db-corrupt',
      corruptMessage(dbPath, `is not a SQLite database: expected the header "SQLite format 3\\0", found ${describeBytes(magic)}`),
      { path: dbPath }
    )
  }
  assertWritable(dbPath, dbPath, 'file')
  assertWritable(dirname(dbPath), dbPath, 'folder')
  return 'sqlite'
}

/**
 * Opens the existing file read-only (so nothing can be written, whatever it holds) and checks its
 * integrity and schema version. Throws db-corrupt, db-too-new, db-foreign or db-locked.
 */
export function verifyExistingDatabase(dbPath: string, busyTimeoutMs: number, migrations: readonly Migration[]): void {
  // A read-only connection to a WAL-mode file still creates empty -wal/-shm companions; when the
  // file is refused they are removed again so the folder looks exactly as before.
  const absentCompanions = ['-wal', '-shm'].map((suffix) => dbPath + suffix).filter((p) => !existsSync(p))
  try {
    checkThroughReadOnlyConnection(dbPath, busyTimeoutMs, migrations)
  } catch (err) {
    for (const companion of absentCompanions) removeIfCreatedEmpty(companion)
    throw err
  }
}

function removeIfCreatedEmpty(companion: string): void {
  try {
    // -shm is an index SQLite rebuilds from the WAL; an empty -wal holds nothing
    if (companion.endsWith('-shm') || statSync(companion).size === 0) rmSync(companion)
  } catch {
    /* not created, or already gone */
  }
}

function checkThroughReadOnlyConnection(dbPath: string, busyTimeoutMs: number, migrations: readonly Migration[]): void {
  let db: Database.Database
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true, timeout: busyTimeoutMs })
  } catch (err) {
    throw translateError(err, dbPath, 'opening')
  }
  try {
    const problems = (db.pragma('quick_check') as { quick_check: string }[]).map((row) => row.quick_check)
    if (problems.length !== 1 || problems[0] !== 'ok') {
      throw new AppError('db-corrupt', corruptMessage(dbPath, `failed SQLite's integrity check (${problems.length} problem${problems.length === 1 ? '' : 's'})`), {
        path: dbPath,
        details: problems.slice(0, 20)
      })
    }
    const version = readSchemaVersion(db)
    assertNotTooNew(dbPath, version, migrations)
    if (version === 0) {
      const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name").all() as { name: string }[]).map((t) => t.name)
      if (tables.length > 0) {
        throw new AppError(
          'db-foreign',
          `${dbPath} is a SQLite database but not an AVSal experiment log: it has no schema version and holds other tables (${tables.slice(0, 8).join(', ')}${tables.length > 8 ? ', …' : ''}). The file was left untouched; choose another data folder.`,
          { path: dbPath, details: tables }
        )
      }
    }
  } catch (err) {
    throw translateError(err, dbPath, 'checking')
  } finally {
    db.close()
  }
}
