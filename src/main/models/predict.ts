// One forward pass of a registered model on an (N,C,T,H,W) clip: import the checkpoint, build
// the graph for the input's shape, run it on the requested runtime.
import { readFile, writeFile } from 'node:fs/promises'
import { readNpy, writeNpy, type NdArray } from '../formats/npy'
import { getModel } from './architectures'
import { readCheckpoint } from './checkpoint'
import { createExecutor, registeredRuntimes, type RuntimeName } from './graph/executor'
import { formatShape } from './graph/shapes'
import type { Float32Tensor, Graph, WeightMap } from './graph/types'
import { importWeights } from './import'
import { registerOrtExecutor } from './onnx/ortExecutor'
import { registerTfjsExecutor } from './tfjs'
import { AppError } from '../../shared/errors'

export interface PredictRequest {
  model: string
  /** a torch.save checkpoint; not needed by parameter-free models */
  weightsPath?: string
  /** already imported weights (tests, benchmarks); used instead of weightsPath */
  weights?: WeightMap
  /** (N,C,T,H,W) float32 (float64 is converted) */
  input: NdArray
  /** second input for audio-visual models, e.g. (N,1,L,1) */
  audio?: NdArray
  runtime?: RuntimeName
  threads?: number
}

export interface PredictResult {
  output: Float32Array
  shape: number[]
  runtime: RuntimeName
  provider: string
  /** forward pass only */
  seconds: number
  /** checkpoint import + graph build + session creation */
  loadSeconds: number
}

function toFloatTensor(arr: NdArray, what: string): Float32Tensor {
  if (arr.dtype === 'float32') return { shape: [...arr.shape], data: arr.data }
  if (arr.dtype === 'float64') return { shape: [...arr.shape], data: Float32Array.from(arr.data) }
  throw new AppError('bad-input', `${what}: expected float32 values, found dtype ${arr.dtype} with shape ${formatShape(arr.shape)}`)
}

async function loadWeights(req: PredictRequest, graph: Graph, modelName: string): Promise<WeightMap> {
  if (req.weights) return req.weights
  if (!req.weightsPath) throw new AppError('missing-weights', `model '${modelName}' needs a checkpoint (--weights FILE.pt)`)
  const bytes = new Uint8Array(await readFile(req.weightsPath))
  const checkpoint = readCheckpoint(bytes, req.weightsPath)
  return importWeights(modelName, checkpoint.tensors, { source: req.weightsPath, params: graph.params, ignoredKeys: graph.ignoredKeys }).weights
}

/** Registers an executor the first time its runtime is asked for (tfjs loads its backends lazily). */
export function ensureRuntime(runtime: RuntimeName): void {
  if (registeredRuntimes().includes(runtime)) return
  if (runtime === 'ort') registerOrtExecutor()
  else if (runtime === 'tfjs') registerTfjsExecutor()
}

export async function predict(req: PredictRequest): Promise<PredictResult> {
  const spec = getModel(req.model)
  const runtime = req.runtime ?? 'ort'
  const started = performance.now()
  const given = [toFloatTensor(req.input, 'input'), ...(req.audio ? [toFloatTensor(req.audio, 'audio')] : [])]
  if (given.length !== spec.inputs.length) {
    const want = spec.inputs.map((i) => `${i.name} ${i.layout}`).join(' + ')
    throw new AppError('bad-input', `model '${spec.name}' takes ${spec.inputs.length} input(s) (${want}); given ${given.length}${req.audio ? '' : ' (no audio)'}`)
  }
  const graph = spec.build(given.map((t) => t.shape))
  const weights = spec.needsWeights ? await loadWeights(req, graph, spec.name) : new Map<string, Float32Tensor>()
  ensureRuntime(runtime)
  const executor = await createExecutor(runtime, graph, weights, { threads: req.threads })
  try {
    const feeds: Record<string, Float32Tensor> = {}
    spec.inputs.forEach((input, i) => {
      feeds[input.name] = given[i]
    })
    const loaded = performance.now()
    const outputs = await executor.run(feeds)
    const seconds = (performance.now() - loaded) / 1000
    const out = outputs[spec.output]
    return { output: out.data, shape: out.shape, runtime, provider: executor.provider, seconds, loadSeconds: (loaded - started) / 1000 }
  } finally {
    await executor.dispose()
  }
}

export interface PredictFilesRequest extends Omit<PredictRequest, 'input' | 'audio' | 'weights'> {
  inputPath: string
  audioPath?: string
  outPath: string
}

/** The CLI form: .npy in, .npy out. Returns the result without re-reading the output. */
export async function predictNpyFiles(req: PredictFilesRequest): Promise<PredictResult> {
  const input = readNpy(new Uint8Array(await readFile(req.inputPath)), req.inputPath)
  const audio = req.audioPath ? readNpy(new Uint8Array(await readFile(req.audioPath)), req.audioPath) : undefined
  const result = await predict({ ...req, input, audio })
  await writeFile(req.outPath, writeNpy({ shape: result.shape, dtype: 'float32', data: result.output }))
  return result
}
