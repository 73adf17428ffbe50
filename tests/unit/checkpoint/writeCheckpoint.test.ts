// The torch.save writer: round trips through our reader for every dtype and shape kind, byte-level
// comparison with files torch.save wrote (tests/fixtures/checkpoint/torch_written*.pt, listed by
// Python's zipfile in torch_written.json), torch's float16/bfloat16 rounding, CPython's pickle
// bytes, errors, and the atomic file variant. verify_written.py checks the other direction
// (torch.load of what we write); its result is not needed here.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { crc32 } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import {
  readCheckpoint,
  torchArchiveName,
  writeCheckpoint,
  writeCheckpointFile,
  type TorchTensor,
  type WritableTensor
} from '../../../src/main/models/checkpoint'
import { PickleWriter } from '../../../src/main/models/checkpoint/pickleWriter'
import { floatToBfloat16Bits, floatToHalfBits } from '../../../src/main/models/checkpoint/tensorEncoding'
import { entryDataOffset, readZipDirectory, readZipEntry, viewOf } from '../../../src/main/models/checkpoint/zipArchive'
import { FIXTURES } from './expectations'
import { hugeSample, writeSamples, type WriteSample } from './writeSamples'
import { AppError } from '../../../src/shared/errors'

const SERIALIZATION_ID = '.data/serialization_id'

/** [name, local header offset, data offset, size, crc, flags, method] as Python's zipfile saw them */
type JsonEntry = [string, number, number, number, number, number, number]

interface TorchWritten {
  torch: string
  files: Record<string, { archiveName: string; wrap: string[]; bytes: number; entries: JsonEntry[] }>
  rounding: { float32: string; float16: string; bfloat16: string }
}

const torchWritten = JSON.parse(readFileSync(resolve(FIXTURES, 'torch_written.json'), 'utf8')) as TorchWritten

/** Our own zip listing of `bytes`, in the JSON's shape. */
function listEntries(bytes: Uint8Array): JsonEntry[] {
  const entries = readZipDirectory(bytes, 'test') ?? []
  const view = viewOf(bytes)
  return entries.map((e) => [
    e.name,
    e.localHeaderOffset,
    entryDataOffset(bytes, e, 'test'),
    e.uncompressedSize,
    crc32(readZipEntry(bytes, e, 'test')),
    view.getUint16(e.localHeaderOffset + 6, true),
    e.method
  ])
}

function decodeHalf(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1
  const exponent = (bits >> 10) & 0x1f
  const fraction = bits & 0x3ff
  if (exponent === 0) return sign * fraction * 2 ** -24
  if (exponent === 31) return fraction ? NaN : sign * Infinity
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15)
}

function decodeBfloat16(bits: number): number {
  const view = new DataView(new ArrayBuffer(4))
  view.setUint32(0, bits << 16)
  return view.getFloat32(0)
}

/** What the reader must give back for a written tensor: its dtype and values as plain numbers/bigints. */
function expectedRead(tensor: WritableTensor): { dtype: string; values: (number | bigint)[] } {
  const data = tensor.data
  const dtype = tensor.dtype ?? (data instanceof Float32Array ? 'float32' : data instanceof Float64Array ? 'float64' : data instanceof BigInt64Array ? 'int64' : data instanceof Int32Array ? 'int32' : data instanceof Int16Array ? 'int16' : data instanceof Int8Array ? 'int8' : 'uint8')
  const values: (number | bigint)[] = [...data]
  if (dtype === 'bool') return { dtype, values: values.map((v) => (v !== 0 ? 1 : 0)) }
  if (dtype === 'float16') return { dtype, values: values.map((v) => decodeHalf(data instanceof Uint16Array ? Number(v) : floatToHalfBits(Number(v)))) }
  if (dtype === 'bfloat16') return { dtype, values: values.map((v) => decodeBfloat16(data instanceof Uint16Array ? Number(v) : floatToBfloat16Bits(Number(v)))) }
  return { dtype, values }
}

function wrapOf(sample: WriteSample): string[] {
  const wrap = sample.options.wrapKey
  return wrap === undefined ? [] : typeof wrap === 'string' ? [wrap] : [...wrap]
}

function expectRoundTrip(sample: WriteSample, bytes: Uint8Array): void {
  const checkpoint = readCheckpoint(bytes, sample.file)
  expect(checkpoint.format).toBe('zip')
  const prefix = checkpoint.strippedPrefix ?? ''
  expect(checkpoint.statePath).toEqual(sample.tensors.size > 0 ? wrapOf(sample) : [])
  expect([...checkpoint.tensors.keys()]).toEqual([...sample.tensors.keys()].map((k) => k.slice(prefix.length)))
  for (const [key, written] of sample.tensors) {
    const read = checkpoint.tensors.get(key.slice(prefix.length)) as TorchTensor
    const want = expectedRead(written)
    expect(read.dtype, key).toBe(want.dtype)
    expect(read.shape, key).toEqual([...written.shape])
    // Object.is matches NaN with NaN and tells -0 from 0; toEqual only runs to show a difference
    const data: ArrayLike<number | bigint> = read.data
    const same = data.length === want.values.length && want.values.every((v, i) => Object.is(data[i], v))
    if (!same) expect([...read.data], key).toEqual(want.values)
  }
}

function errorOf(run: () => unknown): AppError {
  try {
    run()
  } catch (err) {
    if (err instanceof AppError) return err
    throw new Error(`expected an AppError, got ${String(err)}`, { cause: err })
  }
  throw new Error('expected an AppError, nothing was thrown')
}

describe('writeCheckpoint round trips through readCheckpoint', () => {
  for (const sample of writeSamples()) {
    it(`reads back ${sample.file}: ${sample.tensors.size} tensors, keys in order, dtypes, shapes, values`, () => {
      expectRoundTrip(sample, writeCheckpoint(sample.tensors, sample.options))
    })
  }

  it('aligns every entry to 64 bytes, tensors over 64 KiB included, and stores them uncompressed', () => {
    const sample = writeSamples().find((s) => s.file === 'large.pt') as WriteSample
    const bytes = writeCheckpoint(sample.tensors)
    const entries = listEntries(bytes)
    expect(entries.filter(([name, , , size]) => name.startsWith('archive/data/') && size > 65536).length).toBe(5)
    for (const [name, , dataOffset, , , , method] of entries) {
      expect(dataOffset % 64, name).toBe(0)
      expect(method, name).toBe(0)
    }
  })

  it('writes 70 000 tensors: more entries than the classic end record counts (ZIP64 record holds the count)', () => {
    const sample = hugeSample()
    const bytes = writeCheckpoint(sample.tensors, sample.options)
    const view = viewOf(bytes)
    const eocd = bytes.length - 22
    expect(view.getUint16(eocd + 10, true)).toBe(0xffff)
    expect(view.getBigUint64(bytes.length - 22 - 20 - 56 + 32, true)).toBe(70006n)
    // the directory is read through the ZIP64 record (a full readCheckpoint of 70 000 tensors
    // takes seconds; verify_written.py torch.loads this file)
    const entries = readZipDirectory(bytes, 'huge') ?? []
    expect(entries.length).toBe(70006)
    const last = entries.find((e) => e.name === 'archive/data/69999')
    if (last === undefined) throw new Error('no archive/data/69999')
    expect([...new Int32Array(readZipEntry(bytes, last, 'huge').slice().buffer)]).toEqual([69999])
  })

  it("writes the reader's own output back unchanged (TorchTensor is a WritableTensor)", () => {
    const sample = writeSamples()[0]
    const once = writeCheckpoint(sample.tensors)
    const twice = writeCheckpoint(readCheckpoint(once).tensors)
    expect(Buffer.from(twice).equals(Buffer.from(once))).toBe(true)
  })
})

describe('writeCheckpoint matches torch.save byte for byte', () => {
  it(`has torch ${torchWritten.torch}'s reference files`, () => {
    expect(Object.keys(torchWritten.files).sort()).toEqual(['torch_written.pt', 'torch_written_many.pt', 'torch_written_wrapped.pt'])
  })

  for (const [file, info] of Object.entries(torchWritten.files)) {
    const idName = `${info.archiveName}/${SERIALIZATION_ID}`

    it(`${file}: same entries, order, offsets, alignment, sizes, CRCs and flags as torch.save`, () => {
      const theirs = new Uint8Array(readFileSync(resolve(FIXTURES, file)))
      const { tensors, statePath } = readCheckpoint(theirs, file)
      expect(statePath).toEqual(info.wrap)
      const ours = writeCheckpoint(tensors, { archiveName: info.archiveName, wrapKey: info.wrap })
      const withoutIdCrc = (entries: JsonEntry[]): JsonEntry[] => entries.map((e) => (e[0] === idName ? [e[0], e[1], e[2], e[3], 0, e[5], e[6]] : e))
      expect(withoutIdCrc(listEntries(ours))).toEqual(withoutIdCrc(info.entries))
      expect(ours.length).toBe(info.bytes)
    })

    it(`${file}: identical bytes apart from the serialization id's name-hash digits`, () => {
      const theirs = new Uint8Array(readFileSync(resolve(FIXTURES, file)))
      const { tensors } = readCheckpoint(theirs, file)
      const ours = writeCheckpoint(tensors, { archiveName: info.archiveName, wrapKey: info.wrap })
      const entry = (readZipDirectory(ours, 'ours') ?? []).find((e) => e.name === idName)
      if (entry === undefined) throw new Error('no serialization id entry')
      const at = entryDataOffset(ours, entry, 'ours')
      const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes.subarray(at, at + 40))
      // the CRC half is torch's exactly; the name half hashes with the C++ library's std::hash
      expect(decode(ours)).toMatch(/^\d{40}$/)
      expect(decode(ours).slice(20)).toBe(decode(theirs).slice(20))
      // patch torch's id (and its CRC in the descriptor and central directory) into ours
      const patched = ours.slice()
      patched.set(theirs.subarray(at, at + 48), at)
      const directory = viewOf(theirs).getUint32(theirs.length - 22 + 16, true)
      const last = listEntries(theirs).length - 1
      let cd = directory
      for (let i = 0; i < last; i++) cd += 46 + viewOf(theirs).getUint16(cd + 28, true)
      patched.set(theirs.subarray(cd + 16, cd + 20), cd + 16)
      expect(Buffer.from(patched).equals(Buffer.from(theirs))).toBe(true)
    })
  }
})

describe('float16 / bfloat16 rounding', () => {
  const hex = (text: string): number[] => text.split(' ').map((h) => parseInt(h, 16))
  const floats = new Float32Array(new Uint32Array(hex(torchWritten.rounding.float32)).buffer)

  it(`rounds ${floats.length} float32 values to float16 exactly as torch's .half()`, () => {
    expect(Array.from(floats, floatToHalfBits)).toEqual(hex(torchWritten.rounding.float16))
  })

  it(`rounds ${floats.length} float32 values to bfloat16 exactly as torch's .bfloat16()`, () => {
    expect(Array.from(floats, floatToBfloat16Bits)).toEqual(hex(torchWritten.rounding.bfloat16))
  })

  it('writes NaN as c10 does: float16 keeps the sign (7e00 / fe00), bfloat16 is 7fc0', () => {
    expect(floatToHalfBits(NaN)).toBe(0x7e00)
    expect(floatToHalfBits(new Float32Array(new Uint32Array([0xffc00000]).buffer)[0])).toBe(0xfe00)
    expect(floatToBfloat16Bits(NaN)).toBe(0x7fc0)
  })
})

describe('pickle writer', () => {
  const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

  it("encodes ints as CPython's protocol 2 (BININT1/2, BININT, LONG1)", () => {
    // pickle.dumps((0, 255, 256, 65535, 65536, 2**31-1, 2**31, 2**40, 2**53-1), protocol=2)
    const values = [0, 255, 256, 65535, 65536, 2 ** 31 - 1, 2 ** 31, 2 ** 40, 2 ** 53 - 1]
    const w = new PickleWriter()
    w.tuple(values.length, () => values.forEach((v) => w.int(v)))
    expect(hex(w.finish())).toBe(
      '8002284b004bff4d00014dffff4a000001004affffff7f8a0500000080008a060000000000018a07ffffffffffff1f7471002e'
    )
  })

  it("writes dicts, tuples, bools and shared strings as CPython's protocol 2", () => {
    // pickle.dumps({'k': (1,), 'j': (), 'é': (True, False, 'k', 'x')}, protocol=2)
    const w = new PickleWriter()
    w.emptyDict()
    w.dictItems(3, (i) => {
      if (i === 0) {
        w.str('k', true)
        w.tuple(1, () => w.int(1))
      } else if (i === 1) {
        w.str('j')
        w.tuple(0, () => {})
      } else {
        w.str('é')
        w.tuple(4, () => {
          w.bool(true)
          w.bool(false)
          w.str('k', true)
          w.str('x')
        })
      }
    })
    expect(hex(w.finish())).toBe('80027d71002858010000006b71014b0185710258010000006a7103295802000000c3a9710428888968015801000000787105747106752e')
    // pickle.dumps({'only': 1}, protocol=2): a single item is a SETITEM, no MARK
    const one = new PickleWriter()
    one.emptyDict()
    one.dictItems(1, () => {
      one.str('only')
      one.int(1)
    })
    expect(hex(one.finish())).toBe('80027d710058040000006f6e6c7971014b01732e')
  })
})

describe('writeCheckpoint errors', () => {
  const one = (tensor: unknown): Map<string, WritableTensor> => new Map([['w', tensor as WritableTensor]])

  it('refuses a shape that does not match the data', () => {
    const err = errorOf(() => writeCheckpoint(one({ shape: [2, 3], data: new Float32Array(5) })))
    expect(err.code).toBe('bad-tensor')
    expect(err.message).toMatch(/"w".*\[2, 3\] has 6 elements but data has 5/)
    expect(errorOf(() => writeCheckpoint(one({ shape: [-1], data: new Float32Array(0) }))).code).toBe('bad-tensor')
    expect(errorOf(() => writeCheckpoint(one({ shape: [1.5], data: new Float32Array(1) }))).code).toBe('bad-tensor')
  })

  it('refuses a dtype its typed array cannot hold, and unlabelled half bits', () => {
    const wrong = errorOf(() => writeCheckpoint(one({ shape: [1], dtype: 'int64', data: new Float32Array(1) })))
    expect(wrong.code).toBe('unsupported-dtype')
    expect(wrong.message).toMatch(/int64 cannot come from a Float32Array/)
    expect(errorOf(() => writeCheckpoint(one({ shape: [1], data: new Uint16Array(1) }))).message).toMatch(/say which with dtype/)
    expect(errorOf(() => writeCheckpoint(one({ shape: [1], data: new Uint8ClampedArray(1) }))).code).toBe('unsupported-dtype')
    expect(errorOf(() => writeCheckpoint(one({ shape: [1], data: [1] }))).code).toBe('unsupported-dtype')
  })

  it('refuses archive names torch.load could not split, and keys with lone surrogates', () => {
    const tensors = one({ shape: [1], data: new Float32Array(1) })
    for (const archiveName of ['', 'a/b', 'a\\b']) {
      expect(errorOf(() => writeCheckpoint(tensors, { archiveName })).code).toBe('bad-argument')
    }
    const bad = new Map<string, WritableTensor>([['x\ud800', { shape: [1], data: new Float32Array(1) }]])
    expect(errorOf(() => writeCheckpoint(bad)).message).toMatch(/not well-formed Unicode/)
    expect(errorOf(() => writeCheckpoint(tensors, { wrapKey: '\udc00' })).code).toBe('bad-argument')
  })
})

describe('writeCheckpointFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'avsal-ckpt-write-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('names the archive folder as torch.save does for a path', () => {
    expect(torchArchiveName('/runs/x/model.pt')).toBe('model')
    expect(torchArchiveName('C:\\runs\\model.tar.pth')).toBe('model.tar')
    expect(torchArchiveName('weights')).toBe('weights')
    expect(torchArchiveName('dir.v2/weights')).toBe('weights')
    expect(torchArchiveName('/runs/.pt')).toBe('archive')
    expect(torchArchiveName('/runs/模型.pt')).toBe('archive')
  })

  it('writes atomically into a new folder, replacing an old file, leaving no temporary file', async () => {
    const path = join(dir, 'nested', 'student.pth')
    const sample = writeSamples().find((s) => s.file === 'wrapped.pt') as WriteSample
    await writeCheckpointFile(path, new Map([['old', { shape: [1], data: new Float32Array([1]) }]]))
    await writeCheckpointFile(path, sample.tensors, sample.options)
    expect(readdirSync(join(dir, 'nested'))).toEqual(['student.pth'])
    const bytes = new Uint8Array(readFileSync(path))
    expect(Buffer.from(bytes).equals(Buffer.from(writeCheckpoint(sample.tensors, { ...sample.options, archiveName: 'student' })))).toBe(true)
    expectRoundTrip(sample, bytes)
  })

  it('leaves an existing file alone when the tensors are refused', async () => {
    const path = join(dir, 'keep.pt')
    writeFileSync(path, 'previous')
    await expect(writeCheckpointFile(path, new Map([['w', { shape: [2], data: new Float32Array(1) }]]))).rejects.toMatchObject({ code: 'bad-tensor' })
    expect(readFileSync(path, 'utf8')).toBe('previous')
    expect(existsSync(`${path}.${process.pid}.tmp`)).toBe(false)
  })
})
