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

  const jobIds = (): Promise<string[]> =>
    page.getByTestId('job-row').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.jobId ?? ''))

  /** Starts an evaluation from the panel and returns the final status of the job it added. */
  async function evaluate(predDir: string): Promise<string | undefined> {
    const before = await jobIds()
    await page.getByTestId('eval-pred-dir').fill(predDir)
    await page.getByTestId('eval-start').click()
    const added = await page.waitForFunction(
      (known) => [...document.querySelectorAll<HTMLElement>('[data-testid="job-row"]')].map((r) => r.dataset.jobId).find((id) => id && !known.includes(id)),
      before
    )
    const jobId = (await added.jsonValue()) as string
    await added.dispose()
    // a queued job is not running yet either: wait for a final status of this job
    await page.waitForFunction(
      (id) => ['done', 'failed', 'cancelled', 'interrupted'].includes(document.querySelector<HTMLElement>(`[data-testid="job-row"][data-job-id="${id}"]`)?.dataset.status ?? ''),
      jobId,
      { timeout: 60_000 }
    )
    return (await page.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`).getAttribute('data-status')) ?? undefined
  }

  it('runs two evaluations from the Evaluate panel and shows them done', async () => {
    expect(await evaluate(join(root, '..', 'pred-gt'))).toBe('done')
    expect(await evaluate(join(root, '..', 'pred-shift'))).toBe('done')
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
    // the list loads after the tab opens: wait for both runs rather than counting what is there
    await rows.nth(1).waitFor()
    await rows.first().click()
    await page.getByTestId('results-table').waitFor()
    const compare = page.getByTestId('run-compare')
    await compare.nth(0).check()
    await compare.nth(1).check()
    const table = page.locator('[data-testid="comparison-table"][data-runs="2"]')
    await table.waitFor()
    // data-best is written as "true" / "false" on every cell, so only "true" marks a best value
    const best = table.locator('td[data-best="true"]')
    expect(await best.count()).toBeGreaterThan(0)
    expect(await best.locator('strong').count()).toBe(await best.count())
    // the two runs differ: GT-as-prediction has CC 1 and is the best CC, the shifted block less
    const text = await table.textContent()
    expect(text).toMatch(/pred-shift/)
    expect(text).toMatch(/1\.000/)
    const bestCcRow = table.locator('tbody tr', { has: page.locator('td[data-metric="CC"][data-best="true"]') })
    expect(await bestCcRow.count()).toBe(1)
    expect(await bestCcRow.textContent()).toMatch(/pred-gt/)
    await page.screenshot({ path: join(SHOTS, 'evaluation-runs.png'), fullPage: true })
  })
})
