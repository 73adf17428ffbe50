// The 'evaluate' job kind, app-process side: checks the request against the catalog and the
// prediction folder, finds what made the maps (an inference run's cache folder names its run,
// model, weights and audio condition), and plans the frames — all before a run row exists.
import { existsSync, statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { EvaluationReport } from '../../../shared/reports'
import type { EvaluationRequest } from '../../../shared/types'
import { presetById } from '../../metrics'
import { layersInFolder, type AudioCondition, type Store } from '../../store'
import { requireDataset } from '../runs/videoPicking'
import type { JobKind } from '../runs/jobKind'
import { evaluationRun, planEvaluation, type EvaluationSpec } from './runEvaluation'

export interface EvaluationSource {
  sourceRunId: string | null
  modelId: number | null
  audioCondition: AudioCondition | null
}

/** What made the maps in `predDir`, when one inference run (or one model + condition) did. */
export function evaluationSource(store: Store, predDir: string): EvaluationSource {
  const layers = layersInFolder(store, predDir).filter((l) => l.modelId !== null)
  const distinct = new Set(layers.map((l) => `${l.runId ?? ''}|${l.modelId}|${l.weightsSha256 ?? ''}|${l.audioCondition ?? ''}`))
  const models = new Set(layers.map((l) => `${l.modelId}|${l.weightsSha256 ?? ''}|${l.audioCondition ?? ''}`))
  if (layers.length === 0 || models.size !== 1) return { sourceRunId: null, modelId: null, audioCondition: null }
  const first = layers[layers.length - 1]
  return {
    sourceRunId: distinct.size === 1 ? first.runId : null,
    modelId: first.modelId,
    audioCondition: (first.audioCondition as AudioCondition | null) ?? null
  }
}

export const evaluateKind: JobKind<EvaluationRequest, EvaluationSpec, EvaluationReport> = {
  name: 'evaluate',
  resumable: false,
  async prepare(request, env) {
    const dataset = requireDataset(env.store, request.datasetId)
    const predDir = resolve(request.predDir)
    if (!existsSync(predDir) || !statSync(predDir).isDirectory()) throw new AppError('not-found', `prediction folder not found: ${predDir}`)
    const preset = presetById(request.protocol ?? 'vinet-av')
    const source = evaluationSource(env.store, predDir)
    const spec: EvaluationSpec = {
      datasetRoot: dataset.root,
      predDir,
      videos: request.videos,
      frames: request.frames,
      protocol: preset.id,
      jitter: request.jitter ?? true,
      seed: request.seed ?? 0,
      audioCondition: request.audioCondition ?? source.audioCondition ?? 'none',
      sourceRunId: source.sourceRunId,
      modelId: source.modelId,
      label: request.label || undefined,
      cacheDir: env.cacheDir,
      gazeFwhmPx: env.gazeFwhmPx,
      // by default the job scores on one worker thread per core (up to 8)
      threads: request.threads ?? 'auto'
    }
    const plan = planEvaluation(env.store, spec)
    return {
      label: `${spec.label ? `${spec.label}: evaluate` : 'Evaluate'} ${basename(predDir)} on ${dataset.name} (${preset.id}${spec.frames ? `, frames ${spec.frames.first}–${spec.frames.last}` : ''})`,
      run: evaluationRun(spec, plan),
      device: null,
      spec
    }
  },
  load: async () => (await import('./runner')).evaluationRunner
}
