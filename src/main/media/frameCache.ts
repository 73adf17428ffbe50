// Frame-accurate JPEG cache of a whole video: frame i of the cache is the i-th decoded frame.
// One ffmpeg run per (video path, mtime, size); `-fps_mode passthrough` keeps every decoded frame
// exactly once (the default would duplicate/drop frames to hit a constant output rate), and the
// image2 muxer's `atomic_writing` writes each JPEG under a temporary name and renames it, so a
// reader (or a crash) never sees half a frame. `complete.json` is written last, also by rename.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, statSync, watch, type FSWatcher } from 'node:fs'
import { rename, rm, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { stderrLines, summariseStderr } from './errors'
import { isModernFfmpeg, passthroughArgs, resolveFfmpeg, type FfmpegBinaries } from './ffmpegPath'
import { contiguousFrameCount, FRAME_PATTERN, frameFileName, ProgressParser } from './frameFiles'
import { probeVideo, type VideoProbe } from './probe'
import { AppError } from '../../shared/errors'

export const COMPLETE_MARKER = 'complete.json'

export interface FrameCacheOptions {
  cacheRoot: string
  videoPath: string
  binaries?: FfmpegBinaries
  /** skips the ffprobe run when the caller already has it */
  probe?: VideoProbe
  /** JPEG quality as ffmpeg's -q:v (2 = high, 31 = worst) */
  quality?: number
}

export interface FrameCacheProgress {
  decoded: number
  total: number
  done: boolean
}

/** Written to complete.json when ffmpeg has finished (also for a truncated video). */
export interface FrameCacheSummary {
  key: string
  videoPath: string
  /** frames on disk: 0 … frameCount-1 */
  frameCount: number
  /** what the probe counted */
  expectedFrames: number
  /** what the container header claims, if anything */
  declaredFrames: number | null
  truncated: boolean
  exitCode: number
  /** ffmpeg's error lines (damaged macroblocks, premature end of file) */
  errors: string[]
  width: number
  height: number
  fps: number
  completedAt: string
}

export type FrameCacheState = 'idle' | 'decoding' | 'complete' | 'failed' | 'cancelled'

interface Waiter {
  index: number
  resolve: (path: string) => void
  reject: (err: Error) => void
  timer: NodeJS.Timeout
}

const POLL_MS = 50

/** Cache folder name: readable prefix + hash of what identifies the file's content. */
export function frameCacheKey(videoPath: string): { key: string; folder: string } {
  let real: string
  let size: number
  let mtimeMs: number
  try {
    real = realpathSync(videoPath)
    const info = statSync(real)
    if (!info.isFile()) throw new Error('not a file')
    size = info.size
    mtimeMs = info.mtimeMs
  } catch {
    throw new AppError('not-found', `video file not found: ${videoPath}`)
  }
  const key = createHash('sha256').update(`${real}\n${mtimeMs}\n${size}`).digest('hex').slice(0, 20)
  const slug = basename(real).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 40)
  return { key, folder: `${slug}-${key}` }
}

function isSummary(value: unknown, key: string): value is FrameCacheSummary {
  if (value === null || typeof value !== 'object') return false
  const summary = value as Partial<FrameCacheSummary>
  return summary.key === key && Number.isInteger(summary.frameCount) && typeof summary.truncated === 'boolean'
}

export class FrameCache {
  readonly videoPath: string
  readonly key: string
  readonly dir: string
  private readonly binaries: FfmpegBinaries
  private readonly quality: number
  private probe: VideoProbe | null
  private state: FrameCacheState = 'idle'
  private decoded = 0
  private total = 0
  private summary: FrameCacheSummary | null = null
  private failure: Error | null = null
  private running: Promise<FrameCacheSummary> | null = null
  private child: ChildProcess | null = null
  private cancelRequested = false
  private readonly listeners = new Set<(progress: FrameCacheProgress) => void>()
  private readonly waiters = new Set<Waiter>()
  private watcher: FSWatcher | null = null
  private poller: NodeJS.Timeout | null = null

  constructor(options: FrameCacheOptions) {
    const { key, folder } = frameCacheKey(options.videoPath)
    this.videoPath = options.videoPath
    this.key = key
    this.dir = join(options.cacheRoot, folder)
    this.binaries = options.binaries ?? resolveFfmpeg()
    this.quality = options.quality ?? 2
    if (!Number.isInteger(this.quality) || this.quality < 1 || this.quality > 31) {
      throw new AppError('bad-argument', `JPEG quality must be an integer 1…31 (ffmpeg -q:v), got ${options.quality}`)
    }
    this.probe = options.probe ?? null
    this.summary = this.readMarker()
    if (this.summary) {
      this.state = 'complete'
      this.decoded = this.summary.frameCount
      this.total = this.summary.expectedFrames
    }
  }

  framePath(index: number): string {
    return join(this.dir, frameFileName(index))
  }

  status(): { state: FrameCacheState; decoded: number; total: number; summary: FrameCacheSummary | null } {
    return { state: this.state, decoded: this.decoded, total: this.total, summary: this.summary }
  }

  onProgress(listener: (progress: FrameCacheProgress) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Decodes the whole video once; concurrent and later calls share the same run and result. */
  start(): Promise<FrameCacheSummary> {
    if (this.summary) return Promise.resolve(this.summary)
    if (!this.running) {
      this.running = this.decode()
      // A failed or cancelled run may be retried by a later start().
      this.running.catch(() => {
        this.running = null
      })
    }
    return this.running
  }

  /** Resolves with the frame's file path as soon as it exists (starting the decode if needed). */
  waitForFrame(index: number, timeoutMs = 60_000): Promise<string> {
    if (!Number.isInteger(index) || index < 0) {
      return Promise.reject(new AppError('bad-argument', `frame index must be a non-negative integer, got ${index}`))
    }
    const path = this.framePath(index)
    if (existsSync(path)) return Promise.resolve(path)
    if (this.summary) return Promise.reject(this.outOfRange(index, this.summary.frameCount))
    return new Promise((resolvePromise, reject) => {
      const waiter: Waiter = {
        index,
        resolve: resolvePromise,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter)
          this.stopWatchingIfIdle()
          reject(new AppError('timeout', `frame ${index} of ${this.videoPath} not decoded within ${timeoutMs} ms (${this.decoded}/${this.total} so far)`))
        }, timeoutMs)
      }
      this.waiters.add(waiter)
      this.watchFolder()
      // Errors reach the waiter through settleWaiters(); this catch only keeps the rejection handled.
      this.start().catch(() => undefined)
    })
  }

  /** Stops a running decode. Frames already written stay (they are valid); no marker is written. */
  cancel(): void {
    if (!this.running || this.summary) return
    this.cancelRequested = true
    this.child?.kill('SIGKILL')
  }

  private outOfRange(index: number, frameCount: number): AppError {
    return new AppError('frame-out-of-range', `${this.videoPath} has ${frameCount} decodable frames; frame ${index} does not exist`)
  }

  private readMarker(): FrameCacheSummary | null {
    const markerPath = join(this.dir, COMPLETE_MARKER)
    if (!existsSync(markerPath)) return null
    try {
      const parsed: unknown = JSON.parse(readFileSync(markerPath, 'utf8'))
      if (!isSummary(parsed, this.key)) return null
      // A marker whose last frame is gone (cache cleaned by hand) is not trusted.
      if (parsed.frameCount > 0 && !existsSync(this.framePath(parsed.frameCount - 1))) return null
      return parsed
    } catch {
      return null
    }
  }

  private emit(done: boolean): void {
    const progress = { decoded: this.decoded, total: this.total, done }
    for (const listener of this.listeners) listener(progress)
  }

  private async decode(): Promise<FrameCacheSummary> {
    this.state = 'decoding'
    this.cancelRequested = false
    this.failure = null
    try {
      const probe = this.probe ?? (await probeVideo(this.videoPath, this.binaries))
      this.probe = probe
      this.total = probe.frameCount
      if (this.cancelRequested) throw new AppError('cancelled', `decoding ${this.videoPath} was cancelled`)
      mkdirSync(this.dir, { recursive: true })
      await this.removeTemporaries()
      const { exitCode, stderr } = await this.runFfmpeg()
      if (this.cancelRequested) throw new AppError('cancelled', `decoding ${this.videoPath} was cancelled`)
      const frameCount = contiguousFrameCount(readdirSync(this.dir))
      this.decoded = frameCount
      const errors = stderrLines(stderr).slice(-50)
      if (frameCount === 0) {
        throw new AppError(
          'decode-failed',
          `ffmpeg decoded no frame of ${this.videoPath} (exit ${exitCode}): ${summariseStderr(stderr) || 'no message'}`,
          errors
        )
      }
      const summary: FrameCacheSummary = {
        key: this.key,
        videoPath: this.videoPath,
        frameCount,
        expectedFrames: probe.frameCount,
        declaredFrames: probe.declaredFrameCount,
        // The header may over-count by one (ffmpeg's own AVI muxer wrote 51 for 50 frames), not more.
        truncated:
          exitCode !== 0 ||
          frameCount < probe.frameCount ||
          (probe.declaredFrameCount !== null && probe.declaredFrameCount > frameCount + 1),
        exitCode,
        errors,
        width: probe.width,
        height: probe.height,
        fps: probe.fps,
        completedAt: new Date().toISOString()
      }
      await this.writeMarker(summary)
      this.summary = summary
      this.state = 'complete'
      this.emit(true)
      this.settleWaiters()
      return summary
    } catch (err) {
      this.state = this.cancelRequested ? 'cancelled' : 'failed'
      this.failure = err instanceof Error ? err : new Error(String(err))
      this.settleWaiters()
      throw this.failure
    } finally {
      this.child = null
    }
  }

  private runFfmpeg(): Promise<{ exitCode: number; stderr: string }> {
    const version = this.binaries.version
    const args = [
      '-nostdin', '-hide_banner', '-v', 'error',
      '-progress', 'pipe:1',
      ...(isModernFfmpeg(version) ? ['-stats_period', '0.2'] : []),
      '-i', this.videoPath,
      '-map', '0:v:0', '-an', '-sn', '-dn',
      ...passthroughArgs(version),
      '-q:v', String(this.quality),
      '-f', 'image2', '-start_number', '0', '-atomic_writing', '1',
      '-y', join(this.dir, FRAME_PATTERN)
    ]
    return new Promise((resolvePromise, reject) => {
      const child = spawn(this.binaries.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true })
      this.child = child
      const progress = new ProgressParser()
      let stderr = ''
      child.stdout.setEncoding('utf8')
      child.stdout.on('data', (chunk: string) => {
        if (progress.push(chunk)) {
          this.decoded = progress.frame
          this.emit(false)
        }
        this.checkWaiters()
      })
      child.stderr.setEncoding('utf8')
      child.stderr.on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-64 * 1024)
      })
      child.on('error', (err) => reject(new AppError('ffmpeg-missing', `cannot run ${this.binaries.ffmpeg}: ${err.message}`)))
      child.on('close', (code, signal) => resolvePromise({ exitCode: code ?? (signal ? 128 : 1), stderr }))
    })
  }

  private async removeTemporaries(): Promise<void> {
    for (const name of readdirSync(this.dir)) {
      if (name.endsWith('.tmp')) await rm(join(this.dir, name), { force: true })
    }
  }

  private async writeMarker(summary: FrameCacheSummary): Promise<void> {
    const target = join(this.dir, COMPLETE_MARKER)
    const temporary = `${target}.${process.pid}.tmp`
    await writeFile(temporary, JSON.stringify(summary, null, 2))
    await rename(temporary, target)
  }

  private watchFolder(): void {
    if (!this.poller) this.poller = setInterval(() => this.checkWaiters(), POLL_MS)
    if (this.watcher) return
    try {
      mkdirSync(this.dir, { recursive: true })
      this.watcher = watch(this.dir, () => this.checkWaiters())
      this.watcher.on('error', () => this.stopWatcher())
    } catch {
      // Polling alone still works (network file systems may not support watching).
      this.watcher = null
    }
  }

  private stopWatcher(): void {
    this.watcher?.close()
    this.watcher = null
  }

  private stopWatchingIfIdle(): void {
    if (this.waiters.size > 0) return
    this.stopWatcher()
    if (this.poller) clearInterval(this.poller)
    this.poller = null
  }

  private checkWaiters(): void {
    for (const waiter of this.waiters) {
      const path = this.framePath(waiter.index)
      if (existsSync(path)) {
        clearTimeout(waiter.timer)
        this.waiters.delete(waiter)
        waiter.resolve(path)
      }
    }
    this.stopWatchingIfIdle()
  }

  /** After the run: hand out the frames that exist, and reject the rest with the reason. */
  private settleWaiters(): void {
    this.checkWaiters()
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer)
      this.waiters.delete(waiter)
      waiter.reject(this.summary ? this.outOfRange(waiter.index, this.summary.frameCount) : (this.failure ?? new Error('decode ended')))
    }
    this.stopWatchingIfIdle()
  }
}

const openCaches = new Map<string, FrameCache>()

/** One FrameCache object per cache folder in this process, so concurrent callers share one ffmpeg. */
export function openFrameCache(options: FrameCacheOptions): FrameCache {
  const { folder } = frameCacheKey(options.videoPath)
  const id = join(options.cacheRoot, folder)
  let cache = openCaches.get(id)
  if (!cache) {
    cache = new FrameCache(options)
    openCaches.set(id, cache)
  }
  return cache
}
