// Frames of a catalogued video, in order, one at a time: image folders through decodeImage,
// video files through one ffmpeg process (native size, RGB24). The ffmpeg pipe is paused
// while a few frames wait unread, so a long video never sits decoded in memory (the media
// layer's decodeFramesRgb has no back-pressure: it pushes every frame as fast as ffmpeg runs).
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import type { VideoRecord } from '../../shared/types'
import { decodeImage } from '../formats/image'
import { FrameChunker, probeVideo, resolveFfmpeg, type FfmpegBinaries } from '../media'
import { summariseStderr } from '../media/errors'
import { passthroughArgs } from '../media/ffmpegPath'
import { InferenceError } from './errors'
import { toRgb, type RgbImage } from './preprocess'

export interface SourceFrame {
  index: number
  /** null when the caller asked to skip decoding this frame */
  image: RgbImage | null
}

export interface FrameSource {
  /** the next frame in order, or null after the last one */
  next(decode: boolean): Promise<SourceFrame | null>
  close(): void
}

/** How many decoded frames may wait before ffmpeg's pipe is paused. */
const QUEUE_HIGH_WATER = 4

class ImageFolderSource implements FrameSource {
  private index = 0
  constructor(private readonly video: VideoRecord, private readonly dir: string, private readonly files: readonly string[]) {}

  async next(decode: boolean): Promise<SourceFrame | null> {
    if (this.index >= this.files.length) return null
    const index = this.index++
    if (!decode) return { index, image: null }
    const path = join(this.dir, this.files[index])
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await readFile(path))
    } catch (err) {
      throw new InferenceError('frame-stream', `${this.video.name}: cannot read frame ${index} (${path}): ${(err as Error).message}`)
    }
    return { index, image: toRgb(decodeImage(bytes, path), path) }
  }

  close(): void {
    this.index = this.files.length
  }
}

class FfmpegSource implements FrameSource {
  private readonly queue: Uint8Array[] = []
  private delivered = 0
  private ended = false
  private failure: Error | null = null
  private waiter: (() => void) | null = null
  private readonly child: ChildProcessByStdio<null, Readable, Readable>
  private readonly chunker: FrameChunker
  private stderr = ''

  constructor(
    path: string,
    private readonly width: number,
    private readonly height: number,
    binaries: FfmpegBinaries
  ) {
    const args = [
      '-nostdin', '-hide_banner', '-v', 'error',
      '-i', path,
      '-map', '0:v:0', '-an', '-sn', '-dn',
      ...passthroughArgs(binaries.version),
      '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'
    ]
    this.chunker = new FrameChunker(width * height * 3, (_index, frame) => {
      this.queue.push(frame)
      if (this.queue.length >= QUEUE_HIGH_WATER) this.child.stdout.pause()
      this.wake()
    })
    this.child = spawn(binaries.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })
    this.child.stdout.on('data', (chunk: Buffer) => this.chunker.push(chunk))
    this.child.stderr.setEncoding('utf8')
    this.child.stderr.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-16 * 1024)
    })
    this.child.on('error', (err) => this.fail(new InferenceError('frame-stream', `cannot run ${binaries.ffmpeg}: ${err.message}`)))
    this.child.on('close', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL' && !this.ended) {
        this.fail(new InferenceError('frame-stream', `ffmpeg failed decoding ${path} (exit ${code ?? signal}) after ${this.chunker.framesEmitted} frames: ${summariseStderr(this.stderr)}`))
        return
      }
      this.ended = true
      this.wake()
    })
  }

  private fail(err: Error): void {
    this.failure ??= err
    this.wake()
  }

  private wake(): void {
    const w = this.waiter
    this.waiter = null
    w?.()
  }

  async next(): Promise<SourceFrame | null> {
    for (;;) {
      const frame = this.queue.shift()
      if (frame) {
        if (this.queue.length < QUEUE_HIGH_WATER && this.child.stdout.isPaused()) this.child.stdout.resume()
        return { index: this.delivered++, image: { width: this.width, height: this.height, data: frame } }
      }
      if (this.failure) throw this.failure
      if (this.ended) return null
      if (this.child.stdout.isPaused()) this.child.stdout.resume()
      await new Promise<void>((resolve) => {
        this.waiter = resolve
      })
    }
  }

  close(): void {
    this.ended = true
    this.queue.length = 0
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
  }
}

/** Opens the frames of `video` (image folder or video file) for one sequential pass. */
export async function openFrameSource(video: VideoRecord, binaries?: FfmpegBinaries): Promise<FrameSource> {
  if (video.frames.kind === 'frames') return new ImageFolderSource(video, video.frames.dir, video.frames.files)
  const bins = binaries ?? resolveFfmpeg()
  const probe = await probeVideo(video.frames.path, bins)
  return new FfmpegSource(video.frames.path, probe.width, probe.height, bins)
}
