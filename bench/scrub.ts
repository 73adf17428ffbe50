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
        await new Promise((resolve) => {
          const check = () => (painted(target) ? resolve() : requestAnimationFrame(check))
          check()
        })
        out.push(performance.now() - t0)
      }
      return out
    })(${steps})`)) as number[]
    return {
      panels: 3,
      steps,
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      maxMs: round(Math.max(...latencies))
    }
  } finally {
    await browser.close()
    await host.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
