/**
 * The one error class for files we cannot read: bad magic, truncation, unsupported
 * variants. `code` is stable and machine-readable (it ends up in DatasetIssue.code);
 * `path` names the offending file when the caller gave one.
 */
export class FormatError extends Error {
  readonly code: string
  readonly path?: string

  constructor(code: string, message: string, path?: string) {
    super(path ? `${path}: ${message}` : message)
    this.name = 'FormatError'
    this.code = code
    if (path !== undefined) this.path = path
  }
}
