// StoreError: every failure of the experiment log carries a stable `code` (mapped unchanged to
// the API error body) and, where a file is involved, the path it concerns.

export type StoreErrorCode =
  | 'db-corrupt'
  | 'db-too-new'
  | 'db-foreign'
  | 'db-locked'
  | 'db-readonly'
  | 'db-not-a-file'
  | 'db-io'
  | 'disk-full'
  | 'migration-failed'
  | 'not-found'
  | 'invalid-argument'
  | 'invalid-state'
  | 'constraint'
  | 'bad-row'
  | 'closed'

export class StoreError extends Error {
  readonly code: StoreErrorCode
  /** the database file (or other file) the error concerns, when there is one */
  readonly path?: string
  readonly details?: string[]
  constructor(code: StoreErrorCode, message: string, options: { path?: string; details?: string[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'StoreError'
    this.code = code
    this.path = options.path
    this.details = options.details
  }
}

interface ErrorWithCode extends Error {
  code: string
}

/**
 * Turns a SQLite (or file-system) failure into a StoreError with a message that names the file
 * and says what to do. `doing` describes the operation, e.g. 'writing run metrics'.
 * Errors that are already StoreErrors pass through; anything unrecognised is returned as is.
 */
export function translateError(err: unknown, dbPath: string, doing: string): unknown {
  if (err instanceof StoreError) return err
  // SqliteError or a Node errno error (both carry a string code)
  if (!(err instanceof Error) || typeof (err as { code?: unknown }).code !== 'string') return err
  const code = (err as ErrorWithCode).code
  const base = `${doing} in the experiment log ${dbPath} failed`
  const opts = { path: dbPath, cause: err, details: [`${code}: ${err.message}`] }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED' || code.startsWith('SQLITE_LOCKED_')) {
    return new StoreError(
      'db-locked',
      `${base}: the database is locked by another process (another AVSal window, CLI or server using the same data folder) and stayed locked past the busy timeout. Close the other instance or use a different --data-dir.`,
      opts
    )
  }
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new StoreError('disk-full', `${base}: the disk holding ${dbPath} is full. Free some space; nothing was half-written (the transaction was rolled back).`, opts)
  }
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new StoreError(
      'db-readonly',
      `${base}: the file or its folder is read-only. The experiment log needs write access to ${dbPath} and to its folder (for the -wal and -shm files).`,
      opts
    )
  }
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_NOTADB') {
    return new StoreError(
      'db-corrupt',
      `${base}: ${dbPath} is damaged or is not a SQLite database. The file was left untouched; move it aside (moveAsideCorrupt) to start a fresh log.`,
      opts
    )
  }
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new StoreError('not-found', `${base}: a referenced row (run, video, model or dataset) does not exist.`, opts)
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new StoreError('constraint', `${base}: ${err.message}`, opts)
  }
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_CANTOPEN_') || code.startsWith('SQLITE_IOERR')) {
    return new StoreError('db-io', `${base}: the file could not be read or written (${err.message}).`, opts)
  }
  return err
}
