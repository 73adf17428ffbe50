// The 'infer' job kind, app-process side: the request is checked and the run planned (model,
// options, videos, frame range, audio needs, weights hashed) before a run row exists. Inference
// is heavy: it waits in its device's queue lane. It is resumable: maps on disk are never redone.
import { resolve } from 'node:path'
import { AppError } from '../../../shared/errors'
import type { InferenceReport } from '../../../shared/reports'
import type { InferenceRequest } from '../../../shared/types'
import type { JobKind, PrepareEnv } from '../runs/jobKind'
import { describeRange, requireDataset } from '../runs/videoPicking'
import { inferenceDevice } from './device'
import { weightsFromRequest } from './modelInfo'
import { inferenceRun, planInference, type InferenceSpec } from './plan'

function specFromRequest(request: InferenceRequest, datasetRoot: string, env: PrepareEnv): InferenceSpec {
  const weights = weightsFromRequest(request.weights)
  return {
    datasetRoot,
    model: request.model,
    weights,
    videos: request.videos,
    frames: request.frames,
    audio: request.audio,
    audioFile: request.audioFile ? resolve(request.audioFile) : undefined,
    runtime: request.runtime,
    // the queue runs model jobs one at a time per device, so one job may use every core
    threads: request.threads ?? env.threadsPerHeavyJob,
    batch: request.batch,
    seed: request.seed,
    cacheDir: env.cacheDir,
    outDir: request.outDir ? resolve(request.outDir) : undefined,
    label: request.label || undefined
  }
}

export const inferKind: JobKind<InferenceRequest, InferenceSpec, InferenceReport> = {
  name: 'infer',
  resumable: true,
  async prepare(request, env) {
    const dataset = requireDataset(env.store, request.datasetId)
    const spec = specFromRequest(request, dataset.root, env)
    const plan = await planInference(env.store, spec)
    const audio = plan.audio === 'none' ? '' : ` (audio ${plan.audio})`
    return {
      label: `${spec.label ? `${spec.label} (${plan.modelKey}${audio})` : `Infer ${plan.modelKey}${audio}`} on ${dataset.name}${spec.frames ? `, ${describeRange(spec.frames)}` : ''}`,
      run: inferenceRun(spec, plan),
      device: inferenceDevice(plan.runtime),
      spec
    }
  },
  resumeSpec(config) {
    // the run's config is its spec (see inferenceRun); a stopped run continues from the cache
    const spec = config as unknown as InferenceSpec
    if (typeof spec.datasetRoot !== 'string' || typeof spec.model !== 'string' || typeof spec.cacheDir !== 'string') {
      throw new AppError('not-resumable', 'this inference run was recorded without its full configuration (an older version of the app); start it again instead')
    }
    return {
      datasetRoot: spec.datasetRoot,
      model: spec.model,
      weights: spec.weights,
      videos: spec.videos ?? undefined,
      frames: spec.frames ?? undefined,
      audio: spec.audio,
      audioFile: spec.audioFile ?? undefined,
      runtime: spec.runtime,
      threads: spec.threads ?? undefined,
      batch: spec.batch,
      seed: spec.seed,
      cacheDir: spec.cacheDir,
      outDir: spec.outDir ?? undefined,
      inputSize: spec.inputSize,
      label: spec.label ?? undefined
    }
  },
  load: async () => (await import('./runner')).inferenceRunner
}

