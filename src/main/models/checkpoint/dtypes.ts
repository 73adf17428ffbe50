// Torch element types the reader and writer understand, with their byte widths and the storage
// classes / dtype globals that name them inside a pickle.

export type TorchDtype =
  | 'float32'
  | 'float64'
  | 'float16'
  | 'bfloat16'
  | 'int64'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'uint8'
  | 'bool'

export const DTYPE_ITEM_SIZE: Readonly<Record<TorchDtype, number>> = {
  float32: 4,
  float64: 8,
  float16: 2,
  bfloat16: 2,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1
}

/** Legacy typed storage classes (`torch.FloatStorage`, also `torch.cuda.FloatStorage`). */
const STORAGE_CLASS_DTYPE: Readonly<Record<string, TorchDtype>> = {
  FloatStorage: 'float32',
  DoubleStorage: 'float64',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  LongStorage: 'int64',
  IntStorage: 'int32',
  ShortStorage: 'int16',
  CharStorage: 'int8',
  ByteStorage: 'uint8',
  BoolStorage: 'bool',
  // Untyped storages are byte buffers; torch.load reads them as uint8.
  UntypedStorage: 'uint8'
}

/** The typed storage class torch.save names in a tensor's persistent id, per dtype. */
export const STORAGE_CLASS_OF_DTYPE: Readonly<Record<TorchDtype, string>> = {
  float32: 'FloatStorage',
  float64: 'DoubleStorage',
  float16: 'HalfStorage',
  bfloat16: 'BFloat16Storage',
  int64: 'LongStorage',
  int32: 'IntStorage',
  int16: 'ShortStorage',
  int8: 'CharStorage',
  uint8: 'ByteStorage',
  bool: 'BoolStorage'
}

/** `torch.<name>` dtype attributes, including torch's aliases. */
const DTYPE_ATTRIBUTE: Readonly<Record<string, TorchDtype>> = {
  float32: 'float32',
  float: 'float32',
  float64: 'float64',
  double: 'float64',
  float16: 'float16',
  half: 'float16',
  bfloat16: 'bfloat16',
  int64: 'int64',
  long: 'int64',
  int32: 'int32',
  int: 'int32',
  int16: 'int16',
  short: 'int16',
  int8: 'int8',
  uint8: 'uint8',
  bool: 'bool'
}

/** Storage-ish class names we recognise but cannot decode (complex, quantized, float8, ...). */
const UNSUPPORTED_STORAGE = /^(Complex\w*|Q\w+|Float8\w*|UInt(16|32|64)|ComplexHalf|Bits\w*)Storage$/

/** Torch dtype names that exist but have no reader here. */
const UNSUPPORTED_DTYPE_ATTRIBUTE =
  /^(complex\w*|cfloat|cdouble|chalf|q(u?int\d+|int\d+x\d+)|float8\w*|uint(16|32|64)|bits\w*)$/

export function dtypeOfStorageClass(className: string): TorchDtype | undefined {
  return STORAGE_CLASS_DTYPE[className]
}

export function isUnsupportedStorageClass(className: string): boolean {
  return UNSUPPORTED_STORAGE.test(className)
}

export function dtypeOfTorchAttribute(name: string): TorchDtype | undefined {
  return DTYPE_ATTRIBUTE[name]
}

export function isUnsupportedDtypeAttribute(name: string): boolean {
  return UNSUPPORTED_DTYPE_ATTRIBUTE.test(name)
}
