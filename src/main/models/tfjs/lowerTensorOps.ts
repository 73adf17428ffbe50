// Layout-aware lowering of the parameter-light ops. Each keeps whatever layout its input has when
// the op allows it (elementwise, slice, mean, transpose), and converts only when the op's
// PyTorch semantics need row-major order (reshape, linear on a non-trailing axis, bilinear).
import * as tf from '@tensorflow/tfjs-core'
import { broadcastShapes } from '../graph/shapes'
import type { BatchNormNode, BilinearNode, ConcatNode, ConstantNode, ExpandNode, GraphNode, LayerNormNode, LinearNode, MeanNode, SoftmaxNode } from '../graph/types'
import type { CompileContext, StepKernel } from './context'
import {
  channelsLastPerm,
  dropAxesPerm,
  identityPerm,
  permuteShape,
  prependAxesPerm,
  relayout,
  samePerm,
  type Stored,
  storedAxis,
  transposedPerm
} from './layout'
import { batchNormAffine, bilinearMatrix, transposeData } from './weightLayout'
import { AppError } from '../../../shared/errors'

/** `value` with `extra` leading unit axes (numpy broadcasting aligns trailing axes) */
function withLeadingAxes(value: Stored, extra: number): Stored {
  if (extra === 0) return value
  return { tensor: tf.reshape(value.tensor, [...new Array<number>(extra).fill(1), ...value.tensor.shape]), perm: prependAxesPerm(value.perm, extra) }
}

/** broadcasts a per-channel vector along the stored axis holding PyTorch axis 1 */
function perChannel(v: tf.Tensor1D, x: Stored): tf.Tensor {
  const shape = new Array<number>(x.perm.length).fill(1)
  shape[storedAxis(x.perm, 1)] = v.shape[0]
  return tf.reshape(v, shape)
}

function binary(op: 'add' | 'mul', a: Stored, b: Stored): Stored {
  const rank = Math.max(a.perm.length, b.perm.length)
  const [x, y] = [withLeadingAxes(a, rank - a.perm.length), withLeadingAxes(b, rank - b.perm.length)]
  // the bigger operand keeps its layout
  const keep = x.tensor.size >= y.tensor.size ? x : y
  const [u, v] = [relayout(x, keep.perm), relayout(y, keep.perm)]
  return { tensor: op === 'add' ? tf.add(u, v) : tf.mul(u, v), perm: keep.perm }
}

function concat(node: ConcatNode, inputs: readonly Stored[]): Stored {
  const rank = inputs[0].perm.length
  const first = inputs[0].perm
  const perm = inputs.every((v) => samePerm(v.perm, first)) ? first : channelsLastPerm(rank)
  return { tensor: tf.concat(inputs.map((v) => relayout(v, perm)), storedAxis(perm, node.axis)), perm }
}

/** Softmax over a set of PyTorch axes: in place when they are the stored tail, else row-major. */
function softmax(node: SoftmaxNode, x: Stored): Stored {
  const rank = x.perm.length
  const k = node.axes.length
  const tail = x.perm.slice(rank - k)
  const inPlace = node.axes.every((a) => tail.includes(a))
  const perm = inPlace ? [...x.perm] : identityPerm(rank)
  const t = relayout(x, perm)
  const inner = t.shape.slice(rank - k).reduce((p, q) => p * q, 1)
  const flat = tf.reshape(t, [-1, inner]) as tf.Tensor2D
  return { tensor: tf.reshape(tf.softmax(flat, -1), t.shape), perm }
}

function mean(node: MeanNode, x: Stored): Stored {
  const axes = node.axes.map((a) => storedAxis(x.perm, a))
  return { tensor: tf.mean(x.tensor, axes, node.keepDims), perm: node.keepDims ? [...x.perm] : dropAxesPerm(x.perm, node.axes) }
}

function expand(node: ExpandNode, x: Stored): Stored {
  const v = withLeadingAxes(x, node.shape.length - x.perm.length)
  const target = permuteShape(node.shape, v.perm)
  const same = target.every((d, i) => d === v.tensor.shape[i])
  return { tensor: same ? v.tensor.clone() : tf.broadcastTo(v.tensor, target), perm: v.perm }
}

function compileLinear(node: LinearNode, ctx: CompileContext): StepKernel {
  const w = ctx.weight(node.weight)
  const [outF] = w.shape
  const wt = ctx.tensor(transposeData(w, [1, 0])) as tf.Tensor2D
  const bias = node.bias ? ctx.tensor(ctx.weight(node.bias)) : null
  return ([x]) => {
    const rank = x.perm.length
    // matmul on the stored last axis is right when it is PyTorch's last axis
    const perm = x.perm[rank - 1] === rank - 1 ? [...x.perm] : identityPerm(rank)
    const t = relayout(x, perm)
    const inF = t.shape[rank - 1]
    let y: tf.Tensor = tf.matMul(tf.reshape(t, [-1, inF]) as tf.Tensor2D, wt)
    if (bias) y = tf.add(y, bias)
    return { tensor: tf.reshape(y, [...t.shape.slice(0, -1), outF]), perm }
  }
}

function compileBilinear(node: BilinearNode, ctx: CompileContext): StepKernel {
  const w = ctx.weight(node.weight)
  const [outF, in1, in2] = w.shape
  const wp = ctx.tensor(bilinearMatrix(w)) as tf.Tensor2D
  const bias = node.bias ? ctx.tensor(ctx.weight(node.bias)) : null
  const outShape = ctx.shape(node.output)
  return ([a, b]) => {
    const x1 = relayout(a, identityPerm(a.perm.length))
    const x2 = relayout(b, identityPerm(b.perm.length))
    const m = x1.size / in1
    // (m, out, in2) · (m, in2, 1): Σ_j (x1ᵀW_k)_j x2_j for every row and k
    const t = tf.reshape(tf.matMul(tf.reshape(x1, [m, in1]) as tf.Tensor2D, wp), [m, outF, in2]) as tf.Tensor3D
    let y: tf.Tensor = tf.reshape(tf.matMul(t, tf.reshape(x2, [m, in2, 1]) as tf.Tensor3D), [m, outF])
    if (bias) y = tf.add(y, bias)
    return { tensor: tf.reshape(y, [...outShape]), perm: identityPerm(outShape.length) }
  }
}

function compileBatchNorm(node: BatchNormNode, ctx: CompileContext): StepKernel {
  const a = batchNormAffine(ctx.weight(node.weight).data, ctx.weight(node.bias).data, ctx.weight(node.runningMean).data, ctx.weight(node.runningVar).data, node.eps)
  const scale = ctx.keep(tf.tensor1d(a.scale))
  const shift = ctx.keep(tf.tensor1d(a.shift))
  return ([x]) => ({ tensor: tf.add(tf.mul(x.tensor, perChannel(scale, x)), perChannel(shift, x)), perm: [...x.perm] })
}

/** torch.matmul: batch axes broadcast, then one batched matMul over (batch, m, k) × (batch, k, n) */
function matmul(a: Stored, b: Stored): Stored {
  const x = relayout(a, identityPerm(a.perm.length))
  const y = relayout(b, identityPerm(b.perm.length))
  const [m, k] = x.shape.slice(-2)
  const n = y.shape[y.shape.length - 1]
  const lead = broadcastShapes(x.shape.slice(0, -2), y.shape.slice(0, -2))
  if (!lead) throw new AppError('unsupported', `matmul: batch axes of (${x.shape.join(', ')}) and (${y.shape.join(', ')}) do not broadcast`)
  const batch = lead.reduce((p, q) => p * q, 1)
  const xb = tf.reshape(tf.broadcastTo(x, [...lead, m, k]), [batch, m, k]) as tf.Tensor3D
  const yb = tf.reshape(tf.broadcastTo(y, [...lead, k, n]), [batch, k, n]) as tf.Tensor3D
  return { tensor: tf.reshape(tf.matMul(xb, yb), [...lead, m, n]), perm: identityPerm(lead.length + 2) }
}

/** LayerNorm over PyTorch's last axis with the biased variance */
function compileLayerNorm(node: LayerNormNode, ctx: CompileContext): StepKernel {
  const weight = ctx.tensor(ctx.weight(node.weight))
  const bias = ctx.tensor(ctx.weight(node.bias))
  return ([x]) => {
    const rank = x.perm.length
    const perm = x.perm[rank - 1] === rank - 1 ? [...x.perm] : identityPerm(rank)
    const t = relayout(x, perm)
    const { mean, variance } = tf.moments(t, -1, true)
    const normed = tf.div(tf.sub(t, mean), tf.sqrt(tf.add(variance, node.eps)))
    return { tensor: tf.add(tf.mul(normed, weight), bias), perm }
  }
}

function compileConstant(node: ConstantNode, ctx: CompileContext): StepKernel {
  const t = ctx.keep(tf.tensor(node.data, [...node.shape]))
  const perm = identityPerm(node.shape.length)
  return () => ({ tensor: t.clone(), perm })
}

/** Lowering for every op that is not a conv, pool or resize. */
export function compileTensorOp(node: GraphNode, ctx: CompileContext): StepKernel {
  switch (node.op) {
    case 'batchNorm':
      return compileBatchNorm(node, ctx)
    case 'relu':
      return ([x]) => ({ tensor: tf.relu(x.tensor), perm: [...x.perm] })
    case 'sigmoid':
      return ([x]) => ({ tensor: tf.sigmoid(x.tensor), perm: [...x.perm] })
    case 'concat':
      return (inputs) => concat(node, inputs)
    case 'softmax':
      return ([x]) => softmax(node, x)
    case 'linear':
      return compileLinear(node, ctx)
    case 'bilinear':
      return compileBilinear(node, ctx)
    case 'reshape': {
      const shape = [...node.shape]
      return ([x]) => ({ tensor: tf.reshape(relayout(x, identityPerm(x.perm.length)), shape), perm: identityPerm(shape.length) })
    }
    case 'transpose':
      return ([x]) => ({ tensor: x.tensor.clone(), perm: transposedPerm(x.perm, node.perm) })
    case 'slice':
      return ([x]) => {
        const axis = storedAxis(x.perm, node.axis)
        const begin = new Array<number>(x.perm.length).fill(0)
        const size = [...x.tensor.shape]
        begin[axis] = node.start
        size[axis] = node.end - node.start
        return { tensor: tf.slice(x.tensor, begin, size), perm: [...x.perm] }
      }
    case 'expand':
      return ([x]) => expand(node, x)
    case 'add':
    case 'mul': {
      const b = node.b
      if ('scalar' in b) return ([x]) => ({ tensor: node.op === 'add' ? tf.add(x.tensor, b.scalar) : tf.mul(x.tensor, b.scalar), perm: [...x.perm] })
      return ([x, y]) => binary(node.op, x, y)
    }
    case 'mean':
      return ([x]) => mean(node, x)
    case 'constant':
      return compileConstant(node, ctx)
    case 'matmul':
      return ([a, b]) => matmul(a, b)
    case 'layerNorm':
      return compileLayerNorm(node, ctx)
    case 'paramValue': {
      const t = ctx.tensor(ctx.weight(node.key))
      const perm = identityPerm(t.shape.length)
      return () => ({ tensor: t.clone(), perm })
    }
    default:
      throw new AppError('unsupported', `tfjs executor: op '${node.op}' of node '${node.name}' has no tensor-op lowering`)
  }
}
