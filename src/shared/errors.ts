// The one error type of the app: a code from a closed set, a message a researcher can act on,
// optional details (evidence, tool output) and the file it concerns. Every module throws it,
// every host serialises it as ErrorBody, the renderer rebuilds it. A new failure mode is a new
// code here, so the UI and the CLI can switch on it.

export const ERROR_CODES = [
  // requests and hosts
  'internal',
  'bad-argument',
  'bad-request',
  'usage',
  'unknown-method',
  'unauthorized',
  'method-not-allowed',
  'network',
  'bad-response',
  'cancelled',
  'timeout',
  'invalid-state',
  // files and folders
  'not-found',
  'not-a-directory',
  'permission-denied',
  'unreadable',
  'disk-full',
  'read-only',
  // datasets and their catalog
  'no-layout',
  'dataset-not-open',
  'dataset-missing',
  'unknown-video',
  'video-missing',
  'missing-frame',
  'frame-out-of-range',
  'no-maps',
  'mat-key-missing',
  'fixations-not-imported',
  'fixation-file-missing',
  'nothing-to-evaluate',
  'nothing-to-infer',
  // media
  'ffmpeg-missing',
  'undecodable',
  'decode-failed',
  'no-audio',
  // file formats
  'image-corrupt',
  'image-empty',
  'image-truncated',
  'image-unknown-format',
  'image-bad-header',
  'mat-bad-header',
  'mat-corrupt',
  'mat-no-2d-array',
  'mat-not-2d',
  'mat-too-large',
  'mat-truncated',
  'mat-v73',
  'mat-unsupported',
  'npy-bad-header',
  'npy-bad-magic',
  'npy-bad-shape',
  'npy-shape-mismatch',
  'npy-truncated',
  'npy-unsupported-dtype',
  'npy-unsupported-version',
  'gaze-ambiguous-trial',
  'gaze-no-files',
  'gaze-not-diem',
  'gaze-not-dhf1k',
  'gaze-bad-file',
  // checkpoints
  'truncated',
  'not-a-checkpoint',
  'unsupported-format',
  'corrupt-pickle',
  'unsupported-opcode',
  'missing-storage',
  'unsupported-dtype',
  'bad-tensor',
  'missing-entry',
  // models and executors
  'unknown-model',
  'bad-shape',
  'duplicate-param',
  'unknown-value',
  'weights-mismatch',
  'wrong-model',
  'missing-weights',
  'bad-input',
  'bad-option',
  'runtime-unavailable',
  'backend-unavailable',
  'session-failed',
  'unsupported',
  'forward-failed',
  'metric-input',
  'map-non-finite',
  // inference
  'frame-stream',
  'bad-frame',
  'too-few-frames',
  'shuffle-needs-videos',
  // the experiment log
  'db-corrupt',
  'db-too-new',
  'db-foreign',
  'db-locked',
  'db-readonly',
  'db-not-a-file',
  'db-io',
  'migration-failed',
  'constraint',
  'bad-row',
  'closed',
  // runs and jobs
  'unknown-run',
  'not-resumable',
  'job-crashed',
  // renderer
  'canvas-unavailable',
  'map-not-2d',
  'overlay-input',
  'bad-key'
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES)

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && KNOWN_CODES.has(code)
}

/** Error shape that crosses every host boundary intact. */
export interface ErrorBody {
  code: ErrorCode
  message: string
  details?: string[]
  /** the file or folder the error concerns, when there is one */
  path?: string
}

export interface AppErrorOptions {
  details?: string[]
  path?: string
  cause?: unknown
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly details?: string[]
  readonly path?: string

  /** `options` may be the details list alone (the common case) or the full options. */
  constructor(code: ErrorCode, message: string, options?: string[] | AppErrorOptions) {
    const opts: AppErrorOptions = Array.isArray(options) ? { details: options } : (options ?? {})
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause })
    this.name = 'AppError'
    this.code = code
    if (opts.details !== undefined) this.details = opts.details
    if (opts.path !== undefined) this.path = opts.path
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message }
    if (this.details !== undefined) body.details = this.details
    if (this.path !== undefined) body.path = this.path
    return body
  }
}

/** True for an AppError, optionally of one of the given codes. */
export function isAppError(err: unknown, ...codes: ErrorCode[]): err is AppError {
  return err instanceof AppError && (codes.length === 0 || codes.includes(err.code))
}

const NODE_ERRNO_CODES: Readonly<Record<string, ErrorCode>> = {
  ENOENT: 'not-found',
  EACCES: 'permission-denied',
  EPERM: 'permission-denied',
  ENOTDIR: 'not-a-directory',
  ENOSPC: 'disk-full',
  EROFS: 'read-only'
}

/**
 * Anything thrown, as the body every host sends: AppErrors as they are, Node's errno errors
 * mapped to their code, everything else 'internal' (a foreign code is kept in the details).
 */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) return err.toBody()
  if (err instanceof Error) {
    const raw = (err as { code?: unknown }).code
    const details = (err as { details?: unknown }).details
    const detailList = Array.isArray(details) ? details.map(String) : []
    if (typeof raw === 'string') {
      const mapped = NODE_ERRNO_CODES[raw] ?? (isErrorCode(raw) ? raw : null)
      if (mapped) return { code: mapped, message: err.message, ...(detailList.length ? { details: detailList } : {}) }
      return { code: 'internal', message: err.message, details: [`code ${raw}`, ...detailList] }
    }
    return { code: 'internal', message: err.message, ...(detailList.length ? { details: detailList } : {}) }
  }
  return { code: 'internal', message: String(err) }
}

/** Rebuilds the AppError a body describes (a foreign code becomes 'internal'). */
export function fromErrorBody(body: { code: string; message: string; details?: unknown; path?: unknown }): AppError {
  const details = Array.isArray(body.details) ? body.details.map(String) : undefined
  const path = typeof body.path === 'string' ? body.path : undefined
  if (isErrorCode(body.code)) return new AppError(body.code, body.message, { details, path })
  return new AppError('internal', body.message, { details: [`code ${body.code}`, ...(details ?? [])], path })
}
