// Frames of a catalogued video, one at a time: image folders and video files (ffmpeg, paused
// while frames wait unread), early close, and a cut stream reported as an error.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VideoRecord } from '../../../src/shared/types'
import { openFrameSource } from '../../../src/main/engine/inference/frameSource'
import { makeFrameDataset, makeVideoDataset, type FrameDataset, type VideoDataset } from '../../fixtures/inference/datasets'

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

/** pids of the ffmpeg processes this process started (Linux /proc). */
function ffmpegChildren(): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let stat: string
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
    } catch {
      continue // exited while we looked
    }
    // "pid (comm) state ppid …": comm may hold spaces, so split after the last ')'
    const close = stat.lastIndexOf(')')
    const comm = stat.slice(stat.indexOf('(') + 1, close)
    const ppid = Number(stat.slice(close + 2).split(' ')[1])
    if (comm === 'ffmpeg' && ppid === process.pid) pids.push(Number(entry))
  }
  return pids
}

/** Bytes a process has written so far (its stdout pipe here), or null once it is gone. */
function bytesWritten(pid: number): number | null {
  try {
    const match = /^wchar:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))
    return match ? Number(match[1]) : null
  } catch {
    return null
  }
}

describe('openFrameSource', () => {
  it('streams every frame of a video file in order at its native size', async () => {
    const source = await openFrameSource(record({ kind: 'file', path: join(videos.root, 'tone-a.mp4') }, 12, 64, 48))
    const seen: number[] = []
    for (let frame = await source.next(true); frame; frame = await source.next(true)) {
      expect(frame.image?.width).toBe(64)
      expect(frame.image?.height).toBe(48)
      expect(frame.image?.data.length).toBe(64 * 48 * 3)
      seen.push(frame.index)
    }
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => i))
    expect(await source.next(true)).toBeNull()
    source.close()
  })

  // Measured on ffmpeg itself: the bytes it has written (/proc/<pid>/io) minus what the consumer
  // has taken. Without back-pressure ffmpeg decodes this clip in a fraction of the time the slow
  // consumer needs and runs ~all 120 frames ahead; with it, it blocks on a full pipe.
  it.skipIf(process.platform !== 'linux')('keeps ffmpeg a bounded number of frames ahead of a slow consumer (back-pressure)', async () => {
    const [width, height, frames] = [320, 240, 120]
    const dir = mkdtempSync(join(tmpdir(), 'avsal-backpressure-'))
    try {
      const path = join(dir, 'long.mp4')
      execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=25`, '-frames:v', String(frames),
        '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path])
      const before = new Set(ffmpegChildren())
      const source = await openFrameSource(record({ kind: 'file', path }, frames, width, height))
      const started = ffmpegChildren().filter((pid) => !before.has(pid))
      expect(started, 'the frame source should have started exactly one ffmpeg').toHaveLength(1)
      const frameBytes = width * height * 3
      // 4 frames queued (rgbStream's QUEUE_HIGH_WATER) + 1 being filled + the pipe (64 KiB) and the
      // socket's read buffer and one read (≤ 128 KiB), rounded up to whole frames
      const bound = 4 + 1 + Math.ceil((256 * 1024) / frameBytes)
      let consumed = 0
      let maxAhead = 0
      for (;;) {
        await new Promise((r) => setTimeout(r, 5)) // a slow consumer
        const written = bytesWritten(started[0])
        if (written !== null) maxAhead = Math.max(maxAhead, written / frameBytes - consumed)
        const frame = await source.next(true)
        if (!frame) break
        expect(frame.index).toBe(consumed)
        consumed++
      }
      source.close()
      expect(consumed).toBe(frames)
      expect(maxAhead, `ffmpeg ran up to ${maxAhead.toFixed(1)} frames ahead (bound ${bound})`).toBeLessThanOrEqual(bound)
      // the measurement saw ffmpeg working, not only a process that had already gone
      expect(maxAhead).toBeGreaterThan(1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
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
