// Failures of the dataset root itself (missing, not a folder, unreadable) as AppErrors naming the path.
import { AppError } from '../../shared/errors'

/** Maps a Node fs error on the dataset root to an AppError with a message that names the path. */
export function rootAccessError(err: unknown, root: string): AppError {
  const code = (err as { code?: unknown } | null)?.code
  if (code === 'ENOENT') return new AppError('not-found', `Dataset folder not found: ${root}`, { path: root })
  if (code === 'ENOTDIR')
    return new AppError('not-a-directory', `Not a folder: ${root} (expected a dataset folder)`, { path: root })
  const reason = err instanceof Error ? err.message : String(err)
  return new AppError('unreadable', `Cannot read dataset folder ${root}: ${reason}`, { path: root })
}
