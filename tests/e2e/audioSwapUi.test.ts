// The audio-swap study in the browser, through the real headless host: the study form refuses
// what the host refuses with the host's own words (an audio file ffmpeg cannot decode, one video
// with 'shuffled'), a small STAViS study (synthetic weights, 3 videos × 16 frames, real / zero /
// shuffled) runs to done, its report shows Table 5.1 with tests and verdicts, the feature norms,
// the per-video audio flags and the figure; the heard player plays each panel's own track —
// solo and mute decide which <audio> element plays — stays frame-locked during playback, keeps
// the frame when A cycles a panel's condition, and N jumps to a frame where the conditions differ.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeToneAvSet, type ToneAvSet } from '../fixtures/audioswap/toneAvSet'
import { chromiumAvailable, launchChromium } from './support/browser'
import { REPO, startHost, type RunningHost } from './support/host'
import { openDatasetInUi, selectVideo } from './support/ui'

const SHOTS = join(REPO, 'test-results', 'screens')
const FINAL = ['done', 'failed', 'cancelled', 'interrupted']
/** frames the study runs on (of 100 per video: playback lasts long enough to solo and mute during it) */
const FRAMES = 16
const VIDEO_FRAMES = 100

interface TrackState {
  source: string
  paused: boolean
  muted: boolean
  volume: number
  currentTime: number
  readyState: number
  error: number | null
}

describe.skipIf(!chromiumAvailable())('audio-swap study in the browser: form, report, heard player', () => {
  let set: ToneAvSet
  let host: RunningHost
  let browser: Browser
  let page: Page
  let scratch: string
  let garbage: string

  beforeAll(async () => {
    set = makeToneAvSet(['tone-a', 'tone-b', 'silent'], VIDEO_FRAMES, 160, 96)
    scratch = mkdtempSync(join(tmpdir(), 'avsal-audioswap-ui-'))
    garbage = join(scratch, 'not-audio.wav')
    writeFileSync(garbage, 'RIFF\0\0\0\0WAVEjunk that is not a wave file')
    // a dataset of one video (no shuffle possible) and one without ground truth
    mkdirSync(join(scratch, 'one-video'))
    for (const name of ['tone-a.mp4', 'tone-a_maps', 'tone-a_fixations']) cpSync(join(set.root, name), join(scratch, 'one-video', name), { recursive: true })
    mkdirSync(join(scratch, 'no-gt'))
    for (const name of ['tone-a.mp4', 'tone-b.mp4']) cpSync(join(set.root, name), join(scratch, 'no-gt', name))
    host = await startHost()
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1500, height: 1300 } })
    await page.goto(host.launchUrl)
    await page.getByTestId('dataset-path').waitFor()
    await openDatasetInUi(page, join(scratch, 'one-video'))
    await page.getByTestId('study-section').locator(':scope > summary').click()
    await page.getByTestId('study-panel').waitFor()
    await page.waitForFunction(() => (document.querySelector<HTMLSelectElement>('[data-testid="study-model"]')?.options.length ?? 0) > 0)
    mkdirSync(SHOTS, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await host?.stop()
    if (set) rmSync(set.root, { recursive: true, force: true })
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  })

  const tick = (condition: string, on: boolean) => page.getByTestId('study-conditions').locator(`input[data-condition="${condition}"]`).setChecked(on)

  /** Every heard <audio> element's state, read in one task. */
  const tracks = (): Promise<TrackState[]> =>
    page.evaluate(() =>
      [...document.querySelectorAll<HTMLAudioElement>('audio[data-testid="heard-audio"]')].map((a) => ({
        source: a.dataset.source ?? '',
        paused: a.paused,
        muted: a.muted,
        volume: a.volume,
        currentTime: a.currentTime,
        readyState: a.readyState,
        error: a.error?.code ?? null
      }))
    )
  const sounding = async (): Promise<string[]> => (await tracks()).filter((t) => !t.paused && !t.muted && t.volume > 0).map((t) => t.source).sort()
  const panelOf = (source: string) => page.locator('section.panel').filter({ has: page.locator(`[data-testid="heard-controls"][data-source="${source}"]`) })

  it('lists only audio-visual models, and shows the host refusing a shuffle with one video, a set without GT and an undecodable audio file', async () => {
    const models = await page.getByTestId('study-model').locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))
    expect(models).toContain('stavis')
    expect(models).not.toContain('vinet')
    expect(models).not.toContain('center-bias')
    const visual = await page.getByTestId('study-visual-model').locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))
    expect(visual).toEqual(expect.arrayContaining(['', 'vinet', 'center-bias']))

    await page.getByTestId('study-model').selectOption('stavis')
    await page.getByTestId('study-weights').fill('synthetic')
    await page.getByTestId('study-frames').fill(`0-${FRAMES - 1}`)
    const refusal = page.getByTestId('study-refusal')
    const refused = async (pattern: RegExp): Promise<string> => {
      await page.getByTestId('study-start').click()
      await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid="study-refusal"]')?.textContent ?? ''), pattern.source)
      return (await refusal.textContent()) ?? ''
    }

    // one video and 'shuffled' (ticked by default): nobody to borrow a soundtrack from
    expect(await refused(/no shuffle is possible/)).toMatch(/one-video has 1 video\(s\) with an audio track/)
    await page.screenshot({ path: join(SHOTS, 'audioswap-refusal.png') })

    // a folder of videos without maps or fixations: nothing to score the conditions against
    await openDatasetInUi(page, join(scratch, 'no-gt'))
    await refusal.waitFor({ state: 'detached' })
    expect(await refused(/ground truth/)).toMatch(/no video of no-gt .*has ground truth/)

    await openDatasetInUi(page, set.root)
    await selectVideo(page, 'tone-a')
    // 'file' needs a path before the form sends anything
    await tick('file', true)
    expect(await page.getByTestId('study-problems').textContent()).toMatch(/'file' condition needs an audio file/)
    expect(await page.getByTestId('study-start').isDisabled()).toBe(true)
    await page.getByTestId('study-audio-file').fill(garbage)
    expect(await refused(/not-audio\.wav/)).toMatch(/cannot be decoded as audio/)
    // the refusal stands under the button that was pressed, not as a banner besides
    expect(await page.getByTestId('error-banner').count()).toBe(0)
    await tick('file', false)
    expect(await page.getByTestId('study-job-list').count()).toBe(0)
  })

  it('runs a STAViS study (real, zero, shuffled) to done and shows its report: tests, verdicts, norms, flags, figure', async () => {
    await tick('random', false)
    await tick('zero', true)
    await tick('shuffled', true)
    await page.getByTestId('study-label').fill('e2e study')
    // a visual-only model beside the conditions (parameter-free: no weights)
    await page.getByTestId('study-visual-model').selectOption('center-bias')
    const started = Date.now()
    await page.getByTestId('study-start').click()
    await page.getByTestId('study-job-list').getByTestId('job-row').first().waitFor()
    await page.waitForFunction(
      (final) => final.includes(document.querySelector<HTMLElement>('[data-testid="study-job-list"] [data-testid="job-row"]')?.dataset.status ?? ''),
      FINAL,
      { timeout: 110_000 }
    )
    const row = page.getByTestId('study-job-list').getByTestId('job-row').first()
    expect(await row.getAttribute('data-status'), (await row.textContent()) ?? '').toBe('done')
    expect(await row.getByTestId('job-progress-text').textContent()).toMatch(/^(\d+) \/ \1 steps · done$/)
    console.log(`study in the browser: ${((Date.now() - started) / 1000).toFixed(1)} s`)

    await page.getByTestId('study-open-report').first().click()
    const report = page.getByTestId('study-report')
    await report.waitFor()
    const rows = report.getByTestId('study-reliance').locator('tbody tr[data-verdict]')
    expect(await rows.evaluateAll((r) => r.map((x) => (x as HTMLElement).dataset.condition))).toEqual(['real', 'zero', 'shuffled'])
    const verdicts = await rows.evaluateAll((r) => r.map((x) => (x as HTMLElement).dataset.verdict))
    expect(verdicts[0]).toBe('reference')
    for (const v of verdicts.slice(1)) expect(['identical outputs', 'no significant difference', 'significant difference']).toContain(v)
    // every metric of a condition carries its delta, p with its method, n and interval
    const zeroCells = report.locator('tr[data-condition="zero"] td.cell')
    expect(await zeroCells.count()).toBe(6)
    expect(await zeroCells.first().textContent()).toMatch(/Δ .*p .*n 3/s)
    expect(await report.getByTestId('study-norms').locator('tbody tr').count()).toBe(3)
    expect(await report.locator('tr[data-condition="visual-only"]').textContent()).toMatch(/center-bias \(visual only\)/)
    // the silent video's real condition is silence, and the report says so
    const flags = await report.getByTestId('study-audio-flag').allTextContents()
    expect(flags.join('\n')).toMatch(/no audio track: real = silence/)
    expect(await report.locator('tbody[data-video="silent"]').getAttribute('data-flagged')).toBe('true')
    // the figure is served by the study-figure media route and decodes
    const figure = report.getByTestId('study-figure')
    await figure.waitFor()
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('[data-testid="study-figure"]')?.naturalWidth ?? 0) > 0, undefined, { timeout: 10_000 })
    for (const ext of ['csv', 'md', 'tex']) expect(await report.getByTestId(`study-export-${ext}`).isVisible()).toBe(true)
    const download = page.waitForEvent('download')
    await report.getByTestId('study-export-csv').click()
    expect((await download).suggestedFilename()).toMatch(/^audio-swap-stavis-.*\.csv$/)
    await page.getByTestId('studies-view').screenshot({ path: join(SHOTS, 'audioswap-report.png') })
  }, 240_000)

  it('opens the heard player of tone-a: a panel per source (GT, visual-only, real, zero, shuffled), each with its own decodable track', async () => {
    await page.getByTestId('study-report').locator('tbody[data-video="tone-a"] [data-testid="study-open-heard"]').click()
    await page.getByTestId('heard-bar').waitFor()
    const sources = await page.getByTestId('heard-controls').evaluateAll((c) => c.map((x) => (x as HTMLElement).dataset.source))
    expect(sources).toEqual(['gt', 'visual', 'real', 'zero', 'shuffled'])
    expect(await panelOf('shuffled').getByTestId('panel-title').textContent()).toMatch(/shuffled ← tone-b/)
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-testid^="panel-"]')].every((c) => c.dataset.frame === '0'))
    // the study's evaluations give per-frame metrics of every condition (and the visual-only model)
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('[data-testid="metric-timelines"]')?.dataset.runs ?? 0) >= 4)
    // the visual-only model shows its maps and hears nothing
    expect(await panelOf('visual').getByTestId('heard-controls').textContent()).toMatch(/no audio/)
    expect(await panelOf('visual').locator('canvas').getAttribute('data-layer')).not.toBe('none')
    expect(await panelOf('visual').locator('canvas').getAttribute('data-map-frame')).toBe('0')
    await page.waitForFunction(() => document.querySelectorAll('audio[data-testid="heard-audio"]').length === 4)
    // every track decodes (float32 WAV of the heard audio; the GT panel the video's own AAC)
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLAudioElement>('audio[data-testid="heard-audio"]')].every((a) => a.readyState >= 1), undefined, { timeout: 10_000 })
    expect((await tracks()).map((t) => t.error)).toEqual([null, null, null, null])
  })

  it('plays only the real panel at first, the soloed one when soloed, none when it is muted', async () => {
    // half speed: 100 frames last 8 s, time enough to solo and mute while it plays
    await page.getByTestId('speed').selectOption('0.5')
    await page.keyboard.press('Escape')
    await page.keyboard.press('Space')
    await page.waitForFunction(() => Number(document.querySelector<HTMLElement>('.app')?.dataset.currentFrame ?? 0) > 0)
    expect(await sounding()).toEqual(['real'])
    const states = await tracks()
    for (const t of states.filter((s) => s.source !== 'real')) expect(t, t.source).toMatchObject({ paused: true, muted: true })

    // solo the shuffled panel: only its track (the donor's soundtrack) plays
    await panelOf('shuffled').getByTestId('heard-solo').click()
    await page.waitForFunction(() => {
      const a = document.querySelector<HTMLAudioElement>('audio[data-source="shuffled"]')
      return !!a && !a.paused && !a.muted
    })
    expect(await sounding()).toEqual(['shuffled'])
    expect(await panelOf('shuffled').getByTestId('heard-controls').getAttribute('data-heard')).toBe('true')
    expect(await panelOf('real').getByTestId('heard-controls').getAttribute('data-heard')).toBe('false')

    // un-solo and mute real: nothing sounds
    await panelOf('shuffled').getByTestId('heard-solo').click()
    await panelOf('real').getByTestId('heard-mute').click()
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLAudioElement>('audio[data-testid="heard-audio"]')].every((a) => a.paused || a.muted))
    expect(await sounding()).toEqual([])
    // unmute GT and zero: both play, in step with each other
    await panelOf('gt').getByTestId('heard-mute').click()
    await panelOf('zero').getByTestId('heard-mute').click()
    await page.waitForFunction(() => ['gt', 'zero'].every((s) => !document.querySelector<HTMLAudioElement>(`audio[data-source="${s}"]`)?.paused))
    expect(await sounding()).toEqual(['gt', 'zero'])
    await page.keyboard.press('k')
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLAudioElement>('audio[data-testid="heard-audio"]')].every((a) => a.paused))
  })

  it('keeps every panel on the same frame during playback', async () => {
    await page.getByTestId('speed').selectOption('1')
    await page.keyboard.press('Escape')
    await page.keyboard.press('Home')
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-testid^="panel-"]')].every((c) => c.dataset.frame === '0'))
    // record every panel's painted frame at each animation frame while it plays
    await page.evaluate(() => {
      const samples: string[][] = []
      ;(window as unknown as { __samples: string[][] }).__samples = samples
      const sample = (): void => {
        samples.push([...document.querySelectorAll<HTMLCanvasElement>('canvas[data-testid^="panel-"]')].map((c) => c.dataset.frame ?? ''))
        if (samples.length < 2000 && !(window as unknown as { __stop?: boolean }).__stop) requestAnimationFrame(sample)
      }
      requestAnimationFrame(sample)
    })
    await page.keyboard.press('Space')
    await page.waitForFunction((last) => document.querySelector<HTMLElement>('.app')?.dataset.currentFrame === String(last), VIDEO_FRAMES - 1, { timeout: 15_000 })
    const samples = await page.evaluate(() => {
      ;(window as unknown as { __stop: boolean }).__stop = true
      return (window as unknown as { __samples: string[][] }).__samples
    })
    const distinct = new Set(samples.map((s) => s[0]))
    expect(distinct.size).toBeGreaterThan(3)
    for (const s of samples) expect(new Set(s).size, s.join(',')).toBe(1)
  })

  it('A cycles the focused panel to the next condition and keeps the frame; Shift+A solos it; N jumps to a differing frame', async () => {
    await page.keyboard.press('k')
    await page.keyboard.press('Home')
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight')
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLCanvasElement>('canvas[data-testid^="panel-"]')].every((c) => c.dataset.frame === '5'))
    const zeroPanel = panelOf('zero')
    const index = await page.locator('section.panel').evaluateAll((panels) => panels.findIndex((p) => p.querySelector('[data-testid="heard-controls"][data-source="zero"]')))
    const before = await zeroPanel.locator('canvas').getAttribute('data-layer')
    await zeroPanel.locator('.stage').click()
    expect(await zeroPanel.getAttribute('data-focused')).toBe('true')
    await page.keyboard.press('a')
    // the same panel now shows shuffled, on frame 5
    const cycled = page.locator('section.panel').nth(index)
    await cycled.locator('[data-testid="heard-controls"][data-source="shuffled"]').waitFor()
    await page.waitForFunction(
      ({ old, index }) => {
        const c = document.querySelectorAll<HTMLCanvasElement>('canvas[data-testid^="panel-"]')[index]
        return c.dataset.layer !== old && c.dataset.frame === '5' && c.dataset.mapFrame === '5'
      },
      { old: before, index }
    )
    expect(await page.locator('.app').getAttribute('data-current-frame')).toBe('5')
    expect(await page.getByTestId('heard-message').textContent()).toMatch(new RegExp(`panel ${index + 1} now shows and plays shuffled`))

    await page.keyboard.press('Shift+A')
    expect(await cycled.getByTestId('heard-controls').getAttribute('data-solo')).toBe('true')
    await page.keyboard.press('Shift+A')
    expect(await cycled.getByTestId('heard-controls').getAttribute('data-solo')).toBe('false')

    // N: the first peak of the summed |Δ| after frame 5 (wrapping round when there is none)
    const peaks = ((await page.getByTestId('heard-peaks').getAttribute('data-peaks')) ?? '').split(',').filter(Boolean).map(Number)
    await page.keyboard.press('n')
    if (peaks.length) {
      const expected = peaks.find((p) => p > 5) ?? peaks[0]
      await page.waitForFunction((f) => document.querySelector<HTMLElement>('.app')?.dataset.currentFrame === String(f), expected)
      await page.keyboard.press('Shift+N')
      const back = [...peaks].reverse().find((p) => p < expected) ?? peaks[peaks.length - 1]
      await page.waitForFunction((f) => document.querySelector<HTMLElement>('.app')?.dataset.currentFrame === String(f), back)
    } else {
      expect(await page.getByTestId('heard-message').textContent()).toMatch(/identical/)
    }

    // the difference view of that panel: |shuffled − real| with its own colour bar
    await cycled.getByTestId('heard-diff').click()
    const realLayer = await panelOf('real').locator('canvas').getAttribute('data-layer')
    await page.waitForFunction(({ id, index }) => document.querySelectorAll<HTMLCanvasElement>('canvas[data-testid^="panel-"]')[index].dataset.diff === id, { id: realLayer, index })
    expect(await cycled.getByTestId('diff-colour-bar').isVisible()).toBe(true)
    expect(await page.getByTestId('difference-chart').count()).toBe(2)
    await page.screenshot({ path: join(SHOTS, 'audioswap-heard.png'), fullPage: true })

    await page.getByTestId('heard-close').click()
    await page.getByTestId('heard-bar').waitFor({ state: 'detached' })
    expect(await page.locator('section.panel').count()).toBe(2)
  })
})
