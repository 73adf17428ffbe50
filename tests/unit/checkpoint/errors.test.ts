// Damaged input: cut files must give AppError('truncated' | 'corrupt-pickle') with the
// numbers in the message, never a RangeError; other damage gets its own code.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readCheckpoint } from '../../../src/main/models/checkpoint'
import { StorageRef, TensorRef } from '../../../src/main/models/checkpoint/pickleValues'
import { materializeTensor } from '../../../src/main/models/checkpoint/tensorData'
import { describeWithData } from '../../support/sharedData'
import { FIXTURES, REAL_CHECKPOINTS, REAL_CHECKPOINTS_REL } from './expectations'
import { AppError } from '../../../src/shared/errors'

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(FIXTURES, name)))

function errorOf(run: () => unknown): AppError {
  try {
    run()
  } catch (err) {
    if (err instanceof AppError) return err
    throw new Error(`expected a AppError, got ${String(err)}`, { cause: err })
  }
  throw new Error('expected a AppError, nothing was thrown')
}

function expectCutRejected(bytes: Uint8Array, cut: number, name: string): AppError {
  const err = errorOf(() => readCheckpoint(bytes.subarray(0, cut), name))
  expect(['truncated', 'corrupt-pickle'], `${name} cut at ${cut}: ${err.code} ${err.message}`).toContain(err.code)
  expect(err.message).toContain(name)
  return err
}

/** Replaces every occurrence of `from` (not followed by a digit) with `to`, same length. */
function renameInBytes(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const out = Buffer.from(bytes)
  const needle = Buffer.from(from)
  for (let at = out.indexOf(needle); at >= 0; at = out.indexOf(needle, at + 1)) {
    const next = out[at + needle.length]
    if (next === undefined || next < 0x30 || next > 0x39) out.write(to, at)
  }
  return new Uint8Array(out)
}

describe('cut synthetic checkpoints', () => {
  for (const [name, step] of [
    ['dtypes_zip.pt', 13],
    ['dtypes_legacy.pt', 7],
    ['dtypes_deflated.pt', 11],
    ['dtypes_zip64.pt', 11],
    ['tensor_list_legacy.pt', 1]
  ] as const) {
    it(`rejects ${name} cut at every ${step}th byte with a precise error`, () => {
      const bytes = fixture(name)
      let cuts = 0
      for (let cut = 1; cut < bytes.length; cut += step) {
        expectCutRejected(bytes, cut, name)
        cuts++
      }
      expectCutRejected(bytes, bytes.length - 1, name)
      expect(cuts).toBeGreaterThan(40)
    })
  }

  it('names the storage and the byte counts when a legacy file is cut inside tensor data', () => {
    const bytes = fixture('dtypes_legacy.pt')
    const err = expectCutRejected(bytes, bytes.length - 3, 'dtypes_legacy.pt')
    expect(err.code).toBe('truncated')
    expect(err.message).toMatch(/storage \S+ \(\w+ × \d+\) needs \d+ bytes from byte \d+, only \d+ present \(3 missing\)/)
  })

  it('reports an empty file as truncated', () => {
    expect(errorOf(() => readCheckpoint(new Uint8Array(0), 'empty.pt')).code).toBe('truncated')
  })
})

describeWithData(REAL_CHECKPOINTS_REL, 'cut real checkpoints', () => {
  const tinyhd = (): Uint8Array => new Uint8Array(readFileSync(resolve(REAL_CHECKPOINTS, 'tinyhd/d123m_rc4_rc1T.pth')))
  const cifar = (): Uint8Array => new Uint8Array(readFileSync(resolve(REAL_CHECKPOINTS, 'captum/cifar_torchvision.pt')))

  it('rejects the TinyHD zip cut anywhere with truncated', () => {
    const bytes = tinyhd()
    for (const cut of [3, 10, 29, 64, 100, 100_000, 176_970, 176_990, 500_000, 1_234_567, bytes.length - 100, bytes.length - 10, bytes.length - 1]) {
      expect(expectCutRejected(bytes, cut, 'd123m.pth').code).toBe('truncated')
    }
  })

  it('says which storage a zip cut falls in, with expected and present bytes', () => {
    const bytes = tinyhd()
    const err = expectCutRejected(bytes, 500_000, 'd123m.pth')
    expect(err.message).toMatch(/cut inside entry archive\/data\/\d+ at byte 500000: it needs \d+ bytes, only \d+ are present \(\d+ missing\)/)
  })

  it('says when only the zip directory at the end is gone', () => {
    const bytes = tinyhd()
    expect(expectCutRejected(bytes, bytes.length - 10, 'd123m.pth').message).toMatch(/central directory is missing: 982 entries end at byte \d+, the file ends at byte \d+/)
  })

  it('says how far a cut data.pkl got', () => {
    expect(expectCutRejected(tinyhd(), 100_000, 'd123m.pth').message).toMatch(/cut inside entry archive\/data.pkl at byte 100000: 99936 bytes are present/)
  })

  it('rejects the legacy CIFAR file cut in its header, pickle and storages', () => {
    const bytes = cifar()
    for (const cut of [1, 5, 14, 20, 60, 500, 1000, 1500, 2000, 50_000, 200_000, bytes.length - 1]) {
      expectCutRejected(bytes, cut, 'cifar.pt')
    }
    expect(expectCutRejected(bytes, 200_000, 'cifar.pt').message).toMatch(/needs \d+ bytes from byte \d+, only \d+ present/)
  })
})

describe('other damage', () => {
  it('rejects files that are no checkpoint', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])
    expect(errorOf(() => readCheckpoint(png, 'image.png')).message).toMatch(/image.png: not a PyTorch checkpoint.*found 89 50 4e 47/)
    expect(errorOf(() => readCheckpoint(new TextEncoder().encode('hello world'), 'a.txt')).code).toBe('not-a-checkpoint')
    // pickle.dumps({'a': 1}, 2): a pickle, but not torch.save output
    const pickled = new Uint8Array(Buffer.from('80027d710058010000006171014b01732e', 'hex'))
    expect(errorOf(() => readCheckpoint(pickled, 'plain.pkl')).code).toBe('not-a-checkpoint')
  })

  it('rejects a zip without data.pkl', () => {
    const bytes = renameInBytes(fixture('dtypes_zip.pt'), 'dtypes_zip/data.pkl', 'dtypes_zip/data.pkx')
    const err = errorOf(() => readCheckpoint(bytes, 'renamed.pt'))
    expect(err.code).toBe('not-a-checkpoint')
    expect(err.message).toMatch(/no data.pkl/)
  })

  it('reports a storage entry missing from the archive', () => {
    const bytes = renameInBytes(fixture('dtypes_zip.pt'), 'dtypes_zip/data/9', 'dtypes_zip/data/X')
    const err = errorOf(() => readCheckpoint(bytes, 'gap.pt'))
    expect(err.code).toBe('missing-storage')
    expect(err.message).toMatch(/storage 9.*no entry dtypes_zip\/data\/9/)
  })

  it('rejects the pre-0.4 tar format by name', () => {
    const tar = new Uint8Array(1024)
    tar.set(new TextEncoder().encode('ustar'), 257)
    expect(errorOf(() => readCheckpoint(tar, 'old.tar')).code).toBe('unsupported-format')
  })

  it('rejects views that reach outside their storage', () => {
    const storage = new StorageRef('0', 'FloatStorage', 'float32', 'cpu', 4)
    const tooLong = new TensorRef(storage, 1, [2, 2], [2, 1])
    const bytes = { bytes: new Uint8Array(16), littleEndian: true }
    const err = errorOf(() => materializeTensor(tooLong, bytes, 'w', 'x.pt'))
    expect(err.code).toBe('bad-tensor')
    expect(err.message).toMatch(/reaches element 4 of storage 0, which has 4 elements/)
    const short = errorOf(() => materializeTensor(new TensorRef(storage, 0, [4], [1]), { bytes: new Uint8Array(10), littleEndian: true }, 'w', 'x.pt'))
    expect(short.code).toBe('truncated')
    expect(short.message).toMatch(/holds 10 bytes but tensor w needs 16 \(6 missing\)/)
  })
})
