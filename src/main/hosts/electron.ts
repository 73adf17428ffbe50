// Electron host: one window, the avsal-media:// protocol, the API over IPC. Everything else
// lives in src/main/app, shared with the headless host and the CLI.
import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, shell, utilityProcess } from 'electron'
import { toErrorBody } from '../../shared/errors'
import { AppService, mediaFileResponse, packageInfo, resolveMedia, toWebResponse, type FromJob, type SpawnJob } from '../app'
import { IPC_CHANNELS, MEDIA_SCHEME, type IpcEnvelope } from '../../shared/ipc'

protocol.registerSchemesAsPrivileged([
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }
])

let service: AppService | null = null
let mainWindow: BrowserWindow | null = null

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    show: false,
    title: 'AVSal Workstation',
    backgroundColor: '#14161a',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true
    }
  })
  win.on('ready-to-show', () => win.show())
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:/.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith('file://') && !url.startsWith(process.env.ELECTRON_RENDERER_URL ?? '\0')) event.preventDefault()
  })
  if (process.env.ELECTRON_RENDERER_URL) void win.loadURL(process.env.ELECTRON_RENDERER_URL)
  else void win.loadFile(join(__dirname, '../renderer/index.html'))
  return win
}

function buildMenu(): void {
  const template: Electron.MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        {
          label: 'Open Dataset…',
          accelerator: 'CmdOrCtrl+O',
          click: () => mainWindow?.webContents.send(IPC_CHANNELS.event, { type: 'menu', action: 'open-dataset' })
        },
        { type: 'separator' },
        { role: 'quit' }
      ]
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' }
  ]
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

function registerIpc(api: AppService): void {
  ipcMain.handle(IPC_CHANNELS.call, async (_event, method: unknown, args: unknown): Promise<IpcEnvelope> => {
    try {
      return { ok: true, result: await api.call(String(method), args) }
    } catch (err) {
      return { ok: false, error: toErrorBody(err) }
    }
  })
  ipcMain.handle(IPC_CHANNELS.pickDirectory, async () => {
    const options: Electron.OpenDialogOptions = { properties: ['openDirectory'], title: 'Open a dataset folder' }
    const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options)
    return result.canceled ? null : (result.filePaths[0] ?? null)
  })
  api.events.on((event) => mainWindow?.webContents.send(IPC_CHANNELS.event, event))
}

/** Jobs run in an Electron utility process: a crash there never takes the window down. */
const spawnUtilityJob: SpawnJob = () => {
  const child = utilityProcess.fork(join(__dirname, 'job.js'), [], { serviceName: 'AVSal job', stdio: 'pipe' })
  const outputListeners: ((line: string) => void)[] = []
  const forward = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) if (line.trim()) outputListeners.forEach((l) => l(line))
  }
  child.stdout?.on('data', forward)
  child.stderr?.on('data', forward)
  return {
    post: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromJob)),
    // utilityProcess reports an exit code only; a crash shows as a non-zero code
    onExit: (listener) => child.on('exit', (code) => listener(code, null)),
    onOutput: (listener) => outputListeners.push(listener),
    kill: () => void child.kill()
  }
}

function registerMediaProtocol(api: AppService): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url)
    const target = await resolveMedia(api, url.pathname)
    if (target.kind === 'error') return new Response(target.message, { status: target.status })
    const response = await mediaFileResponse(target.path, request.headers.get('range') ?? undefined, {
      method: request.method,
      cacheControl: target.cacheControl
    })
    return toWebResponse(response)
  })
}

app.whenReady().then(() => {
  try {
    service = new AppService({
      // AVSAL_DATA_DIR lets tests and power users keep the log elsewhere
      dataDir: process.env.AVSAL_DATA_DIR || app.getPath('userData'),
      host: 'electron',
      version: packageInfo().version,
      spawnJob: spawnUtilityJob
    })
  } catch (err) {
    const body = toErrorBody(err)
    dialog.showErrorBox('AVSal Workstation cannot start', `[${body.code}] ${body.message}`)
    app.exit(1)
    return
  }
  service.startWatchingRoots()
  registerIpc(service)
  registerMediaProtocol(service)
  buildMenu()
  mainWindow = createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow()
  })
})

app.on('window-all-closed', () => {
  service?.close()
  service = null
  if (process.platform !== 'darwin') app.quit()
})
