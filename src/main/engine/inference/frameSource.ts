// Frames of a catalogued video, in order, one at a time: image folders through decodeImage,
// video files through the media layer's RGB stream (native size; its pipe pauses while frames
// wait unread, so a long video never sits decoded in memory).
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { VideoRecord } from '../../../shared/types'
import { decodeImage } from '../../formats/image'
import { openRgbFrameStream, probeVideo, resolveFfmpeg, type FfmpegBinaries, type RgbFrameStream } from '../../media'
import { toRgb, type RgbImage } from './preprocess'
import { AppError } from '../../../shared/errors'

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
      throw new AppError('frame-stream', `${this.video.name}: cannot read frame ${index} (${path}): ${(err as Error).message}`)
    }
    return { index, image: toRgb(decodeImage(bytes, path), path) }
  }

  close(): void {
    this.index = this.files.length
  }
}

/** A video file through the media layer's back-pressured RGB stream, errors named for inference. */
class FfmpegSource implements FrameSource {
  private delivered = 0

  constructor(
    private readonly video: VideoRecord,
    private readonly stream: RgbFrameStream
  ) {}

  async next(): Promise<SourceFrame | null> {
    let frame: Uint8Array | null
    try {
      frame = await this.stream.next()
    } catch (err) {
      throw new AppError('frame-stream', `${this.video.name}: ${(err as Error).message}`)
    }
    if (!frame) return null
    return { index: this.delivered++, image: { width: this.stream.width, height: this.stream.height, data: frame } }
  }

  close(): void {
    this.stream.close()
  }
}

/** Opens the frames of `video` (image folder or video file) for one sequential pass. */
export async function openFrameSource(video: VideoRecord, binaries?: FfmpegBinaries): Promise<FrameSource> {
  if (video.frames.kind === 'frames') return new ImageFolderSource(video, video.frames.dir, video.frames.files)
  const bins = binaries ?? resolveFfmpeg()
  const probe = await probeVideo(video.frames.path, bins)
  return new FfmpegSource(video, openRgbFrameStream(video.frames.path, probe.width, probe.height, bins))
}
