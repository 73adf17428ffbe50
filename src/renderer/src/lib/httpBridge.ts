// The AvsalBridge of the headless host (`avsal serve`): POST /api/<method> with a bearer
// token, Server-Sent Events on /events, media under /media with the token as a query.
import type { ApiArgs, ApiMethod, ApiResult, AvsalBridge } from '../../../shared/api'
import type { AppEvent } from '../../../shared/types'
import { parseApiResponse, toApiError } from './apiError'
import { AppError } from '../../../shared/errors'

const TOKEN_KEY = 'avsal.token'

/**
 * Token from `?token=` (then kept in sessionStorage and removed from the address bar so it
 * does not end up in screenshots or history), else the one saved earlier in this tab.
 */
export function takeToken(): string | null {
  const url = new URL(window.location.href)
  const fromQuery = url.searchParams.get('token')
  if (fromQuery) {
    try {
      window.sessionStorage.setItem(TOKEN_KEY, fromQuery)
    } catch {
      // storage disabled: the token still works for this page load
    }
    url.searchParams.delete('token')
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash)
    return fromQuery
  }
  try {
    return window.sessionStorage.getItem(TOKEN_KEY)
  } catch {
    return null
  }
}

function isAppEvent(value: unknown): value is AppEvent {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
}

export function createHttpBridge(token: string | null = takeToken()): AvsalBridge {
  const listeners = new Set<(event: AppEvent) => void>()
  let source: EventSource | null = null
  const tokenQuery = token ? `?token=${encodeURIComponent(token)}` : ''

  function openEvents(): void {
    if (source) return
    source = new EventSource(`/events${tokenQuery}`)
    source.onmessage = (message: MessageEvent<string>) => {
      let parsed: unknown
      try {
        parsed = JSON.parse(message.data)
      } catch {
        console.error(`avsal: /events sent a message that is not JSON: ${message.data.slice(0, 200)}`)
        return
      }
      if (!isAppEvent(parsed)) {
        console.error(`avsal: /events sent JSON without a "type": ${message.data.slice(0, 200)}`)
        return
      }
      for (const listener of listeners) listener(parsed)
    }
  }

  async function call<M extends ApiMethod>(method: M, ...args: ApiArgs<M>): Promise<ApiResult<M>> {
    let response: Response
    try {
      response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {})
        },
        body: JSON.stringify({ args })
      })
    } catch (err) {
      const cause = toApiError(err)
      throw new AppError('network', `POST /api/${method} failed: ${cause.message} (is \`avsal serve\` still running?)`)
    }
    let body: unknown
    try {
      body = await response.json()
    } catch {
      body = undefined
    }
    return parseApiResponse(`POST /api/${method}`, response.status, body) as ApiResult<M>
  }

  return {
    call,
    onEvent(listener) {
      listeners.add(listener)
      openEvents()
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0 && source) {
          source.close()
          source = null
        }
      }
    },
    mediaBase: '/media',
    mediaQuery: tokenQuery
  }
}
