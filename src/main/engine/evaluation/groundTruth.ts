// Ground truth of one frame for scoring: the continuous map (im2double scale) and the binary
// fixation map at its own resolution, as the MIT code reads them.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FixationPoint, VideoRecord } from '../../../shared/types'
import { fixationMap, saliencyMap } from '../../datasets/gaze'
import { sigmaFromFwhm } from '../../datasets/gaze/gazeGroundTruth'
import { decodeImage } from '../../formats/image'
import { matArray2d, readMat } from '../../formats/mat'
import type { FixationMap, SalMap } from '../../metrics'
import { readMapFile } from '../../metrics/mapFiles'

export function readGtMap(video: VideoRecord, index: number): SalMap | null {
  const name = video.maps?.files[index]
  if (!video.maps || !name) return null
  return readMapFile(join(video.maps.dir, name), { role: 'GT map' })
}

export function readFixationMap(video: VideoRecord, index: number): FixationMap | null {
  const source = video.fixations
  if (source.kind !== 'png' && source.kind !== 'mat') return null
  const name = source.files[index]
  if (!name) return null
  const path = join(source.dir, name)
  const buf = readFileSync(path)
  if (source.kind === 'mat') {
    const grid = matArray2d(readMat(buf, path), source.key, path)
    return { width: grid.width, height: grid.height, data: grid.data }
  }
  const image = decodeImage(buf, path)
  const data = new Uint8Array(image.width * image.height)
  for (let p = 0; p < data.length; p++) data[p] = image.data[p * image.channels] > 0 ? 1 : 0
  return { width: image.width, height: image.height, data }
}

/**
 * Ground truth of a frame of a raw-gaze video: the binary fixation map of its points and the
 * blurred map, quantised to 8 bits exactly as the viewer's PNG (what a user would save and score).
 */
export function gazeGroundTruth(
  points: readonly FixationPoint[],
  width: number,
  height: number,
  fwhmPx: number
): { fix: FixationMap; gt: SalMap } {
  const fix = fixationMap(points, width, height)
  const blurred = saliencyMap(points, width, height, { sigma: sigmaFromFwhm(fwhmPx) })
  const data = new Float64Array(blurred.length)
  for (let i = 0; i < blurred.length; i++) data[i] = Math.round(blurred[i] * 255) / 255
  return { fix: { width, height, data: fix }, gt: { width, height, data } }
}
