// Turns a TensorRef plus its storage bytes into a dense, row-major typed array: strided views
// and storage offsets are materialised; float16/bfloat16 become float32 values.
import { DTYPE_ITEM_SIZE, type TorchDtype } from './dtypes'
import type { TensorRef } from './pickleValues'
import { AppError } from '../../../shared/errors'

interface TensorOf<D extends TorchDtype, A> {
  shape: number[]
  dtype: D
  data: A
}

/** A dense tensor; the typed array depends on the dtype (float16/bfloat16 decoded to float32). */
export type TorchTensor =
  | TensorOf<'float32' | 'float16' | 'bfloat16', Float32Array>
  | TensorOf<'float64', Float64Array>
  | TensorOf<'int64', BigInt64Array>
  | TensorOf<'int32', Int32Array>
  | TensorOf<'int16', Int16Array>
  | TensorOf<'int8', Int8Array>
  | TensorOf<'uint8' | 'bool', Uint8Array>

export interface StorageBytes {
  bytes: Uint8Array
  littleEndian: boolean
}

function product(values: readonly number[]): number {
  let p = 1
  for (const v of values) p *= v
  return p
}

function isRowMajor(shape: readonly number[], stride: readonly number[]): boolean {
  let expected = 1
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && stride[d] !== expected) return false
    expected *= shape[d]
  }
  return true
}

/** Storage element index of every tensor element, in row-major order. */
function gatherIndices(shape: readonly number[], stride: readonly number[], base: number, count: number): Uint32Array | Float64Array {
  const out = base + 1 + shape.reduce((acc, n, d) => acc + (n - 1) * stride[d], 0) <= 0xffffffff ? new Uint32Array(count) : new Float64Array(count)
  const rank = shape.length
  const index = new Array<number>(rank).fill(0)
  let position = base
  for (let i = 0; i < count; i++) {
    out[i] = position
    for (let d = rank - 1; d >= 0; d--) {
      index[d]++
      position += stride[d]
      if (index[d] < shape[d]) break
      position -= stride[d] * shape[d]
      index[d] = 0
    }
  }
  return out
}

/** Raw element bits in row-major order, as an aligned, host-endian byte buffer. */
function gatherRaw(
  storage: Uint8Array,
  itemSize: number,
  shape: readonly number[],
  stride: readonly number[],
  base: number,
  count: number
): Uint8Array {
  const out = new Uint8Array(count * itemSize)
  if (isRowMajor(shape, stride)) {
    out.set(storage.subarray(base * itemSize, (base + count) * itemSize))
    return out
  }
  const indices = gatherIndices(shape, stride, base, count)
  for (let i = 0; i < count; i++) {
    const from = indices[i] * itemSize
    for (let b = 0; b < itemSize; b++) out[i * itemSize + b] = storage[from + b]
  }
  return out
}

function swapBytes(raw: Uint8Array, itemSize: number): void {
  for (let at = 0; at < raw.length; at += itemSize) raw.subarray(at, at + itemSize).reverse()
}

let halfTable: Float32Array | null = null

function halfToFloatTable(): Float32Array {
  if (halfTable !== null) return halfTable
  const table = new Float32Array(65536)
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1
    const exponent = (h >> 10) & 0x1f
    const fraction = h & 0x3ff
    if (exponent === 0) table[h] = sign * fraction * 2 ** -24
    else if (exponent === 31) table[h] = fraction ? NaN : sign * Infinity
    else table[h] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15)
  }
  halfTable = table
  return table
}

function decode(raw: Uint8Array, dtype: TorchDtype, shape: number[], count: number): TorchTensor {
  const buffer = raw.buffer as ArrayBuffer
  switch (dtype) {
    case 'float32':
      return { shape, dtype, data: new Float32Array(buffer, 0, count) }
    case 'float64':
      return { shape, dtype, data: new Float64Array(buffer, 0, count) }
    case 'int64':
      return { shape, dtype, data: new BigInt64Array(buffer, 0, count) }
    case 'int32':
      return { shape, dtype, data: new Int32Array(buffer, 0, count) }
    case 'int16':
      return { shape, dtype, data: new Int16Array(buffer, 0, count) }
    case 'int8':
      return { shape, dtype, data: new Int8Array(buffer, 0, count) }
    case 'uint8':
    case 'bool':
      return { shape, dtype, data: raw }
    case 'float16': {
      const halves = new Uint16Array(buffer, 0, count)
      const table = halfToFloatTable()
      const data = new Float32Array(count)
      for (let i = 0; i < count; i++) data[i] = table[halves[i]]
      return { shape, dtype, data }
    }
    case 'bfloat16': {
      // bfloat16 is the top half of a float32
      const halves = new Uint16Array(buffer, 0, count)
      const data = new Float32Array(count)
      const bits = new Uint32Array(data.buffer)
      for (let i = 0; i < count; i++) bits[i] = halves[i] << 16
      return { shape, dtype, data }
    }
  }
}

/** Dense copy of the tensor `name`; `storage` holds the bytes of its root storage. */
export function materializeTensor(ref: TensorRef, storage: StorageBytes, name: string, label: string): TorchTensor {
  const { dtype, className, key, numel: storageNumel, viewOffset } = ref.storage
  if (dtype === null) {
    throw new AppError('unsupported-dtype', `${label}: tensor ${name} is stored as ${className}, which this reader cannot decode`)
  }
  const shape = [...ref.shape]
  const stride = ref.stride
  if (shape.some((n) => n < 0) || stride.some((s) => s < 0) || ref.storageOffset < 0) {
    throw new AppError('bad-tensor', `${label}: tensor ${name} has a negative size, stride or offset (size ${shape}, stride ${stride})`)
  }
  const count = product(shape)
  const itemSize = DTYPE_ITEM_SIZE[dtype]
  if (count > 0) {
    const lastIndex = ref.storageOffset + shape.reduce((acc, n, d) => acc + (n - 1) * stride[d], 0)
    if (lastIndex >= storageNumel) {
      throw new AppError(
        'bad-tensor',
        `${label}: tensor ${name} (size ${shape}, stride ${stride}, offset ${ref.storageOffset}) reaches element ${lastIndex} ` +
          `of storage ${key}, which has ${storageNumel} elements`
      )
    }
    const neededBytes = (viewOffset + lastIndex + 1) * itemSize
    if (neededBytes > storage.bytes.length) {
      throw new AppError(
        'truncated',
        `${label}: storage ${key} (${dtype}) holds ${storage.bytes.length} bytes but tensor ${name} needs ${neededBytes} ` +
          `(${neededBytes - storage.bytes.length} missing)`
      )
    }
  }
  const raw = gatherRaw(storage.bytes, itemSize, shape, stride, viewOffset + ref.storageOffset, count)
  if (!storage.littleEndian && itemSize > 1) swapBytes(raw, itemSize)
  return decode(raw, dtype, shape, count)
}
