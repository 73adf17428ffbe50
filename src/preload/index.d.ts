// What the sandboxed preload exposes on window (contextBridge.exposeInMainWorld('avsalIpc', …)).
// Absent in a plain browser, where the renderer uses its HTTP bridge instead.
import type { AvsalIpc } from '../shared/ipc'

declare global {
  interface Window {
    avsalIpc?: AvsalIpc
  }
}

export {}
