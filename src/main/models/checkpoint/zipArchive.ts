// A reader for the zip container torch.save writes (torch >= 1.6): the end-of-central-directory
// record, ZIP64 records, the central directory, and stored or deflated entry data.
import { inflateRawSync } from 'node:zlib'
import { AppError } from '../../../shared/errors'

export interface ZipEntry {
  name: string
  method: number
  flags: number
  compressedSize: number
  uncompressedSize: number
  localHeaderOffset: number
}

export const SIG_LOCAL = 0x04034b50
export const SIG_CENTRAL = 0x02014b50
export const SIG_EOCD = 0x06054b50
export const SIG_EOCD64 = 0x06064b50
export const SIG_EOCD64_LOCATOR = 0x07064b50

const EOCD_SIZE = 22
const MAX_COMMENT = 0xffff

export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

export function readU64(view: DataView, at: number, what: string, label: string): number {
  const value = view.getBigUint64(at, true)
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new AppError('unsupported-format', `${label}: ${what} ${value} is beyond what this reader addresses`)
  }
  return Number(value)
}

function truncated(label: string, what: string, expectedEnd: number, fileLength: number): AppError {
  return new AppError(
    'truncated',
    `${label}: ${what} needs bytes up to ${expectedEnd}, but the file has only ${fileLength} bytes ` +
      `(${expectedEnd - fileLength} missing)`
  )
}

/** Offset of a valid end-of-central-directory record, or -1 when the file has none (cut short). */
export function findEndOfCentralDirectory(bytes: Uint8Array): number {
  const view = viewOf(bytes)
  const lowest = Math.max(0, bytes.length - EOCD_SIZE - MAX_COMMENT)
  for (let at = bytes.length - EOCD_SIZE; at >= lowest; at--) {
    if (bytes[at] !== 0x50 || view.getUint32(at, true) !== SIG_EOCD) continue
    // The comment must end exactly at the end of the file; rejects signatures inside data.
    if (at + EOCD_SIZE + view.getUint16(at + 20, true) === bytes.length) return at
  }
  return -1
}

interface CentralDirectoryLocation {
  offset: number
  size: number
  count: number
}

function locateCentralDirectory(bytes: Uint8Array, eocd: number, label: string): CentralDirectoryLocation {
  const view = viewOf(bytes)
  let count = view.getUint16(eocd + 10, true)
  let size = view.getUint32(eocd + 12, true)
  let offset = view.getUint32(eocd + 16, true)
  const locator = eocd - 20
  const usesZip64 = count === 0xffff || size === 0xffffffff || offset === 0xffffffff
  if (locator >= 0 && view.getUint32(locator, true) === SIG_EOCD64_LOCATOR) {
    const record = readU64(view, locator + 8, 'ZIP64 end record offset', label)
    if (record + 56 > bytes.length || view.getUint32(record, true) !== SIG_EOCD64) {
      throw new AppError('not-a-checkpoint', `${label}: ZIP64 locator points at byte ${record}, where no ZIP64 end record is`)
    }
    count = readU64(view, record + 32, 'entry count', label)
    size = readU64(view, record + 40, 'central directory size', label)
    offset = readU64(view, record + 48, 'central directory offset', label)
  } else if (usesZip64) {
    throw new AppError('not-a-checkpoint', `${label}: zip end record asks for ZIP64 fields but has no ZIP64 locator`)
  }
  if (offset + size > eocd) throw truncated(label, 'the zip central directory', offset + size, Math.min(eocd, bytes.length))
  return { offset, size, count }
}

/** Fields set to 0xffffffff in a central header are given, in order, in the ZIP64 extra field. */
function applyZip64Extra(view: DataView, extraStart: number, extraEnd: number, entry: ZipEntry, label: string): void {
  let at = extraStart
  while (at + 4 <= extraEnd) {
    const id = view.getUint16(at, true)
    const length = view.getUint16(at + 2, true)
    if (id === 0x0001) {
      let field = at + 4
      const next = (what: string): number => {
        if (field + 8 > at + 4 + length) {
          throw new AppError('not-a-checkpoint', `${label}: ZIP64 extra field of ${entry.name} lacks its ${what}`)
        }
        const value = readU64(view, field, what, label)
        field += 8
        return value
      }
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next('uncompressed size')
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next('compressed size')
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next('local header offset')
      return
    }
    at += 4 + length
  }
}

/** Entries of the zip's central directory, or null when the end record is missing (a cut file). */
export function readZipDirectory(bytes: Uint8Array, label: string): ZipEntry[] | null {
  const eocd = findEndOfCentralDirectory(bytes)
  if (eocd < 0) return null
  const view = viewOf(bytes)
  const { offset, count } = locateCentralDirectory(bytes, eocd, label)
  const entries: ZipEntry[] = []
  let at = offset
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length) throw truncated(label, `central directory header #${i}`, at + 46, bytes.length)
    if (view.getUint32(at, true) !== SIG_CENTRAL) {
      throw new AppError('not-a-checkpoint', `${label}: central directory header #${i} at byte ${at} has a bad signature`)
    }
    const nameLength = view.getUint16(at + 28, true)
    const extraLength = view.getUint16(at + 30, true)
    const commentLength = view.getUint16(at + 32, true)
    const end = at + 46 + nameLength + extraLength + commentLength
    if (end > bytes.length) throw truncated(label, `central directory header #${i}`, end, bytes.length)
    const entry: ZipEntry = {
      name: new TextDecoder('utf-8').decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true)
    }
    applyZip64Extra(view, at + 46 + nameLength, at + 46 + nameLength + extraLength, entry, label)
    entries.push(entry)
    at = end
  }
  return entries
}

/** Start of an entry's data, from its local header (whose extra field torch uses for alignment). */
export function entryDataOffset(bytes: Uint8Array, entry: ZipEntry, label: string): number {
  const at = entry.localHeaderOffset
  if (at + 30 > bytes.length) throw truncated(label, `local header of ${entry.name}`, at + 30, bytes.length)
  const view = viewOf(bytes)
  if (view.getUint32(at, true) !== SIG_LOCAL) {
    throw new AppError('not-a-checkpoint', `${label}: local header of ${entry.name} at byte ${at} has a bad signature`)
  }
  return at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
}

/** The uncompressed bytes of an entry: a view into `bytes` for stored entries. */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, label: string): Uint8Array {
  const start = entryDataOffset(bytes, entry, label)
  const end = start + entry.compressedSize
  if (end > bytes.length) throw truncated(label, `entry ${entry.name} (${entry.compressedSize} bytes)`, end, bytes.length)
  const raw = bytes.subarray(start, end)
  if (entry.method === 0) return raw
  if (entry.method !== 8) {
    throw new AppError('unsupported-format', `${label}: entry ${entry.name} uses zip compression method ${entry.method}; only stored and deflate are read`)
  }
  let inflated: Buffer
  try {
    inflated = inflateRawSync(raw)
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw new AppError('truncated', `${label}: deflated entry ${entry.name} does not inflate (${why})`)
  }
  if (inflated.length !== entry.uncompressedSize) {
    throw new AppError(
      'truncated',
      `${label}: entry ${entry.name} inflates to ${inflated.length} bytes, the directory says ${entry.uncompressedSize}`
    )
  }
  return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.length)
}
