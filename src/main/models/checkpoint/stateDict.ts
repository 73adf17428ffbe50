// Finds the state dict inside whatever object torch.save wrote ({'state_dict': ...},
// {'student_model': ...}, a bare OrderedDict, a list of tensors, one tensor) and normalises
// its keys (DataParallel's `module.` prefix).
import { PyDict, PyObject, PyTuple, TensorRef, describePyValue, type PyValue } from './pickleValues'
import { AppError } from '../../../shared/errors'

export interface LocatedTensors {
  /** keys leading from the pickled root object to the state dict; [] for the root itself */
  statePath: string[]
  tensors: Map<string, TensorRef>
}

const MAX_DEPTH = 12

/** Entries that a state dict may hold besides tensors. */
function isIgnorableEntry(key: string, value: PyValue): boolean {
  return key === '_metadata' || (key.endsWith('_extra_state') && !(value instanceof TensorRef))
}

function keyText(key: PyValue): string | null {
  if (typeof key === 'string') return key
  if (typeof key === 'number' || typeof key === 'bigint') return String(key)
  return null
}

/** Tensors of a dict that qualifies as a state dict, or null. */
function tensorsOfStateDict(dict: PyDict): Map<string, TensorRef> | null {
  const tensors = new Map<string, TensorRef>()
  for (const [key, value] of dict.entries) {
    if (typeof key !== 'string') return null
    if (value instanceof TensorRef) tensors.set(key, value)
    else if (!isIgnorableEntry(key, value)) return null
  }
  return tensors.size > 0 ? tensors : null
}

function children(value: PyValue): [string, PyValue][] {
  if (value instanceof PyDict) {
    const out: [string, PyValue][] = []
    for (const [key, child] of value.entries) {
      const text = keyText(key)
      if (text !== null) out.push([text, child])
    }
    return out
  }
  if (Array.isArray(value)) return value.map((child, i) => [String(i), child])
  if (value instanceof PyTuple) return value.items.map((child, i) => [String(i), child])
  if (value instanceof PyObject) {
    // argparse.Namespace and other plain objects keep their fields in BUILD state
    const out: [string, PyValue][] = []
    if (value.state !== null) out.push(...children(value.state))
    for (const [key, child] of value.dictItems) {
      const text = keyText(key)
      if (text !== null) out.push([text, child])
    }
    return out
  }
  return []
}

/** Breadth-first, so on ties the shallowest, first-written dict wins. */
function findLargestStateDict(root: PyValue): LocatedTensors | null {
  let best: LocatedTensors | null = null
  const seen = new Set<PyValue>()
  let level: { value: PyValue; path: string[] }[] = [{ value: root, path: [] }]
  for (let depth = 0; depth <= MAX_DEPTH && level.length > 0; depth++) {
    const next: typeof level = []
    for (const { value, path } of level) {
      if (typeof value !== 'object' || value === null || seen.has(value)) continue
      seen.add(value)
      if (value instanceof PyDict) {
        const tensors = tensorsOfStateDict(value)
        if (tensors !== null) {
          if (best === null || tensors.size > best.tensors.size) best = { statePath: path, tensors }
          continue
        }
      }
      for (const [key, child] of children(value)) next.push({ value: child, path: [...path, key] })
    }
    level = next
  }
  return best
}

/** Every tensor reachable from `value`, named by its dotted path (for non-state-dict saves). */
function collectTensors(value: PyValue, prefix: string, out: Map<string, TensorRef>, seen: Set<PyValue>, depth: number): void {
  if (value instanceof TensorRef) {
    out.set(prefix, value)
    return
  }
  if (typeof value !== 'object' || value === null || seen.has(value) || depth > MAX_DEPTH) return
  seen.add(value)
  for (const [key, child] of children(value)) collectTensors(child, prefix === '' ? key : `${prefix}.${key}`, out, seen, depth + 1)
}

function followPath(root: PyValue, path: readonly string[], label: string): PyValue {
  let value = root
  for (let i = 0; i < path.length; i++) {
    const match = children(value).find(([key]) => key === path[i])
    if (match === undefined) {
      throw new AppError(
        'missing-entry',
        `${label}: no entry ${JSON.stringify(path[i])} at ${path.slice(0, i).join('/') || 'the root'} (a ${describePyValue(value)})`
      )
    }
    value = match[1]
  }
  return value
}

/**
 * The tensors to import. With `statePath`, that object is used; otherwise the largest dict of
 * tensors; otherwise every tensor in the file under its dotted path ('' for a bare tensor).
 */
export function locateStateDict(root: PyValue, label: string, statePath?: readonly string[]): LocatedTensors {
  if (statePath !== undefined) {
    const target = followPath(root, statePath, label)
    const tensors = new Map<string, TensorRef>()
    const direct = target instanceof PyDict ? tensorsOfStateDict(target) : null
    if (direct !== null) return { statePath: [...statePath], tensors: direct }
    collectTensors(target, '', tensors, new Set(), 0)
    return { statePath: [...statePath], tensors }
  }
  const found = findLargestStateDict(root)
  if (found !== null) return found
  const tensors = new Map<string, TensorRef>()
  collectTensors(root, '', tensors, new Set(), 0)
  return { statePath: [], tensors }
}

/** Removes `prefix` (repeatedly) when every key carries it, as nn.DataParallel saves do. */
export function stripSharedPrefix<T>(tensors: Map<string, T>, prefix = 'module.'): { tensors: Map<string, T>; strippedPrefix: string | null } {
  let stripped = ''
  let current = tensors
  while (current.size > 0 && [...current.keys()].every((key) => key.startsWith(prefix) && key.length > prefix.length)) {
    const next = new Map<string, T>()
    for (const [key, value] of current) next.set(key.slice(prefix.length), value)
    current = next
    stripped += prefix
  }
  return { tensors: current, strippedPrefix: stripped === '' ? null : stripped }
}
