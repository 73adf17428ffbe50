// The renderer's view of a failed API call: code + message + details, whichever host it came
// from (HTTP envelope, Electron IPC rejection, network failure).
import type { ApiErrorBody } from '../../../shared/api'
import { ApiError } from '../../../shared/apiError'

export { ApiError }

/** Thrown by the HTTP bridge when the server rejects the token (HTTP 401). */
export const UNAUTHORIZED_CODE = 'unauthorized'
export const UNAUTHORIZED_MESSAGE =
  'This page needs the link printed by `avsal serve` (with its token)'

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && typeof v.message === 'string'
}

function detailList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined
}

/**
 * Turns whatever a call rejected with into an ApiError. Electron's ipcRenderer.invoke wraps
 * remote errors as "Error invoking remote method 'x': Code: message", so a `code` property is
 * used when present, else the text is kept whole under 'internal'.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err
  if (isErrorBody(err)) return new ApiError(err.code, err.message, detailList(err.details))
  if (err instanceof Error) {
    const raw = (err as { code?: unknown }).code
    const details = detailList((err as { details?: unknown }).details)
    const code = typeof raw === 'string' ? raw : err.name === 'TypeError' ? 'network' : 'internal'
    return new ApiError(code, err.message, details)
  }
  return new ApiError('internal', String(err))
}

/**
 * Reads one API answer: `source` names the call for messages ("POST /api/openDataset"),
 * `status` is the HTTP status (200 over IPC), `body` the parsed JSON (undefined when the body
 * was not JSON). Returns the result or throws an ApiError that says what came back.
 */
export function parseApiResponse(source: string, status: number, body: unknown): unknown {
  if (status === 401) throw new ApiError(UNAUTHORIZED_CODE, UNAUTHORIZED_MESSAGE)
  if (typeof body !== 'object' || body === null || typeof (body as { ok?: unknown }).ok !== 'boolean') {
    throw new ApiError(
      'bad-response',
      `${source} answered ${status === 200 ? '' : `HTTP ${status} `}without the expected JSON envelope {ok, result|error}`
    )
  }
  const envelope = body as { ok: boolean; result?: unknown; error?: unknown }
  if (envelope.ok) return envelope.result
  if (isErrorBody(envelope.error)) {
    throw new ApiError(envelope.error.code, envelope.error.message, detailList(envelope.error.details))
  }
  throw new ApiError('bad-response', `${source} answered ok:false without a {code, message} error`)
}
