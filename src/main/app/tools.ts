// Commands that need no experiment log, for the CLI: the metrics of one frame as the MIT code
// computes them, the tensors of a checkpoint, one forward pass on a PyTorch-layout tensor.
import type { MetricValues } from '../../shared/reports'
import type { MetricKey } from '../../shared/types'
import { evaluateFrame, Rng, type MetricName } from '../metrics'
import { readMapFile } from '../metrics/mapFiles'
import { modelNames } from '../models/architectures'
import { checkpointInspectJson, inspectCheckpoint } from '../models/checkpoint'
import type { PredictFilesRequest, PredictResult } from '../models/predict'

export { checkpointInspectJson, inspectCheckpoint, modelNames }

/** One forward pass, .npy in and out; the runtimes (ONNX Runtime, TensorFlow.js) load only now. */
export async function predictNpyFiles(request: PredictFilesRequest): Promise<PredictResult> {
  const { predictNpyFiles: predict } = await import('../models/predict')
  return predict(request)
}

export interface FrameMetricsRequest {
  pred: string
  fix?: string
  gt?: string
  other?: string
  jitter: boolean
  seed: number
  matKey?: string
}

export interface FrameMetricsAnswer {
  values: MetricValues
  /** the prediction was resized to the GT size (MATLAB bicubic imresize), from this size */
  resizedFrom: { width: number; height: number } | null
}

const ALL: readonly MetricName[] = ['AUC_Judd', 'sAUC', 'NSS', 'CC', 'SIM', 'KLD']

/** The metrics the given maps allow: fixations give AUC-Judd and NSS (and sAUC with `other`), a GT map CC, SIM, KLD. */
export function frameMetricsOfFiles(request: FrameMetricsRequest): FrameMetricsAnswer {
  const read = (path: string | undefined, role: string) => (path ? readMapFile(path, { matKey: request.matKey, role }) : null)
  const pred = read(request.pred, 'prediction')
  if (!pred) throw new Error('a prediction map is required')
  const fix = read(request.fix, 'fixation map')
  const gt = read(request.gt, 'GT map')
  const other = read(request.other, 'other-fixation map')
  const wanted: MetricName[] = []
  if (fix) wanted.push('AUC_Judd', ...(other ? (['sAUC'] as MetricName[]) : []), 'NSS')
  if (gt) wanted.push('CC', 'SIM', 'KLD')
  const result = evaluateFrame(pred, gt, fix, other, { metrics: wanted, rng: new Rng(request.seed), aucJudd: { jitter: request.jitter } })
  const values: MetricValues = {}
  for (const name of ALL) {
    if (!(name in result)) continue
    const v = result[name]
    values[name as MetricKey] = v === undefined || !Number.isFinite(v) ? null : v
  }
  return { values, resizedFrom: result.resized ? { width: pred.width, height: pred.height } : null }
}
