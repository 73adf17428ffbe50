// Frames of a catalogued video, one at a time: image folders and video files (ffmpeg, paused
// while frames wait unread), early close, and a cut stream reported as an error.
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VideoRecord } from '../../../src/shared/types'
import { openFrameSource } from '../../../src/main/engine/inference/frameSource'
import { makeFrameDataset, makeVideoDataset, type FrameDataset, type VideoDataset } from '../../fixtures/inference/datasets'
import { join } from 'node:path'
import { readdirSync } from 'node:fs'

let videos: VideoDataset
let images: FrameDataset

beforeAll(() => {
  videos = makeVideoDataset(12)
  images = makeFrameDataset(5)
})
afterAll(() => {
  rmSync(videos.root, { recursive: true, force: true })
  rmSync(images.root, { recursive: true, force: true })
})

function record(frames: VideoRecord['frames'], frameCount: number, width: number, height: number): VideoRecord {
  return {
    id: 1, datasetId: 1, name: 'v', group: null, frameCount, fps: 25, width, height, hasAudio: false, audioPath: null,
    frames, maps: null, fixations: { kind: 'none' }, mapSize: null, issues: []
  }
}

describe('openFrameSource', () => {
  it('streams every frame of a video file in order at its native size', async () => {
    const source = await openFrameSource(record({ kind: 'file', path: join(videos.root, 'tone-a.mp4') }, 12, 64, 48))
    const seen: number[] = []
    for (;;) {
      // a slow consumer: ffmpeg must wait for it rather than fill memory
      await new Promise((r) => setTimeout(r, 5))
      const frame = await source.next(true)
      if (!frame) break
      expect(frame.image?.width).toBe(64)
      expect(frame.image?.height).toBe(48)
      expect(frame.image?.data.length).toBe(64 * 48 * 3)
      seen.push(frame.index)
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => i))
    expect(await source.next(true)).toBeNull()
    source.close()
  })

  it('can be closed early', async () => {
    const source = await openFrameSource(record({ kind: 'file', path: join(videos.root, 'tone-b.mp4') }, 12, 64, 48))
    expect((await source.next(true))?.index).toBe(0)
    source.close()
    expect(await source.next(true)).toBeNull()
  })

  it('reads image folders, skipping the decode of frames nobody needs', async () => {
    const dir = join(images.root, 'testing', images.video, 'images')
    const files = readdirSync(dir).sort()
    const source = await openFrameSource(record({ kind: 'frames', dir, files }, 5, 96, 64))
    expect((await source.next(false))?.image).toBeNull()
    const second = await source.next(true)
    expect(second?.index).toBe(1)
    expect(second?.image?.data.length).toBe(96 * 64 * 3)
    const gone = await openFrameSource(record({ kind: 'frames', dir: join(tmpdir(), 'no-such-dir'), files: ['a.png'] }, 1, 4, 4))
    await expect(gone.next(true)).rejects.toThrow(/cannot read frame 0/)
  })
})
