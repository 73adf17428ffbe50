import { mkdtempSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { fitVideoOnScreen, importDhf1kGaze, parseDhf1kExport, screenToVideo } from '../../../src/main/datasets/gaze'
import { AppError } from '../../../src/shared/errors'
import { dataPath, describeWithData } from '../../support/sharedData'

const EXPORTS_REL = 'dhf1k-sample/exportdata_train'
const EXPORTS = dataPath(EXPORTS_REL)

const HEADER = 'Time\tType\tTrial\tL Dia X [px]\tL Dia Y [px]\tL POR X [px]\tL POR Y [px]\tL Event Info'
const VIDEO = { fps: 30, videoWidth: 640, videoHeight: 360 }

/** One SMI sample row: time in ms from an arbitrary clock origin. */
function row(ms: number, xs: number, ys: number, event: string): string {
  return `${84042779051 + ms * 1000}\tSMP\t1\t16.3\t16.3\t${xs.toFixed(2)}\t${ys.toFixed(2)}\t${event}`
}

async function catchAppError(fn: () => Promise<unknown> | unknown): Promise<AppError> {
  try {
    await fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('expected a AppError, nothing was thrown')
}

describe('DHF1K screen → video mapping', () => {
  it('640×360 on 1440×900: scale 2.25, 45 px bars', () => {
    expect(fitVideoOnScreen(640, 360, 1440, 900)).toEqual({ scale: 2.25, offsetX: 0, offsetY: 45 })
    const m = fitVideoOnScreen(640, 360, 1440, 900)
    const p = screenToVideo(1000, 500, m)
    expect(p.x).toBeCloseTo((1000 * 640) / 1440, 12)
    expect(p.y).toBeCloseTo(((500 - 45) * 640) / 1440, 12)
  })
  it('pillarboxes a 4:3 video', () => {
    expect(fitVideoOnScreen(640, 480, 1440, 900)).toEqual({ scale: 1.875, offsetX: 120, offsetY: 0 })
  })
})

describe('parseDhf1kExport', () => {
  it('averages the fixation samples of each frame into one point and times from the first sample', () => {
    const text = [
      HEADER,
      row(0, 0, 0, 'Blink'), // first sample of the trial: t0, even though it is a blink
      row(4, 720, 450, 'Fixation'), // frame 0 → (320, 180)
      row(8, 729, 459, 'Fixation'), // frame 0 → (324, 184)
      row(20, 100, 100, 'Saccade'), // dropped by the fixation filter
      row(40, 1440 - 2.25, 855 - 2.25, 'Fixation'), // frame 1 → (639, 359)
      row(70, 720, 450, 'Fixation') // frame 2
    ].join('\n')
    const g = parseDhf1kExport(text, 'P01', VIDEO)
    expect(g.samplesRead).toBe(6)
    expect(g.samplesKept).toBe(4)
    expect(g.points.map((p) => p.frame)).toEqual([0, 1, 2])
    expect(g.points[0].x).toBeCloseTo(322, 9)
    expect(g.points[0].y).toBeCloseTo(182, 9)
    expect(g.points[1].x).toBeCloseTo(639, 9)
    expect(g.points[1].y).toBeCloseTo(359, 9)
    expect(g.points[0].viewer).toBe('P01')
    expect(g.warnings).toEqual([])
  })

  it("'valid' keeps saccades and unlabelled samples but not blinks", () => {
    const text = [HEADER, row(0, 720, 450, 'Saccade'), row(4, 720, 450, '-'), row(8, 720, 450, 'Blink')].join('\n')
    expect(parseDhf1kExport(text, 'P', VIDEO).samplesKept).toBe(0)
    expect(parseDhf1kExport(text, 'P', { ...VIDEO, samples: 'valid' }).samplesKept).toBe(2)
  })

  it('drops lost-tracking (0,0), off-video and after-the-end samples, counting each', () => {
    const text = [
      HEADER,
      row(0, 0, 0, 'Fixation'),
      row(4, 720, 20, 'Fixation'), // in the top bar → y < 0
      row(40, 720, 450, 'Fixation'), // frame 1
      row(80, 720, 450, 'Fixation') // frame 2 ≥ frameCount 2
    ].join('\n')
    const g = parseDhf1kExport(text, 'P', { ...VIDEO, frameCount: 2 })
    expect([g.droppedNoGaze, g.droppedOutside, g.droppedAfterEnd, g.samplesKept]).toEqual([1, 1, 1, 1])
  })

  it('counts malformed lines with their line numbers instead of failing, and skips MSG rows', () => {
    const text = [
      HEADER,
      row(0, 720, 450, 'Fixation'),
      '84042779099\tMSG\t1\t# Message: video.avi',
      'garbage line',
      row(4, 720, 450, 'Fixation').replace('720.00', 'abc'),
      row(8, 720, 450, 'Fixation'),
      ''
    ].join('\r\n')
    const g = parseDhf1kExport(text, 'P', VIDEO, 'P/P_Trail002.txt')
    expect(g.malformed).toBe(2)
    expect(g.samplesRead).toBe(4)
    expect(g.samplesKept).toBe(2)
    expect(g.warnings).toEqual(['P/P_Trail002.txt: 2 malformed sample lines skipped (lines 4, 5)'])
  })

  it('rejects a file that is not an SMI export, quoting its first line', async () => {
    const err = await catchAppError(() => parseDhf1kExport('1\t647.4\t503.8\t1506.0\t1\n', 'x', VIDEO, 'x.txt'))
    expect(err.code).toBe('gaze-not-dhf1k')
    expect(err.message).toContain('x.txt')
    expect(err.message).toContain('647.4')
  })
})

describe('importDhf1kGaze folder handling', () => {
  function makeTree(): string {
    const root = mkdtempSync(join(tmpdir(), 'dhf1k-gaze-'))
    for (const viewer of ['P01', 'P02']) {
      mkdirSync(join(root, viewer))
      for (const trial of ['002', '005']) {
        const x = trial === '002' ? 720 : 360
        writeFileSync(join(root, viewer, `${viewer}_Trail${trial}.txt`), [HEADER, row(0, x, 450, 'Fixation')].join('\n'))
      }
    }
    return root
  }
  it('picks the trial asked for', async () => {
    const root = makeTree()
    const r = await importDhf1kGaze(root, { ...VIDEO, trial: 5 })
    expect(r.viewers).toEqual(['P01', 'P02'])
    expect(r.frames.get(0)?.map((p) => p.x)).toEqual([160, 160])
    const r2 = await importDhf1kGaze(root, { ...VIDEO, trial: '002' })
    expect(r2.frames.get(0)?.map((p) => p.x)).toEqual([320, 320])
  })
  it('asks for the trial when viewers have several', async () => {
    const err = await catchAppError(() => importDhf1kGaze(makeTree(), VIDEO))
    expect(err.code).toBe('gaze-ambiguous-trial')
    expect(err.message).toContain('2, 5')
  })
  it('reports a trial nobody has, and an empty folder', async () => {
    expect((await catchAppError(() => importDhf1kGaze(makeTree(), { ...VIDEO, trial: 9 }))).code).toBe('gaze-no-files')
    const empty = mkdtempSync(join(tmpdir(), 'dhf1k-empty-'))
    expect((await catchAppError(() => importDhf1kGaze(empty, VIDEO))).code).toBe('gaze-no-files')
  })
  it('accepts viewer files directly in the folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dhf1k-flat-'))
    writeFileSync(join(root, 'P07_Trail002.txt'), [HEADER, row(0, 720, 450, 'Fixation')].join('\n'))
    const r = await importDhf1kGaze(root, VIDEO)
    expect(r.viewers).toEqual(['P07'])
  })
  it('fails clearly when a file is not a gaze export', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dhf1k-bad-'))
    writeFileSync(join(root, 'notes.txt'), 'these are my notes\n')
    const err = await catchAppError(() => importDhf1kGaze(root, VIDEO))
    expect(err.code).toBe('gaze-not-dhf1k')
    expect(err.path).toBe(join(root, 'notes.txt'))
  })
})

describeWithData(EXPORTS_REL, 'importDhf1kGaze on the real DHF1K video 002 exports', () => {
  const geometry = { fps: 30, videoWidth: 640, videoHeight: 360, frameCount: 783 }

  it('17 viewers, every frame covered, at most one point per viewer per frame', async () => {
    const r = await importDhf1kGaze(EXPORTS, geometry)
    expect(r.viewers).toEqual(readdirSync(EXPORTS).sort())
    expect(r.viewers.length).toBe(17)
    const lines = r.viewers.reduce((n, v) => {
      const dir = join(EXPORTS, v)
      return n + readFileSync(join(dir, readdirSync(dir)[0]), 'utf8').trimEnd().split('\n').length - 1
    }, 0)
    expect(r.samplesRead).toBe(lines)
    expect(r.frames.size).toBeGreaterThanOrEqual(775)
    expect(Math.min(...r.frames.keys())).toBe(0)
    expect(Math.max(...r.frames.keys())).toBe(782)
    const counts = [...r.frames.values()].map((p) => p.length)
    expect(Math.max(...counts)).toBeLessThanOrEqual(17)
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length
    expect(mean).toBeGreaterThan(8) // fixations take most of the viewing time
    for (const points of r.frames.values()) {
      for (const p of points) {
        expect(p.x >= 0 && p.x < 640 && p.y >= 0 && p.y < 360).toBe(true)
      }
    }
  })

  it('most fixation samples land inside the video, the rest are reported', async () => {
    const r = await importDhf1kGaze(EXPORTS, { ...geometry, frameCount: undefined })
    const outside = r.warnings.find((w) => w.includes('outside the 640×360 video'))
    const dropped = outside ? Number(/^(\d+)/.exec(outside)?.[1]) : 0
    expect(dropped / (r.samplesKept + dropped)).toBeLessThan(0.01)
    expect(r.warnings.some((w) => w.includes('without a gaze position (0,0)'))).toBe(true)
    // recordings run past the 783-frame video; without frameCount those frames are kept
    expect(Math.max(...r.frames.keys())).toBeGreaterThan(782)
    expect(Math.max(...r.frames.keys())).toBeLessThan(840)
  })

  it("'valid' samples give nearly every viewer a point on every frame", async () => {
    const fix = await importDhf1kGaze(EXPORTS, geometry)
    const valid = await importDhf1kGaze(EXPORTS, { ...geometry, samples: 'valid' })
    expect(valid.samplesKept).toBeGreaterThan(fix.samplesKept)
    const mean = [...valid.frames.values()].reduce((n, p) => n + p.length, 0) / valid.frames.size
    expect(mean).toBeGreaterThan(15)
  })
})
