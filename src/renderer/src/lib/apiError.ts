// The renderer's view of a failed API call: code + message + details, whichever host it came
// from (HTTP envelope, Electron IPC rejection, network failure).
import { AppError, fromErrorBody } from '../../../shared/errors'

export { AppError }

/** Thrown by the HTTP bridge when the server rejects the token (HTTP 401). */
export const UNAUTHORIZED_CODE = 'unauthorized'
export const UNAUTHORIZED_MESSAGE =
  'This page needs the link printed by `avsal serve` (with its token)'

function isErrorBody(value: unknown): value is { code: string; message: string; details?: unknown } {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && typeof v.message === 'string'
}

function detailList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.map(String) : undefined
}

/**
 * Turns whatever a call rejected with into an AppError. Electron's ipcRenderer.invoke wraps
 * remote errors as "Error invoking remote method 'x': Code: message", so a `code` property is
 * used when present, else the text is kept whole under 'internal'.
 */
export function toApiError(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (isErrorBody(err)) return fromErrorBody(err)
  if (err instanceof Error) {
    const raw = (err as { code?: unknown }).code
    const details = detailList((err as { details?: unknown }).details)
    if (typeof raw === 'string') return fromErrorBody({ code: raw, message: err.message, details })
    return new AppError(err.name === 'TypeError' ? 'network' : 'internal', err.message, details)
  }
  return new AppError('internal', String(err))
}

/**
 * Reads one API answer: `source` names the call for messages ("POST /api/openDataset"),
 * `status` is the HTTP status (200 over IPC), `body` the parsed JSON (undefined when the body
 * was not JSON). Returns the result or throws an AppError that says what came back.
 */
export function parseApiResponse(source: string, status: number, body: unknown): unknown {
  if (status === 401) throw new AppError(UNAUTHORIZED_CODE, UNAUTHORIZED_MESSAGE)
  if (typeof body !== 'object' || body === null || typeof (body as { ok?: unknown }).ok !== 'boolean') {
    throw new AppError(
      'bad-response',
      `${source} answered ${status === 200 ? '' : `HTTP ${status} `}without the expected JSON envelope {ok, result|error}`
    )
  }
  const envelope = body as { ok: boolean; result?: unknown; error?: unknown }
  if (envelope.ok) return envelope.result
  if (isErrorBody(envelope.error)) {
    throw fromErrorBody(envelope.error)
  }
  throw new AppError('bad-response', `${source} answered ok:false without a {code, message} error`)
}
