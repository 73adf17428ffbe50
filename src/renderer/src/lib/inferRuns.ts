// What an inference run's row says, read from the run's own columns (model, audio condition,
// weights sha256) where the log has them, else from RunSummary.config as the inference engine
// writes it (model, runtime, threads, batch, audioCondition, weights). Fields absent from both
// are reported as missing rather than guessed.
import type { RunSummary } from '../../../shared/types'

export interface InferRunFacts {
  model: string | null
  /** 'onnxruntime-node', 'tfjs', … */
  runtime: string | null
  /** executor provider ('cpu', 'cuda', 'tfjs-wasm'); null when the summary does not carry it */
  provider: string | null
  /** "real", "zero", …, or "visual only" for models that take no audio */
  audio: string | null
  weights: string | null
  /** sha256 of the checkpoint's bytes; null for parameter-free models and old runs */
  weightsSha256: string | null
  threads: number | null
  batch: number | null
  /** config keys this view wanted and did not find */
  missing: string[]
}

const RUNTIME_NAMES: Record<string, string> = { ort: 'onnxruntime-node', tfjs: 'tfjs' }

function text(config: Record<string, unknown>, key: string): string | null {
  const value = config[key]
  return typeof value === 'string' && value !== '' ? value : null
}

function count(config: Record<string, unknown>, key: string): number | null {
  const value = config[key]
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** The engine's weights spec ({kind: 'file', path} / {kind: 'synthetic'} / {kind: 'none'}) as text. */
function weightsText(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null
  const spec = value as { kind?: unknown; path?: unknown }
  if (spec.kind === 'file' && typeof spec.path === 'string') return spec.path
  if (spec.kind === 'synthetic') return 'synthetic weights'
  return null
}

type RunColumns = Partial<Pick<RunSummary, 'tags' | 'backend' | 'model' | 'audioCondition' | 'weightsSha256'>>

export function inferRunFacts(run: Pick<RunSummary, 'config'> & RunColumns): InferRunFacts {
  const config = run.config
  const missing: string[] = []
  const model = run.model || text(config, 'model')
  if (model === null) missing.push('model')
  const runtimeId = text(config, 'runtime')
  if (runtimeId === null) missing.push('runtime')
  const audioId = run.audioCondition || text(config, 'audioCondition')
  if (audioId === null) missing.push('audioCondition')
  // the provider the executor actually used is a run tag; the backend column holds the expected one
  const provider = run.tags?.provider || run.backend || text(config, 'provider')
  return {
    model,
    runtime: runtimeId === null ? null : (RUNTIME_NAMES[runtimeId] ?? runtimeId),
    provider,
    audio: audioId === null ? null : audioId === 'none' ? 'visual only' : audioId,
    weights: text(config, 'weightsLabel') ?? text(config, 'weights') ?? weightsText(config.weights),
    weightsSha256: run.weightsSha256 || text(config, 'weightsSha256'),
    threads: count(config, 'threads'),
    batch: count(config, 'batch'),
    missing
  }
}

/** "onnxruntime-node/cpu", "tfjs-wasm", or the runtime alone when the provider is unknown. */
export function runtimeText(facts: Pick<InferRunFacts, 'runtime' | 'provider'>): string {
  if (!facts.runtime) return facts.provider ?? ''
  if (!facts.provider) return facts.runtime
  // tfjs providers already name the runtime ('tfjs-wasm')
  return facts.provider.startsWith(facts.runtime) ? facts.provider : `${facts.runtime}/${facts.provider}`
}
