/**
 * NumPy .npy reader/writer (format versions 1.0, 2.0 and 3.0).
 *
 * Dtype mapping:
 * - float64/float32/int8/uint8/int16/uint16/int32/uint32 → the matching typed array;
 * - float16 is widened to float32 on read (dtype reported as 'float32'), never written;
 * - int64/uint64 are kept exact as BigInt64Array/BigUint64Array; use `ndArrayToFloat64`
 *   when numbers are wanted (values beyond 2^53 lose precision there, not here);
 * - bool is a Uint8Array of 0/1 with dtype 'bool'.
 * Big-endian files are converted to host order; Fortran-order files are reordered to
 * row-major (C order), so `data` is always C order. Structured, complex, string and object
 * dtypes are rejected with AppError 'npy-unsupported-dtype'.
 */
import { halfToFloat } from './half'
import { columnMajorToRowMajor } from './order'
import { formatError } from './errors'

interface NpyDataByDtype {
  float64: Float64Array
  float32: Float32Array
  int8: Int8Array
  uint8: Uint8Array
  int16: Int16Array
  uint16: Uint16Array
  int32: Int32Array
  uint32: Uint32Array
  int64: BigInt64Array
  uint64: BigUint64Array
  bool: Uint8Array
}

export type NpyDtype = keyof NpyDataByDtype

/** An n-d array in row-major order; `dtype` tells which typed array `data` is. */
export type NdArray = { [K in NpyDtype]: { shape: number[]; dtype: K; data: NpyDataByDtype[K] } }[NpyDtype]

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59] // "\x93NUMPY"
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

interface DtypeInfo {
  dtype: NpyDtype
  /** bytes per element as stored on disk */
  itemSize: number
  /** stored as IEEE half; widened to float32 */
  half: boolean
}

/** descr kind+size (without the byte-order char) → our dtype */
const DESCR_TABLE: Record<string, DtypeInfo> = {
  f8: { dtype: 'float64', itemSize: 8, half: false },
  f4: { dtype: 'float32', itemSize: 4, half: false },
  f2: { dtype: 'float32', itemSize: 2, half: true },
  i1: { dtype: 'int8', itemSize: 1, half: false },
  u1: { dtype: 'uint8', itemSize: 1, half: false },
  i2: { dtype: 'int16', itemSize: 2, half: false },
  u2: { dtype: 'uint16', itemSize: 2, half: false },
  i4: { dtype: 'int32', itemSize: 4, half: false },
  u4: { dtype: 'uint32', itemSize: 4, half: false },
  i8: { dtype: 'int64', itemSize: 8, half: false },
  u8: { dtype: 'uint64', itemSize: 8, half: false },
  b1: { dtype: 'bool', itemSize: 1, half: false }
}

const WRITE_DESCR: Record<NpyDtype, string> = {
  float64: '<f8',
  float32: '<f4',
  int8: '|i1',
  uint8: '|u1',
  int16: '<i2',
  uint16: '<u2',
  int32: '<i4',
  uint32: '<u4',
  int64: '<i8',
  uint64: '<u8',
  bool: '|b1'
}

export function dtypeItemSize(dtype: NpyDtype): number {
  return DESCR_TABLE[WRITE_DESCR[dtype].slice(1)].itemSize
}

interface NpyHeader {
  descr: string
  fortranOrder: boolean
  shape: number[]
  dataOffset: number
}

function parseHeader(buf: Uint8Array, path?: string): NpyHeader {
  if (buf.length < 10 || MAGIC.some((b, i) => buf[i] !== b)) {
    throw formatError('npy-bad-magic', 'not a NumPy .npy file (expected magic "\\x93NUMPY" at byte 0)', path)
  }
  const major = buf[6]
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  let headerLength: number
  let headerStart: number
  if (major === 1) {
    headerLength = view.getUint16(8, true)
    headerStart = 10
  } else if (major === 2 || major === 3) {
    if (buf.length < 12) throw formatError('npy-truncated', 'file ends inside the .npy preamble', path)
    headerLength = view.getUint32(8, true)
    headerStart = 12
  } else {
    throw formatError('npy-unsupported-version', `.npy format version ${major}.${buf[7]} is not supported (expected 1.x, 2.x or 3.x)`, path)
  }
  const dataOffset = headerStart + headerLength
  if (buf.length < dataOffset) {
    throw formatError('npy-truncated', `header says ${headerLength} bytes but the file ends at byte ${buf.length}`, path)
  }
  // v1/v2 headers are latin-1, v3 is UTF-8; the fields we read are ASCII either way.
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(buf.subarray(headerStart, dataOffset))

  if (/['"]descr['"]\s*:\s*\[/.test(text)) {
    throw formatError('npy-unsupported-dtype', 'structured (record) dtypes are not supported', path)
  }
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)
  if (!descr || !fortran || !shape) {
    throw formatError('npy-bad-header', `cannot parse header dict ${JSON.stringify(text.trim())} (need descr, fortran_order, shape)`, path)
  }
  const dims = shape[1]
    .split(',')
    .map((s) => s.trim().replace(/L$/, ''))
    .filter((s) => s.length > 0)
    .map((s) => {
      if (!/^\d+$/.test(s)) throw formatError('npy-bad-header', `shape entry "${s}" is not a non-negative integer`, path)
      return Number(s)
    })
  return { descr: descr[1], fortranOrder: fortran[1] === 'True', shape: dims, dataOffset }
}

function resolveDescr(descr: string, path?: string): DtypeInfo & { littleEndian: boolean } {
  const order = descr[0]
  const hasOrder = order === '<' || order === '>' || order === '|' || order === '='
  const key = hasOrder ? descr.slice(1) : descr
  const info = DESCR_TABLE[key === '?' ? 'b1' : key]
  if (!info) {
    throw formatError(
      'npy-unsupported-dtype',
      `dtype '${descr}' is not supported (expected one of float64/32/16, (u)int8/16/32/64, bool)`,
      path
    )
  }
  // '=' means native order of the writer; numpy writes explicit orders, so assume little-endian.
  return { ...info, littleEndian: order !== '>' }
}

function allocate(dtype: NpyDtype, count: number): NdArray['data'] {
  switch (dtype) {
    case 'float64':
      return new Float64Array(count)
    case 'float32':
      return new Float32Array(count)
    case 'int8':
      return new Int8Array(count)
    case 'uint8':
    case 'bool':
      return new Uint8Array(count)
    case 'int16':
      return new Int16Array(count)
    case 'uint16':
      return new Uint16Array(count)
    case 'int32':
      return new Int32Array(count)
    case 'uint32':
      return new Uint32Array(count)
    case 'int64':
      return new BigInt64Array(count)
    case 'uint64':
      return new BigUint64Array(count)
  }
}

/** Reverse the bytes of each `itemSize`-byte group in place. */
function swapBytes(bytes: Uint8Array, itemSize: number): void {
  if (itemSize === 1) return
  for (let i = 0; i + itemSize <= bytes.length; i += itemSize) {
    for (let a = i, b = i + itemSize - 1; a < b; a++, b--) {
      const t = bytes[a]
      bytes[a] = bytes[b]
      bytes[b] = t
    }
  }
}

function makeNdArray(dtype: NpyDtype, shape: number[], data: NdArray['data']): NdArray {
  // The switch in `allocate` guarantees the pairing; this is the one place we assert it.
  return { shape, dtype, data } as NdArray
}

/** Parse a .npy file. `path` only decorates error messages. */
export function readNpy(buf: Uint8Array, path?: string): NdArray {
  const header = parseHeader(buf, path)
  const info = resolveDescr(header.descr, path)
  const count = header.shape.reduce((a, b) => a * b, 1)
  const byteLength = count * info.itemSize
  const available = buf.length - header.dataOffset
  if (available < byteLength) {
    throw formatError(
      'npy-truncated',
      `shape (${header.shape.join(', ')}) of '${header.descr}' needs ${byteLength} data bytes, file has ${available}`,
      path
    )
  }
  const raw = buf.slice(header.dataOffset, header.dataOffset + byteLength)
  if (info.littleEndian !== HOST_LITTLE_ENDIAN) swapBytes(raw, info.itemSize)

  let stored: NdArray['data']
  if (info.half) {
    const halves = new Uint16Array(raw.buffer, 0, count)
    const widened = new Float32Array(count)
    for (let i = 0; i < count; i++) widened[i] = halfToFloat(halves[i])
    stored = widened
  } else {
    stored = allocate(info.dtype, count)
    new Uint8Array(stored.buffer).set(raw)
  }
  if (info.dtype === 'bool') {
    const bools = stored as Uint8Array
    for (let i = 0; i < count; i++) bools[i] = bools[i] ? 1 : 0
  }
  if (header.fortranOrder && header.shape.length > 1) {
    const reordered = allocate(info.dtype, count)
    columnMajorToRowMajor<number | bigint>(stored, reordered, header.shape)
    stored = reordered
  }
  return makeNdArray(info.dtype, header.shape, stored)
}

/** Serialise as a C-order, little-endian .npy (version 1.0, or 2.0 for huge headers). */
export function writeNpy(arr: NdArray): Uint8Array {
  const count = arr.shape.reduce((a, b) => a * b, 1)
  if (arr.shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw formatError('npy-bad-shape', `shape [${arr.shape.join(', ')}] must hold non-negative integers`)
  }
  if (arr.data.length !== count) {
    throw formatError('npy-shape-mismatch', `shape [${arr.shape.join(', ')}] holds ${count} elements but data has ${arr.data.length}`)
  }
  const shapeText = arr.shape.length === 1 ? `(${arr.shape[0]},)` : `(${arr.shape.join(', ')})`
  const dict = `{'descr': '${WRITE_DESCR[arr.dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`
  // numpy pads so that the data starts on a 64-byte boundary; the header ends with '\n'.
  let preamble = 10
  let version = 1
  let padded = pad(dict, preamble)
  if (padded.length > 0xffff) {
    version = 2
    preamble = 12
    padded = pad(dict, preamble)
  }
  const headerBytes = new TextEncoder().encode(padded)
  const itemSize = dtypeItemSize(arr.dtype)
  const out = new Uint8Array(preamble + headerBytes.length + count * itemSize)
  out.set(MAGIC, 0)
  out[6] = version
  out[7] = 0
  const view = new DataView(out.buffer)
  if (version === 1) view.setUint16(8, headerBytes.length, true)
  else view.setUint32(8, headerBytes.length, true)
  out.set(headerBytes, preamble)
  const dataBytes = new Uint8Array(arr.data.buffer, arr.data.byteOffset, count * itemSize)
  const body = out.subarray(preamble + headerBytes.length)
  body.set(dataBytes)
  if (arr.dtype === 'bool') for (let i = 0; i < count; i++) body[i] = body[i] ? 1 : 0
  if (!HOST_LITTLE_ENDIAN) swapBytes(body, itemSize)
  return out
}

function pad(dict: string, preamble: number): string {
  const unpadded = preamble + dict.length + 1
  const total = Math.ceil(unpadded / 64) * 64
  return dict + ' '.repeat(total - unpadded) + '\n'
}

/** Any NdArray as float64 (bool → 0/1; 64-bit integers rounded to the nearest double). */
export function ndArrayToFloat64(arr: NdArray): Float64Array {
  if (arr.dtype === 'float64') return arr.data
  const out = new Float64Array(arr.data.length)
  if (arr.dtype === 'int64' || arr.dtype === 'uint64') {
    for (let i = 0; i < out.length; i++) out[i] = Number(arr.data[i])
  } else {
    out.set(arr.data)
  }
  return out
}
