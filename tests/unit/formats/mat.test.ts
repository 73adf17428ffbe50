import { readFileSync, readdirSync } from 'node:fs'
import { deflateSync } from 'node:zlib'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeImage } from '../../../src/main/formats/image'
import { matArray2d, readMat } from '../../../src/main/formats/mat'
import { AppError } from '../../../src/shared/errors'
import { dataPath, describeWithData } from '../../support/sharedData'

const FIXTURES = join(import.meta.dirname, '../../fixtures/formats')
const UCF_FIX_REL = 'ucf-sports/testing/Diving-Side-001/fixation'
const MIT_REL = 'images/mit1003-samples'
const SOUNDNET_REL = 'media/soundnet-sample'

interface Expect {
  class: string
  dims: number[]
  data: number[]
  imag?: number[]
}
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as { mat: Record<string, Record<string, Expect>> }

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)))
}

function catchAppError(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('expected a AppError, nothing was thrown')
}

describe('readMat on scipy.io.savemat fixtures', () => {
  for (const file of ['v5.mat', 'v5z.mat', 'be.mat']) {
    it(`${file}: every numeric variable, row-major`, () => {
      const vars = readMat(fixture(file), file)
      for (const [name, want] of Object.entries(expected.mat[file])) {
        const v = vars.get(name)
        expect(v, `${file}:${name}`).toBeDefined()
        expect(v?.class, name).toBe(want.class)
        expect(v?.dims, name).toEqual(want.dims)
        expect(Array.from(v?.data ?? []), name).toEqual(want.data)
        if (want.imag) expect(Array.from(v?.imag ?? []), name).toEqual(want.imag)
      }
    })
  }

  it('reads sparse, char, cell and struct variables', () => {
    for (const file of ['v5.mat', 'v5z.mat']) {
      const vars = readMat(fixture(file))
      expect(vars.get('sp')?.sparse).toBe(true)
      expect(vars.get('txt')?.text).toBe('hello')
      const cell = vars.get('cellv')
      expect(cell?.class).toBe('cell')
      expect(cell?.dims).toEqual([1, 2])
      expect(Array.from(cell?.cells?.[0].data ?? [])).toEqual([1, 2])
      expect(cell?.cells?.[1].text).toBe('ab')
      const st = vars.get('st')
      expect(st?.class).toBe('struct')
      expect(st?.fieldNames).toEqual(['a', 'b'])
      expect(Array.from(st?.structs?.[0].get('a')?.data ?? [])).toEqual([5])
      expect(st?.structs?.[0].get('b')?.text).toBe('xyz')
    }
  })

  it('reads the variables in file order', () => {
    expect([...readMat(fixture('v5z.mat')).keys()].slice(0, 3)).toEqual(['A', 'img', 'mask'])
  })
})

describe('matArray2d', () => {
  const vars = readMat(fixture('v5.mat'))
  it('returns the named variable as width×height', () => {
    const a = matArray2d(vars, 'A')
    expect([a.width, a.height]).toEqual([4, 3])
    expect(a.data[1 * 4 + 2]).toBe(expected.mat['v5.mat'].A.data[6])
  })
  it('takes the first 2-D numeric variable when no key is given', () => {
    expect(matArray2d(vars).data).toBe(vars.get('A')?.data)
  })
  it('lists the keys present when the key is missing', () => {
    const err = catchAppError(() => matArray2d(vars, 'fixLocs', 'f.mat'))
    expect(err.code).toBe('mat-key-missing')
    expect(err.message).toContain("'A'")
    expect(err.message).toContain("'img'")
    expect(err.path).toBe('f.mat')
  })
  it('refuses 3-D and non-numeric variables', () => {
    expect(catchAppError(() => matArray2d(vars, 'vol')).code).toBe('mat-not-2d')
    expect(catchAppError(() => matArray2d(vars, 'txt')).code).toBe('mat-not-2d')
  })
  it('reports when no 2-D numeric variable exists', () => {
    const only = new Map([...vars].filter(([k]) => k === 'txt' || k === 'cellv'))
    expect(catchAppError(() => matArray2d(only)).code).toBe('mat-no-2d-array')
  })
})

describe('readMat errors', () => {
  it('rejects v7.3 (HDF5) files by header text', () => {
    const buf = new Uint8Array(1024)
    buf.set(new TextEncoder().encode('MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan 1 00:00:00 2024 HDF5 schema 1.00 .'))
    const err = catchAppError(() => readMat(buf, 'gt.mat'))
    expect(err.code).toBe('mat-v73')
    expect(err.message).toContain("re-save with save(..., '-v7')")
    expect(err.message).toContain('gt.mat')
  })
  it('rejects v7.3 (HDF5) files by the signature at byte 512', () => {
    const buf = new Uint8Array(1024)
    buf.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 512)
    expect(catchAppError(() => readMat(buf)).code).toBe('mat-v73')
  })
  it('rejects files that are not MAT-files', () => {
    const err = catchAppError(() => readMat(new Uint8Array(200)))
    expect(err.code).toBe('mat-bad-header')
    expect(catchAppError(() => readMat(new Uint8Array(10))).code).toBe('mat-bad-header')
  })
  it('rejects truncated uncompressed and corrupt compressed files', () => {
    const plain = fixture('v5.mat')
    expect(catchAppError(() => readMat(plain.subarray(0, 300))).code).toBe('mat-truncated')
    const z = fixture('v5z.mat').slice()
    z.fill(0x55, 140, 180) // damage the first deflate stream
    expect(catchAppError(() => readMat(z)).code).toBe('mat-corrupt')
  })
  it('survives a compressed element that wraps a non-matrix element', () => {
    const header = fixture('v5.mat').slice(0, 128)
    const inner = new Uint8Array([2, 0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0])
    const deflated = deflateSync(inner)
    const tag = new Uint8Array(8)
    new DataView(tag.buffer).setUint32(0, 15, true)
    new DataView(tag.buffer).setUint32(4, deflated.length, true)
    const file = Buffer.concat([header, tag, deflated])
    expect(readMat(new Uint8Array(file)).size).toBe(0)
  })
})

describeWithData([UCF_FIX_REL, MIT_REL, SOUNDNET_REL], 'readMat on real MATLAB files', () => {
  const ucf = dataPath(UCF_FIX_REL)

  it('UCF fixation .mat (variable I) has the same nonzero pixels as the fixation PNG', () => {
    const mats = readdirSync(join(ucf, 'maps')).filter((f) => f.endsWith('.mat')).sort()
    expect(mats.length).toBeGreaterThan(50)
    for (const file of [mats[0], mats[Math.floor(mats.length / 2)], mats[mats.length - 1]]) {
      const vars = readMat(new Uint8Array(readFileSync(join(ucf, 'maps', file))), file)
      const I = vars.get('I')
      expect(I?.storedType).toBe('miUINT8')
      const arr = matArray2d(vars, 'I')
      const png = decodeImage(new Uint8Array(readFileSync(join(ucf, file.replace(/\.mat$/, '.png')))))
      expect([arr.width, arr.height]).toEqual([png.width, png.height])
      let nonzero = 0
      let mismatched = 0
      for (let p = 0; p < arr.data.length; p++) {
        if ((arr.data[p] !== 0) !== (png.data[p * png.channels] !== 0)) mismatched++
        if (arr.data[p] !== 0) nonzero++
      }
      expect(mismatched, file).toBe(0)
      expect(nonzero).toBeGreaterThan(0)
    }
  })

  it('MIT1003 center.mat: 100×100 double centre bias peaking in the middle', () => {
    const vars = readMat(new Uint8Array(readFileSync(dataPath(`${MIT_REL}/code_forOptimization/center.mat`))))
    const c = matArray2d(vars, 'center')
    expect([c.width, c.height]).toEqual([100, 100])
    expect(vars.get('center')?.class).toBe('double')
    const middle = c.data[50 * 100 + 50]
    expect(middle).toBeGreaterThan(c.data[0])
    expect(middle).toBeGreaterThan(c.data[5 * 100 + 50])
  })

  it('MIT1003 FIXATIONLOCS i210.mat matches the stimulus size', () => {
    const base = dataPath(`${MIT_REL}/code_forVisualization/demo_ims`)
    const fix = matArray2d(readMat(new Uint8Array(readFileSync(join(base, 'FIXATIONLOCS/i210.mat')))), 'fixations')
    const stim = decodeImage(new Uint8Array(readFileSync(join(base, 'ALLSTIMULI/i210.jpg'))))
    expect([fix.width, fix.height]).toEqual([stim.width, stim.height])
    const ones = fix.data.reduce((n, v) => n + (v === 1 ? 1 : 0), 0)
    const zeros = fix.data.reduce((n, v) => n + (v === 0 ? 1 : 0), 0)
    expect(ones).toBeGreaterThan(10)
    expect(ones + zeros).toBe(fix.data.length)
  })

  it('SoundNet outputs: single 1×1000×1×1, written by scipy (uncompressed)', () => {
    const dir = dataPath(SOUNDNET_REL)
    const mats = readdirSync(dir).filter((f) => f.endsWith('.mat'))
    // the sample has two; an empty list would pass the loop below without checking anything
    expect(mats).toHaveLength(2)
    for (const file of mats) {
      const v = readMat(new Uint8Array(readFileSync(join(dir, file))), file).get('a_feature')
      expect(v?.class).toBe('single')
      expect(v?.dims).toEqual([1, 1000, 1, 1])
      expect(v?.data.length).toBe(1000)
      expect(v?.data.every(Number.isFinite)).toBe(true)
      // a 1×1000×1×1 array is 2-D with trailing singletons
      const flat = matArray2d(new Map([['a_feature', v!]]), 'a_feature')
      expect([flat.width, flat.height]).toEqual([1000, 1])
    }
  })
})
