// The run engine as the UI shows it, through the real headless host in Chromium: several
// center-bias runs submitted back to back wait in the device queue (one runs, the others say
// "queued — position N on <device>"), all end done, and the Runs view lists them with model and
// status; a bad frame range is refused in the form; a video gone from the folder is listed as
// missing and selecting it explains instead of raising errors.
import { cpSync, mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OPTION_MESSAGES } from '../../src/shared/schemas'
import { chromiumAvailable } from './support/browser'
import { apiCall, REPO } from './support/host'
import { openSyntheticSession, type UiSession } from './support/session'

const SHOTS = join(REPO, 'test-results', 'screens')
const FINAL = ['done', 'failed', 'cancelled', 'interrupted', 'stopped-resumable']
const JOBS = 4

/** One job row as the recorder in the page saw it at one moment. */
interface Seen {
  jobId: string
  status: string
  text: string
}

describe.skipIf(!chromiumAvailable())('run engine in the browser: queue, runs, frames, missing videos', () => {
  let session: UiSession
  let page: Page
  let root: string

  beforeAll(async () => {
    // a second video, so that one can go missing while the other still plays
    session = await openSyntheticSession('avsal-engineui-', (root) => {
      cpSync(join(root, 'video', '001.AVI'), join(root, 'video', '002.AVI'))
      cpSync(join(root, 'annotation', '0001'), join(root, 'annotation', '0002'), { recursive: true })
      // the GT maps as a prediction folder of both videos, to score under two audio conditions
      for (const video of ['0001', '0002']) cpSync(join(root, 'annotation', '0001', 'maps'), join(root, '..', 'pred', video), { recursive: true })
    })
    page = session.page
    root = session.root
    await page.getByTestId('run-model-panel').waitFor()
    await page.waitForFunction(() => (document.querySelector<HTMLSelectElement>('[data-testid="infer-model"]')?.options.length ?? 0) > 1)
    mkdirSync(SHOTS, { recursive: true })
  })

  afterAll(async () => {
    await session?.close()
  })

  const jobRows = () => page.getByTestId('infer-job-list').getByTestId('job-row')

  it('refuses a reversed frame range in the form, with the shared message, and takes a valid one', async () => {
    await page.getByTestId('infer-model').selectOption('center-bias')
    await page.getByTestId('infer-frames').fill('20-5')
    const problem = page.getByTestId('infer-frames-problem')
    await problem.waitFor()
    expect(await problem.textContent()).toBe(OPTION_MESSAGES.frames)
    expect(await page.getByTestId('infer-start').isDisabled()).toBe(true)
    await page.getByTestId('infer-frames').fill('0-9')
    await problem.waitFor({ state: 'detached' })
    expect(await page.getByTestId('infer-start').isDisabled()).toBe(false)
    await page.getByTestId('infer-frames').fill('')
  })

  it('queues center-bias runs submitted back to back: one runs, the others wait with their position, all end done', async () => {
    // the Runs view open beside the sidebar, so it follows the queue too
    await page.getByTestId('tab-runs').click()
    await page.getByTestId('infer-runs-list').waitFor()

    // every status and progress line each job row shows, recorded in the page as it changes
    await page.evaluate(() => {
      const seen: { jobId: string; status: string; text: string }[] = []
      const running: number[] = []
      ;(window as unknown as { __seen: typeof seen; __running: number[] }).__seen = seen
      ;(window as unknown as { __running: number[] }).__running = running
      const record = (): void => {
        const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="infer-job-list"] [data-testid="job-row"]')]
        running.push(rows.filter((r) => r.dataset.status === 'running').length)
        for (const row of rows) {
          const entry = {
            jobId: row.dataset.jobId ?? '',
            status: row.dataset.status ?? '',
            text: row.querySelector('[data-testid="job-progress-text"]')?.textContent ?? ''
          }
          const last = seen.findLast((s) => s.jobId === entry.jobId)
          if (!last || last.status !== entry.status || last.text !== entry.text) seen.push(entry)
        }
      }
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true })
    })

    const labels = Array.from({ length: JOBS }, (_, i) => `queue e2e ${i + 1}`)
    for (const label of labels) {
      await page.getByTestId('infer-label').fill(label)
      // the button is disabled while the previous start is in flight; click waits for it
      await page.getByTestId('infer-start').click()
    }
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="infer-job-list"] [data-testid="job-row"]').length >= n, JOBS)

    // the moment the queue is visible: screenshot the job list and the Runs view beside it
    const queuedVisible = await page
      .waitForFunction(() => document.querySelectorAll('[data-testid="infer-job-list"] [data-testid="job-row"][data-status="queued"]').length >= 1, null, {
        timeout: 10_000,
        polling: 'raf'
      })
      .then(() => true)
      .catch(() => false)
    if (queuedVisible) {
      await page.getByTestId('infer-job-list').scrollIntoViewIfNeeded()
      await page.getByTestId('infer-job-list').screenshot({ path: join(SHOTS, 'run-engine-queued-jobs.png') })
      await page.screenshot({ path: join(SHOTS, 'run-engine-queued.png') })
    }

    await page.waitForFunction(
      ([n, final]) => {
        const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="infer-job-list"] [data-testid="job-row"]')]
        return rows.length >= n && rows.every((r) => final.includes(r.dataset.status ?? ''))
      },
      [JOBS, FINAL] as const,
      { timeout: 180_000 }
    )
    const statuses = await jobRows().evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.status))
    expect(statuses).toEqual(Array(JOBS).fill('done'))

    const seen = await page.evaluate(() => (window as unknown as { __seen: Seen[] }).__seen)
    const maxRunning = await page.evaluate(() => Math.max(0, ...(window as unknown as { __running: number[] }).__running))
    const queued = seen.filter((s) => s.status === 'queued')
    // heavy jobs run one at a time on their device
    expect(maxRunning).toBe(1)
    // the queue was seen, with its words: position and device
    expect(queuedVisible).toBe(true)
    expect(new Set(queued.map((s) => s.jobId)).size).toBeGreaterThanOrEqual(2)
    for (const s of queued) expect(s.text).toMatch(/^queued( — position \d+)?( on \S+)?$/)
    expect(queued.some((s) => /^queued — position [1-9]\d* on \S+$/.test(s.text))).toBe(true)
    // a job's position only moves forward while it waits
    for (const jobId of new Set(queued.map((s) => s.jobId))) {
      const positions = queued.filter((s) => s.jobId === jobId).map((s) => Number(/position (\d+)/.exec(s.text)?.[1] ?? Number.NaN)).filter(Number.isFinite)
      expect(positions).toEqual([...positions].sort((a, b) => b - a))
    }
    // every job went through running to done
    for (const jobId of new Set(seen.map((s) => s.jobId))) {
      const path = seen.filter((s) => s.jobId === jobId).map((s) => s.status)
      expect(path).toContain('running')
      expect(path.at(-1)).toBe('done')
    }

    // the Runs view follows: every run done, with its model and audio condition
    for (const label of labels) {
      const row = page.getByTestId('infer-run-row').filter({ hasText: label })
      await page.waitForFunction(
        (text) =>
          [...document.querySelectorAll<HTMLElement>('[data-testid="infer-run-row"]')].some((r) => r.textContent?.includes(text) && r.dataset.status === 'done'),
        label,
        { timeout: 30_000 }
      )
      expect(await row.getAttribute('data-model')).toBe('center-bias')
      expect(await row.getAttribute('data-audio')).toBe('visual only')
    }
    await page.screenshot({ path: join(SHOTS, 'run-engine-runs.png') })
    await page.getByTestId('tab-viewer').click()
  })

  it('stops a ViNet run after its current step, then resumes it from the Runs view to done', async () => {
    await page.getByTestId('infer-model').selectOption('vinet')
    await page.getByTestId('infer-weights').fill('synthetic')
    await page.getByTestId('infer-threads').fill('1')
    await page.getByTestId('infer-frames').fill('0-3')
    await page.getByTestId('infer-label').fill('stop resume e2e')
    await page.getByTestId('infer-start').click()
    const running = page.getByTestId('infer-job-list').locator('[data-testid="job-row"][data-status="running"]')
    await running.waitFor({ timeout: 60_000 })
    const jobId = await running.getAttribute('data-job-id')
    const runId = await running.getAttribute('data-run-id')
    if (!jobId || !runId) throw new Error('the running row names no job or run')
    const row = page.locator(`[data-testid="job-row"][data-job-id="${jobId}"]`)
    // stop once the first maps are written (the frame range over both videos is 8 frames)
    await page.waitForFunction(
      (id) => /^[1-9]\d* \/ 8 frames/.test(document.querySelector(`[data-job-id="${id}"] [data-testid="job-progress-text"]`)?.textContent ?? ''),
      jobId,
      { timeout: 120_000 }
    )
    await row.getByTestId('job-stop').click()
    await page.waitForFunction(
      ([id, final]) => final.includes(document.querySelector<HTMLElement>(`[data-testid="job-row"][data-job-id="${id}"]`)?.dataset.status ?? ''),
      [jobId, FINAL] as const,
      { timeout: 60_000 }
    )
    expect(await row.getAttribute('data-status')).toBe('stopped-resumable')
    const stoppedText = (await row.getByTestId('job-progress-text').textContent()) ?? ''
    expect(stoppedText).toMatch(/^stopped at \d+ \/ 8 frames — resume to continue$/)
    const stoppedAt = Number(/at (\d+)/.exec(stoppedText)?.[1])
    expect(stoppedAt).toBeLessThan(8)
    expect(await row.getByTestId('job-resume').count()).toBe(1)
    expect(await row.getByTestId('job-stop').count()).toBe(0)
    await page.getByTestId('infer-job-list').scrollIntoViewIfNeeded()
    await page.getByTestId('infer-job-list').screenshot({ path: join(SHOTS, 'run-engine-stopped-job.png') })

    // the Runs view offers Resume on the stopped run
    await page.getByTestId('tab-runs').click()
    const logged = page.locator(`[data-testid="infer-run-row"][data-run-id="${runId}"]`)
    await page.waitForFunction((id) => document.querySelector<HTMLElement>(`[data-testid="infer-run-row"][data-run-id="${id}"]`)?.dataset.status === 'stopped-resumable', runId)
    expect(await logged.getByTestId('run-status-detail').textContent()).toMatch(/resume to continue/)
    await page.screenshot({ path: join(SHOTS, 'run-engine-stopped-runs.png') })
    await logged.getByTestId('run-resume').click()

    // a new job continues the same run; the stopped job's row gives way to it
    const resumed = page.locator(`[data-testid="infer-job-list"] [data-testid="job-row"][data-run-id="${runId}"]:not([data-job-id="${jobId}"])`)
    await resumed.waitFor({ timeout: 30_000 })
    expect(await row.count()).toBe(0)
    await page.waitForFunction(
      ([id, final]) => final.includes(document.querySelector<HTMLElement>(`[data-testid="infer-job-list"] [data-testid="job-row"][data-run-id="${id}"]`)?.dataset.status ?? ''),
      [runId, FINAL] as const,
      { timeout: 180_000 }
    )
    expect(await resumed.getAttribute('data-status')).toBe('done')
    await page.waitForFunction((id) => document.querySelector<HTMLElement>(`[data-testid="infer-run-row"][data-run-id="${id}"]`)?.dataset.status === 'done', runId, {
      timeout: 30_000
    })
    await page.getByTestId('tab-viewer').click()
    await page.getByTestId('infer-frames').fill('')
  })

  it('shows results per video and audio condition, and per-frame lines labelled with the condition', async () => {
    const datasets = await apiCall<{ id: number; root: string }[]>(session.host, 'listDatasets')
    const datasetId = datasets.find((d) => d.root === root)?.id
    if (datasetId === undefined) throw new Error(`the host does not list ${root}`)
    const started: string[] = []
    for (const audioCondition of ['real', 'zero'] as const) {
      const { runId } = await apiCall<{ jobId: string; runId: string }>(session.host, 'startEvaluation', {
        datasetId,
        predDir: join(root, '..', 'pred'),
        audioCondition,
        label: 'gt as pred'
      })
      started.push(runId)
    }
    await page.getByTestId('tab-runs').click()
    for (const runId of started) {
      await page.waitForFunction((id) => document.querySelector<HTMLElement>(`[data-testid="run-row"][data-run-id="${id}"]`)?.dataset.status === 'done', runId, {
        timeout: 60_000
      })
    }
    await page.locator(`[data-testid="run-row"][data-run-id="${started[1]}"]`).click()
    const table = page.locator(`[data-testid="results-table"][data-run-id="${started[1]}"]`)
    await table.waitFor()
    const rows = await table.getByTestId('results-row').evaluateAll((trs) => trs.map((tr) => `${(tr as HTMLElement).dataset.video}/${(tr as HTMLElement).dataset.condition}`))
    expect(rows).toEqual(['0001/zero', '0002/zero'])
    expect(await table.locator('th', { hasText: 'audio' }).count()).toBe(1)
    // the comparison names each run's condition
    await page.locator(`[data-testid="run-row"][data-run-id="${started[0]}"] [data-testid="run-compare"]`).check()
    await page.locator(`[data-testid="run-row"][data-run-id="${started[1]}"] [data-testid="run-compare"]`).check()
    const conditions = await page.getByTestId('comparison-condition').allTextContents()
    expect(conditions).toEqual(['real', 'zero'])
    await page.screenshot({ path: join(SHOTS, 'run-engine-conditions-runs.png') })

    // two lines under the scrubber, one per condition, the legend saying which
    await page.getByTestId('tab-viewer').click()
    await page.waitForFunction(() => {
      const legend = document.querySelector<HTMLElement>('[data-testid="metric-chart"][data-metric="CC"]')?.dataset.legend ?? ''
      return legend.includes('audio real') && legend.includes('audio zero')
    })
    const legend = await page.locator('[data-testid="metric-chart"][data-metric="CC"]').getAttribute('data-legend')
    expect(legend?.split(' | ').sort()).toEqual(['gt as pred · audio real', 'gt as pred · audio zero'])
    await page.getByTestId('metric-timelines').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(SHOTS, 'run-engine-conditions-timelines.png') })
  })

  it('lists a video gone from the folder as missing, and selecting it explains instead of raising errors', async () => {
    renameSync(join(root, 'video', '002.AVI'), join(root, '..', '002.AVI.moved'))
    await page.getByTestId('dataset-path').fill(root)
    await page.getByTestId('open-dataset').click()
    const missing = page.locator('[data-testid="video-item"][data-missing="true"]')
    await missing.waitFor({ timeout: 60_000 })
    expect(await missing.count()).toBe(1)
    expect(await missing.textContent()).toMatch(/002[\s\S]*missing since \d{4}-\d\d-\d\d \d\d:\d\d/)
    expect(await page.getByTestId('dataset-missing-count').textContent()).toMatch(/1 video missing from the folder/)

    await missing.click()
    const notice = page.getByTestId('video-missing-notice')
    await notice.waitFor()
    expect(await notice.textContent()).toMatch(/is missing from the dataset folder since/)
    expect(await page.getByTestId('viewer').count()).toBe(0)
    expect(await page.getByTestId('error-banner').count()).toBe(0)
    await page.screenshot({ path: join(SHOTS, 'run-engine-missing-video.png') })

    // the other video still plays
    await page.locator('[data-testid="video-item"][data-missing="false"]').first().click()
    await page.getByTestId('viewer').waitFor()
    expect(await notice.count()).toBe(0)

    // its scores are kept, marked missing in the results
    await page.getByTestId('tab-runs').click()
    // the run picked in the test before stays selected (a click would unselect it)
    const run = page.getByTestId('run-row').first()
    await run.waitFor()
    if ((await run.getAttribute('aria-selected')) !== 'true') await run.click()
    const gone = page.locator('[data-testid="results-row"][data-video="0002"]')
    await gone.first().waitFor()
    expect(await gone.first().getAttribute('data-missing')).toBe('true')
    expect(await gone.first().getByTestId('missing-badge').getAttribute('title')).toMatch(/gone from the dataset folder since \d{4}-/)
    expect(await page.locator('[data-testid="results-row"][data-video="0001"]').first().getAttribute('data-missing')).toBe('false')
    await page.screenshot({ path: join(SHOTS, 'run-engine-missing-results.png') })
  })
})
