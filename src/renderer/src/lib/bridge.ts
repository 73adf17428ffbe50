// Picks the bridge: under Electron an AvsalBridge over the preload's window.avsalIpc (whose
// calls resolve to {ok, result|error} envelopes), in a browser the HTTP client. Either way a
// failed call rejects with an AppError carrying code/message/details.
import type { ApiArgs, ApiMethod, ApiResult, AvsalBridge } from '../../../shared/api'
import type { AvsalIpc } from '../../../shared/ipc'
import { parseApiResponse, toApiError } from './apiError'
import { createHttpBridge } from './httpBridge'

export type HostKind = 'electron' | 'browser'

export interface ResolvedBridge {
  bridge: AvsalBridge
  host: HostKind
  /** absolute path of a dropped File (Electron's webUtils); undefined in a browser */
  pathForFile?: (file: File) => string
  /** native folder picker (Electron); undefined in a browser */
  pickDirectory?: () => Promise<string | null>
}

export function bridgeFromIpc(ipc: AvsalIpc): AvsalBridge {
  return {
    async call<M extends ApiMethod>(method: M, ...args: ApiArgs<M>): Promise<ApiResult<M>> {
      let envelope: unknown
      try {
        envelope = await ipc.invoke(method, args)
      } catch (err) {
        throw toApiError(err)
      }
      // same envelope as the HTTP host; IPC has no status code, 200 stands for "answered"
      return parseApiResponse(`IPC ${method}`, 200, envelope) as ApiResult<M>
    },
    onEvent: (listener) => ipc.onEvent(listener),
    mediaBase: ipc.mediaBase,
    mediaQuery: ''
  }
}

export function resolveBridge(): ResolvedBridge {
  const ipc = window.avsalIpc
  if (!ipc) return { bridge: createHttpBridge(), host: 'browser' }
  return {
    bridge: bridgeFromIpc(ipc),
    host: 'electron',
    pathForFile: (file) => ipc.pathForFile(file),
    pickDirectory: () => ipc.pickDirectory()
  }
}

/** URL of a media route (mediaRoutes.x(...)) through this bridge. */
export function mediaUrl(bridge: AvsalBridge, route: string): string {
  return bridge.mediaBase + route + bridge.mediaQuery
}
