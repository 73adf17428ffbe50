// The UI in Debian's Chromium against the real headless host: open, scrub with the keyboard,
// and check on the painted pixels that every panel shows frame i with exactly map i.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { indexFromCode, makeSyntheticDataset, SYNTH } from '../fixtures/e2e/syntheticDataset'
import { dataPath, itWithData } from '../support/sharedData'
import { chromiumAvailable, launchChromium, CHROMIUM } from './support/browser'
import { startHost, type RunningHost, REPO } from './support/host'
import { canvasLevels, openDatasetInUi, panel, selectVideo, setPanelCount, waitForPainted } from './support/ui'

const SHOTS = join(REPO, 'test-results', 'screens')
if (!chromiumAvailable()) console.warn(`skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`)

let host: RunningHost
let browser: Browser
let page: Page
let root: string
/** uncaught exceptions in the page; the last test requires none */
const pageErrors: string[] = []

async function shot(name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: join(SHOTS, `${name}.png`) })
}

/**
 * Frame indices read back from the pixels, in one task: panel 0's frame block and GT-map block
 * (the map is 0 over the frame block, so the frame shows through there) and panel 1's frame block.
 */
async function paintedIndices(): Promise<{ frame: number; map: number }> {
  const [frame0, map0, frame1] = await canvasLevels(page, SYNTH, [
    { panel: 0, square: SYNTH.frameBlock },
    { panel: 0, square: SYNTH.mapBlock },
    { panel: 1, square: SYNTH.frameBlock }
  ])
  // the two panels show the same frame
  expect(indexFromCode(frame1)).toBe(indexFromCode(frame0))
  return { frame: indexFromCode(frame0), map: indexFromCode(map0) }
}

async function expectConsistent(expected?: number): Promise<number> {
  const current = Number(await page.locator('canvas[data-testid="panel-0"]').getAttribute('data-frame'))
  if (expected !== undefined) expect(current).toBe(expected)
  expect(await page.locator('canvas[data-testid="panel-0"]').getAttribute('data-map-frame')).toBe(String(current))
  expect(await paintedIndices()).toEqual({ frame: current, map: current })
  return current
}

describe.skipIf(!chromiumAvailable())('browser end-to-end (headless host + Chromium)', () => {
  beforeAll(async () => {
    root = join(mkdtempSync(join(tmpdir(), 'avsal-ui-')), 'synth')
    makeSyntheticDataset(root)
    host = await startHost()
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    page.on('pageerror', (err) => pageErrors.push(err.message))
    await page.goto(host.launchUrl)
  })

  afterAll(async () => {
    await browser?.close()
    await host?.stop()
    if (root) rmSync(join(root, '..'), { recursive: true, force: true })
  })

  it('shows a specific error for a folder with no recognisable layout', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'avsal-ui-empty-'))
    writeFileSync(join(empty, 'notes.txt'), 'no dataset here')
    await page.getByTestId('dataset-path').fill(empty)
    await page.getByTestId('open-dataset').click()
    const banner = page.getByTestId('error-banner')
    await banner.waitFor()
    expect(await banner.getAttribute('data-code')).toBe('no-layout')
    await shot('error-no-layout')
  })

  it('opens the synthetic DHF1K dataset (XviD decoded by ffmpeg) and says which layout it found', async () => {
    await openDatasetInUi(page, root)
    expect(await page.getByTestId('dataset-info').getAttribute('data-layout')).toBe('dhf1k')
    await selectVideo(page, '0001')
    await setPanelCount(page, 2)
    // panel 0: GT map in gray, flat alpha, full opacity → overlay pixels are the map values
    const p0 = panel(page, 0)
    await p0.getByTestId('layer-select').selectOption('gt')
    await p0.getByTestId('colormap-select').selectOption('gray')
    await p0.getByTestId('alpha-mode').selectOption('flat')
    await p0.getByTestId('opacity').fill('1')
    // panel 1: frame only
    await panel(page, 1).getByTestId('layer-select').selectOption({ index: 0 })
    await waitForPainted(page, 0)
    await expectConsistent(0)
  })

  it('steps with → / ← / Shift+→ / End / Home and paints frame i with map i in every panel', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    for (let i = 1; i <= 6; i++) {
      await page.keyboard.press('ArrowRight')
      await waitForPainted(page, i)
      await expectConsistent(i)
    }
    await page.keyboard.press('Shift+ArrowRight')
    await waitForPainted(page, 16)
    await expectConsistent(16)
    await page.keyboard.press('ArrowLeft')
    await waitForPainted(page, 15)
    await expectConsistent(15)
    await page.keyboard.press('End')
    await waitForPainted(page, SYNTH.frames - 1)
    await expectConsistent(SYNTH.frames - 1)
    await shot('synthetic-last-frame')
    await page.keyboard.press('Home')
    await waitForPainted(page, 0)
    await expectConsistent(0)
  })

  it('jumps to a typed frame number', async () => {
    await page.getByTestId('goto-frame').fill('27')
    await page.getByTestId('goto-frame').press('Enter')
    await waitForPainted(page, 27)
    await expectConsistent(27)
  })

  it('plays and pauses with Space and never shows a frame with another frame’s map', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Home')
    await waitForPainted(page, 0)
    const play = page.getByTestId('play')
    await page.keyboard.press('Space')
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="play"]')?.dataset.playing === 'true')
    // mid-playback samples, each taken once a newer frame is painted: whatever is on screen must
    // be self-consistent, and playback must move forward
    const seen: number[] = []
    let last = 0
    for (let k = 0; k < 4; k++) {
      const advanced = await page.waitForFunction(
        (previous) => {
          const c = document.querySelector<HTMLCanvasElement>('canvas[data-testid="panel-0"]')
          const playing = document.querySelector<HTMLElement>('[data-testid="play"]')?.dataset.playing === 'true'
          return Number(c?.dataset.frame) > previous || !playing
        },
        last,
        { timeout: 10_000 }
      )
      await advanced.dispose()
      const sample = await paintedIndices()
      expect(sample.frame).toBe(sample.map)
      if (sample.frame <= last) break // reached the end and stopped
      seen.push(sample.frame)
      last = sample.frame
    }
    expect(seen.length, `frames painted during playback: ${seen.join(', ')}`).toBeGreaterThanOrEqual(2)
    // pause unless it already stopped at the last frame (Space there would start over)
    if ((await play.getAttribute('data-playing')) === 'true') await page.keyboard.press('Space')
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="play"]')?.dataset.playing === 'false')
    // paused: the counter holds the frame it stopped on; wait until every panel has painted it
    const counter = await page.getByTestId('frame-counter').textContent()
    const stoppedAt = Number(/^\s*(\d+)\s*\//.exec(counter ?? '')?.[1])
    expect(stoppedAt, `frame counter "${counter}"`).toBeGreaterThan(0)
    await waitForPainted(page, stoppedAt)
    await expectConsistent(stoppedAt)
  })

  itWithData('ucf-sports', 'opens the real UCF-Sports sample with 3 synchronized panels', async () => {
    await openDatasetInUi(page, dataPath('ucf-sports'))
    expect(await page.getByTestId('dataset-info').getAttribute('data-layout')).toBe('vinet')
    await expect(page.getByTestId('video-item').filter({ hasText: 'Diving-Side-001' }).count()).resolves.toBe(1)
    await selectVideo(page, 'Diving-Side-001')
    await setPanelCount(page, 3)
    await panel(page, 0).getByTestId('layer-select').selectOption('gt')
    await panel(page, 2).getByTestId('layer-select').selectOption('gt')
    await panel(page, 2).getByTestId('overlay-mode').selectOption({ index: 1 })
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    for (let i = 1; i <= 12; i++) await page.keyboard.press('ArrowRight')
    await waitForPainted(page, 12)
    expect(await page.getByTestId('frame-counter').textContent()).toMatch(/12\s*\/\s*54/)
    await shot('ucf-three-panels')
  })

  it('raised no uncaught exception in the page', () => {
    expect(pageErrors).toEqual([])
  })
})
