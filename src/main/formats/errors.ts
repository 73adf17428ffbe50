// Files we cannot read (bad magic, truncation, unsupported variants) fail with an AppError whose
// message starts with the file's path, so a dataset issue or a CLI error names the file.
import { AppError, type ErrorCode } from '../../shared/errors'

export function formatError(code: ErrorCode, message: string, path?: string): AppError {
  return new AppError(code, path ? `${path}: ${message}` : message, path === undefined ? undefined : { path })
}
