// Frames and playback audio for the viewer. Image-folder videos are served as they are; video
// files are decoded once by ffmpeg into a frame-accurate JPEG cache (Chromium cannot play
// DHF1K's XviD AVI, and <video> seeking is not frame-accurate anyway).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import type { VideoRecord } from '../../shared/types'
import { extractAudioForPlayback } from './audio'
import { FrameCache } from './frameCache'
import type { FfmpegBinaries } from './ffmpegPath'
import { AppError } from '../../shared/errors'

export class FrameProvider {
  private readonly caches = new Map<string, FrameCache>()
  private readonly audioJobs = new Map<string, Promise<string>>()

  constructor(
    private readonly cacheDir: string,
    private readonly ffmpeg: () => FfmpegBinaries,
    /** decode progress of a video file (the hosts forward it to the UI) */
    private readonly onDecodeProgress: (videoId: number, done: number, total: number) => void
  ) {}

  async prepare(video: VideoRecord): Promise<{ cached: number; total: number }> {
    if (video.frames.kind === 'frames') return { cached: video.frameCount, total: video.frameCount }
    const cache = this.cacheFor(video, video.frames.path)
    void cache.start().catch(() => undefined)
    await cache.waitForFrame(0)
    const status = cache.status()
    return { cached: status.decoded, total: video.frameCount }
  }

  async frameFile(video: VideoRecord, index: number): Promise<string> {
    if (video.frames.kind === 'frames') {
      const name = video.frames.files[index]
      if (!name) throw new AppError('missing-frame', `frame ${index} of ${video.name} has no image file`)
      return join(video.frames.dir, name)
    }
    const cache = this.cacheFor(video, video.frames.path)
    void cache.start().catch(() => undefined)
    return cache.waitForFrame(index)
  }

  /** WAV beside the dataset is served as is; a video's own track is extracted once to the cache. */
  async playbackAudio(video: VideoRecord): Promise<string> {
    const source = video.audioPath
    if (!source) throw new AppError('no-audio', `${video.name} has no audio track`)
    if (/\.(wav|mp3|ogg|m4a|aac|flac|opus)$/i.test(source)) return source
    const key = createHash('sha256').update(source).digest('hex').slice(0, 20)
    const out = join(this.cacheDir, 'audio', `${key}.wav`)
    if (existsSync(out)) return out
    let job = this.audioJobs.get(out)
    if (!job) {
      job = extractAudioForPlayback(source, out, this.ffmpeg()).then((r) => r.path)
      job.catch(() => this.audioJobs.delete(out))
      this.audioJobs.set(out, job)
    }
    return job
  }

  close(): void {
    for (const cache of this.caches.values()) cache.cancel()
    this.caches.clear()
  }

  private cacheFor(video: VideoRecord, path: string): FrameCache {
    let cache = this.caches.get(path)
    if (!cache) {
      cache = new FrameCache({ cacheRoot: join(this.cacheDir, 'frames'), videoPath: path, binaries: this.ffmpeg() })
      cache.onProgress((p) => this.onDecodeProgress(video.id, p.decoded, p.total))
      this.caches.set(path, cache)
    }
    return cache
  }
}
