// The Electron host's wiring, with `electron` mocked (no binary here; importing the real module
// would start a download): a sandboxed, context-isolated window, the IPC envelope, the media
// protocol with Range, and the menu.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it, vi } from 'vitest'

const state = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; sent: unknown[] }[],
  ipcHandlers: new Map<string, (...args: unknown[]) => unknown>(),
  protocolHandler: null as null | ((request: Request) => Promise<Response>),
  privileged: [] as unknown[],
  dataDir: '',
  /** what the host's whenReady().then(...) callback returned: settles once startup is done */
  started: null as Promise<unknown> | null
}))

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = {
      setWindowOpenHandler: vi.fn(),
      on: vi.fn(),
      send: (...args: unknown[]) => this.record.sent.push(args)
    }
    private record: { options: Record<string, unknown>; sent: unknown[] }
    constructor(options: Record<string, unknown>) {
      this.record = { options, sent: [] }
      state.windows.push(this.record)
    }
    on = vi.fn()
    loadURL = vi.fn(async () => undefined)
    loadFile = vi.fn(async () => undefined)
    show = vi.fn()
    static getAllWindows = () => state.windows
  }
  return {
    app: {
      // keep the promise of the host's ready handler, so the test can wait for exactly that
      whenReady: () => ({
        then: (onReady: () => unknown) => (state.started = Promise.resolve().then(onReady))
      }),
      getPath: () => state.dataDir,
      on: vi.fn(),
      quit: vi.fn(),
      exit: vi.fn()
    },
    BrowserWindow,
    dialog: { showOpenDialog: vi.fn(), showErrorBox: vi.fn() },
    ipcMain: { handle: (channel: string, fn: (...args: unknown[]) => unknown) => state.ipcHandlers.set(channel, fn) },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => state.privileged.push(...schemes),
      handle: (_scheme: string, fn: (request: Request) => Promise<Response>) => {
        state.protocolHandler = fn
      }
    },
    shell: { openExternal: vi.fn() },
    utilityProcess: {
      fork: () => {
        throw new Error('utilityProcess must not start in unit tests')
      }
    }
  }
})

beforeAll(async () => {
  state.dataDir = mkdtempSync(join(tmpdir(), 'avsal-electron-unit-'))
  delete process.env.AVSAL_DATA_DIR
  await import('../../../src/main/hosts/electron')
  // the host's startup runs in whenReady().then(...); a throw there fails here with its reason
  if (!state.started) throw new Error('the Electron host never called app.whenReady().then(...)')
  await state.started
})

describe('Electron main', () => {
  it('registers avsal-media as a privileged, streaming, fetchable scheme', () => {
    expect(state.privileged).toEqual([
      expect.objectContaining({ scheme: 'avsal-media', privileges: expect.objectContaining({ standard: true, secure: true, stream: true }) })
    ])
  })

  it('opens one window with contextIsolation, sandbox and no nodeIntegration', () => {
    expect(state.windows).toHaveLength(1)
    const prefs = state.windows[0].options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false })
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.js$/)
  })

  it('answers API calls over IPC with an envelope that keeps error codes', async () => {
    const call = state.ipcHandlers.get('avsal:call')
    expect(call).toBeTypeOf('function')
    const ok = (await call?.({}, 'appInfo', [])) as { ok: boolean; result: { host: string; dbPath: string } }
    expect(ok.ok).toBe(true)
    expect(ok.result.host).toBe('electron')
    expect(ok.result.dbPath).toBe(join(state.dataDir, 'avsal.db'))
    const bad = (await call?.({}, 'openDataset', ['/definitely/not/here'])) as { ok: boolean; error: { code: string } }
    expect(bad).toMatchObject({ ok: false, error: { code: 'not-found' } })
    const unknown = (await call?.({}, 'rm -rf', [])) as { ok: boolean; error: { code: string } }
    expect(unknown.error.code).toBe('unknown-method')
  })

  it('serves media through the protocol handler: unknown ids 404, traversal 403', async () => {
    const handler = state.protocolHandler
    expect(handler).not.toBeNull()
    const missing = await handler?.(new Request('avsal-media://media/frame/424242/0'))
    expect(missing?.status).toBe(404)
    const call = state.ipcHandlers.get('avsal:call')
    const root = mkdtempSync(join(tmpdir(), 'avsal-electron-ds-'))
    const { spawnSync } = await import('node:child_process')
    spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=10', '-t', '1', join(root, 'clip.mp4')])
    const opened = (await call?.({}, 'openDataset', [root])) as { ok: boolean; result: { id: number } }
    expect(opened.ok).toBe(true)
    const traversal = await handler?.(new Request(`avsal-media://media/file/${opened.result.id}/..%2F..%2Fetc%2Fpasswd`))
    expect(traversal?.status).toBe(403)
    const ranged = await handler?.(new Request(`avsal-media://media/file/${opened.result.id}/clip.mp4`, { headers: { Range: 'bytes=0-9' } }))
    expect(ranged?.status).toBe(206)
    expect((await ranged?.arrayBuffer())?.byteLength).toBe(10)
  })
})
