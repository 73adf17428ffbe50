// Persistent ids in a torch pickle name storages that live outside it. The registry turns
// each id into a StorageRef and remembers what every storage key was declared as, so the
// container readers know how many bytes each key should hold.
import {
  DTYPE_ITEM_SIZE,
  dtypeOfStorageClass,
  dtypeOfTorchAttribute,
  isUnsupportedStorageClass,
  type TorchDtype
} from './dtypes'
import { pickleCallError } from './pickleMachine'
import { DtypeRef, PyGlobal, PyTuple, StorageRef, describePyValue, type PyValue } from './pickleValues'

export interface DeclaredStorage {
  key: string
  className: string
  dtype: TorchDtype | null
  /** elements of the whole (root) storage */
  numel: number
  /** bytes the storage must hold, null when the dtype has no reader */
  byteLength: number | null
}

export class StorageRegistry {
  readonly declared = new Map<string, DeclaredStorage>()
  private readonly refs = new Map<string, StorageRef>()

  /** The persistent_load hook: ('storage', cls, key, location, numel[, view_metadata]). */
  persistentLoad(pid: PyValue): PyValue {
    const items = pid instanceof PyTuple ? pid.items : null
    if (items === null || items.length === 0) {
      throw pickleCallError(`persistent id must be a tuple, found ${describePyValue(pid)}`)
    }
    const [kind] = items
    // Legacy saves of whole nn.Modules: ('module', cls, source_file, source) stands for the class.
    if (kind === 'module') return items[1] ?? null
    if (kind !== 'storage') throw pickleCallError(`persistent id of unknown kind ${JSON.stringify(kind)}`)
    if (items.length < 5) throw pickleCallError(`storage persistent id has ${items.length} fields, expected 5 or 6`)
    const className = storageClassName(items[1])
    const dtype = storageDtype(className)
    const key = storageKey(items[2])
    const location = typeof items[3] === 'string' ? items[3] : describePyValue(items[3])
    const numel = nonNegativeInt(items[4], 'storage size')
    this.declare(key, className, dtype, numel)

    const view = items[5]
    if (view instanceof PyTuple) {
      // Legacy storage view: (view_key, offset, size) into the root storage `key`.
      const offset = nonNegativeInt(view.items[1], 'storage view offset')
      const viewNumel = nonNegativeInt(view.items[2], 'storage view size')
      if (offset + viewNumel > numel) {
        throw pickleCallError(`storage view ${offset}+${viewNumel} exceeds root storage ${key} of ${numel} elements`)
      }
      return this.ref(key, className, dtype, location, viewNumel, offset)
    }
    return this.ref(key, className, dtype, location, numel, 0)
  }

  private declare(key: string, className: string, dtype: TorchDtype | null, numel: number): void {
    const byteLength = dtype === null ? null : numel * DTYPE_ITEM_SIZE[dtype]
    const previous = this.declared.get(key)
    // Untyped storages shared by tensors of different dtypes: keep the largest byte demand.
    if (previous === undefined || (byteLength ?? 0) > (previous.byteLength ?? 0)) {
      this.declared.set(key, { key, className, dtype, numel, byteLength })
    }
  }

  private ref(key: string, className: string, dtype: TorchDtype | null, location: string, numel: number, offset: number): StorageRef {
    const id = `${key}\u0000${className}\u0000${offset}\u0000${numel}`
    let ref = this.refs.get(id)
    if (ref === undefined) {
      ref = new StorageRef(key, className, dtype, location, numel, offset)
      this.refs.set(id, ref)
    }
    return ref
  }
}

function storageClassName(value: PyValue | undefined): string {
  if (value instanceof PyGlobal) return value.name
  // Some writers pass a dtype instead of a storage class.
  if (value instanceof DtypeRef) return `dtype:${value.name}`
  throw pickleCallError(`storage persistent id must name a storage class, found ${value === undefined ? 'nothing' : describePyValue(value)}`)
}

function storageDtype(className: string): TorchDtype | null {
  if (className.startsWith('dtype:')) return dtypeOfTorchAttribute(className.slice(6)) ?? null
  const dtype = dtypeOfStorageClass(className)
  if (dtype !== undefined) return dtype
  if (isUnsupportedStorageClass(className)) return null
  throw pickleCallError(`storage persistent id names ${className}, which is not a torch storage class`)
}

function storageKey(value: PyValue | undefined): string {
  if (typeof value === 'string') return value
  if (typeof value === 'number') return String(value)
  throw pickleCallError(`storage key must be a str, found ${value === undefined ? 'nothing' : describePyValue(value)}`)
}

function nonNegativeInt(value: PyValue | undefined, what: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value
  throw pickleCallError(`${what} must be a non-negative int, found ${value === undefined ? 'nothing' : String(value)}`)
}
