// The desktop window through Playwright's Electron driver. Runs only where an Electron binary
// exists (ELECTRON_EXEC_PATH, or one already downloaded into node_modules/electron/dist); the
// build machines have none, and launching without an explicit path would try to download it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { _electron as electron } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { makeSyntheticDataset, SYNTH } from '../fixtures/e2e/syntheticDataset'
import { REPO } from './support/host'
import { openDatasetInUi, selectVideo, waitForPainted } from './support/ui'

function findElectron(): string | null {
  if (process.env.ELECTRON_EXEC_PATH && existsSync(process.env.ELECTRON_EXEC_PATH)) return process.env.ELECTRON_EXEC_PATH
  const downloaded = join(REPO, 'node_modules', 'electron', 'dist', process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron')
  return existsSync(downloaded) ? downloaded : null
}

const ELECTRON = findElectron()
if (!ELECTRON) console.warn('skipped: no Electron binary (set ELECTRON_EXEC_PATH to run the desktop-window tests)')
const TITLE = ELECTRON ? 'Electron window' : 'Electron window — skipped: no Electron binary'

describe.skipIf(!ELECTRON)(TITLE, () => {
  it('opens a sandboxed window whose renderer only sees the narrow bridge, and scrubs an XviD video', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'avsal-electron-'))
    const root = makeSyntheticDataset(join(dataDir, 'synth'))
    const app = await electron.launch({
      executablePath: ELECTRON as string,
      args: [REPO, '--no-sandbox'],
      env: { ...process.env, AVSAL_DATA_DIR: join(dataDir, 'data') }
    })
    try {
      const page = await app.firstWindow()
      const surface = await page.evaluate(() => ({
        bridge: typeof (window as unknown as { avsalIpc?: unknown }).avsalIpc,
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process
      }))
      expect(surface).toEqual({ bridge: 'object', require: 'undefined', process: 'undefined' })
      await openDatasetInUi(page, root)
      await selectVideo(page, '0001')
      await page.keyboard.press('End')
      await waitForPainted(page, SYNTH.frames - 1)
      await page.screenshot({ path: join(REPO, 'test-results', 'screens', 'electron-window.png') })
    } finally {
      await app.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
