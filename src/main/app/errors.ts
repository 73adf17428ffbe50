// One error shape for every host: the UI shows code + message + details, the CLI prints them
// and exits non-zero. Module errors (FormatError, DatasetError, StoreError, MediaError,
// CheckpointError) all carry a string `code`, so they map through unchanged.
import type { ApiErrorBody } from '../../shared/api'
import { ApiError } from '../../shared/apiError'

export { ApiError }

const NODE_ERRNO_CODES: Record<string, string> = {
  ENOENT: 'not-found',
  EACCES: 'permission-denied',
  EPERM: 'permission-denied',
  ENOTDIR: 'not-a-directory',
  ENOSPC: 'disk-full',
  EROFS: 'read-only'
}

export function toErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof Error) {
    const raw = (err as { code?: unknown }).code
    const details = (err as { details?: unknown }).details
    const detailList = Array.isArray(details) ? details.map(String) : undefined
    if (typeof raw === 'string') {
      const code = NODE_ERRNO_CODES[raw] ?? raw
      return { code, message: err.message, details: detailList }
    }
    return { code: 'internal', message: err.message, details: detailList }
  }
  return { code: 'internal', message: String(err) }
}
