// ONNX Runtime executor: emits the graph to ONNX bytes and runs it with onnxruntime-node.
// CUDA is tried only when its provider library is installed next to the binding; the provider
// that actually created the session is reported.
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { registerExecutor, type Executor, type ExecutorOptions } from '../graph/executor'
import { formatShape, product } from '../graph/shapes'
import type { Float32Tensor, Graph, WeightMap } from '../graph/types'
import { emitOnnx } from './emit'
import { AppError } from '../../../shared/errors'

/** Whether onnxruntime-node has its CUDA provider library installed (the npm package ships CPU only). */
export function ortCudaInstalled(): boolean {
  if (!ort.listSupportedBackends().some((b) => b.name === 'cuda')) return false
  try {
    // bundled CommonJS has `require`; under ESM (tests) resolve from the working directory
    const req = typeof require === 'function' ? require : createRequire(join(process.cwd(), 'package.json'))
    const pkgDir = dirname(req.resolve('onnxruntime-node/package.json'))
    const binDir = join(pkgDir, 'bin')
    const walk = (dir: string): boolean =>
      readdirSync(dir, { withFileTypes: true }).some((d) =>
        d.isDirectory() ? walk(join(dir, d.name)) : d.name.startsWith('libonnxruntime_providers_cuda')
      )
    return existsSync(binDir) && walk(binDir)
  } catch {
    return false
  }
}

export class OrtExecutor implements Executor {
  readonly runtime = 'ort' as const
  readonly provider: string
  private readonly session: ort.InferenceSession
  private readonly graph: Graph

  private constructor(session: ort.InferenceSession, provider: string, graph: Graph) {
    this.session = session
    this.provider = provider
    this.graph = graph
  }

  /** Creates a session from already-emitted ONNX bytes. */
  static async fromBytes(bytes: Uint8Array, graph: Graph, options: ExecutorOptions = {}): Promise<OrtExecutor> {
    const base: ort.InferenceSession.SessionOptions = { graphOptimizationLevel: 'all' }
    if (options.threads !== undefined) base.intraOpNumThreads = options.threads
    if (options.preferGpu !== false && ortCudaInstalled()) {
      try {
        const session = await ort.InferenceSession.create(bytes, { ...base, executionProviders: ['cuda', 'cpu'] })
        return new OrtExecutor(session, 'cuda', graph)
      } catch {
        // the CUDA provider failed to load (no driver/cuDNN): fall through to CPU
      }
    }
    try {
      const session = await ort.InferenceSession.create(bytes, { ...base, executionProviders: ['cpu'] })
      return new OrtExecutor(session, 'cpu', graph)
    } catch (err) {
      throw new AppError('session-failed', `onnxruntime could not load graph '${graph.name}': ${err instanceof Error ? err.message : String(err)}`)
    }
  }

  static async create(graph: Graph, weights: WeightMap, options: ExecutorOptions = {}): Promise<OrtExecutor> {
    return OrtExecutor.fromBytes(emitOnnx(graph, weights), graph, options)
  }

  async run(inputs: Record<string, Float32Tensor>): Promise<Record<string, Float32Tensor>> {
    const feeds: Record<string, ort.Tensor> = {}
    for (const spec of this.graph.inputs) {
      const t = inputs[spec.name]
      if (!t) throw new AppError('bad-input', `graph '${this.graph.name}' needs input '${spec.name}' ${formatShape(spec.shape)}; given: ${Object.keys(inputs).join(', ') || 'none'}`)
      if (formatShape(t.shape) !== formatShape(spec.shape) || t.data.length !== product(spec.shape)) {
        throw new AppError('bad-input', `graph '${this.graph.name}' input '${spec.name}': expected shape ${formatShape(spec.shape)}, found ${formatShape(t.shape)}`)
      }
      feeds[spec.name] = new ort.Tensor('float32', t.data, [...spec.shape])
    }
    const results = await this.session.run(feeds)
    const out: Record<string, Float32Tensor> = {}
    for (const spec of this.graph.outputs) {
      const r = results[spec.name]
      if (!r || !(r.data instanceof Float32Array)) throw new AppError('session-failed', `onnxruntime returned no float32 output '${spec.name}'`)
      out[spec.name] = { shape: [...r.dims], data: r.data }
    }
    return out
  }

  async dispose(): Promise<void> {
    await this.session.release()
  }
}

export function registerOrtExecutor(): void {
  registerExecutor('ort', (graph, weights, options) => OrtExecutor.create(graph, weights, options))
}
