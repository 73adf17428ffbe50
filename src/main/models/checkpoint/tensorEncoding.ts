// Tensors handed to the writer, checked and turned into the little-endian storage bytes torch
// keeps in `data/<key>`. float16/bfloat16 come as raw bits (Uint16Array) or as float32 values
// rounded the way torch's .half()/.bfloat16() round, so reader output can be written back as is.
import { DTYPE_ITEM_SIZE, type TorchDtype } from './dtypes'
import { AppError } from '../../../shared/errors'

interface WritableOf<D extends TorchDtype, A> {
  /** sizes, outermost first; [] for a 0-dim tensor (one element) */
  shape: readonly number[]
  /** defaults to what the typed array implies: float32, float64, int64, int32, int16, int8, uint8 */
  dtype?: D
  /** row-major (contiguous) elements */
  data: A
}

/** A dense tensor to write; the reader's TorchTensor is one too. */
export type WritableTensor =
  | WritableOf<'float32' | 'float16' | 'bfloat16', Float32Array>
  | (WritableOf<'float16' | 'bfloat16', Uint16Array> & { dtype: 'float16' | 'bfloat16' })
  | WritableOf<'float64', Float64Array>
  | WritableOf<'int64', BigInt64Array>
  | WritableOf<'int32', Int32Array>
  | WritableOf<'int16', Int16Array>
  | WritableOf<'int8', Int8Array>
  | WritableOf<'uint8' | 'bool', Uint8Array>

export interface EncodedTensor {
  dtype: TorchDtype
  shape: number[]
  /** torch's contiguous strides */
  stride: number[]
  numel: number
  /** little-endian storage bytes: numel × item size */
  bytes: Uint8Array
}

type AnyTypedArray = WritableTensor['data']

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** Which dtypes each typed array may carry; the first is the default when dtype is left out. */
function allowedDtypes(data: AnyTypedArray): readonly TorchDtype[] | null {
  if (data instanceof Float32Array) return ['float32', 'float16', 'bfloat16']
  if (data instanceof Uint16Array) return ['float16', 'bfloat16']
  if (data instanceof Float64Array) return ['float64']
  if (data instanceof BigInt64Array) return ['int64']
  if (data instanceof Int32Array) return ['int32']
  if (data instanceof Int16Array) return ['int16']
  if (data instanceof Int8Array) return ['int8']
  // Uint8ClampedArray is not a Uint8Array; Buffer is, and is fine
  if (data instanceof Uint8Array) return ['uint8', 'bool']
  return null
}

/** Contiguous strides as torch computes them: a size-0 dim counts as 1, so strides stay positive. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const stride = new Array<number>(shape.length)
  let step = 1
  for (let d = shape.length - 1; d >= 0; d--) {
    stride[d] = step
    step *= Math.max(shape[d], 1)
  }
  return stride
}

const scratch = new Float32Array(1)
const scratchBits = new Uint32Array(scratch.buffer)

/** float32 → IEEE half bits, round to nearest even; NaN becomes sign|0x7e00 as in c10::Half. */
export function floatToHalfBits(value: number): number {
  scratch[0] = value
  return halfFromFloatBits(scratchBits[0])
}

/** float32 → bfloat16 bits, round to nearest even; every NaN becomes 0x7fc0 as c10::BFloat16 makes it
 * (torch's vectorised CPU cast gives 0xffff; both are NaN). */
export function floatToBfloat16Bits(value: number): number {
  scratch[0] = value
  return bfloat16FromFloatBits(scratchBits[0])
}

function halfFromFloatBits(bits: number): number {
  const sign = (bits >>> 16) & 0x8000
  const exponent = (bits >>> 23) & 0xff
  const mantissa = bits & 0x7fffff
  if (exponent === 0xff) return sign | (mantissa !== 0 ? 0x7e00 : 0x7c00)
  const halfExponent = exponent - 127 + 15
  if (halfExponent >= 0x1f) return sign | 0x7c00
  if (halfExponent <= 0) {
    // subnormal half (or zero): the value in units of 2^-24, rounded
    if (halfExponent < -10) return sign
    return sign | roundShifted(mantissa | 0x800000, 14 - halfExponent)
  }
  // a carry out of the mantissa correctly bumps the exponent (up to infinity)
  return sign | ((halfExponent << 10) + roundShifted(mantissa, 13))
}

/** value >> shift, rounded to nearest, ties to even (value < 2^24, shift ≤ 24). */
function roundShifted(value: number, shift: number): number {
  const kept = value >>> shift
  const rest = value - kept * 2 ** shift
  const half = 2 ** (shift - 1)
  return kept + (rest > half || (rest === half && (kept & 1) === 1) ? 1 : 0)
}

function bfloat16FromFloatBits(bits: number): number {
  if ((bits & 0x7fffffff) > 0x7f800000) return 0x7fc0
  // the sum may pass 2^32 only for bits that are NaN, handled above
  return ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff
}

function rawBytes(data: AnyTypedArray): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}

function halfBytes(data: Float32Array | Uint16Array, fromFloatBits: (bits: number) => number): Uint8Array {
  if (data instanceof Uint16Array) return littleEndian(rawBytes(data), 2)
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length)
  const out = new Uint16Array(data.length)
  for (let i = 0; i < out.length; i++) out[i] = fromFloatBits(bits[i])
  return littleEndian(rawBytes(out), 2)
}

/** Typed-array bytes as little-endian: a view on little-endian hosts, a swapped copy otherwise. */
function littleEndian(bytes: Uint8Array, itemSize: number): Uint8Array {
  if (HOST_LITTLE_ENDIAN || itemSize === 1) return bytes
  const out = bytes.slice()
  for (let at = 0; at < out.length; at += itemSize) out.subarray(at, at + itemSize).reverse()
  return out
}

function storageBytes(dtype: TorchDtype, data: AnyTypedArray): Uint8Array {
  if (dtype === 'float16' && (data instanceof Float32Array || data instanceof Uint16Array)) return halfBytes(data, halfFromFloatBits)
  if (dtype === 'bfloat16' && (data instanceof Float32Array || data instanceof Uint16Array)) return halfBytes(data, bfloat16FromFloatBits)
  // torch's bool storage holds exactly 0 or 1
  if (dtype === 'bool') {
    const out = new Uint8Array(data.length)
    for (let i = 0; i < data.length; i++) out[i] = data[i] !== 0 ? 1 : 0
    return out
  }
  return littleEndian(rawBytes(data), DTYPE_ITEM_SIZE[dtype])
}

/** Checks a tensor and returns its storage bytes; `key` and `label` name it in errors. */
export function encodeTensor(tensor: WritableTensor, key: string, label: string): EncodedTensor {
  const what = `${label}: tensor ${JSON.stringify(key)}`
  const allowed = allowedDtypes(tensor.data)
  if (allowed === null) {
    throw new AppError('unsupported-dtype', `${what}: data must be a Float32/Float64/Uint16/BigInt64/Int32/Int16/Int8/Uint8Array`)
  }
  const requested = tensor.dtype
  const dtype = requested ?? allowed[0]
  if (!allowed.includes(dtype)) {
    throw new AppError(
      'unsupported-dtype',
      `${what}: dtype ${String(dtype)} cannot come from a ${tensor.data.constructor.name} (it can be ${allowed.join(', ')})`
    )
  }
  if (requested === undefined && allowed.length > 1 && tensor.data instanceof Uint16Array) {
    throw new AppError('unsupported-dtype', `${what}: a Uint16Array holds raw float16 or bfloat16 bits; say which with dtype`)
  }
  const shape = [...tensor.shape]
  if (!shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new AppError('bad-tensor', `${what}: shape [${shape.join(', ')}] must hold non-negative integers`)
  }
  const numel = shape.reduce((a, b) => a * b, 1)
  if (numel !== tensor.data.length) {
    throw new AppError('bad-tensor', `${what}: shape [${shape.join(', ')}] has ${numel} elements but data has ${tensor.data.length}`)
  }
  return { dtype, shape, stride: contiguousStrides(shape), numel, bytes: storageBytes(dtype, tensor.data) }
}
