// Page helpers for driving the renderer the way a researcher does.
import type { Page } from 'playwright-core'

export async function openDatasetInUi(page: Page, root: string): Promise<void> {
  const detail = page.getByTestId('layout-detail')
  const before = (await detail.count()) > 0 ? await detail.textContent() : null
  await page.getByTestId('dataset-path').fill(root)
  await page.getByTestId('open-dataset').click()
  await page.waitForFunction(
    (previous) => {
      const el = document.querySelector('[data-testid="layout-detail"]')
      return el !== null && el.textContent !== previous
    },
    before,
    { timeout: 60_000 }
  )
}

export async function selectVideo(page: Page, name: string): Promise<void> {
  await page.getByTestId('video-item').filter({ hasText: name }).first().click()
  await page.getByTestId('viewer').waitFor()
  await waitForPainted(page, 0)
}

export async function setPanelCount(page: Page, count: number): Promise<void> {
  while ((await page.locator('section.panel').count()) < count) await page.getByTestId('add-panel').click()
  while ((await page.locator('section.panel').count()) > count) {
    await page.locator('section.panel').last().getByRole('button', { name: 'Remove panel' }).click()
  }
}

export function panel(page: Page, index: number) {
  return page.locator('section.panel').nth(index)
}

/** Waits until every panel reports frame `frame` painted (frame and its overlay). */
export async function waitForPainted(page: Page, frame: number, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    (f) => {
      const canvases = [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-testid^="panel-"]')]
      return canvases.length > 0 && canvases.every((c) => c.dataset.frame === String(f))
    },
    frame,
    { timeout }
  )
}

export interface Square {
  x: number
  y: number
  size: number
}

/**
 * Means of channel 0 over squares (video pixel coordinates) of several panels, all read in one
 * task so that no paint can land between the reads.
 */
export async function canvasLevels(
  page: Page,
  video: { width: number },
  probes: { panel: number; square: Square }[]
): Promise<number[]> {
  return page.evaluate(
    ({ videoWidth, probes }) =>
      probes.map(({ panel, square }) => {
        const canvas = document.querySelector<HTMLCanvasElement>(`canvas[data-testid="panel-${panel}"]`)
        if (!canvas) throw new Error(`no canvas panel-${panel}`)
        const scale = canvas.width / videoWidth
        const ctx = canvas.getContext('2d')
        if (!ctx) throw new Error('no 2d context')
        const inset = 10
        const x = Math.round((square.x + inset) * scale)
        const y = Math.round((square.y + inset) * scale)
        const size = Math.max(1, Math.round((square.size - 2 * inset) * scale))
        const data = ctx.getImageData(x, y, size, size).data
        let sum = 0
        for (let i = 0; i < data.length; i += 4) sum += data[i]
        return sum / (data.length / 4)
      }),
    { videoWidth: video.width, probes }
  )
}
