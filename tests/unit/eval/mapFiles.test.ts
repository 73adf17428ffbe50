// Reading maps for scoring: image scale (im2double), .npy shapes and NaN/Inf, .mat keys and v7.3.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readMapFile } from '../../../src/main/metrics/mapFiles'
import { writeNpy } from '../../../src/main/formats/npy'
import { grayPng } from './helpers'

const dir = mkdtempSync(join(tmpdir(), 'avsal-mapfiles-'))

function npyFile(name: string, shape: number[], values: number[]): string {
  const path = join(dir, name)
  writeFileSync(path, writeNpy({ shape, dtype: 'float64', data: Float64Array.from(values) }))
  return path
}

describe('readMapFile', () => {
  it('reads 8-bit images on MATLAB im2double scale (value / 255)', () => {
    const path = join(dir, 'ramp.png')
    writeFileSync(path, grayPng(3, 1, (x) => x * 51))
    const map = readMapFile(path)
    expect([map.width, map.height]).toEqual([3, 1])
    expect([...map.data]).toEqual([0, 51 / 255, 102 / 255])
  })

  it('reads .npy H×W and squeezes singleton axes (1×H×W)', () => {
    expect(readMapFile(npyFile('a.npy', [2, 3], [1, 2, 3, 4, 5, 6]))).toMatchObject({ width: 3, height: 2 })
    expect(readMapFile(npyFile('b.npy', [1, 2, 3], [1, 2, 3, 4, 5, 6]))).toMatchObject({ width: 3, height: 2 })
  })

  it('refuses .npy maps with NaN or Inf, saying how many values are bad', () => {
    expect(() => readMapFile(npyFile('nan.npy', [2, 2], [1, NaN, Infinity, 0]))).toThrow(/2 NaN\/Inf value/)
    let code: string | undefined
    try {
      readMapFile(npyFile('nan2.npy', [1, 2], [NaN, 1]))
    } catch (err) {
      code = (err as { code: string }).code
    }
    expect(code).toBe('map-non-finite')
  })

  it('refuses arrays that are not 2-D', () => {
    expect(() => readMapFile(npyFile('c.npy', [2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/2-D/)
  })

  it('says that MATLAB v7.3 (HDF5) files are not supported', () => {
    const header = Buffer.alloc(1024)
    header.write('MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 .', 0, 'latin1')
    Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header, 512)
    const path = join(dir, 'v73.mat')
    writeFileSync(path, header)
    expect(() => readMapFile(path)).toThrow(/v7\.3/)
  })

  it('names the missing file', () => {
    expect(() => readMapFile(join(dir, 'missing.png'))).toThrow(/missing\.png/)
  })
})
