// Errors raised while opening a dataset folder. `code` is stable (the UI and CLI key on it);
// `details` carries the evidence (what was looked for, what was found).
export type DatasetErrorCode =
  | 'not-found'
  | 'not-a-directory'
  | 'unreadable'
  | 'no-layout'
  | 'mat-key-missing'
  | 'frame-out-of-range'
  | 'fixations-not-imported'
  | 'fixation-file-missing'

export class DatasetError extends Error {
  readonly code: DatasetErrorCode
  readonly details?: string[]
  readonly path?: string
  constructor(code: DatasetErrorCode, message: string, opts: { details?: string[]; path?: string } = {}) {
    super(message)
    this.name = 'DatasetError'
    this.code = code
    this.details = opts.details
    this.path = opts.path
  }
}

/** Maps a Node fs error on the dataset root to a DatasetError with a message that names the path. */
export function rootAccessError(err: unknown, root: string): DatasetError {
  const code = (err as { code?: unknown } | null)?.code
  if (code === 'ENOENT') return new DatasetError('not-found', `Dataset folder not found: ${root}`, { path: root })
  if (code === 'ENOTDIR')
    return new DatasetError('not-a-directory', `Not a folder: ${root} (expected a dataset folder)`, { path: root })
  const reason = err instanceof Error ? err.message : String(err)
  return new DatasetError('unreadable', `Cannot read dataset folder ${root}: ${reason}`, { path: root })
}
