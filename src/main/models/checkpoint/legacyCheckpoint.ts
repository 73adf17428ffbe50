// torch < 1.6 checkpoints (and `_use_new_zipfile_serialization=False`): a sequence of pickles
// (magic number, protocol version, sys_info, the object, the storage keys) followed by each
// storage as an int64 element count and its raw little-endian bytes.
import { DTYPE_ITEM_SIZE } from './dtypes'
import { runPickle, type PickleHooks } from './pickleMachine'
import { PyDict, describePyValue } from './pickleValues'
import { StorageRegistry } from './storageRegistry'
import { findTorchGlobal } from './torchGlobals'
import type { ParsedCheckpoint } from './zipCheckpoint'
import { AppError } from '../../../shared/errors'

export const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn
const LEGACY_PROTOCOL_VERSION = 1001

const plainHooks: PickleHooks = {
  findGlobal: findTorchGlobal,
  persistentLoad: () => {
    throw new AppError('corrupt-pickle', 'a header pickle of a legacy checkpoint holds a persistent id')
  }
}

function readMagic(bytes: Uint8Array, label: string): number {
  let magic
  try {
    magic = runPickle(bytes, 0, plainHooks, `${label} (magic number)`)
  } catch (err) {
    if (err instanceof AppError && err.code === 'truncated') throw err
    const why = err instanceof Error ? err.message : String(err)
    throw new AppError('not-a-checkpoint', `${label}: starts like a pickle but not like torch.save output (${why})`)
  }
  if (magic.value !== LEGACY_MAGIC) {
    throw new AppError('not-a-checkpoint', `${label}: starts with a pickle of ${describePyValue(magic.value)}, not torch's magic number`)
  }
  return magic.end
}

export function parseLegacyCheckpoint(bytes: Uint8Array, label: string): ParsedCheckpoint {
  const magicEnd = readMagic(bytes, label)
  const version = runPickle(bytes, magicEnd, plainHooks, `${label} (protocol version)`)
  if (version.value !== LEGACY_PROTOCOL_VERSION) {
    throw new AppError('unsupported-format', `${label}: legacy protocol version ${String(version.value)}, expected ${LEGACY_PROTOCOL_VERSION}`)
  }
  const sysInfo = runPickle(bytes, version.end, plainHooks, `${label} (sys_info)`)
  if (!(sysInfo.value instanceof PyDict)) {
    throw new AppError('not-a-checkpoint', `${label}: sys_info is a ${describePyValue(sysInfo.value)}, expected a dict`)
  }

  const registry = new StorageRegistry()
  const main = runPickle(
    bytes,
    sysInfo.end,
    { findGlobal: findTorchGlobal, persistentLoad: (pid) => registry.persistentLoad(pid) },
    `${label} (main pickle)`
  )
  const keyList = runPickle(bytes, main.end, plainHooks, `${label} (storage keys)`)
  if (!Array.isArray(keyList.value) || !keyList.value.every((k) => typeof k === 'string')) {
    throw new AppError('corrupt-pickle', `${label}: the storage key pickle is a ${describePyValue(keyList.value)}, expected a list of str`)
  }

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const storages = new Map<string, Uint8Array>()
  let at = keyList.end
  for (const key of keyList.value as string[]) {
    const declared = registry.declared.get(key)
    if (declared === undefined) {
      throw new AppError('missing-storage', `${label}: storage ${key} is listed in the storage table but no tensor refers to it, so its element size is unknown`)
    }
    if (declared.dtype === null) {
      throw new AppError('unsupported-dtype', `${label}: storage ${key} is a ${declared.className}, which this reader cannot decode`)
    }
    if (at + 8 > bytes.length) {
      throw new AppError(
        'truncated',
        `${label}: storage ${key} should start with an 8-byte element count at byte ${at}, but the file ends at byte ${bytes.length}`
      )
    }
    // torch writes the count and the data little-endian whatever the host order.
    const numel = Number(view.getBigInt64(at, true))
    const byteLength = numel * DTYPE_ITEM_SIZE[declared.dtype]
    if (numel < 0 || !Number.isSafeInteger(byteLength)) {
      throw new AppError('corrupt-pickle', `${label}: storage ${key} at byte ${at} declares ${numel} elements`)
    }
    const start = at + 8
    if (start + byteLength > bytes.length) {
      throw new AppError(
        'truncated',
        `${label}: storage ${key} (${declared.dtype} × ${numel}) needs ${byteLength} bytes from byte ${start}, ` +
          `only ${bytes.length - start} present (${start + byteLength - bytes.length} missing)`
      )
    }
    storages.set(key, bytes.subarray(start, start + byteLength))
    at = start + byteLength
  }

  return {
    format: 'legacy',
    root: main.value,
    storage(key: string) {
      const data = storages.get(key)
      if (data === undefined) {
        throw new AppError('missing-storage', `${label}: a tensor refers to storage ${key}, which is not in the file's storage table`)
      }
      return { bytes: data, littleEndian: true }
    }
  }
}
