// When a zip has lost its end (a cut download), the central directory with the entry sizes
// is gone. Walking the local headers front to back still tells which entries are whole and
// which one the cut falls in, so the error can name it.
import { SIG_LOCAL, viewOf } from './zipArchive'

export interface WalkedEntry {
  name: string
  method: number
  dataStart: number
  /** exclusive end of the entry's data; null for the entry the file is cut in */
  dataEnd: number | null
  /** size from the local header, when it records one */
  declaredSize: number | null
}

export interface LocalHeaderWalk {
  entries: WalkedEntry[]
  /** byte where the walk stopped: end of the last whole entry, or start of a cut header */
  stoppedAt: number
  /** a local header itself is cut */
  headerCut: boolean
}

const DESCRIPTOR_SIGNATURE = Buffer.from([0x50, 0x4b, 0x07, 0x08])

/** Data end and next header of an entry whose sizes follow its data (flag bit 3); null if cut. */
function findDescriptor(bytes: Uint8Array, dataStart: number): { dataEnd: number; next: number } | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const view = viewOf(bytes)
  let at = buffer.indexOf(DESCRIPTOR_SIGNATURE, dataStart)
  while (at >= 0) {
    const size = at - dataStart
    // Accept the signature only if the descriptor's own compressed size matches the distance.
    if (at + 16 <= bytes.length && view.getUint32(at + 8, true) === size) return { dataEnd: at, next: at + 16 }
    if (at + 24 <= bytes.length && view.getBigUint64(at + 8, true) === BigInt(size)) return { dataEnd: at, next: at + 24 }
    at = buffer.indexOf(DESCRIPTOR_SIGNATURE, at + 1)
  }
  return null
}

export function walkLocalHeaders(bytes: Uint8Array): LocalHeaderWalk {
  const view = viewOf(bytes)
  const entries: WalkedEntry[] = []
  let at = 0
  while (at + 4 <= bytes.length && view.getUint32(at, true) === SIG_LOCAL) {
    if (at + 30 > bytes.length) return { entries, stoppedAt: at, headerCut: true }
    const flags = view.getUint16(at + 6, true)
    const method = view.getUint16(at + 8, true)
    let compressedSize = view.getUint32(at + 18, true)
    const nameLength = view.getUint16(at + 26, true)
    const extraLength = view.getUint16(at + 28, true)
    const dataStart = at + 30 + nameLength + extraLength
    if (dataStart > bytes.length) return { entries, stoppedAt: at, headerCut: true }
    const name = new TextDecoder('utf-8').decode(bytes.subarray(at + 30, at + 30 + nameLength))
    if (compressedSize === 0xffffffff) {
      // ZIP64 local extra: uncompressed then compressed size
      const extra = at + 30 + nameLength
      for (let e = extra; e + 4 <= dataStart; e += 4 + view.getUint16(e + 2, true)) {
        if (view.getUint16(e, true) === 0x0001 && e + 20 <= dataStart) compressedSize = Number(view.getBigUint64(e + 12, true))
      }
    }
    const sizesFollowData = (flags & 0x08) !== 0
    if (sizesFollowData) {
      const descriptor = findDescriptor(bytes, dataStart)
      if (descriptor === null) {
        entries.push({ name, method, dataStart, dataEnd: null, declaredSize: null })
        return { entries, stoppedAt: dataStart, headerCut: false }
      }
      entries.push({ name, method, dataStart, dataEnd: descriptor.dataEnd, declaredSize: null })
      at = descriptor.next
      continue
    }
    const dataEnd = dataStart + compressedSize
    if (dataEnd > bytes.length) {
      entries.push({ name, method, dataStart, dataEnd: null, declaredSize: compressedSize })
      return { entries, stoppedAt: dataStart, headerCut: false }
    }
    entries.push({ name, method, dataStart, dataEnd, declaredSize: compressedSize })
    at = dataEnd
  }
  return { entries, stoppedAt: at, headerCut: false }
}
