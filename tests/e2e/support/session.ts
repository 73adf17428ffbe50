// One browser session on a synthetic dataset: the built headless host, Debian's Chromium, the
// dataset made at test time, opened in the UI with its video selected.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { makeSyntheticDataset } from '../../fixtures/e2e/syntheticDataset'
import { launchChromium } from './browser'
import { startHost, type RunningHost } from './host'
import { openDatasetInUi, selectVideo } from './ui'

export interface UiSession {
  host: RunningHost
  browser: Browser
  page: Page
  /** the synthetic dataset; its parent folder is the test's scratch space */
  root: string
  close(): Promise<void>
}

/** `prepare` runs after the dataset exists and before the browser opens it (e.g. to add prediction folders). */
export async function openSyntheticSession(prefix: string, prepare?: (root: string) => void): Promise<UiSession> {
  const root = join(mkdtempSync(join(tmpdir(), prefix)), 'synth')
  makeSyntheticDataset(root)
  prepare?.(root)
  const host = await startHost()
  const browser = await launchChromium()
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } })
  await page.goto(host.launchUrl)
  await openDatasetInUi(page, root)
  await selectVideo(page, '0001')
  return {
    host,
    browser,
    page,
    root,
    close: async () => {
      await browser.close()
      await host.stop()
      rmSync(join(root, '..'), { recursive: true, force: true })
    }
  }
}
