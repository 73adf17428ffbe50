// Sandboxed preload: exposes only the narrow AvsalIpc surface, never ipcRenderer itself.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron'
import { IPC_CHANNELS, MEDIA_SCHEME, type AvsalIpc, type IpcEnvelope } from '../shared/ipc'
import type { AppEvent } from '../shared/types'

const bridge: AvsalIpc = {
  invoke: (method, args) => ipcRenderer.invoke(IPC_CHANNELS.call, method, args) as Promise<IpcEnvelope>,
  onEvent(listener) {
    const handler = (_event: IpcRendererEvent, payload: AppEvent): void => listener(payload)
    ipcRenderer.on(IPC_CHANNELS.event, handler)
    return () => ipcRenderer.removeListener(IPC_CHANNELS.event, handler)
  },
  pickDirectory: () => ipcRenderer.invoke(IPC_CHANNELS.pickDirectory) as Promise<string | null>,
  pathForFile: (file) => webUtils.getPathForFile(file),
  mediaBase: `${MEDIA_SCHEME}://media`
}

contextBridge.exposeInMainWorld('avsalIpc', bridge)
