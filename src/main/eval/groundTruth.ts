// Ground truth of one frame for scoring: the continuous map (im2double scale) and the binary
// fixation map at its own resolution, as the MIT code reads them.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { VideoRecord } from '../../shared/types'
import { decodeImage } from '../formats/image'
import { matArray2d, readMat } from '../formats/mat'
import type { FixationMap, SalMap } from '../metrics'
import { readMapFile } from './mapFiles'

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
