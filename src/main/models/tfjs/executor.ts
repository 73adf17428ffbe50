// TensorFlow.js executor of the graph IR: compiles every step once (weights rearranged into
// tfjs layouts, BN folded, ReLU fused), then runs the steps in order, freeing each value after its
// last reader. Inputs and outputs are PyTorch-layout Float32 tensors; layouts change inside only.
import * as tf from '@tensorflow/tfjs-core'
import { type Executor, type ExecutorOptions, registerExecutor } from '../graph/executor'
import { formatShape, product } from '../graph/shapes'
import type { Float32Tensor, Graph, WeightMap } from '../graph/types'
import { type SelectedBackend, ensureBackend, selectTfjsBackend, type TfjsBackendName } from './backend'
import { CompileContext, type StepKernel } from './context'
import type { ConvStrategy } from './convPlan'
import { identityPerm, relayout, type Stored } from './layout'
import { compileConv, compileConvTranspose } from './lowerConv'
import { compilePool } from './lowerPool'
import { compileResize } from './lowerResize'
import { compileTensorOp } from './lowerTensorOps'
import { buildPlan, type ExecutionPlan, nodeInputs, type Step } from './plan'
import { AppError } from '../../../shared/errors'

export interface TfjsExecutorOptions extends ExecutorOptions {
  /** force a backend (otherwise AVSAL_TFJS_BACKEND, otherwise node-gpu → node → wasm → cpu) */
  backend?: TfjsBackendName
  /** run 3-D convs and pools as 2-D ones over reshaped tensors; default: on for wasm and cpu, off for tfjs-node */
  rewriteConv3d?: boolean
  /** fold BN into convs and fuse ReLU into them (default true) */
  fuseConvBnRelu?: boolean
}

function compileStep(step: Step, ctx: CompileContext, strategies: Map<string, ConvStrategy>): StepKernel {
  const node = step.node
  switch (node.op) {
    case 'conv': {
      const c = compileConv(step, ctx)
      strategies.set(node.name, c.strategy)
      return c.kernel
    }
    case 'convTranspose':
      return compileConvTranspose(node, ctx)
    case 'maxPool':
    case 'avgPool':
      return compilePool(node, ctx)
    case 'resize':
      return compileResize(node, ctx)
    default:
      return compileTensorOp(node, ctx)
  }
}

export class TfjsExecutor implements Executor {
  readonly runtime = 'tfjs' as const
  readonly provider: string
  readonly backend: SelectedBackend
  /** conv node name → how it runs (for reports and tests) */
  readonly convStrategies: ReadonlyMap<string, ConvStrategy>
  readonly rewriteConv3d: boolean
  private readonly kernels: StepKernel[]
  private readonly persistent: tf.Tensor[]
  private disposed = false

  private constructor(
    private readonly graph: Graph,
    private readonly plan: ExecutionPlan,
    backend: SelectedBackend,
    ctx: CompileContext,
    kernels: StepKernel[],
    strategies: Map<string, ConvStrategy>
  ) {
    this.backend = backend
    this.provider = backend.provider
    this.rewriteConv3d = ctx.rewriteConv3d
    this.persistent = ctx.persistent
    this.kernels = kernels
    this.convStrategies = strategies
  }

  static async create(graph: Graph, weights: WeightMap, options: TfjsExecutorOptions = {}): Promise<TfjsExecutor> {
    const backend = await selectTfjsBackend({ backend: options.backend, preferGpu: options.preferGpu })
    // native TensorFlow has fast Conv3D; the JS/wasm backends only have fast conv2d
    const rewrite = options.rewriteConv3d ?? (backend.name === 'wasm' || backend.name === 'cpu')
    const ctx = new CompileContext(graph, weights, rewrite, backend.name)
    const plan = buildPlan(graph, options.fuseConvBnRelu !== false)
    const strategies = new Map<string, ConvStrategy>()
    try {
      const kernels = plan.steps.map((s) => compileStep(s, ctx, strategies))
      return new TfjsExecutor(graph, plan, backend, ctx, kernels, strategies)
    } catch (err) {
      ctx.persistent.forEach((t) => t.dispose())
      throw err
    }
  }

  private feed(inputs: Record<string, Float32Tensor>): Map<number, Stored> {
    const values = new Map<number, Stored>()
    for (const spec of this.graph.inputs) {
      const t = inputs[spec.name]
      if (!t) throw new AppError('bad-input', `graph '${this.graph.name}' needs input '${spec.name}' ${formatShape(spec.shape)}; given: ${Object.keys(inputs).join(', ') || 'none'}`)
      if (formatShape(t.shape) !== formatShape(spec.shape) || t.data.length !== product(spec.shape)) {
        throw new AppError('bad-input', `graph '${this.graph.name}' input '${spec.name}': expected shape ${formatShape(spec.shape)}, found ${formatShape(t.shape)}`)
      }
    }
    for (const spec of this.graph.inputs) {
      const t = inputs[spec.name]
      values.set(spec.id, { tensor: tf.tensor(t.data, [...spec.shape], 'float32'), perm: identityPerm(spec.shape.length) })
    }
    return values
  }

  async run(inputs: Record<string, Float32Tensor>): Promise<Record<string, Float32Tensor>> {
    if (this.disposed) throw new AppError('bad-input', `executor for graph '${this.graph.name}' was disposed`)
    await ensureBackend(this.backend)
    const values = this.feed(inputs)
    const outputIds = new Set(this.graph.outputs.map((o) => o.id))
    const release = (id: number): void => {
      values.get(id)?.tensor.dispose()
      values.delete(id)
    }
    try {
      this.plan.steps.forEach((step, i) => {
        const args = nodeInputs(step.node).map((id) => {
          const v = values.get(id)
          if (!v) throw new AppError('unsupported', `graph '${this.graph.name}': node '${step.node.name}' reads value ${id} before it exists`)
          return v
        })
        let perm: readonly number[] = []
        const tensor = tf.tidy(() => {
          const r = this.kernels[i](args)
          perm = r.perm
          return r.tensor
        })
        values.set(step.output, { tensor, perm })
        for (const id of new Set(nodeInputs(step.node))) if (this.plan.lastUse.get(id) === i) release(id)
        if (!this.plan.lastUse.has(step.output) && !outputIds.has(step.output)) release(step.output)
      })
      const out: Record<string, Float32Tensor> = {}
      for (const spec of this.graph.outputs) {
        const v = values.get(spec.id)
        if (!v) throw new AppError('unsupported', `graph '${this.graph.name}': output '${spec.name}' was never computed`)
        const rowMajor = tf.tidy(() => relayout(v, identityPerm(spec.shape.length)))
        // copy: the cpu backend hands out its own buffer
        const data = new Float32Array(await rowMajor.data<'float32'>())
        rowMajor.dispose()
        out[spec.name] = { shape: [...spec.shape], data }
      }
      return out
    } finally {
      for (const v of values.values()) v.tensor.dispose()
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return
    this.disposed = true
    this.persistent.forEach((t) => t.dispose())
  }
}

/** Registers the executor under 'tfjs'; `defaults` apply to every executor the registry creates. */
export function registerTfjsExecutor(defaults: Omit<TfjsExecutorOptions, keyof ExecutorOptions> = {}): void {
  registerExecutor('tfjs', (graph, weights, options) => TfjsExecutor.create(graph, weights, { ...defaults, ...options }))
}
