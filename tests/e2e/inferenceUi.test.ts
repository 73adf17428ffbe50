// Running a model from the Run model panel in Chromium: the model menu and what it shows, a
// clear refusal for ViNet without usable weights, a center-bias run with progress to done, its
// prediction layer picked and painted in a viewer panel, and the run listed with its runtime.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SYNTH } from '../fixtures/e2e/syntheticDataset'
import { chromiumAvailable } from './support/browser'
import { REPO } from './support/host'
import { openSyntheticSession, type UiSession } from './support/session'
import { panel } from './support/ui'

const SHOTS = join(REPO, 'test-results', 'screens')
/** job statuses after which nothing changes (queued and stopping are not running either) */
const FINAL = ['done', 'failed', 'cancelled', 'interrupted', 'stopped-resumable']

describe.skipIf(!chromiumAvailable())('running a model from the browser', () => {
  let session: UiSession
  let page: Page
  let root: string

  beforeAll(async () => {
    session = await openSyntheticSession('avsal-inferui-')
    page = session.page
    root = session.root
    await page.getByTestId('run-model-panel').waitFor()
    // the model list arrives after mount
    await page.waitForFunction(() => (document.querySelector<HTMLSelectElement>('[data-testid="infer-model"]')?.options.length ?? 0) > 1)
  })

  afterAll(async () => {
    await session?.close()
  })

  const inferRows = () => page.getByTestId('infer-job-list').getByTestId('job-row')

  it('lists the models and shows the weights and audio fields only where a model takes them', async () => {
    const names = await page.getByTestId('infer-model').locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))
    expect(names).toEqual(expect.arrayContaining(['vinet', 'avinet-bilinear', 'stavis', 'center-bias']))

    await page.getByTestId('infer-model').selectOption('center-bias')
    const info = page.getByTestId('infer-model-info')
    expect(await info.getAttribute('data-needs-weights')).toBe('false')
    expect(await info.getAttribute('data-needs-audio')).toBe('false')
    expect(await info.textContent()).toMatch(/parameter-free/)
    expect(await page.getByTestId('infer-weights').count()).toBe(0)
    expect(await page.getByTestId('infer-audio').count()).toBe(0)

    await page.getByTestId('infer-model').selectOption('avinet-bilinear')
    expect(await info.getAttribute('data-needs-audio')).toBe('true')
    expect(await page.getByTestId('infer-audio').inputValue()).toBe('real')
    expect(await page.getByTestId('infer-weights').isVisible()).toBe(true)
    expect(await page.getByTestId('infer-runtime').inputValue()).toBe('ort')
  })

  it('says clearly that ViNet needs weights, and shows the host refusing a checkpoint that does not exist', async () => {
    await page.getByTestId('infer-model').selectOption('vinet')
    await page.getByTestId('infer-weights').fill('')
    expect(await page.getByTestId('infer-problems').textContent()).toMatch(/vinet needs weights: a checkpoint path/)
    expect(await page.getByTestId('infer-start').isDisabled()).toBe(true)

    const missing = join(root, '..', 'no-such-checkpoint.pt')
    await page.getByTestId('infer-weights').fill(missing)
    // the problem list goes once a path is typed (waits for the re-render instead of counting at once)
    await page.getByTestId('infer-problems').waitFor({ state: 'detached', timeout: 5_000 })
    await page.getByTestId('infer-start').click()
    const banner = page.getByTestId('error-banner').filter({ hasText: 'checkpoint not found' })
    await banner.waitFor()
    expect(await banner.textContent()).toContain(missing)
    expect(await inferRows().count()).toBe(0)
  })

  it('runs center-bias to done with frame progress, then paints its prediction layer in a panel', async () => {
    await page.getByTestId('infer-model').selectOption('center-bias')
    await page.getByTestId('infer-label').fill('center-bias e2e')
    await page.getByTestId('infer-start').click()
    await inferRows().first().waitFor()
    const row = inferRows().first()
    await page.waitForFunction(
      (final) => final.includes(document.querySelector<HTMLElement>('[data-testid="infer-job-list"] [data-testid="job-row"]')?.dataset.status ?? ''),
      FINAL,
      { timeout: 120_000 }
    )
    expect(await row.getAttribute('data-status')).toBe('done')
    expect(await row.getByTestId('job-progress-text').textContent()).toBe(`${SYNTH.frames} / ${SYNTH.frames} frames · done`)
    expect(await row.getAttribute('data-run-id')).toMatch(/^[0-9a-f-]{36}$/)

    // the finished run reloaded the viewer's layers: its layer is offered in the panels' menus
    const show = page.getByTestId('infer-show-layer').first()
    await show.waitFor()
    const layerId = await show.getAttribute('data-layer-id')
    if (!layerId) throw new Error('the layer update names no layer id')
    const select = panel(page, 1).getByTestId('layer-select')
    const offered = await select.locator('option').evaluateAll((options) => options.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? '']))
    const option = offered.find(([value]) => value === layerId)
    expect(option?.[1]).toMatch(/^center-bias · visual · no weights/)

    await select.selectOption(layerId)
    await page.keyboard.press('Escape')
    for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight')
    const canvas = page.getByTestId('panel-1')
    await page.waitForFunction(
      (id) => {
        const c = document.querySelector<HTMLCanvasElement>('canvas[data-testid="panel-1"]')
        return c?.dataset.layer === id && c.dataset.frame === '7' && c.dataset.mapFrame === c.dataset.frame
      },
      layerId,
      { timeout: 30_000 }
    )
    expect(await canvas.getAttribute('data-layer')).toBe(layerId)
    expect(await canvas.getAttribute('data-map-frame')).toBe(await canvas.getAttribute('data-frame'))

    // a centre-bias map under the jet colormap (alpha by value): red in the middle, the frame's
    // own gray showing through at the top edge
    const [centre, edge] = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('canvas[data-testid="panel-1"]')
      const ctx = c?.getContext('2d')
      if (!c || !ctx) throw new Error('no panel-1 canvas')
      const redMinusBlue = (x: number, y: number): number => {
        const d = ctx.getImageData(Math.round(x - 4), Math.round(y - 4), 8, 8).data
        let sum = 0
        for (let i = 0; i < d.length; i += 4) sum += d[i] - d[i + 2]
        return sum / (d.length / 4)
      }
      return [redMinusBlue(c.width / 2, c.height / 2), redMinusBlue(c.width / 2, c.height * 0.04)]
    })
    expect(centre).toBeGreaterThan(60)
    expect(centre).toBeGreaterThan(edge + 40)

    mkdirSync(SHOTS, { recursive: true })
    await page.screenshot({ path: join(SHOTS, 'inference-layer.png'), fullPage: true })
  })

  it('lists the run in the Runs view with its model, runtime and audio condition', async () => {
    await page.getByTestId('tab-runs').click()
    const row = page.getByTestId('infer-run-row').filter({ hasText: 'center-bias e2e' })
    await row.waitFor()
    expect(await row.getAttribute('data-status')).toBe('done')
    expect(await row.getAttribute('data-model')).toBe('center-bias')
    expect(await row.getAttribute('data-runtime')).toMatch(/^onnxruntime-node/)
    expect(await row.getAttribute('data-audio')).toBe('visual only')
    await page.screenshot({ path: join(SHOTS, 'inference-runs.png'), fullPage: true })
    await page.getByTestId('tab-viewer').click()
  })

  it('shows a ViNet run (synthetic weights) with frames, rate and ETA, and cancels it from its row', async () => {
    await page.getByTestId('infer-model').selectOption('vinet')
    await page.getByTestId('infer-weights').fill('synthetic')
    await page.getByTestId('infer-threads').fill('1')
    await page.getByTestId('infer-label').fill('vinet cancel e2e')
    await page.getByTestId('infer-start').click()
    const running = page.getByTestId('infer-job-list').locator('[data-testid="job-row"][data-status="running"]')
    await running.waitFor()
    const jobId = await running.getAttribute('data-job-id')
    const row = page.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`)
    // frames come once the graph is built and the first clip has run
    await page.waitForFunction(
      (id) => /^\d+ \/ 40 frames · [\d.]+ frames\/s · ETA /.test(document.querySelector(`[data-job-id="${id}"] [data-testid="job-progress-text"]`)?.textContent ?? ''),
      jobId,
      { timeout: 120_000 }
    )
    await row.getByTestId('job-cancel').click()
    await page.waitForFunction(
      ([id, final]) => final.includes(document.querySelector<HTMLElement>(`[data-testid="job-row"][data-job-id="${id}"]`)?.dataset.status ?? ''),
      [jobId, FINAL] as const,
      { timeout: 60_000 }
    )
    expect(await row.getAttribute('data-status')).toBe('cancelled')
    expect(await row.getByTestId('job-progress-text').textContent()).toMatch(/^cancelled at \d+ \/ 40 frames$/)
    const update = page.getByTestId('infer-layer-update')
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="infer-layer-update"]')?.dataset.status === 'cancelled')
    expect(await update.textContent()).toMatch(/Cancelled: no new layer for 0001/)
    await page.screenshot({ path: join(SHOTS, 'inference-cancelled.png'), fullPage: true })

    await page.getByTestId('tab-runs').click()
    const logged = page.getByTestId('infer-run-row').filter({ hasText: 'vinet cancel e2e' })
    await logged.waitFor()
    expect(await logged.getAttribute('data-status')).toBe('cancelled')
    expect(await logged.getAttribute('data-model')).toBe('vinet')
    await page.getByTestId('tab-viewer').click()
  })
})
