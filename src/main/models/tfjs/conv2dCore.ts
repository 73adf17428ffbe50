// The one conv2d call every conv lowering ends in: NHWC, explicit per-side pads (tfjs's
// ExplicitPadding, never 'same'), optional groups, bias and fused ReLU.
import * as tf from '@tensorflow/tfjs-core'

export type Pair = readonly [number, number]
export type Activation = 'linear' | 'relu'

/**
 * tfjs refuses a stride and a dilation both > 1 on one axis: run such axes at stride 1 and
 * subsample afterwards (exact, as output o of stride s is output o·s of stride 1).
 */
export function splitStrides(strides: readonly number[], dilations: readonly number[]): { run: number[]; after: number[] } {
  const conflict = strides.map((s, i) => s > 1 && dilations[i] > 1)
  return { run: strides.map((s, i) => (conflict[i] ? 1 : s)), after: strides.map((s, i) => (conflict[i] ? s : 1)) }
}

/** x[:, ::after[0], ::after[1], …] on the axes after the batch axis */
export function subsample(x: tf.Tensor, after: readonly number[]): tf.Tensor {
  if (after.every((a) => a === 1)) return x
  const rank = x.shape.length
  const strides = [1, ...after, ...new Array<number>(rank - 1 - after.length).fill(1)]
  return tf.stridedSlice(x, new Array<number>(rank).fill(0), x.shape, strides)
}

export function applyBiasActivation(y: tf.Tensor, bias: tf.Tensor1D | null, activation: Activation): tf.Tensor {
  const withBias = bias ? tf.add(y, bias) : y
  return activation === 'relu' ? tf.relu(withBias) : withBias
}

export interface Conv2dArgs {
  /** one filter (kh, kw, I/groups, O/groups) per group */
  filters: readonly tf.Tensor4D[]
  strides: Pair
  pads: readonly [Pair, Pair]
  dilations: Pair
  bias: tf.Tensor1D | null
  activation: Activation
}

export function conv2dCore(x: tf.Tensor4D, a: Conv2dArgs): tf.Tensor4D {
  const { run, after } = splitStrides(a.strides, a.dilations)
  const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [a.pads[0][0], a.pads[0][1]], [a.pads[1][0], a.pads[1][1]], [0, 0]]
  const strides: [number, number] = [run[0], run[1]]
  const dilations: [number, number] = [a.dilations[0], a.dilations[1]]
  let y: tf.Tensor4D
  if (a.filters.length === 1) {
    y = tf.fused.conv2d({ x, filter: a.filters[0], strides, pad, dilations, bias: a.bias ?? undefined, activation: a.activation })
  } else {
    const parts = tf.split(x, a.filters.length, 3)
    const outs = parts.map((p, g) => tf.conv2d(p as tf.Tensor4D, a.filters[g], strides, pad, 'NHWC', dilations))
    y = applyBiasActivation(tf.concat(outs, 3), a.bias, a.activation) as tf.Tensor4D
  }
  return subsample(y, after) as tf.Tensor4D
}
