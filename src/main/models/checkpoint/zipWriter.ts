// A zip writer that lays entries out exactly as PyTorch's miniz-based PyTorchStreamWriter does:
// stored entries, zero dates, each entry's data aligned by an 'FB' extra field padded with 'Z',
// sizes and CRC in a data descriptor after the data (none for empty entries), and ZIP64 end
// records always. torch.load (.format_version 1, mmap, meta loads) computes storage offsets from
// this layout instead of reading headers, so the details matter.
import { crc32 } from 'node:zlib'
import { SIG_CENTRAL, SIG_EOCD, SIG_EOCD64, SIG_EOCD64_LOCATOR, SIG_LOCAL } from './zipArchive'
import { AppError } from '../../../shared/errors'

const SIG_DATA_DESCRIPTOR = 0x08074b50
/** general purpose flags: bit 11 = UTF-8 names (miniz always sets it), bit 3 = data descriptor */
const FLAG_UTF8 = 0x0800
const FLAG_DESCRIPTOR = 0x0008
const LOCAL_HEADER = 30
const CENTRAL_HEADER = 46
const DESCRIPTOR = 16
const EOCD64 = 56
const EOCD64_LOCATOR = 20
const EOCD = 22
/** the padding extra field: id 'FB', u16 length */
const PADDING_FIELD = 4
/** miniz switches to ZIP64 fields at this offset or size; this writer stays below it */
const U32_LIMIT = 0xffffffff
/** miniz's ZIP64 end record: made by 0x031e (Unix, 3.0), needs 4.5 */
const ZIP64_MADE_BY = 0x031e
const ZIP64_NEEDED = 0x002d

const UTF8 = new TextEncoder()

export interface ZipWrittenEntry {
  name: string
  /** offset of the local header */
  offset: number
  /** offset of the first data byte (a multiple of the alignment) */
  dataOffset: number
  size: number
  crc: number
}

interface PendingEntry extends ZipWrittenEntry {
  nameBytes: Uint8Array
  data: Uint8Array
}

export class ZipWriter {
  private readonly pending: PendingEntry[] = []
  private size = 0

  /** `label` names the archive in error messages. */
  constructor(
    private readonly label: string,
    private readonly alignment = 64
  ) {}

  get entries(): readonly ZipWrittenEntry[] {
    return this.pending
  }

  /** Lays out a stored entry; `data` is referenced, not copied, until `finish`. */
  add(name: string, data: Uint8Array): ZipWrittenEntry {
    const nameBytes = UTF8.encode(name)
    const offset = this.size
    const padding = (this.alignment - ((offset + LOCAL_HEADER + nameBytes.length + PADDING_FIELD) % this.alignment)) % this.alignment
    const dataOffset = offset + LOCAL_HEADER + nameBytes.length + PADDING_FIELD + padding
    const end = dataOffset + data.length + (data.length > 0 ? DESCRIPTOR : 0)
    if (end >= U32_LIMIT) {
      throw new AppError(
        'unsupported-format',
        `${this.label}: entry ${name} would end at byte ${end}; archives of 4 GiB or more need ZIP64 entries, which this writer does not write`
      )
    }
    const entry = { name, offset, dataOffset, size: data.length, crc: data.length > 0 ? crc32(data) : 0, nameBytes, data }
    this.pending.push(entry)
    this.size = end
    return entry
  }

  /** Writes every entry, the central directory and the end records into one buffer. */
  finish(): Uint8Array {
    const directoryOffset = this.size
    const directorySize = this.pending.reduce((sum, e) => sum + CENTRAL_HEADER + e.nameBytes.length, 0)
    const total = directoryOffset + directorySize + EOCD64 + EOCD64_LOCATOR + EOCD
    if (total >= U32_LIMIT) {
      throw new AppError('unsupported-format', `${this.label}: the archive would reach 4 GiB, which needs ZIP64 offsets this writer does not write`)
    }
    const out = new Uint8Array(total)
    const view = new DataView(out.buffer)
    for (const e of this.pending) this.writeLocal(out, view, e)
    let at = directoryOffset
    for (const e of this.pending) {
      view.setUint32(at, SIG_CENTRAL, true)
      view.setUint16(at + 8, flagsOf(e), true)
      view.setUint32(at + 16, e.crc, true)
      view.setUint32(at + 20, e.size, true)
      view.setUint32(at + 24, e.size, true)
      view.setUint16(at + 28, e.nameBytes.length, true)
      view.setUint32(at + 42, e.offset, true)
      out.set(e.nameBytes, at + CENTRAL_HEADER)
      at += CENTRAL_HEADER + e.nameBytes.length
    }

    const count = this.pending.length
    view.setUint32(at, SIG_EOCD64, true)
    view.setBigUint64(at + 4, BigInt(EOCD64 - 12), true)
    view.setUint16(at + 12, ZIP64_MADE_BY, true)
    view.setUint16(at + 14, ZIP64_NEEDED, true)
    view.setBigUint64(at + 24, BigInt(count), true)
    view.setBigUint64(at + 32, BigInt(count), true)
    view.setBigUint64(at + 40, BigInt(directorySize), true)
    view.setBigUint64(at + 48, BigInt(directoryOffset), true)
    const eocd64Offset = at
    at += EOCD64

    view.setUint32(at, SIG_EOCD64_LOCATOR, true)
    view.setBigUint64(at + 8, BigInt(eocd64Offset), true)
    view.setUint32(at + 16, 1, true)
    at += EOCD64_LOCATOR

    // the classic record saturates what does not fit, as miniz does
    view.setUint32(at, SIG_EOCD, true)
    view.setUint16(at + 8, Math.min(count, 0xffff), true)
    view.setUint16(at + 10, Math.min(count, 0xffff), true)
    view.setUint32(at + 12, directorySize, true)
    view.setUint32(at + 16, directoryOffset, true)
    return out
  }

  /** Local header (sizes and CRC left zero: miniz streams and puts them in the descriptor), data, descriptor. */
  private writeLocal(out: Uint8Array, view: DataView, e: PendingEntry): void {
    const at = e.offset
    const field = at + LOCAL_HEADER + e.nameBytes.length
    view.setUint32(at, SIG_LOCAL, true)
    view.setUint16(at + 6, flagsOf(e), true)
    view.setUint16(at + 26, e.nameBytes.length, true)
    view.setUint16(at + 28, e.dataOffset - field, true)
    out.set(e.nameBytes, at + LOCAL_HEADER)
    out[field] = 0x46 // 'F'
    out[field + 1] = 0x42 // 'B'
    view.setUint16(field + 2, e.dataOffset - field - PADDING_FIELD, true)
    out.fill(0x5a, field + PADDING_FIELD, e.dataOffset) // 'Z'
    out.set(e.data, e.dataOffset)
    if (e.size === 0) return
    const descriptor = e.dataOffset + e.size
    view.setUint32(descriptor, SIG_DATA_DESCRIPTOR, true)
    view.setUint32(descriptor + 4, e.crc, true)
    view.setUint32(descriptor + 8, e.size, true)
    view.setUint32(descriptor + 12, e.size, true)
  }
}

function flagsOf(entry: ZipWrittenEntry): number {
  return FLAG_UTF8 | (entry.size > 0 ? FLAG_DESCRIPTOR : 0)
}
