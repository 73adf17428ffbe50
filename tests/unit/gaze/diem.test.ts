import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { centredOffset, importDiemGaze, parseDiemEvents } from '../../../src/main/datasets/gaze'
import { AppError } from '../../../src/shared/errors'
import { dataPath, describeWithData } from '../../support/sharedData'

const DIEM = dataPath('diem-gaze')

const VIDEO = { videoWidth: 1280, videoHeight: 720 }

/** frame, then x y dilation flag for the left and the right eye (CRLF like the real files) */
function rows(...r: number[][]): string {
  return r.map((v) => v.join('\t')).join('\r\n') + '\r\n'
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

describe('parseDiemEvents', () => {
  const text = rows(
    [1, 100, 200, 1500, 1, 110, 210, 1700, 1], // both fixating → mean
    [2, 100, 200, 1500, 1, 0, 0, 0, -1], // right eye error → left only
    [3, 300, 300, 1500, 2, 310, 310, 1500, 2], // saccade
    [4, 0, 0, 0, 0, 0, 0, 0, 0] // blink
  )
  it('frames are 1-based in the file, 0-based out; both eyes averaged', () => {
    const g = parseDiemEvents(text, 'diem1s01', VIDEO)
    expect(g.samplesRead).toBe(4)
    expect(g.samplesKept).toBe(2)
    expect(g.points).toEqual([
      { frame: 0, x: 105, y: 205, viewer: 'diem1s01' },
      { frame: 1, x: 100, y: 200, viewer: 'diem1s01' }
    ])
  })
  it('one eye, saccades on request, screen offset', () => {
    expect(parseDiemEvents(text, 'v', { ...VIDEO, eye: 'right' }).points.map((p) => p.x)).toEqual([110])
    const valid = parseDiemEvents(text, 'v', { ...VIDEO, samples: 'valid' })
    expect(valid.points.map((p) => p.frame)).toEqual([0, 1, 2])
    const shifted = parseDiemEvents(text, 'v', { ...VIDEO, screenOffset: { x: 100, y: 200 } })
    expect(shifted.points[1]).toMatchObject({ x: 0, y: 0 })
    expect(shifted.droppedOutside).toBe(0)
    const tooFar = parseDiemEvents(text, 'v', { ...VIDEO, screenOffset: { x: 101, y: 0 } })
    expect(tooFar.droppedOutside).toBe(1) // frame 2's x = −1
  })
  it('frameCount drops later rows', () => {
    const g = parseDiemEvents(text, 'v', { ...VIDEO, frameCount: 1 })
    expect(g.points.length).toBe(1)
    expect(g.droppedAfterEnd).toBe(1)
  })
  it('counts malformed rows with line numbers', () => {
    const bad = rows([1, 100, 200, 1500, 1, 110, 210, 1700, 1]) + '2\t100\t200\r\nx y z\r\n' + rows([4, 5, 5, 1, 1, 5, 5, 1, 1])
    const g = parseDiemEvents(bad, 'v', VIDEO, 'e.txt')
    expect(g.malformed).toBe(2)
    expect(g.samplesKept).toBe(2)
    expect(g.warnings).toEqual(['e.txt: 2 malformed rows skipped (lines 2, 3)'])
  })
  it('rejects a file that is not a DIEM event file', async () => {
    const err = await catchAppError(() => parseDiemEvents('Time\tType\tTrial\n', 'v', VIDEO, 'x.txt'))
    expect(err.code).toBe('gaze-not-diem')
    expect(err.message).toContain('Time')
    expect((await catchAppError(() => parseDiemEvents('', 'v', VIDEO))).message).toContain('empty')
  })
  it('centredOffset for a 1280×720 video on a 1280×960 screen', () => {
    expect(centredOffset(1280, 960, 1280, 720)).toEqual({ x: 0, y: 120 })
  })
})

describe('importDiemGaze folder handling', () => {
  it('reads event_data/ below the video folder or the folder itself; viewer = name up to the first dot', async () => {
    const root = mkdtempSync(join(tmpdir(), 'diem-'))
    const events = join(root, 'event_data')
    mkdirSync(events)
    writeFileSync(join(events, 'diem1s01.asc_13_clip.txt'), rows([1, 10, 10, 1, 1, 10, 10, 1, 1]))
    writeFileSync(join(events, 'diem1s02.asc_4_clip.txt'), rows([1, 20, 20, 1, 1, 20, 20, 1, 1]))
    for (const dir of [root, events]) {
      const r = await importDiemGaze(dir, VIDEO)
      expect(r.viewers).toEqual(['diem1s01', 'diem1s02'])
      expect(r.frames.get(0)).toEqual([
        { x: 10, y: 10 },
        { x: 20, y: 20 }
      ])
    }
  })
  it('reports an empty folder', async () => {
    const err = await catchAppError(() => importDiemGaze(mkdtempSync(join(tmpdir(), 'diem-empty-')), VIDEO))
    expect(err.code).toBe('gaze-no-files')
  })
})

describeWithData('diem-gaze', 'importDiemGaze on real DIEM event files', () => {
  it('arctic_bears: 20 viewers, one row per frame, ≤ 20 points per frame', async () => {
    const r = await importDiemGaze(join(DIEM, 'arctic_bears_1066x710'), { videoWidth: 1066, videoHeight: 710 })
    expect(r.viewers.length).toBe(20)
    expect(r.viewers[0]).toBe('diem5s01')
    expect(r.samplesRead).toBe(20 * 2785)
    expect(r.frames.size).toBe(2785)
    expect(Math.max(...r.frames.keys())).toBe(2784)
    expect(Math.max(...[...r.frames.values()].map((p) => p.length))).toBeLessThanOrEqual(20)
    expect(r.samplesKept / r.samplesRead).toBeGreaterThan(0.85)
  })
  it('a centred 1280×960 screen explains the gaze better than no offset (evidence for the option)', async () => {
    for (const [name, w, h] of [
      ['arctic_bears_1066x710', 1066, 710],
      ['documentary_dolphins_1280x720', 1280, 720]
    ] as const) {
      const plain = await importDiemGaze(join(DIEM, name), { videoWidth: w, videoHeight: h })
      const centred = await importDiemGaze(join(DIEM, name), { videoWidth: w, videoHeight: h, screenOffset: centredOffset(1280, 960, w, h) })
      expect(centred.samplesKept, name).toBeGreaterThan(plain.samplesKept)
    }
  })
})
