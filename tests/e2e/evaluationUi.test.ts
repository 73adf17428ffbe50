// The evaluation workflow in Chromium: start from the Evaluate panel, watch progress, see the
// per-frame timelines under the scrubber (click → seek), then the runs, results and comparison.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { codeFor, SYNTH } from '../fixtures/e2e/syntheticDataset'
import { grayPng } from '../unit/eval/helpers'
import { chromiumAvailable } from './support/browser'
import { REPO } from './support/host'
import { openSyntheticSession, type UiSession } from './support/session'

const SHOTS = join(REPO, 'test-results', 'screens')

describe.skipIf(!chromiumAvailable())('evaluation workflow in the browser', () => {
  let session: UiSession
  let page: Page
  let root: string

  beforeAll(async () => {
    // two prediction folders: the GT maps themselves, and a block shifted left by a growing offset
    session = await openSyntheticSession('avsal-evalui-', (root) => {
      cpSync(join(root, 'annotation', '0001', 'maps'), join(root, '..', 'pred-gt', '0001'), { recursive: true })
      mkdirSync(join(root, '..', 'pred-shift', '0001'), { recursive: true })
      const { x, y, size } = SYNTH.mapBlock
      for (let i = 0; i < SYNTH.frames; i++) {
        const dx = 8 + i
        const inside = (px: number, py: number): boolean => px >= x - dx && px < x - dx + size && py >= y && py < y + size
        writeFileSync(
          join(root, '..', 'pred-shift', '0001', `${String(i + 1).padStart(4, '0')}.png`),
          grayPng(SYNTH.width, SYNTH.height, (px, py) => (inside(px, py) ? codeFor(i) : 0))
        )
      }
    })
    page = session.page
    root = session.root
  })

  afterAll(async () => {
    await session?.close()
  })

  async function evaluate(predDir: string): Promise<void> {
    const before = await page.getByTestId('job-row').count()
    await page.getByTestId('eval-pred-dir').fill(predDir)
    await page.getByTestId('eval-start').click()
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="job-row"]').length > n, before)
    await page.waitForFunction(
      () => [...document.querySelectorAll<HTMLElement>('[data-testid="job-row"]')].every((r) => r.dataset.status !== 'running'),
      undefined,
      { timeout: 60_000 }
    )
  }

  it('runs two evaluations from the Evaluate panel and shows them done', async () => {
    await evaluate(join(root, '..', 'pred-gt'))
    await evaluate(join(root, '..', 'pred-shift'))
    const statuses = await page.getByTestId('job-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.status))
    expect(statuses.filter((s) => s === 'done').length).toBeGreaterThanOrEqual(2)
  })

  it('draws per-frame timelines under the scrubber and seeks when one is clicked', async () => {
    const chart = page.getByTestId('metric-chart').first()
    await chart.waitFor()
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid="metric-chart"]')?.dataset.runs ?? 0) >= 2)
    const box = await chart.boundingBox()
    if (!box) throw new Error('chart has no box')
    await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2)
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-current-frame]')?.dataset.currentFrame) > 20)
    mkdirSync(SHOTS, { recursive: true })
    await page.screenshot({ path: join(SHOTS, 'evaluation-timelines.png'), fullPage: true })
  })

  it('lists the runs, shows a sortable per-video table and a comparison table with the best values in bold', async () => {
    await page.getByTestId('tab-runs').click()
    await page.getByTestId('runs-list').waitFor()
    const rows = page.getByTestId('run-row')
    expect(await rows.count()).toBeGreaterThanOrEqual(2)
    await rows.first().click()
    await page.getByTestId('results-table').waitFor()
    const compare = page.getByTestId('run-compare')
    for (let i = 0; i < Math.min(2, await compare.count()); i++) await compare.nth(i).check()
    const table = page.getByTestId('comparison-table')
    await table.waitFor()
    expect(await table.locator('[data-best]').count()).toBeGreaterThan(0)
    // the two runs differ: GT-as-prediction has CC 1, the shifted block less
    const text = await table.textContent()
    expect(text).toMatch(/pred-shift/)
    expect(text).toMatch(/1\.000/)
    await page.screenshot({ path: join(SHOTS, 'evaluation-runs.png'), fullPage: true })
  })
})
