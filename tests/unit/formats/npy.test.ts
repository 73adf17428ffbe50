import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ndArrayToFloat64, readNpy, writeNpy, type NdArray } from '../../../src/main/formats/npy'
import { AppError } from '../../../src/shared/errors'

const FIXTURES = join(import.meta.dirname, '../../fixtures/formats')
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as {
  npy: Record<string, { shape: number[]; values: (number | string)[] }>
}

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)))
}

function plain(a: NdArray): (number | bigint)[] {
  const out: (number | bigint)[] = []
  for (const v of a.data) out.push(v)
  return out
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

describe('readNpy on numpy-written fixtures', () => {
  const dtypes: Record<string, NdArray['dtype']> = {
    'f8_c.npy': 'float64',
    'f4_be.npy': 'float32',
    'f2.npy': 'float32',
    'u1.npy': 'uint8',
    'i1.npy': 'int8',
    'i2_be.npy': 'int16',
    'i4.npy': 'int32',
    'i8.npy': 'int64',
    'u2.npy': 'uint16',
    'bool.npy': 'bool',
    'fortran3d.npy': 'float64',
    'fortran2d_i2.npy': 'int16',
    'v2.npy': 'float32',
    'v3.npy': 'int32',
    'scalar.npy': 'float64',
    'empty.npy': 'float32'
  }
  for (const [name, dtype] of Object.entries(dtypes)) {
    it(`${name} → ${dtype}, row-major values`, () => {
      const arr = readNpy(fixture(name), name)
      const want = expected.npy[name]
      expect(arr.dtype).toBe(dtype)
      expect(arr.shape).toEqual(want.shape)
      if (arr.dtype === 'int64' || arr.dtype === 'uint64') {
        expect(Array.from(arr.data, (v) => v.toString())).toEqual(want.values)
      } else {
        expect(plain(arr)).toEqual(want.values)
      }
    })
  }

  it('keeps int64 exact beyond 2^53 and converts on request', () => {
    const arr = readNpy(fixture('i8.npy'))
    expect(arr.data).toBeInstanceOf(BigInt64Array)
    expect(arr.data[2]).toBe(2n ** 62n + 1n)
    expect(ndArrayToFloat64(arr)[2]).toBe(2 ** 62)
  })

  it('reorders a Fortran-order 3-D array to C order', () => {
    const arr = readNpy(fixture('fortran3d.npy'))
    expect(arr.shape).toEqual([2, 3, 4])
    expect(plain(arr)).toEqual(Array.from({ length: 24 }, (_, i) => i))
  })

  it('widens float16 exactly (subnormal and max)', () => {
    const arr = readNpy(fixture('f2.npy'))
    expect(arr.data[3]).toBe(65504)
    expect(arr.data[4]).toBe(2 ** -24)
  })
})

describe('readNpy errors', () => {
  it('rejects bad magic', () => {
    const err = catchAppError(() => readNpy(new TextEncoder().encode('PK\u0003\u0004 not numpy'), 'x.npy'))
    expect(err.code).toBe('npy-bad-magic')
    expect(err.path).toBe('x.npy')
    expect(err.message).toContain('x.npy')
  })
  it('rejects truncated data and says how many bytes were needed', () => {
    const full = fixture('f8_c.npy')
    const err = catchAppError(() => readNpy(full.subarray(0, full.length - 8)))
    expect(err.code).toBe('npy-truncated')
    expect(err.message).toMatch(/needs 96 data bytes, file has 88/)
  })
  it('rejects a header cut short', () => {
    expect(catchAppError(() => readNpy(fixture('f8_c.npy').subarray(0, 40))).code).toBe('npy-truncated')
  })
  it('rejects structured and complex dtypes', () => {
    expect(catchAppError(() => readNpy(fixture('structured.npy'))).code).toBe('npy-unsupported-dtype')
    const err = catchAppError(() => readNpy(fixture('complex.npy')))
    expect(err.code).toBe('npy-unsupported-dtype')
    expect(err.message).toContain('<c16')
  })
  it('rejects unknown format versions', () => {
    const buf = fixture('f8_c.npy').slice()
    buf[6] = 9
    expect(catchAppError(() => readNpy(buf)).code).toBe('npy-unsupported-version')
  })
})

describe('writeNpy', () => {
  const samples: NdArray[] = [
    { dtype: 'float64', shape: [2, 3], data: Float64Array.from([1, -2, 3.5, 4, 5, 6e-300]) },
    { dtype: 'float32', shape: [4], data: Float32Array.from([0.5, 1, 2, 3]) },
    { dtype: 'uint8', shape: [1, 1, 3], data: Uint8Array.from([0, 128, 255]) },
    { dtype: 'int16', shape: [2], data: Int16Array.from([-32768, 32767]) },
    { dtype: 'int64', shape: [1], data: BigInt64Array.from([-(2n ** 63n)]) },
    { dtype: 'bool', shape: [3], data: Uint8Array.from([1, 0, 1]) },
    { dtype: 'float64', shape: [], data: Float64Array.from([7]) }
  ]
  for (const arr of samples) {
    it(`round-trips ${arr.dtype} [${arr.shape.join(',')}]`, () => {
      const bytes = writeNpy(arr)
      const headerLength = bytes[8] | (bytes[9] << 8)
      expect((10 + headerLength) % 64).toBe(0)
      expect(bytes[10 + headerLength - 1]).toBe(0x0a)
      const back = readNpy(bytes)
      expect(back.dtype).toBe(arr.dtype)
      expect(back.shape).toEqual(arr.shape)
      expect(plain(back)).toEqual(plain(arr))
    })
  }
  it('writes the header numpy writes', () => {
    const bytes = writeNpy({ dtype: 'float32', shape: [3], data: new Float32Array(3) })
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + (bytes[8] | (bytes[9] << 8))))
    expect(header.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }")
  })
  it('writes a file numpy-identical to the fixture for the same array', () => {
    const fromPython = fixture('f8_c.npy')
    const arr = readNpy(fromPython)
    expect(Buffer.from(writeNpy(arr)).equals(Buffer.from(fromPython))).toBe(true)
  })
  it('rejects a shape that does not match the data', () => {
    const err = catchAppError(() => writeNpy({ dtype: 'uint8', shape: [2, 2], data: new Uint8Array(3) }))
    expect(err.code).toBe('npy-shape-mismatch')
  })
})
