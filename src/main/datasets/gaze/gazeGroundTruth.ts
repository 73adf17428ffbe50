// Ground truth for videos that come with raw gaze instead of maps (DHF1K exports, DIEM event
// files): fixation points per frame from the importer, and continuous maps by Gaussian blur
// (DHF1K's FWHM 30 px by default), rendered once per frame into the cache as 8-bit PNGs.
import { existsSync, mkdirSync } from 'node:fs'
import { writeFileAtomicSync } from '../../core/atomicWrite'
import { createHash } from 'node:crypto'
import { basename, join } from 'node:path'
import type { FixationPoint, VideoRecord } from '../../../shared/types'
import { encodePngGray8 } from '../../formats/image'
import { importDhf1kGaze, importDiemGaze, saliencyMap, DHF1K_FWHM_PX, type GazeImport } from './'

/** FWHM → Gaussian sigma */
export function sigmaFromFwhm(fwhm: number): number {
  return fwhm / (2 * Math.sqrt(2 * Math.log(2)))
}

export class GazeGroundTruth {
  private readonly imports = new Map<string, Promise<GazeImport>>()

  constructor(
    private readonly cacheDir: string,
    readonly fwhmPx: number = DHF1K_FWHM_PX
  ) {}

  static isGazeVideo(video: VideoRecord): boolean {
    return video.fixations.kind === 'gaze'
  }

  /** The import of a video's raw gaze (cached; the files are read once per process). */
  load(video: VideoRecord): Promise<GazeImport> {
    if (video.fixations.kind !== 'gaze') throw new Error(`${video.name} has no raw gaze`)
    const folder = video.fixations.file
    const key = `${folder}|${video.name}`
    let job = this.imports.get(key)
    if (!job) {
      const geometry = { videoWidth: video.width, videoHeight: video.height, frameCount: video.frameCount }
      const isDiem = existsSync(join(folder, 'event_data')) || basename(folder) === 'event_data'
      job = isDiem
        ? importDiemGaze(folder, geometry)
        : importDhf1kGaze(folder, { ...geometry, fps: video.fps, trial: /^\d+$/.test(video.name) ? Number(video.name) : undefined })
      job.catch(() => this.imports.delete(key))
      this.imports.set(key, job)
    }
    return job
  }

  async fixations(video: VideoRecord, index: number): Promise<FixationPoint[]> {
    return (await this.load(video)).frames.get(index) ?? []
  }

  /** Path of the blurred map of frame `index` (rendered on first use). */
  async mapFile(video: VideoRecord, index: number): Promise<string> {
    const points = await this.fixations(video, index)
    const key = createHash('sha256').update(`${video.fixations.kind === 'gaze' ? video.fixations.file : ''}|${video.name}|${this.fwhmPx}`).digest('hex').slice(0, 16)
    const dir = join(this.cacheDir, 'gaze-maps', `${video.name}-${key}`)
    const file = join(dir, `${String(index).padStart(6, '0')}.png`)
    if (existsSync(file)) return file
    mkdirSync(dir, { recursive: true })
    const map = saliencyMap(points, video.width, video.height, { sigma: sigmaFromFwhm(this.fwhmPx) })
    const bytes = new Uint8Array(map.length)
    for (let i = 0; i < map.length; i++) bytes[i] = Math.round(map[i] * 255)
    writeFileAtomicSync(file, encodePngGray8(video.width, video.height, bytes))
    return file
  }
}
