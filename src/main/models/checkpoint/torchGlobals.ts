// What the globals in a torch.save pickle mean. Only the ones whose value the reader needs
// get behaviour; every other class becomes a PyGlobal, whose instances are plain PyObjects.
import { DTYPE_ITEM_SIZE, dtypeOfTorchAttribute, isUnsupportedDtypeAttribute } from './dtypes'
import { pickleCallError } from './pickleMachine'
import {
  DtypeRef,
  PyCallable,
  PyDict,
  PyGlobal,
  PyObject,
  PySet,
  PyTuple,
  StorageRef,
  TensorRef,
  describePyValue,
  type PyValue
} from './pickleValues'

type GlobalTable = Record<string, (args: readonly PyValue[]) => PyValue>

function iterableItems(value: PyValue | undefined, what: string): readonly PyValue[] {
  if (value === undefined || value === null) return []
  if (Array.isArray(value)) return value
  if (value instanceof PyTuple) return value.items
  if (value instanceof PySet) return value.items
  if (value instanceof PyDict) return [...value.entries.keys()]
  throw pickleCallError(`${what} expects an iterable, found ${describePyValue(value)}`)
}

function newDict(className: string, pairs: PyValue | undefined): PyDict {
  const dict = new PyDict(className)
  if (pairs instanceof PyDict) {
    for (const [key, value] of pairs.entries) dict.entries.set(key, value)
    return dict
  }
  for (const pair of iterableItems(pairs, className)) {
    const items = pair instanceof PyTuple ? pair.items : Array.isArray(pair) ? pair : null
    if (items === null || items.length !== 2) throw pickleCallError(`${className} expects (key, value) pairs`)
    dict.entries.set(items[0], items[1])
  }
  return dict
}

function newSet(frozen: boolean, items: PyValue | undefined): PySet {
  const set = new PySet(frozen)
  set.items.push(...iterableItems(items, frozen ? 'frozenset' : 'set'))
  return set
}

function intArg(value: PyValue | undefined, what: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (typeof value === 'boolean') return value ? 1 : 0
  throw pickleCallError(`${what} must be an int, found ${value === undefined ? 'nothing' : describePyValue(value)}`)
}

function intTuple(value: PyValue | undefined, what: string): number[] {
  const items = value instanceof PyTuple ? value.items : Array.isArray(value) ? value : null
  if (items === null) {
    throw pickleCallError(`${what} must be a tuple of ints, found ${value === undefined ? 'nothing' : describePyValue(value)}`)
  }
  return items.map((item, i) => intArg(item, `${what}[${i}]`))
}

function rebuildTensor(fn: string, args: readonly PyValue[]): TensorRef {
  const [storage, offset, size, stride] = args
  if (!(storage instanceof StorageRef)) {
    throw pickleCallError(
      `${fn} expects a storage as first argument, found ${storage === undefined ? 'nothing' : describePyValue(storage)}`
    )
  }
  const shape = intTuple(size, `${fn} size`)
  const strides = intTuple(stride, `${fn} stride`)
  if (shape.length !== strides.length) {
    throw pickleCallError(`${fn}: size has ${shape.length} dims but stride has ${strides.length}`)
  }
  return new TensorRef(storage, intArg(offset, `${fn} storage_offset`), shape, strides)
}

/** `_rebuild_tensor_v3(storage, offset, size, stride, requires_grad, hooks, dtype)`: the dtype
 * argument reinterprets the (usually untyped, byte-sized) storage. */
function rebuildTensorV3(args: readonly PyValue[]): TensorRef {
  const tensor = rebuildTensor('_rebuild_tensor_v3', args)
  const dtypeArg = args[6]
  if (!(dtypeArg instanceof DtypeRef)) return tensor
  const { storage } = tensor
  if (dtypeArg.dtype === storage.dtype) return tensor
  const from = storage.dtype === null ? null : DTYPE_ITEM_SIZE[storage.dtype]
  const to = dtypeArg.dtype === null ? null : DTYPE_ITEM_SIZE[dtypeArg.dtype]
  const numel = from !== null && to !== null ? Math.floor((storage.numel * from) / to) : storage.numel
  const viewOffset = from !== null && to !== null ? (storage.viewOffset * from) / to : storage.viewOffset
  const retyped = new StorageRef(storage.key, `${storage.className} as ${dtypeArg.name}`, dtypeArg.dtype, storage.location, numel, viewOffset)
  return new TensorRef(retyped, tensor.storageOffset, tensor.shape, tensor.stride)
}

/** `_rebuild_from_type(_v2)(func, new_type, args, state)`: a tensor subclass around func(*args). */
function rebuildFromType(args: readonly PyValue[]): PyValue {
  const [func, , inner] = args
  const innerArgs = inner instanceof PyTuple ? inner.items : []
  if (func instanceof PyCallable) return func.call(innerArgs)
  if (func instanceof PyGlobal) return new PyObject(func.qualifiedName, innerArgs)
  throw pickleCallError(`_rebuild_from_type expects a function, found ${func === undefined ? 'nothing' : describePyValue(func)}`)
}

const KNOWN_CALLABLES: GlobalTable = {
  'collections.OrderedDict': (args) => newDict('collections.OrderedDict', args[0]),
  'collections.defaultdict': () => new PyDict('collections.defaultdict'),
  'builtins.dict': (args) => newDict('builtins.dict', args[0]),
  'builtins.set': (args) => newSet(false, args[0]),
  'builtins.frozenset': (args) => newSet(true, args[0]),
  'builtins.list': (args) => [...iterableItems(args[0], 'list')],
  'builtins.tuple': (args) => new PyTuple([...iterableItems(args[0], 'tuple')]),
  'builtins.bytearray': (args) => {
    const [data] = args
    if (data === undefined) return new Uint8Array(0)
    if (data instanceof Uint8Array) return data.slice()
    throw pickleCallError(`bytearray expects bytes, found ${describePyValue(data)}`)
  },
  '_codecs.encode': (args) => {
    // protocol-2 pickles of bytes: _codecs.encode(latin-1 text, 'latin1')
    const [text] = args
    if (typeof text !== 'string') throw pickleCallError('_codecs.encode expects a str')
    return Uint8Array.from(text, (ch) => ch.charCodeAt(0) & 0xff)
  },
  'torch.Size': (args) => new PyTuple([...iterableItems(args[0], 'torch.Size')]),
  'torch._utils._rebuild_tensor': (args) => rebuildTensor('_rebuild_tensor', args),
  'torch._utils._rebuild_tensor_v2': (args) => rebuildTensor('_rebuild_tensor_v2', args),
  'torch._utils._rebuild_tensor_v3': rebuildTensorV3,
  'torch._utils._rebuild_parameter': (args) => args[0] ?? null,
  'torch._utils._rebuild_parameter_with_state': (args) => args[0] ?? null,
  'torch._tensor._rebuild_from_type': rebuildFromType,
  'torch._tensor._rebuild_from_type_v2': rebuildFromType
}

/** Python 2 pickles name builtins `__builtin__`. */
function canonicalModule(module: string): string {
  return module === '__builtin__' ? 'builtins' : module
}

export function findTorchGlobal(module: string, name: string): PyValue {
  const qualified = `${canonicalModule(module)}.${name}`
  const known = KNOWN_CALLABLES[qualified]
  if (known !== undefined) return new PyCallable(qualified, known)
  if (module === 'torch') {
    const dtype = dtypeOfTorchAttribute(name)
    if (dtype !== undefined) return new DtypeRef(name, dtype)
    if (isUnsupportedDtypeAttribute(name)) return new DtypeRef(name, null)
  }
  return new PyGlobal(canonicalModule(module), name)
}
