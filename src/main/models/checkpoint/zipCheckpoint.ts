// torch >= 1.6 checkpoints: a zip holding `<prefix>/data.pkl`, `<prefix>/data/<key>` storages,
// `<prefix>/version` and `<prefix>/byteorder` (prefix is `archive` or the file's stem).
import { inflateRawSync } from 'node:zlib'
import { runPickle } from './pickleMachine'
import type { PyValue } from './pickleValues'
import type { StorageBytes } from './tensorData'
import { StorageRegistry } from './storageRegistry'
import { findTorchGlobal } from './torchGlobals'
import { readZipDirectory, readZipEntry, type ZipEntry } from './zipArchive'
import { walkLocalHeaders, type WalkedEntry } from './zipRecovery'
import { AppError } from '../../../shared/errors'

export interface ParsedCheckpoint {
  format: 'zip' | 'legacy'
  root: PyValue
  storage(key: string): StorageBytes
}

function isDataPickle(name: string): boolean {
  return name === 'data.pkl' || name.endsWith('/data.pkl')
}

/** The archive's data.pkl: the shallowest one (nested archives are not ours). */
function pickDataPickle<T extends { name: string }>(entries: readonly T[]): T | undefined {
  return entries.filter((e) => isDataPickle(e.name)).sort((a, b) => a.name.length - b.name.length)[0]
}

function parseDataPickle(pickle: Uint8Array, label: string): { root: PyValue; registry: StorageRegistry } {
  const registry = new StorageRegistry()
  const hooks = { findGlobal: findTorchGlobal, persistentLoad: (pid: PyValue) => registry.persistentLoad(pid) }
  const { value } = runPickle(pickle, 0, hooks, label)
  return { root: value, registry }
}

export function parseZipCheckpoint(bytes: Uint8Array, label: string): ParsedCheckpoint {
  const entries = readZipDirectory(bytes, label)
  if (entries === null) throw diagnoseCutZip(bytes, label)
  const dataPickle = pickDataPickle(entries)
  if (dataPickle === undefined) {
    const names = entries.slice(0, 5).map((e) => e.name).join(', ')
    throw new AppError('not-a-checkpoint', `${label}: zip archive has no data.pkl, so it is not a torch.save file (entries: ${names || 'none'})`)
  }
  const prefix = dataPickle.name.slice(0, dataPickle.name.length - 'data.pkl'.length)
  const byName = new Map<string, ZipEntry>(entries.map((e) => [e.name, e]))
  const byteOrderEntry = byName.get(`${prefix}byteorder`)
  const byteOrder = byteOrderEntry ? new TextDecoder().decode(readZipEntry(bytes, byteOrderEntry, label)).trim() : 'little'
  if (byteOrder !== 'little' && byteOrder !== 'big') {
    throw new AppError('not-a-checkpoint', `${label}: ${prefix}byteorder says ${JSON.stringify(byteOrder)}, expected "little" or "big"`)
  }
  const { root } = parseDataPickle(readZipEntry(bytes, dataPickle, label), `${label} ${dataPickle.name}`)
  const cache = new Map<string, Uint8Array>()
  return {
    format: 'zip',
    root,
    storage(key: string): StorageBytes {
      let data = cache.get(key)
      if (data === undefined) {
        const entry = byName.get(`${prefix}data/${key}`)
        if (entry === undefined) {
          throw new AppError('missing-storage', `${label}: the pickle refers to storage ${key}, but the archive has no entry ${prefix}data/${key}`)
        }
        data = readZipEntry(bytes, entry, label)
        cache.set(key, data)
      }
      return { bytes: data, littleEndian: byteOrder === 'little' }
    }
  }
}

function walkedData(bytes: Uint8Array, entry: WalkedEntry): Uint8Array | null {
  if (entry.dataEnd === null) return null
  const raw = bytes.subarray(entry.dataStart, entry.dataEnd)
  if (entry.method === 0) return raw
  try {
    return new Uint8Array(inflateRawSync(raw))
  } catch {
    return null
  }
}

/** Bytes the storage entry `name` should hold, read from a whole data.pkl; null if unknown. */
function expectedStorageBytes(bytes: Uint8Array, entries: readonly WalkedEntry[], name: string, label: string): number | null {
  const dataPickle = pickDataPickle(entries)
  const pickle = dataPickle ? walkedData(bytes, dataPickle) : null
  if (dataPickle === undefined || pickle === null) return null
  const storagePrefix = `${dataPickle.name.slice(0, -'data.pkl'.length)}data/`
  if (!name.startsWith(storagePrefix)) return null
  try {
    const { registry } = parseDataPickle(pickle, label)
    return registry.declared.get(name.slice(storagePrefix.length))?.byteLength ?? null
  } catch {
    return null
  }
}

/** A zip without its end record: say where the file was cut, from the local headers. */
function diagnoseCutZip(bytes: Uint8Array, label: string): AppError {
  const walk = walkLocalHeaders(bytes)
  const fileEnd = bytes.length
  if (walk.headerCut) {
    return new AppError(
      'truncated',
      `${label}: the file ends at byte ${fileEnd}, inside the zip local header that starts at byte ${walk.stoppedAt} ` +
        `(entry #${walk.entries.length + 1}); the archive is cut short`
    )
  }
  const cut = walk.entries.find((e) => e.dataEnd === null)
  if (cut !== undefined) {
    const present = fileEnd - cut.dataStart
    const expected = cut.declaredSize ?? expectedStorageBytes(bytes, walk.entries, cut.name, label)
    const size =
      expected === null
        ? `${present} bytes are present and its size is unknown because the zip directory at the end is missing`
        : `it needs ${expected} bytes, only ${present} are present (${expected - present} missing)`
    return new AppError('truncated', `${label}: the file is cut inside entry ${cut.name} at byte ${fileEnd}: ${size}`)
  }
  return new AppError(
    'truncated',
    `${label}: the zip central directory is missing: ${walk.entries.length} entries end at byte ${walk.stoppedAt}, ` +
      `the file ends at byte ${fileEnd} without an end-of-central-directory record`
  )
}
