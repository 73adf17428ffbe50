// Which weights a run uses, their identity (sha256, for the log and the cache key) and loading
// them onto a built graph.
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { readCheckpoint } from '../../models/checkpoint'
import type { Graph, WeightMap } from '../../models/graph/types'
import { importWeights } from '../../models/import'
import { syntheticWeights } from '../../models/syntheticWeights'
import { AppError } from '../../../shared/errors'

/** a torch.save checkpoint; the deterministic test weights (syntheticWeights.ts); or none (baselines) */
export type InferenceWeights = { kind: 'file'; path: string } | { kind: 'synthetic' } | { kind: 'none' }

export interface ResolvedWeights {
  source: InferenceWeights
  /** hex sha256 of the file (or of a fixed tag for synthetic weights); null without weights */
  sha256: string | null
  /** for labels and notes */
  label: string
  provenance: string
}

export const SYNTHETIC_WEIGHTS_TAG = 'avsal-synthetic-weights-v1'

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Checks the weights fit the model's needs and hashes them (before any run row exists). */
export async function resolveWeights(model: string, needsWeights: boolean, weights: InferenceWeights | undefined): Promise<ResolvedWeights> {
  const source = weights ?? { kind: 'none' }
  if (!needsWeights) {
    if (source.kind !== 'none') throw new AppError('bad-argument', `'${model}' has no parameters; drop --weights`)
    return { source, sha256: null, label: 'no weights', provenance: 'parameter-free baseline' }
  }
  if (source.kind === 'none') {
    throw new AppError('bad-argument', `'${model}' needs a checkpoint: --weights FILE.pt (or --weights synthetic to test the pipeline)`)
  }
  if (source.kind === 'synthetic') {
    const sha256 = createHash('sha256').update(`${SYNTHETIC_WEIGHTS_TAG}:${model}`).digest('hex')
    return { source, sha256, label: 'synthetic weights', provenance: 'deterministic synthetic weights (src/main/models/syntheticWeights.ts): maps are meaningless' }
  }
  if (!existsSync(source.path) || !statSync(source.path).isFile()) {
    throw new AppError('bad-argument', `checkpoint not found: ${source.path}`)
  }
  return { source, sha256: await sha256File(source.path), label: basename(source.path), provenance: source.path }
}

/** The parameter tensors of `graph` from the resolved weights. */
export async function loadGraphWeights(model: string, graph: Graph, weights: ResolvedWeights): Promise<WeightMap> {
  const source = weights.source
  if (source.kind === 'none') return new Map()
  if (source.kind === 'synthetic') return syntheticWeights(graph.params)
  const bytes = new Uint8Array(await readFile(source.path))
  const checkpoint = readCheckpoint(bytes, source.path)
  return importWeights(model, checkpoint.tensors, { source: source.path, params: graph.params, ignoredKeys: graph.ignoredKeys }).weights
}
