// What lowering functions share at compile time: parameter lookup with shape checks, graph
// shapes, and a registry of persistent tensors (prepared weights) the executor frees on dispose.
import * as tf from '@tensorflow/tfjs-core'
import { formatShape, product } from '../graph/shapes'
import type { Float32Tensor, Graph, Shape, WeightMap } from '../graph/types'
import type { TfjsBackendName } from './backend'
import type { Stored } from './layout'
import { AppError } from '../../../shared/errors'

/** Runs one step at run time: inputs in `nodeInputs` order, all stored tensors. */
export type StepKernel = (inputs: readonly Stored[]) => Stored

export class CompileContext {
  readonly persistent: tf.Tensor[] = []

  constructor(
    readonly graph: Graph,
    private readonly weights: WeightMap,
    readonly rewriteConv3d: boolean,
    /** the active backend, for kernels that are broken on one of them */
    readonly backend: TfjsBackendName
  ) {}

  weight(key: string): Float32Tensor {
    const spec = this.graph.params.find((p) => p.key === key)
    const t = this.weights.get(key)
    if (!spec) throw new AppError('weights-mismatch', `graph '${this.graph.name}' uses parameter '${key}' that it never declared`)
    if (!t) throw new AppError('weights-mismatch', `graph '${this.graph.name}': no weight for '${key}' (expected shape ${formatShape(spec.shape)})`)
    if (formatShape(t.shape) !== formatShape(spec.shape) || t.data.length !== product(spec.shape)) {
      throw new AppError('weights-mismatch', `graph '${this.graph.name}': weight '${key}' has shape ${formatShape(t.shape)}, expected ${formatShape(spec.shape)}`)
    }
    return t
  }

  shape(id: number): Shape {
    const s = this.graph.shapes.get(id)
    if (!s) throw new AppError('unsupported', `graph '${this.graph.name}': value ${id} has no shape`)
    return s
  }

  /** A tensor that lives as long as the executor. */
  keep<T extends tf.Tensor>(t: T): T {
    this.persistent.push(t)
    return t
  }

  tensor(t: Float32Tensor): tf.Tensor {
    return this.keep(tf.tensor(t.data, t.shape, 'float32'))
  }
}
