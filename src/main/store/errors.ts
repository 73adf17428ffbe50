// SQLite and file-system failures of the experiment log as AppErrors that name the file and say
// what to do (db-locked, disk-full, db-readonly, db-corrupt, …).
import { AppError } from '../../shared/errors'

interface ErrorWithCode extends Error {
  code: string
}

/**
 * Turns a SQLite (or file-system) failure into a AppError with a message that names the file
 * and says what to do. `doing` describes the operation, e.g. 'writing run metrics'.
 * Errors that are already AppErrors pass through; anything unrecognised is returned as is.
 */
export function translateError(err: unknown, dbPath: string, doing: string): unknown {
  if (err instanceof AppError) return err
  // SqliteError or a Node errno error (both carry a string code)
  if (!(err instanceof Error) || typeof (err as { code?: unknown }).code !== 'string') return err
  const code = (err as ErrorWithCode).code
  const base = `${doing} in the experiment log ${dbPath} failed`
  const opts = { path: dbPath, cause: err, details: [`${code}: ${err.message}`] }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_LOCKED_')) {
    return new AppError(
      'db-locked',
      `${base}: the database is locked by another process (another AVSal window, CLI or server using the same data folder) and stayed locked past the busy timeout. Close the other instance or use a different --data-dir.`,
      opts
    )
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new AppError('disk-full', `${base}: the disk holding ${dbPath} is full. Free some space; nothing was half-written (the transaction was rolled back).`, opts)
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new AppError(
      'db-readonly',
      `${base}: the file or its folder is read-only. The experiment log needs write access to ${dbPath} and to its folder (for the -wal and -shm files).`,
      opts
    )
  }
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_NOTADB') {
    return new AppError(
      'db-corrupt',
      `${base}: ${dbPath} is damaged or is not a SQLite database. The file was left untouched; move it aside (moveAsideCorrupt) to start a fresh log.`,
      opts
    )
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new AppError('not-found', `${base}: a referenced row (run, video, model or dataset) does not exist.`, opts)
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new AppError('constraint', `${base}: ${err.message}`, opts)
  }
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_') || code.startsWith('SQLITE_IOERR')) {
    return new AppError('db-io', `${base}: the file could not be read or written (${err.message}).`, opts)
  }
  return err
}
