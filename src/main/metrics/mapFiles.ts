// Reads one saliency or fixation map from .png/.jpg (MATLAB im2double: 8-bit → [0,1]), .npy
// (float64/float32/uint8…, row-major H×W) or .mat (v5; first 2-D numeric variable or a key).
// The MIT code's jitter (1e-7) assumes im2double's [0,1] scale, so images are scaled the same way.
import { readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { decodeImage, toGrayFloat } from '../formats/image'
import { matArray2d, readMat } from '../formats/mat'
import { ndArrayToFloat64, readNpy } from '../formats/npy'
import type { SalMap } from './types'
import { AppError } from '../../shared/errors'

export interface ReadMapOptions {
  matKey?: string
  /** what the map is, for messages ('prediction', 'fixation map', …) */
  role?: string
}

function squeeze2d(shape: number[], path: string): { height: number; width: number } {
  const dims = shape.filter((d) => d !== 1)
  if (shape.length === 2) return { height: shape[0], width: shape[1] }
  if (dims.length === 2) return { height: dims[0], width: dims[1] }
  throw new AppError('map-not-2d', `${path}: expected a 2-D H×W array, found shape [${shape.join(', ')}]`)
}

function checkFinite(data: Float64Array, path: string, role: string): void {
  let bad = 0
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) bad++
  if (bad > 0) {
    throw new AppError(
      'map-non-finite',
      `${role} ${path} has ${bad} NaN/Inf value(s) of ${data.length}; metrics on it would be meaningless — fix the file`
    )
  }
}

export function readMapBytes(buf: Uint8Array, path: string, options: ReadMapOptions = {}): SalMap {
  const role = options.role ?? 'map'
  const ext = extname(path).toLowerCase()
  if (ext === '.npy') {
    const arr = readNpy(buf, path)
    const { height, width } = squeeze2d(arr.shape, path)
    const data = ndArrayToFloat64(arr)
    checkFinite(data, path, role)
    return { width, height, data }
  }
  if (ext === '.mat') {
    const grid = matArray2d(readMat(buf, path), options.matKey, path)
    checkFinite(grid.data, path, role)
    return { width: grid.width, height: grid.height, data: grid.data }
  }
  const image = decodeImage(buf, path)
  const gray = toGrayFloat(image)
  for (let i = 0; i < gray.length; i++) gray[i] /= 255
  return { width: image.width, height: image.height, data: gray }
}

export function readMapFile(path: string, options: ReadMapOptions = {}): SalMap {
  let buf: Uint8Array
  try {
    buf = readFileSync(path)
  } catch (err) {
    const code = (err as { code?: string }).code
    throw new AppError(code === 'ENOENT' ? 'not-found' : 'unreadable', `cannot read ${options.role ?? 'map'} ${path}: ${(err as Error).message}`)
  }
  return readMapBytes(buf, path, options)
}
