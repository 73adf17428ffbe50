// Streams a video's frames as packed RGB24 through a pipe (no files), for models and the
// decode-throughput benchmark. Pipe chunks (64 KiB here) do not line up with frames, so a
// FrameChunker reassembles exact width×height×3 byte frames across chunk boundaries.
import { performance } from 'node:perf_hooks'
import { summariseStderr } from './errors'
import { passthroughArgs, resolveFfmpeg, type FfmpegBinaries } from './ffmpegPath'
import { assertMediaFile, probeVideo } from './probe'
import { runTool } from './runTool'
import { openRgbFrameStream } from './rgbStream'
import { AppError } from '../../shared/errors'

export { FrameChunker } from './frameChunker'

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
      throw new AppError('bad-argument', `${name} must be a positive integer, got ${value}`)
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
  const started = performance.now()
  const stream = openRgbFrameStream(path, width, height, binaries, scale)
  let frames = 0
  try {
    for (let frame = await stream.next(); frame; frame = await stream.next()) {
      // a consumer that throws stops decoding and its error is what the caller sees
      onFrame(frames++, frame)
    }
  } finally {
    stream.close()
  }
  return { frames, width, height, seconds: (performance.now() - started) / 1000 }
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
    throw new AppError('decode-failed', `ffmpeg could not decode ${path} (exit ${result.exitCode}): ${summariseStderr(result.stderr)}`)
  }
  return seconds
}
