// Per-frame ground truth read at display/scoring time: the fixation points of one frame, in
// frame pixel coordinates, from a binary fixation PNG or a .mat fixation matrix.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { FixationPoint, VideoRecord } from '../../shared/types'
import { decodeImage } from '../formats/image'
import { matArray2d, readMat } from '../formats/mat'
import { AppError } from '../../shared/errors'

type FixationVideo = Pick<VideoRecord, 'name' | 'frameCount' | 'width' | 'height' | 'fixations'>

export async function readFixationPoints(video: FixationVideo, index: number): Promise<FixationPoint[]> {
  if (!Number.isInteger(index) || index < 0 || index >= video.frameCount) {
    throw new AppError(
      'frame-out-of-range',
      `frame index ${index} is outside video ${video.name} (frames 0–${video.frameCount - 1})`
    )
  }
  const source = video.fixations
  switch (source.kind) {
    case 'none':
      return []
    case 'gaze':
      throw new AppError(
        'fixations-not-imported',
        `video ${video.name} has raw gaze (${source.file}) that has not been imported into fixations yet`,
        { path: source.file }
      )
    case 'png':
    case 'mat': {
      const file = source.files[index] ?? null
      // a frame without a fixation file was reported as 'missing-fixation' when indexing
      if (file === null) return []
      const path = join(source.dir, file)
      const buf = await readFixationFile(path, video.name, index)
      const grid = source.kind === 'png' ? imageGrid(buf, path) : matGrid(buf, path, source.key)
      return nonzeroPoints(grid, { width: video.width || grid.width, height: video.height || grid.height })
    }
  }
}

async function readFixationFile(path: string, videoName: string, index: number): Promise<Uint8Array> {
  try {
    return await readFile(path)
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    throw new AppError('fixation-file-missing', `cannot read the fixations of ${videoName} frame ${index}: ${reason}`, {
      path
    })
  }
}

/** A 2-D grid of values, `stride` values per cell; only the first `valuesPerCell` count. */
export interface ValueGrid {
  width: number
  height: number
  data: ArrayLike<number>
  stride: number
  valuesPerCell: number
}

function imageGrid(buf: Uint8Array, path: string): ValueGrid {
  const image = decodeImage(buf, path)
  // colour channels count, alpha does not
  const valuesPerCell = image.channels === 4 ? 3 : image.channels
  return { width: image.width, height: image.height, data: image.data, stride: image.channels, valuesPerCell }
}

/** key '' means "the file's only 2-D variable" (a .mat of unknown origin). */
function matGrid(buf: Uint8Array, path: string, key: string): ValueGrid {
  const vars = readMat(buf, path)
  if (key !== '' && !vars.has(key)) {
    const present = [...vars.keys()]
    throw new AppError(
      'mat-key-missing',
      `${path}: expected the fixation variable '${key}', found ${present.length > 0 ? present.map((k) => `'${k}'`).join(', ') : 'no variables'}`,
      { path, details: present }
    )
  }
  const array = key === '' ? matArray2d(vars, undefined, path) : matArray2d(vars, key, path)
  return { width: array.width, height: array.height, data: array.data, stride: 1, valuesPerCell: 1 }
}

/**
 * Every nonzero cell as a point. When the grid is not the frame's size, cell centres are
 * mapped onto the frame (rounded to whole pixels, duplicates dropped).
 */
export function nonzeroPoints(grid: ValueGrid, frame: { width: number; height: number }): FixationPoint[] {
  const points: FixationPoint[] = []
  const sameSize = grid.width === frame.width && grid.height === frame.height
  const sx = frame.width / grid.width
  const sy = frame.height / grid.height
  const seen = sameSize ? null : new Set<number>()
  for (let y = 0; y < grid.height; y++) {
    for (let x = 0; x < grid.width; x++) {
      const at = (y * grid.width + x) * grid.stride
      let nonzero = false
      for (let c = 0; c < grid.valuesPerCell; c++) {
        const v = grid.data[at + c]
        // written as a comparison pair so NaN counts as empty
        if (v > 0 || v < 0) {
          nonzero = true
          break
        }
      }
      if (!nonzero) continue
      if (!seen) {
        points.push({ x, y })
        continue
      }
      const fx = clamp(Math.round((x + 0.5) * sx - 0.5), frame.width - 1)
      const fy = clamp(Math.round((y + 0.5) * sy - 0.5), frame.height - 1)
      const key = fy * frame.width + fx
      if (seen.has(key)) continue
      seen.add(key)
      points.push({ x: fx, y: fy })
    }
  }
  return points
}

function clamp(v: number, max: number): number {
  // `<= 0` also turns -0 (from rounding -0.25) into 0
  return v <= 0 ? 0 : v > max ? max : v
}
