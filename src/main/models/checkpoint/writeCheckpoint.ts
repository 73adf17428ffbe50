// torch.save(state_dict, f) without Python: dense tensors in, the bytes torch 2.x writes in its
// default zip format out (records, their order, alignment and pickle as torch lays them out), so
// torch.load — weights_only or not, mmap or not — and this app's reader both read the result.
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { crc32 } from 'node:zlib'
import { STORAGE_CLASS_OF_DTYPE } from './dtypes'
import { PickleWriter } from './pickleWriter'
import { encodeTensor, type EncodedTensor, type WritableTensor } from './tensorEncoding'
import { ZipWriter, type ZipWrittenEntry } from './zipWriter'
import { writeFileAtomic } from '../../core/atomicWrite'
import { AppError } from '../../../shared/errors'

export type { WritableTensor } from './tensorEncoding'

export interface WriteCheckpointOptions {
  /**
   * Nest the state dict in plain dicts under these keys, as training scripts save
   * `{'state_dict': sd}`: 'state_dict' or ['student_model'] (readCheckpoint's statePath).
   */
  wrapKey?: string | readonly string[]
  /**
   * The zip's top folder. torch.save names it after the file ('model' for model.pt) and
   * 'archive' when writing to a buffer; writeCheckpoint defaults to 'archive',
   * writeCheckpointFile to the file's name.
   */
  archiveName?: string
}

/** What torch.save writes beside the storages (torch 2.x). */
const FORMAT_VERSION = '1' // storages in numeric key order; torch.load may compute their offsets
const STORAGE_ALIGNMENT = 64
const FILE_FORMAT_VERSION = '3\n' // kMinProducedFileFormatVersion: plain tensors need nothing newer
const UTF8 = new TextEncoder()

/** torch.save's archive name for a path: the file name up to its last dot, as PyTorchStreamWriter's
 * basename(); torch writes non-ASCII paths through a stream, which names it 'archive'. */
export function torchArchiveName(path: string): string {
  const start = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1
  const dot = path.lastIndexOf('.')
  const name = path.slice(start, dot >= start ? dot : path.length)
  const ascii = [...path].every((ch) => ch.charCodeAt(0) <= 0x7f)
  return name === '' || !ascii ? 'archive' : name
}

function wrapPath(wrapKey: WriteCheckpointOptions['wrapKey']): readonly string[] {
  if (wrapKey === undefined) return []
  return typeof wrapKey === 'string' ? [wrapKey] : wrapKey
}

function checkArchiveName(name: string, label: string): void {
  // torch.load takes everything before the first entry's first '/' as the archive folder
  if (name === '' || /[/\\]/.test(name) || UTF8.encode(name).length > 0xff00) {
    throw new AppError('bad-argument', `${label}: archive name ${JSON.stringify(name)} must be non-empty, short, and hold no / or \\`)
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function checkText(text: string, what: string, label: string): void {
  // a lone surrogate has no UTF-8 form; TextEncoder would silently write U+FFFD instead
  if (LONE_SURROGATE.test(text)) throw new AppError('bad-argument', `${label}: ${what} ${JSON.stringify(text)} is not well-formed Unicode`)
}

/** The data.pkl program, opcode for opcode what CPython's pickler writes for torch.save. */
function statePickle(keys: readonly string[], tensors: readonly EncodedTensor[], wrap: readonly string[]): Uint8Array {
  const w = new PickleWriter()
  const emptyOrderedDict = (): void => {
    w.global('collections', 'OrderedDict')
    w.tuple(0, () => {})
    w.reduce()
  }
  const tensor = (t: EncodedTensor, storageKey: string): void => {
    w.global('torch._utils', '_rebuild_tensor_v2')
    w.tuple(6, () => {
      // persistent id ('storage', torch.<Type>Storage, key, location, numel); the literal
      // 'storage' and the location are one Python object each, so they are memo hits after the first
      w.tuple(5, () => {
        w.str('storage', true)
        w.global('torch', STORAGE_CLASS_OF_DTYPE[t.dtype])
        w.str(storageKey)
        w.str('cpu', true)
        w.int(t.numel)
      })
      w.persistentId()
      w.int(0) // storage offset
      w.tuple(t.shape.length, () => t.shape.forEach((n) => w.int(n)))
      w.tuple(t.stride.length, () => t.stride.forEach((n) => w.int(n)))
      w.bool(false) // requires_grad
      emptyOrderedDict() // backward hooks
    })
    w.reduce()
  }
  const nest = (depth: number): void => {
    if (depth < wrap.length) {
      w.emptyDict()
      w.dictItems(1, () => {
        w.str(wrap[depth])
        nest(depth + 1)
      })
      return
    }
    emptyOrderedDict()
    w.dictItems(keys.length, (i) => {
      w.str(keys[i])
      tensor(tensors[i], String(i))
    })
  }
  nest(0)
  return w.finish()
}

const U64 = (1n << 64n) - 1n

/** c10::hash_combine on 64-bit size_t. */
function hashCombine(seed: bigint, value: bigint): bigint {
  return (seed ^ ((value + 0x9e3779b9n + (seed << 6n) + (seed >> 2n)) & U64)) & U64
}

/**
 * `.data/serialization_id`: 20 digits from the record names, then 20 from the records' CRCs, as
 * PyTorchStreamWriter composes it. The CRC half is torch's exactly (hash_combine over the data
 * descriptors' CRCs in write order). torch's name half combines the C++ library's std::hash of
 * each name in unordered_set order, which differs between platforms; here it combines the
 * names' CRC-32s in write order. torch.load only logs the id.
 */
function serializationId(names: readonly string[], entries: readonly ZipWrittenEntry[]): string {
  const nameHash = names.reduce((seed, name) => hashCombine(seed, BigInt(crc32(UTF8.encode(name)))), 0n)
  const crcHash = entries.filter((e) => e.size > 0).reduce((seed, e) => hashCombine(seed, BigInt(e.crc)), 0n)
  return nameHash.toString().padStart(20, '0') + crcHash.toString().padStart(20, '0')
}

function buildCheckpoint(tensors: ReadonlyMap<string, WritableTensor>, options: WriteCheckpointOptions, archiveName: string, label: string): Uint8Array {
  checkArchiveName(archiveName, label)
  const wrap = wrapPath(options.wrapKey)
  wrap.forEach((key) => checkText(key, 'wrap key', label))
  const keys: string[] = []
  const encoded: EncodedTensor[] = []
  for (const [key, tensor] of tensors) {
    checkText(key, 'key', label)
    keys.push(key)
    encoded.push(encodeTensor(tensor, key, label))
  }

  const zip = new ZipWriter(label, STORAGE_ALIGNMENT)
  const names: string[] = []
  const record = (name: string, data: Uint8Array | string): void => {
    zip.add(`${archiveName}/${name}`, typeof data === 'string' ? UTF8.encode(data) : data)
    names.push(name)
  }
  record('data.pkl', statePickle(keys, encoded, wrap))
  record('.format_version', FORMAT_VERSION)
  record('.storage_alignment', String(STORAGE_ALIGNMENT))
  record('byteorder', 'little')
  encoded.forEach((t, i) => record(`data/${i}`, t.bytes))
  record('version', FILE_FORMAT_VERSION)
  zip.add(`${archiveName}/.data/serialization_id`, UTF8.encode(serializationId(names, zip.entries)))
  return zip.finish()
}

/**
 * The bytes torch.save(OrderedDict(tensors), f) writes (torch 2.x zip format, pickle protocol 2),
 * one storage per tensor, in the map's order. Throws AppError for a tensor whose shape and data
 * disagree or whose typed array cannot hold its dtype.
 */
export function writeCheckpoint(tensors: ReadonlyMap<string, WritableTensor>, options: WriteCheckpointOptions = {}): Uint8Array {
  return buildCheckpoint(tensors, options, options.archiveName ?? 'archive', 'writeCheckpoint')
}

/** writeCheckpoint to `path`, atomically (complete or absent), creating its folder. */
export async function writeCheckpointFile(
  path: string,
  tensors: ReadonlyMap<string, WritableTensor>,
  options: WriteCheckpointOptions = {}
): Promise<void> {
  const bytes = buildCheckpoint(tensors, options, options.archiveName ?? torchArchiveName(path), path)
  await mkdir(dirname(path), { recursive: true })
  await writeFileAtomic(path, bytes)
}
