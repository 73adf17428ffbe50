// The 'audioSwap' job kind, app-process side: the request is checked and the study planned
// (an audio-visual model with a fusion stage, the conditions and what each needs, the protocol,
// an optional visual-only comparison) before a run row exists. A study runs the model, so it
// waits in its device's lane. It is not resumable: its child runs keep the maps, and a new
// study over the same videos reads nothing twice only where the maps are in the cache.
import { resolve } from 'node:path'
import type { AudioSwapReport } from '../../../shared/reports'
import type { AudioSwapRequest } from '../../../shared/types'
import { inferenceDevice } from '../inference/device'
import { weightsFromRequest } from '../inference/modelInfo'
import type { JobKind, PrepareEnv } from '../runs/jobKind'
import { describeRange, requireDataset } from '../runs/videoPicking'
import { planStudy, studyRun, type StudySpec } from './plan'

function specFromRequest(request: AudioSwapRequest, datasetRoot: string, env: PrepareEnv): StudySpec {
  return {
    datasetRoot,
    model: request.model,
    weights: weightsFromRequest(request.weights),
    videos: request.videos,
    frames: request.frames,
    conditions: request.conditions,
    audioFile: request.audioFile ? resolve(request.audioFile) : undefined,
    seed: request.seed ?? 0,
    protocol: request.protocol ?? 'vinet-av',
    runtime: request.runtime,
    threads: request.threads ?? env.threadsPerHeavyJob,
    batch: request.batch,
    cacheDir: env.cacheDir,
    studiesDir: env.studiesDir,
    visualModel: request.visualModel ? { model: request.visualModel.model, weights: weightsFromRequest(request.visualModel.weights) } : undefined,
    figureFrames: request.figureFrames,
    label: request.label || undefined
  }
}

export const audioSwapKind: JobKind<AudioSwapRequest, StudySpec, AudioSwapReport> = {
  name: 'audioSwap',
  resumable: false,
  async prepare(request, env) {
    const dataset = requireDataset(env.store, request.datasetId)
    const spec = specFromRequest(request, dataset.root, env)
    const plan = await planStudy(env.store, spec)
    const versus = plan.conditions.filter((c) => c !== 'real').join(', ')
    const name = `${plan.base.modelKey}: real vs ${versus}`
    return {
      label: `${spec.label ? `${spec.label} (${name})` : `Audio swap ${name}`} on ${dataset.name}${spec.frames ? `, ${describeRange(spec.frames)}` : ''}`,
      run: studyRun(spec, plan),
      device: inferenceDevice(plan.base.runtime),
      spec
    }
  },
  load: async () => (await import('./runner')).audioSwapRunner
}
