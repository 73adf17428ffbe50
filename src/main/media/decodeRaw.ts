// Streams a video's frames as packed RGB24 through a pipe (no files), for models and the
// decode-throughput benchmark. Pipe chunks (64 KiB here) do not line up with frames, so a
// FrameChunker reassembles exact width×height×3 byte frames across chunk boundaries.
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { MediaError, summariseStderr } from './errors'
import { passthroughArgs, resolveFfmpeg, type FfmpegBinaries } from './ffmpegPath'
import { assertMediaFile, probeVideo } from './probe'
import { runTool } from './runTool'

/** Cuts a byte stream into fixed-size frames; each emitted frame is a fresh array the callee owns. */
export class FrameChunker {
  private frame: Uint8Array
  private filled = 0
  private emitted = 0

  constructor(
    readonly frameBytes: number,
    private readonly onFrame: (index: number, frame: Uint8Array) => void
  ) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) {
      throw new MediaError('bad-argument', `frame size must be a positive integer number of bytes, got ${frameBytes}`)
    }
    this.frame = new Uint8Array(frameBytes)
  }

  get framesEmitted(): number {
    return this.emitted
  }

  /** Bytes of an incomplete frame held back (non-zero at the end means the stream was cut). */
  get pendingBytes(): number {
    return this.filled
  }

  push(chunk: Uint8Array): void {
    let offset = 0
    while (offset < chunk.length) {
      const take = Math.min(this.frameBytes - this.filled, chunk.length - offset)
      this.frame.set(chunk.subarray(offset, offset + take), this.filled)
      this.filled += take
      offset += take
      if (this.filled === this.frameBytes) {
        const full = this.frame
        this.frame = new Uint8Array(this.frameBytes)
        this.filled = 0
        this.onFrame(this.emitted++, full)
      }
    }
  }
}

export interface RgbDecodeSize {
  width?: number
  height?: number
}

export interface RgbDecodeResult {
  frames: number
  width: number
  height: number
  seconds: number
}

/** Output size: as asked; one side given → the other keeps the aspect ratio (rounded to even). */
export function outputSize(source: { width: number; height: number }, size: RgbDecodeSize): { width: number; height: number } {
  const check = (value: number | undefined, name: string): void => {
    if (value !== undefined && (!Number.isInteger(value) || value <= 0)) {
      throw new MediaError('bad-argument', `${name} must be a positive integer, got ${value}`)
    }
  }
  check(size.width, 'width')
  check(size.height, 'height')
  const even = (value: number): number => Math.max(2, 2 * Math.round(value / 2))
  if (size.width !== undefined && size.height !== undefined) return { width: size.width, height: size.height }
  if (size.width !== undefined) return { width: size.width, height: even((size.width * source.height) / source.width) }
  if (size.height !== undefined) return { width: even((size.height * source.width) / source.height), height: size.height }
  return { width: source.width, height: source.height }
}

/**
 * Decodes every frame of `path` (passthrough: no dropped or repeated frames) to RGB24 and calls
 * `onFrame(index, rgb)` with `rgb.length === width*height*3`, rows top to bottom.
 */
export async function decodeFramesRgb(
  path: string,
  size: RgbDecodeSize,
  onFrame: (index: number, rgb: Uint8Array) => void,
  binaries: FfmpegBinaries = resolveFfmpeg()
): Promise<RgbDecodeResult> {
  const probe = await probeVideo(path, binaries)
  const { width, height } = outputSize(probe, size)
  const scale = width === probe.width && height === probe.height ? [] : ['-vf', `scale=${width}:${height}:flags=bilinear`]
  const args = [
    '-nostdin', '-hide_banner', '-v', 'error',
    '-i', path,
    '-map', '0:v:0', '-an', '-sn', '-dn',
    ...passthroughArgs(binaries.version),
    ...scale,
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'
  ]
  const started = performance.now()
  const chunker = new FrameChunker(width * height * 3, onFrame)
  const { exitCode, stderr, callbackError } = await new Promise<{ exitCode: number; stderr: string; callbackError: unknown }>(
    (resolvePromise, reject) => {
      const child = spawn(binaries.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })
      let errText = ''
      let thrown: unknown = null
      child.stdout.on('data', (chunk: Buffer) => {
        if (thrown !== null) return
        try {
          chunker.push(chunk)
        } catch (err) {
          // The consumer failed: stop decoding and report its error, not ffmpeg's broken pipe.
          thrown = err
          child.kill('SIGKILL')
        }
      })
      child.stderr.setEncoding('utf8')
      child.stderr.on('data', (chunk: string) => {
        errText = (errText + chunk).slice(-64 * 1024)
      })
      child.on('error', (err) => reject(new MediaError('ffmpeg-missing', `cannot run ${binaries.ffmpeg}: ${err.message}`)))
      child.on('close', (code, signal) => resolvePromise({ exitCode: code ?? (signal ? 128 : 1), stderr: errText, callbackError: thrown }))
    }
  )
  if (callbackError !== null) throw callbackError
  if (exitCode !== 0) {
    throw new MediaError('decode-failed', `ffmpeg failed decoding ${path} to RGB (exit ${exitCode}) after ${chunker.framesEmitted} frames: ${summariseStderr(stderr)}`)
  }
  if (chunker.pendingBytes !== 0) {
    throw new MediaError('decode-failed', `ffmpeg's RGB stream for ${path} ended inside a frame (${chunker.pendingBytes} of ${chunker.frameBytes} bytes)`)
  }
  return { frames: chunker.framesEmitted, width, height, seconds: (performance.now() - started) / 1000 }
}

/**
 * Wall time of decoding the video stream and discarding it (`ffmpeg -i path -an -f null -`): the
 * floor any frame pipeline is measured against. Audio is left out so it compares with decodeFramesRgb.
 */
export async function ffmpegNullDecodeSeconds(
  path: string,
  binaries: FfmpegBinaries = resolveFfmpeg(),
  options: { pixFmt?: string } = {}
): Promise<number> {
  await assertMediaFile(path)
  // pixFmt: also convert the decoded frames (e.g. rgb24) before discarding them, the floor of a
  // pipeline that needs RGB
  const convert = options.pixFmt ? ['-pix_fmt', options.pixFmt] : []
  const args = ['-nostdin', '-hide_banner', '-v', 'error', '-i', path, '-map', '0:v:0', '-an', ...passthroughArgs(binaries.version), ...convert, '-f', 'null', '-']
  const started = performance.now()
  const result = await runTool(binaries.ffmpeg, args)
  const seconds = (performance.now() - started) / 1000
  if (result.exitCode !== 0) {
    throw new MediaError('decode-failed', `ffmpeg could not decode ${path} (exit ${result.exitCode}): ${summariseStderr(result.stderr)}`)
  }
  return seconds
}
