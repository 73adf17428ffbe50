import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jpeg from 'jpeg-js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMPLETE_MARKER, FrameCache, openFrameCache, type FrameCacheProgress } from '../../../src/main/media/frameCache'
import { contiguousFrameCount, frameFileName, ProgressParser } from '../../../src/main/media/frameFiles'
import { CLIP_FRAMES, CLIP_HEIGHT, CLIP_WIDTH, frameNumberFromGray, makeTestClips, markerGray, type TestClips } from './clips'
import { AppError } from '../../../src/shared/errors'
import { dataPath, describeWithData } from '../../support/sharedData'

const DHF1K_002_REL = 'dhf1k-sample/video/002.AVI'
const DHF1K_002 = dataPath(DHF1K_002_REL)

function frameNumberOfJpeg(path: string): number {
  const image = jpeg.decode(readFileSync(path), { useTArray: true })
  expect(image.width).toBe(CLIP_WIDTH)
  expect(image.height).toBe(CLIP_HEIGHT)
  return frameNumberFromGray(markerGray(image.data, image.width, 4))
}

describe('frame file helpers', () => {
  it('names frames %06d from 0 and counts only a gap-free prefix', () => {
    expect(frameFileName(0)).toBe('000000.jpg')
    expect(frameFileName(1234567)).toBe('1234567.jpg')
    expect(contiguousFrameCount(['000000.jpg', '000001.jpg', '000003.jpg', 'complete.json', '000002.jpg.tmp'])).toBe(2)
    expect(contiguousFrameCount(['000001.jpg'])).toBe(0)
  })

  it('parses -progress output split at arbitrary points', () => {
    const parser = new ProgressParser()
    expect(parser.push('frame=1')).toBe(false)
    expect(parser.push('2\nfps=0.0\nprogress=continue\nfra')).toBe(true)
    expect(parser.frame).toBe(12)
    parser.push('me=50\nprogress=end\n')
    expect(parser.frame).toBe(50)
    expect(parser.ended).toBe(true)
  })
})

describe('FrameCache on generated clips', () => {
  let clips: TestClips
  let cacheRoot: string
  beforeAll(() => {
    clips = makeTestClips()
    cacheRoot = mkdtempSync(join(tmpdir(), 'avsal-frames-'))
  })
  afterAll(() => {
    clips.cleanup()
    rmSync(cacheRoot, { recursive: true, force: true })
  })

  it.each([
    ['H.264 with B-frames (mp4)', () => clips.mp4],
    ['MPEG-4 Part 2 XVID (avi)', () => clips.avi],
    ['VP8 (webm)', () => clips.silent]
  ])('%s: exactly the probed number of frames, frame i is source frame i', async (_label, clip) => {
    const cache = new FrameCache({ cacheRoot, videoPath: clip() })
    const progress: FrameCacheProgress[] = []
    cache.onProgress((p) => progress.push(p))
    const summary = await cache.start()
    expect(summary).toMatchObject({ frameCount: CLIP_FRAMES, expectedFrames: CLIP_FRAMES, truncated: false, exitCode: 0 })
    const jpgs = readdirSync(cache.dir).filter((name) => name.endsWith('.jpg'))
    expect(jpgs).toHaveLength(CLIP_FRAMES)
    expect(readdirSync(cache.dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
    for (let i = 0; i < CLIP_FRAMES; i++) {
      const decodedNumber = frameNumberOfJpeg(cache.framePath(i))
      expect(Math.abs(decodedNumber - i), `frame ${i} shows ${decodedNumber.toFixed(2)}`).toBeLessThan(0.4)
    }
    expect(progress.at(-1)).toEqual({ decoded: CLIP_FRAMES, total: CLIP_FRAMES, done: true })
  })

  it('shares one ffmpeg run between concurrent callers and serves waitForFrame as frames appear', async () => {
    const first = new FrameCache({ cacheRoot: join(cacheRoot, 'shared'), videoPath: clips.avi })
    const runA = first.start()
    const runB = first.start()
    expect(runB).toBe(runA)
    const [path0, path49] = await Promise.all([first.waitForFrame(0, 20_000), first.waitForFrame(CLIP_FRAMES - 1, 20_000)])
    expect(path0).toBe(first.framePath(0))
    expect(existsSync(path49)).toBe(true)
    expect(frameNumberOfJpeg(path49)).toBeCloseTo(CLIP_FRAMES - 1, 0)
    await runA
    expect(openFrameCache({ cacheRoot: join(cacheRoot, 'shared'), videoPath: clips.avi })).toBe(
      openFrameCache({ cacheRoot: join(cacheRoot, 'shared'), videoPath: clips.avi })
    )
  })

  it('reuses a completed cache from its marker without running ffmpeg again', async () => {
    const root = join(cacheRoot, 'reuse')
    const summary = await new FrameCache({ cacheRoot: root, videoPath: clips.mp4 }).start()
    const marker = JSON.parse(readFileSync(join(root, readdirSync(root)[0], COMPLETE_MARKER), 'utf8')) as { frameCount: number }
    expect(marker.frameCount).toBe(CLIP_FRAMES)
    const again = new FrameCache({ cacheRoot: root, videoPath: clips.mp4 })
    expect(again.status().state).toBe('complete')
    expect(await again.start()).toEqual(summary)
  })

  it('rejects frames past the end with frame-out-of-range, and bad indices with bad-argument', async () => {
    const cache = new FrameCache({ cacheRoot: join(cacheRoot, 'range'), videoPath: clips.silent })
    await expect(cache.waitForFrame(CLIP_FRAMES + 5, 20_000)).rejects.toMatchObject({ code: 'frame-out-of-range' })
    await expect(cache.waitForFrame(CLIP_FRAMES, 1000)).rejects.toMatchObject({ code: 'frame-out-of-range' })
    await expect(cache.waitForFrame(-1)).rejects.toMatchObject({ code: 'bad-argument' })
    await expect(cache.waitForFrame(1.5)).rejects.toMatchObject({ code: 'bad-argument' })
  })

  it('reports a truncated AVI, keeping the frames it could decode', async () => {
    const cache = new FrameCache({ cacheRoot: join(cacheRoot, 'truncated'), videoPath: clips.truncated })
    const summary = await cache.start()
    expect(summary.truncated).toBe(true)
    expect(summary.declaredFrames).toBeGreaterThanOrEqual(CLIP_FRAMES)
    expect(summary.frameCount).toBeGreaterThan(CLIP_FRAMES * 0.25)
    expect(summary.frameCount).toBeLessThan(CLIP_FRAMES * 0.75)
    expect(readdirSync(cache.dir).filter((name) => name.endsWith('.jpg'))).toHaveLength(summary.frameCount)
    // the frames that are there are still the right ones
    expect(frameNumberOfJpeg(cache.framePath(summary.frameCount - 1))).toBeCloseTo(summary.frameCount - 1, 0)
  })

  it('fails with a AppError for a file that is not a video, and not-found for a missing one', async () => {
    const cache = new FrameCache({ cacheRoot: join(cacheRoot, 'bad'), videoPath: clips.notVideo })
    const failure = await cache.start().catch((err: unknown) => err)
    expect(failure).toBeInstanceOf(AppError)
    expect((failure as AppError).code).toBe('undecodable')
    expect(cache.status().state).toBe('failed')
    expect(() => new FrameCache({ cacheRoot, videoPath: join(clips.dir, 'absent.avi') })).toThrow(/video file not found/)
  })

  it('cancel() stops the run without a completion marker, and a later start() finishes the job', async () => {
    const cache = new FrameCache({ cacheRoot: join(cacheRoot, 'cancel'), videoPath: clips.mp4 })
    const run = cache.start()
    const waiting = cache.waitForFrame(CLIP_FRAMES - 1, 20_000)
    cache.cancel()
    await expect(run).rejects.toMatchObject({ code: 'cancelled' })
    await expect(waiting).rejects.toMatchObject({ code: 'cancelled' })
    expect(cache.status().state).toBe('cancelled')
    expect(existsSync(join(cache.dir, COMPLETE_MARKER))).toBe(false)
    const summary = await cache.start()
    expect(summary.frameCount).toBe(CLIP_FRAMES)
    expect(existsSync(join(cache.dir, COMPLETE_MARKER))).toBe(true)
  })
})

describeWithData(DHF1K_002_REL, 'FrameCache on the real DHF1K 002.AVI (XviD, Chromium cannot play it)', () => {
  let cacheRoot: string
  beforeAll(() => {
    cacheRoot = mkdtempSync(join(tmpdir(), 'avsal-dhf1k-'))
  })
  afterAll(() => rmSync(cacheRoot, { recursive: true, force: true }))

  it('caches all 783 frames as 640×360 JPEGs', async () => {
    const cache = new FrameCache({ cacheRoot, videoPath: DHF1K_002 })
    const summary = await cache.start()
    expect(summary).toMatchObject({ frameCount: 783, expectedFrames: 783, declaredFrames: 783, truncated: false, width: 640, height: 360, fps: 30 })
    const last = jpeg.decode(readFileSync(cache.framePath(782)), { useTArray: true })
    expect([last.width, last.height]).toEqual([640, 360])
  })
})
