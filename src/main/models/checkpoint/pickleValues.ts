// The values a pickle program can build, as the VM represents them. Python lists are JS
// arrays; every other Python type gets a small class so that `instanceof` tells them apart.
import type { TorchDtype } from './dtypes'

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | PyValue[]
  | PyTuple
  | PyDict
  | PySet
  | PyGlobal
  | PyCallable
  | PyObject
  | DtypeRef
  | StorageRef
  | TensorRef

export class PyTuple {
  constructor(readonly items: readonly PyValue[]) {}
}

/** dict / OrderedDict / defaultdict. `attrs` holds instance state set by BUILD (`_metadata`). */
export class PyDict {
  readonly entries = new Map<PyValue, PyValue>()
  readonly attrs = new Map<string, PyValue>()
  constructor(readonly className: string) {}
}

export class PySet {
  readonly items: PyValue[] = []
  constructor(readonly frozen: boolean) {}
}

/** A class or function named by GLOBAL that the reader has no meaning for. */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string
  ) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`
  }
}

/** A global the reader knows how to call (OrderedDict, _rebuild_tensor_v2, torch.Size, ...). */
export class PyCallable {
  constructor(
    readonly qualifiedName: string,
    readonly call: (args: readonly PyValue[]) => PyValue
  ) {}
}

/** An instance of an unknown class: kept as data, failing only if someone needs its value. */
export class PyObject {
  state: PyValue = null
  readonly listItems: PyValue[] = []
  readonly dictItems = new Map<PyValue, PyValue>()
  constructor(
    readonly className: string,
    readonly args: readonly PyValue[]
  ) {}
}

/** `torch.float32` and friends; `dtype` is null for dtypes without a reader (complex64...). */
export class DtypeRef {
  constructor(
    readonly name: string,
    readonly dtype: TorchDtype | null
  ) {}
}

/** A storage named by a persistent id; its bytes live outside the pickle. */
export class StorageRef {
  constructor(
    readonly key: string,
    readonly className: string,
    readonly dtype: TorchDtype | null,
    readonly location: string,
    readonly numel: number,
    /** legacy format only: this storage is a slice of `key` starting at element `viewOffset` */
    readonly viewOffset = 0
  ) {}
}

/** A tensor as `_rebuild_tensor_v2` describes it; bytes are read only when asked for. */
export class TensorRef {
  constructor(
    readonly storage: StorageRef,
    readonly storageOffset: number,
    readonly shape: readonly number[],
    readonly stride: readonly number[]
  ) {}
}

export function describePyValue(value: PyValue): string {
  if (value === null) return 'None'
  if (Array.isArray(value)) return 'list'
  if (value instanceof Uint8Array) return 'bytes'
  if (value instanceof PyTuple) return 'tuple'
  if (value instanceof PyDict) return value.className
  if (value instanceof PySet) return value.frozen ? 'frozenset' : 'set'
  if (value instanceof PyGlobal) return `global ${value.qualifiedName}`
  if (value instanceof PyCallable) return `global ${value.qualifiedName}`
  if (value instanceof PyObject) return `${value.className} object`
  if (value instanceof DtypeRef) return `torch.${value.name}`
  if (value instanceof StorageRef) return `storage ${value.key}`
  if (value instanceof TensorRef) return 'tensor'
  return typeof value
}
