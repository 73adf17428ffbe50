// Checkpoint tensors → graph parameters. Refuses any mismatch with a full report (missing keys,
// unexpected keys, shape mismatches) and recognises a checkpoint of a different model.
import { getModel, modelNames, expectedKeys, type ModelSpec } from './architectures'
import type { TorchTensor } from './checkpoint'
import { formatShape, product } from './graph/shapes'
import type { Float32Tensor, ParamSpec } from './graph/types'
import { AppError } from '../../shared/errors'

// Import failures are AppErrors: 'wrong-model' when most parameters are absent (another model's
// checkpoint; the message names that model when the keys reveal it), else 'weights-mismatch'.
export interface ShapeMismatch {
  key: string
  expected: readonly number[]
  found: readonly number[]
}

export interface ImportReport {
  missing: ParamSpec[]
  unexpected: Array<{ key: string; shape: readonly number[] }>
  shapeMismatches: ShapeMismatch[]
  /** keys the file holds that the model knows but does not use (num_batches_tracked, …) */
  ignored: string[]
  /** keys whose values were converted to float32 (float64, float16, bfloat16) */
  converted: string[]
}

export interface ImportResult {
  weights: Map<string, Float32Tensor>
  report: ImportReport
}

export interface ImportOptions {
  /** names the checkpoint in messages */
  source?: string
  /** graph parameters to fill; default: the model's released configuration */
  params?: readonly ParamSpec[]
  ignoredKeys?: readonly ParamSpec[]
}

/** Hints for checkpoints of models that may not be registered (yet): key prefix → model. */
const FAMILY_HINTS: Array<{ test: (key: string) => boolean; model: string }> = [
  { test: (k) => k.startsWith('audionet.') || k.startsWith('visual_model.'), model: 'AViNet (ViNet + SoundNet)' },
  { test: (k) => k.startsWith('score_dsn.') || k.startsWith('fusion3.') || k.startsWith('soundnet8.'), model: 'STAViS' },
  { test: (k) => /^conv[1-8](_objs|_scns)?\./.test(k) && !k.includes('layer'), model: 'SoundNet-8' },
  { test: (k) => k.startsWith('base.') || k.startsWith('fc.0.'), model: 'S3D (kylemin layout)' }
]

/** `module.` may survive on some keys when only part of a file was saved from DataParallel */
function normaliseKey(key: string): string {
  return key.startsWith('module.') ? key.slice('module.'.length) : key
}

function toFloat32(key: string, t: TorchTensor, converted: string[]): Float32Tensor | null {
  switch (t.dtype) {
    case 'float32':
      return { shape: [...t.shape], data: t.data }
    case 'float16':
    case 'bfloat16':
      converted.push(key)
      return { shape: [...t.shape], data: t.data }
    case 'float64':
      converted.push(key)
      return { shape: [...t.shape], data: Float32Array.from(t.data) }
    default:
      return null
  }
}

function spreadOf(keys: Iterable<string>, expected: ReadonlySet<string>): number {
  let n = 0
  for (const k of keys) if (expected.has(k)) n++
  return n
}

/** Which registered model (or known family) the checkpoint's keys look like, if any. */
export function guessModelForKeys(keys: readonly string[], exclude?: string): string | null {
  const normalised = keys.map(normaliseKey)
  let best: { name: string; score: number } | null = null
  for (const name of modelNames()) {
    if (name === exclude) continue
    const spec = getModel(name)
    if (!spec.needsWeights) continue
    const expected = new Set(expectedKeys(spec).map((p) => p.key))
    const hits = spreadOf(normalised, expected)
    const score = hits / Math.max(1, normalised.length)
    if (hits > 0 && score >= 0.5 && (!best || score > best.score)) best = { name, score }
  }
  if (best) return `'${best.name}' (${Math.round(best.score * 100)}% of the file's keys match it)`
  for (const hint of FAMILY_HINTS) {
    const n = normalised.filter(hint.test).length
    if (n >= Math.max(1, normalised.length / 2)) return `${hint.model} (by key names; not a registered model)`
  }
  return null
}

function describeMismatch(report: ImportReport): string[] {
  return [
    ...report.missing.map((p) => `missing: ${p.key} (expected shape ${formatShape(p.shape)})`),
    ...report.unexpected.map((u) => `unexpected: ${u.key} (shape ${formatShape(u.shape)})`),
    ...report.shapeMismatches.map((m) => `shape mismatch: ${m.key}: expected ${formatShape(m.expected)}, found ${formatShape(m.found)}`)
  ]
}

/**
 * Maps checkpoint tensors (keys as in the state dict; `module.` prefixes are dropped) onto the
 * model's parameters. Throws AppError unless every parameter is present with its shape
 * and nothing unknown is left over.
 */
export function importWeights(model: string | ModelSpec, tensors: ReadonlyMap<string, TorchTensor>, options: ImportOptions = {}): ImportResult {
  const spec = typeof model === 'string' ? getModel(model) : model
  const source = options.source ?? 'checkpoint'
  const released = options.params ? null : expectedKeys(spec)
  const params = options.params ?? released!.filter((p) => !p.key.endsWith('.num_batches_tracked'))
  const ignoredSpecs = options.ignoredKeys ?? (released ? released.filter((p) => !params.some((q) => q.key === p.key)) : [])
  const ignoredSet = new Set(ignoredSpecs.map((p) => p.key))
  const paramByKey = new Map(params.map((p) => [p.key, p]))

  const report: ImportReport = { missing: [], unexpected: [], shapeMismatches: [], ignored: [], converted: [] }
  const weights = new Map<string, Float32Tensor>()
  const seen = new Set<string>()
  for (const [rawKey, tensor] of tensors) {
    const key = normaliseKey(rawKey)
    const p = paramByKey.get(key)
    if (!p) {
      if (ignoredSet.has(key)) report.ignored.push(key)
      else report.unexpected.push({ key, shape: tensor.shape })
      continue
    }
    seen.add(key)
    if (formatShape(tensor.shape) !== formatShape(p.shape) || product(tensor.shape) !== product(p.shape)) {
      report.shapeMismatches.push({ key, expected: p.shape, found: tensor.shape })
      continue
    }
    const value = toFloat32(key, tensor, report.converted)
    if (!value) {
      report.shapeMismatches.push({ key, expected: p.shape, found: tensor.shape })
      report.unexpected.push({ key: `${key} [dtype ${tensor.dtype}, expected floating point]`, shape: tensor.shape })
      continue
    }
    weights.set(key, value)
  }
  report.missing = params.filter((p) => !seen.has(p.key))

  const problems = report.missing.length + report.unexpected.length + report.shapeMismatches.length
  if (problems === 0) return { weights, report }

  const details = describeMismatch(report)
  const matched = params.length - report.missing.length
  if (matched < params.length / 2) {
    const looksLike = guessModelForKeys([...tensors.keys()], spec.name)
    const message =
      `${source} is not a '${spec.name}' checkpoint: only ${matched} of its ${params.length} parameters are present` +
      ` (${tensors.size} keys in the file, ${report.unexpected.length} unknown to '${spec.name}')` +
      (looksLike ? `; its keys look like ${looksLike}` : '; its keys match no known model')
    throw new AppError('wrong-model', message, details)
  }
  const summary = [
    report.missing.length ? `${report.missing.length} missing` : '',
    report.unexpected.length ? `${report.unexpected.length} unexpected` : '',
    report.shapeMismatches.length ? `${report.shapeMismatches.length} with the wrong shape` : ''
  ].filter(Boolean)
  throw new AppError(
    'weights-mismatch',
    `${source} does not fit '${spec.name}': ${summary.join(', ')} (first: ${details[0]})`,
    details
  )
}
