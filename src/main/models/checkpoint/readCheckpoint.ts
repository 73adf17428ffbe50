// Entry point: bytes of a torch.save file in, the state dict's dense tensors out.
import { parseLegacyCheckpoint } from './legacyCheckpoint'
import { locateStateDict, stripSharedPrefix } from './stateDict'
import { materializeTensor, type TorchTensor } from './tensorData'
import { parseZipCheckpoint, type ParsedCheckpoint } from './zipCheckpoint'
import { AppError } from '../../../shared/errors'

export interface Checkpoint {
  format: 'zip' | 'legacy'
  /** keys from the saved object to the state dict, e.g. ['student_model']; [] for the root */
  statePath: string[]
  /** prefix removed from every key (DataParallel's 'module.'), or null */
  strippedPrefix: string | null
  tensors: Map<string, TorchTensor>
}

export interface ReadCheckpointOptions {
  /**
   * Use this object as the state dict instead of searching for the largest dict of tensors.
   * If it is not itself a dict of tensors, every tensor under it is returned by dotted path
   * (so `[]` flattens the whole file: {'a': {'w': t}} gives 'a.w').
   */
  statePath?: readonly string[]
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b)
}

const ZIP_LOCAL = [0x50, 0x4b, 0x03, 0x04]
const ZIP_EMPTY = [0x50, 0x4b, 0x05, 0x06]
const PICKLE_PROTO = 0x80

function isTar(bytes: Uint8Array): boolean {
  return bytes.length >= 262 && new TextDecoder('latin1').decode(bytes.subarray(257, 262)) === 'ustar'
}

/** Parses the container and the pickle; tensor bytes are not touched yet. */
export function parseCheckpointContainer(bytes: Uint8Array, label: string): ParsedCheckpoint {
  if (bytes.length === 0) throw new AppError('truncated', `${label}: the file is empty (0 bytes)`)
  if (startsWith(bytes, ZIP_LOCAL) || startsWith(bytes, ZIP_EMPTY)) return parseZipCheckpoint(bytes, label)
  if (bytes.length < 4 && startsWith(bytes, ZIP_LOCAL.slice(0, bytes.length))) {
    throw new AppError('truncated', `${label}: only ${bytes.length} bytes, cut inside the zip signature`)
  }
  if (bytes[0] === PICKLE_PROTO) return parseLegacyCheckpoint(bytes, label)
  if (isTar(bytes)) {
    throw new AppError('unsupported-format', `${label}: a tar archive (torch < 0.4 checkpoint format), which this reader does not read`)
  }
  const head = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ')
  throw new AppError(
    'not-a-checkpoint',
    `${label}: not a PyTorch checkpoint: expected a zip archive (50 4b 03 04) or a pickle (80 ..), found ${head}`
  )
}

/** Reads a torch.save file. `path` only names the file in error messages. */
export function readCheckpoint(bytes: Uint8Array, path?: string, options: ReadCheckpointOptions = {}): Checkpoint {
  const label = path ?? 'checkpoint'
  const parsed = parseCheckpointContainer(bytes, label)
  const located = locateStateDict(parsed.root, label, options.statePath)
  const { tensors: refs, strippedPrefix } = stripSharedPrefix(located.tensors)
  const tensors = new Map<string, TorchTensor>()
  for (const [key, ref] of refs) {
    tensors.set(key, materializeTensor(ref, parsed.storage(ref.storage.key), key, label))
  }
  return { format: parsed.format, statePath: located.statePath, strippedPrefix, tensors }
}
