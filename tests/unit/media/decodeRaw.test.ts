import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeFramesRgb, ffmpegNullDecodeSeconds, FrameChunker, outputSize } from '../../../src/main/media/decodeRaw'
import { CLIP_FRAMES, CLIP_HEIGHT, CLIP_WIDTH, frameNumberFromGray, makeTestClips, markerGray, type TestClips } from './clips'
import { dataPath, describeWithData } from '../../support/sharedData'

const DHF1K_002_REL = 'dhf1k-sample/video/002.AVI'
const DHF1K_002 = dataPath(DHF1K_002_REL)

describe('FrameChunker', () => {
  it('reassembles frames across every possible chunk split', () => {
    const frameBytes = 6
    const stream = Uint8Array.from({ length: frameBytes * 4 }, (_, i) => i)
    for (const chunkSize of [1, 4, 5, 6, 7, 11, 24, 100]) {
      const frames: number[][] = []
      const chunker = new FrameChunker(frameBytes, (index, frame) => {
        expect(index).toBe(frames.length)
        frames.push([...frame])
      })
      for (let at = 0; at < stream.length; at += chunkSize) chunker.push(stream.subarray(at, at + chunkSize))
      expect(frames, `chunk size ${chunkSize}`).toEqual([0, 1, 2, 3].map((f) => [0, 1, 2, 3, 4, 5].map((b) => f * 6 + b)))
      expect(chunker.pendingBytes).toBe(0)
    }
  })

  it('hands out a fresh array per frame and keeps an incomplete tail pending', () => {
    const kept: Uint8Array[] = []
    const chunker = new FrameChunker(3, (_i, frame) => kept.push(frame))
    chunker.push(Uint8Array.of(1, 2, 3, 4, 5, 6, 7))
    expect(kept.map((f) => [...f])).toEqual([[1, 2, 3], [4, 5, 6]])
    expect(kept[0]).not.toBe(kept[1])
    expect(chunker.pendingBytes).toBe(1)
    expect(() => new FrameChunker(0, () => undefined)).toThrow(/positive integer/)
  })

  it('computes output sizes that keep the aspect ratio when one side is given', () => {
    const source = { width: 640, height: 360 }
    expect(outputSize(source, {})).toEqual(source)
    expect(outputSize(source, { width: 320 })).toEqual({ width: 320, height: 180 })
    expect(outputSize(source, { height: 224 })).toEqual({ width: 398, height: 224 })
    expect(outputSize(source, { width: 384, height: 224 })).toEqual({ width: 384, height: 224 })
    expect(() => outputSize(source, { width: -4 })).toThrow(/width must be a positive integer/)
  })
})

describe('decodeFramesRgb on generated clips', () => {
  let clips: TestClips
  beforeAll(() => {
    clips = makeTestClips()
  })
  afterAll(() => clips.cleanup())

  it('streams every frame of an MP4 in order, at full size', async () => {
    const numbers: number[] = []
    const result = await decodeFramesRgb(clips.mp4, {}, (index, rgb) => {
      expect(index).toBe(numbers.length)
      expect(rgb.length).toBe(CLIP_WIDTH * CLIP_HEIGHT * 3)
      numbers.push(frameNumberFromGray(markerGray(rgb, CLIP_WIDTH, 3)))
    })
    expect(result).toMatchObject({ frames: CLIP_FRAMES, width: CLIP_WIDTH, height: CLIP_HEIGHT })
    numbers.forEach((n, i) => expect(Math.abs(n - i), `frame ${i}`).toBeLessThan(0.4))
  })

  it('scales when asked (frames still complete and in order)', async () => {
    let count = 0
    const result = await decodeFramesRgb(clips.avi, { width: 80 }, (_index, rgb) => {
      expect(rgb.length).toBe(80 * 46 * 3)
      count++
    })
    expect(result).toMatchObject({ frames: CLIP_FRAMES, width: 80, height: 46 })
    expect(count).toBe(CLIP_FRAMES)
  })

  it('reports an error thrown by the consumer instead of a broken pipe', async () => {
    await expect(
      decodeFramesRgb(clips.mp4, {}, (index) => {
        if (index === 3) throw new Error('consumer gave up at 3')
      })
    ).rejects.toThrow('consumer gave up at 3')
  })

  it('times the null-output baseline', async () => {
    const seconds = await ffmpegNullDecodeSeconds(clips.avi)
    expect(seconds).toBeGreaterThan(0)
    expect(seconds).toBeLessThan(30)
  })
})

describeWithData(DHF1K_002_REL, 'decode rate on the real DHF1K 002.AVI (measured, not asserted)', () => {
  it('decodes all 783 frames to RGB and reports frames/s against ffmpeg -f null', async () => {
    let frames = 0
    const rgb = await decodeFramesRgb(DHF1K_002, {}, () => {
      frames++
    })
    expect(rgb).toMatchObject({ frames: 783, width: 640, height: 360 })
    const nullSeconds = await ffmpegNullDecodeSeconds(DHF1K_002)
    console.info(
      `002.AVI: rgb24 pipe ${(frames / rgb.seconds).toFixed(0)} frames/s (${rgb.seconds.toFixed(2)} s); ` +
        `ffmpeg -f null ${(783 / nullSeconds).toFixed(0)} frames/s (${nullSeconds.toFixed(2)} s)`
    )
  })
})
