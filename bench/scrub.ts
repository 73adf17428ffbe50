// Frame step → overlay painted, in Chromium, 3 panels on the UCF-Sports sample: the time from
// the key press to the moment every panel reports the new frame painted (data-frame attributes).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { launchChromium } from '../tests/e2e/support/browser'
import { startHost } from '../tests/e2e/support/host'
import { openDatasetInUi, panel, selectVideo, setPanelCount, waitForPainted } from '../tests/e2e/support/ui'
import { DATA, percentile, round } from './common'

export interface ScrubResult {
  panels: number
  steps: number
  p50Ms: number
  p95Ms: number
  maxMs: number
  /** the backward half: frames decoded once already (LRU-cached bitmaps) */
  revisitP50Ms: number
  revisitP95Ms: number
}

export async function benchScrub(steps = 100): Promise<ScrubResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'avsal-bench-scrub-'))
  const host = await startHost({ dataDir })
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } })
    await page.goto(host.launchUrl)
    await openDatasetInUi(page, join(DATA, 'ucf-sports'))
    await selectVideo(page, 'Diving-Side-001')
    await setPanelCount(page, 3)
    for (const i of [0, 2]) await panel(page, i).getByTestId('layer-select').selectOption('gt')
    await waitForPainted(page, 0)
    // In-page code as a string: tsx's keepNames helpers (__name) do not exist inside the page.
    const latencies = (await page.evaluate(`(async (count) => {
      const panels = () => [...document.querySelectorAll('canvas[data-testid^="panel-"]')]
      const painted = (frame) => panels().every((p) => p.dataset.frame === String(frame))
      const current = () => Number(document.querySelector('[data-current-frame]')?.dataset.currentFrame ?? 0)
      const out = []
      for (let i = 0; i < count; i++) {
        const from = current()
        const forward = Math.floor(i / 50) % 2 === 0
        const target = forward ? from + 1 : from - 1
        const t0 = performance.now()
        window.dispatchEvent(new KeyboardEvent('keydown', { key: forward ? 'ArrowRight' : 'ArrowLeft', bubbles: true }))
        // a MutationObserver fires right after the painter stamps the canvases, so the time is
        // the paint itself, not the next animation frame a polling loop would wait for
        await new Promise((resolve) => {
          if (painted(target)) return resolve()
          const observer = new MutationObserver(() => {
            if (painted(target)) {
              observer.disconnect()
              resolve()
            }
          })
          for (const canvas of panels()) observer.observe(canvas, { attributes: true, attributeFilter: ['data-frame'] })
        })
        out.push(performance.now() - t0)
      }
      return out
    })(${steps})`)) as number[]
    // steps 50–99 revisit frames already decoded once: their latencies show the paint cost alone
    const revisits = latencies.slice(Math.floor(steps / 2))
    return {
      panels: 3,
      steps,
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      maxMs: round(Math.max(...latencies)),
      revisitP50Ms: round(percentile(revisits, 50)),
      revisitP95Ms: round(percentile(revisits, 95))
    }
  } finally {
    await browser.close()
    await host.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
