// Pull-based RGB24 frames from one ffmpeg process: frame i is the i-th decoded frame
// (passthrough), and the pipe is paused while a few frames wait unread, so a long video never
// sits decoded in memory. decodeFramesRgb and the inference engine both read through it.
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'
import { summariseStderr } from './errors'
import { passthroughArgs, type FfmpegBinaries } from './ffmpegPath'
import { FrameChunker } from './frameChunker'
import { AppError } from '../../shared/errors'

/** How many decoded frames may wait before ffmpeg's pipe is paused. */
const QUEUE_HIGH_WATER = 4

export interface RgbFrameStream {
  readonly width: number
  readonly height: number
  /** the next frame (width·height·3 bytes, a fresh array), or null after the last one */
  next(): Promise<Uint8Array | null>
  /** stops ffmpeg; frames not yet read are dropped */
  close(): void
}

class FfmpegRgbStream implements RgbFrameStream {
  private readonly queue: Uint8Array[] = []
  private ended = false
  private failure: Error | null = null
  private waiter: (() => void) | null = null
  private readonly child: ChildProcessByStdio<null, Readable, Readable>
  private readonly chunker: FrameChunker
  private stderr = ''

  constructor(
    path: string,
    readonly width: number,
    readonly height: number,
    binaries: FfmpegBinaries,
    filterArgs: string[]
  ) {
    const args = [
      '-nostdin', '-hide_banner', '-v', 'error',
      '-i', path,
      '-map', '0:v:0', '-an', '-sn', '-dn',
      ...passthroughArgs(binaries.version),
      ...filterArgs,
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
    this.child.on('error', (err) => this.fail(new AppError('ffmpeg-missing', `cannot run ${binaries.ffmpeg}: ${err.message}`)))
    this.child.on('close', (code, signal) => {
      if (this.ended) return
      if (code !== 0) {
        this.fail(
          new AppError(
            'decode-failed',
            `ffmpeg failed decoding ${path} to RGB (exit ${code ?? signal}) after ${this.chunker.framesEmitted} frames: ${summariseStderr(this.stderr)}`
          )
        )
        return
      }
      if (this.chunker.pendingBytes !== 0) {
        this.fail(new AppError('decode-failed', `ffmpeg's RGB stream for ${path} ended inside a frame (${this.chunker.pendingBytes} of ${this.chunker.frameBytes} bytes)`))
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

  async next(): Promise<Uint8Array | null> {
    for (;;) {
      const frame = this.queue.shift()
      if (frame) {
        if (this.queue.length < QUEUE_HIGH_WATER && this.child.stdout.isPaused()) this.child.stdout.resume()
        return frame
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

/** Opens `path` for one sequential pass at `width`×`height` (`filterArgs`, e.g. a scale, must produce that size). */
export function openRgbFrameStream(
  path: string,
  width: number,
  height: number,
  binaries: FfmpegBinaries,
  filterArgs: string[] = []
): RgbFrameStream {
  return new FfmpegRgbStream(path, width, height, binaries, filterArgs)
}
