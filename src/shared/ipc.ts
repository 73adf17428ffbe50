// What the preload exposes as window.avsalIpc. Errors do not keep their fields across the
// context bridge, so calls resolve to an envelope that the renderer unwraps into ApiError.
import type { ErrorBody } from './errors'
import type { AppEvent } from './types'

export type IpcEnvelope = { ok: true; result: unknown } | { ok: false; error: ErrorBody }

export interface AvsalIpc {
  invoke(method: string, args: unknown[]): Promise<IpcEnvelope>
  onEvent(listener: (event: AppEvent) => void): () => void
  /** native folder picker; null when cancelled */
  pickDirectory(): Promise<string | null>
  /** absolute path of a dropped file or folder */
  pathForFile(file: File): string
  mediaBase: string
}

export const IPC_CHANNELS = {
  call: 'avsal:call',
  event: 'avsal:event',
  pickDirectory: 'avsal:pick-directory'
} as const

export const MEDIA_SCHEME = 'avsal-media'
