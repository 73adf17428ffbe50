// Calls one API method by name with JSON-decoded arguments; shared by the HTTP and IPC hosts.
import { API_METHODS, type ApiMethod, type AvsalApi } from '../../shared/api'
import { AppError } from '../../shared/errors'


export function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name)
}

export async function dispatch(api: AvsalApi, method: string, args: unknown): Promise<unknown> {
  if (!isApiMethod(method)) throw new AppError('unknown-method', `no API method named ${method}`)
  if (!Array.isArray(args)) throw new AppError('bad-argument', `arguments of ${method} must be a JSON array`)
  const fn = api[method] as (...a: unknown[]) => Promise<unknown>
  return fn.apply(api, args)
}
