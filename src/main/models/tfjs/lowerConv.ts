// Conv and transposed-conv lowering (channels-last). Weights are rearranged once at compile
// time; BN folding and ReLU fusion come from the execution plan.
import * as tf from '@tensorflow/tfjs-core'
import type { ConvNode, ConvTransposeNode, Float32Tensor } from '../graph/types'
import { type Activation, applyBiasActivation, conv2dCore, type Conv2dArgs, type Pair, splitStrides, subsample } from './conv2dCore'
import { type CompileContext, type StepKernel } from './context'
import { convStrategy, type ConvStrategy } from './convPlan'
import { channelsLastPerm, relayout } from './layout'
import type { Step } from './plan'
import {
  batchNormAffine,
  conv1dFilter,
  conv2dFilter,
  conv3dFilter,
  dilateKernel,
  foldAffineIntoConv,
  foldedTimeFilter,
  sliceLeading,
  temporalFilter,
  temporalTap,
  transposedConvFilter
} from './weightLayout'

type Pads6 = Array<[number, number]>

/** zero padding of the spatial axes of a channels-last tensor, per side */
function padSpatial(x: tf.Tensor, pads: readonly Pair[], value = 0): tf.Tensor {
  if (pads.every((p) => p[0] === 0 && p[1] === 0)) return x
  const full: Pads6 = [[0, 0], ...pads.map((p): [number, number] => [p[0], p[1]]), [0, 0]]
  return tf.pad(x, full, value)
}

/** `count` entries of `axis` starting at `start`, every `step` */
function takeEvery(x: tf.Tensor, axis: number, start: number, step: number, count: number): tf.Tensor {
  const rank = x.shape.length
  if (start === 0 && step === 1 && count === x.shape[axis]) return x
  const begin = new Array<number>(rank).fill(0)
  const end = [...x.shape]
  const strides = new Array<number>(rank).fill(1)
  begin[axis] = start
  end[axis] = start + (count - 1) * step + 1
  strides[axis] = step
  return tf.stridedSlice(x, begin, end, strides)
}

function groupFilters(w: Float32Tensor, groups: number, convert: (g: Float32Tensor) => Float32Tensor, ctx: CompileContext): tf.Tensor4D[] {
  const per = w.shape[0] / groups
  return Array.from({ length: groups }, (_, g) => ctx.tensor(convert(groups === 1 ? w : sliceLeading(w, g * per, (g + 1) * per))) as tf.Tensor4D)
}

/** conv weight and bias after folding an absorbed batch norm */
function effectiveConvWeights(step: Step, ctx: CompileContext): { weight: Float32Tensor; bias: Float32Array | null } {
  const node = step.node as ConvNode
  const weight = ctx.weight(node.weight)
  const bias = node.bias ? ctx.weight(node.bias).data : null
  const bn = step.batchNorm
  if (!bn) return { weight, bias }
  const affine = batchNormAffine(ctx.weight(bn.weight).data, ctx.weight(bn.bias).data, ctx.weight(bn.runningMean).data, ctx.weight(bn.runningVar).data, bn.eps)
  return foldAffineIntoConv(weight, bias, affine)
}

export interface CompiledConv {
  strategy: ConvStrategy
  kernel: StepKernel
}

export function compileConv(step: Step, ctx: CompileContext): CompiledConv {
  const node = step.node as ConvNode
  const { weight, bias } = effectiveConvWeights(step, ctx)
  const biasT = bias ? (ctx.keep(tf.tensor1d(bias)) as tf.Tensor1D) : null
  const activation: Activation = step.relu ? 'relu' : 'linear'
  const strategy = convStrategy(node, ctx.rewriteConv3d)
  const out = ctx.shape(node.output)
  const rank = out.length
  const perm = channelsLastPerm(rank)
  const [n, o] = [out[0], out[1]]
  const oSp = out.slice(2)
  const g = node.groups
  const args = (filters: tf.Tensor4D[], strides: Pair, pads: readonly [Pair, Pair], dilations: Pair, withBias = true): Conv2dArgs => ({
    filters,
    strides,
    pads,
    dilations,
    bias: withBias ? biasT : null,
    activation: withBias ? activation : 'linear'
  })
  const [st, pd, dl] = [node.strides, node.pads, node.dilations]
  let run: (x: tf.Tensor) => tf.Tensor
  switch (strategy) {
    case 'conv1d': {
      const filters = groupFilters(weight, g, conv1dFilter, ctx)
      run = (x) => {
        const [b, l, c] = x.shape
        const y = conv2dCore(tf.reshape(x, [b, l, 1, c]), args(filters, [st[0], 1], [pd[0], [0, 0]], [dl[0], 1]))
        return tf.reshape(y, [n, oSp[0], o])
      }
      break
    }
    case 'conv2d': {
      const filters = groupFilters(weight, g, conv2dFilter, ctx)
      run = (x) => conv2dCore(x as tf.Tensor4D, args(filters, [st[0], st[1]], [pd[0], pd[1]], [dl[0], dl[1]]))
      break
    }
    case 'frames': {
      const filters = groupFilters(weight, g, (w) => conv2dFilter(temporalTap(w, 0)), ctx)
      run = (x) => {
        // kd = 1: padded frames are zeros; keep every sd-th
        const frames = takeEvery(padSpatial(x, [pd[0], [0, 0], [0, 0]]), 1, 0, st[0], oSp[0])
        const [, d, h, w, c] = frames.shape
        const y = conv2dCore(tf.reshape(frames, [n * d, h, w, c]), args(filters, [st[1], st[2]], [pd[1], pd[2]], [dl[1], dl[2]]))
        return tf.reshape(y, [n, ...oSp, o])
      }
      break
    }
    case 'time': {
      const filters = groupFilters(weight, g, temporalFilter, ctx)
      run = (x) => {
        // kh = kw = 1: spatial pads/strides only select pixels
        let p = padSpatial(x, [[0, 0], pd[1], pd[2]])
        p = takeEvery(takeEvery(p, 2, 0, st[1], oSp[1]), 3, 0, st[2], oSp[2])
        const [, d, h, w, c] = p.shape
        const y = conv2dCore(tf.reshape(p, [n, d, h * w, c]), args(filters, [st[0], 1], [pd[0], [0, 0]], [dl[0], 1]))
        return tf.reshape(y, [n, ...oSp, o])
      }
      break
    }
    case 'fold': {
      const kd = node.kernel[0]
      const filters = [ctx.tensor(foldedTimeFilter(weight)) as tf.Tensor4D]
      run = (x) => {
        const [, , h, w, c] = x.shape
        const used = takeEvery(x, 1, 0, 1, oSp[0] * kd)
        const grouped = tf.transpose(tf.reshape(used, [n, oSp[0], kd, h, w, c]), [0, 1, 3, 4, 2, 5])
        const y = conv2dCore(tf.reshape(grouped, [n * oSp[0], h, w, kd * c]), args(filters, [st[1], st[2]], [pd[1], pd[2]], [dl[1], dl[2]]))
        return tf.reshape(y, [n, ...oSp, o])
      }
      break
    }
    case 'taps': {
      const kd = node.kernel[0]
      const taps = Array.from({ length: kd }, (_, t) => groupFilters(weight, g, (w) => conv2dFilter(temporalTap(w, t)), ctx))
      run = (x) => {
        const p = padSpatial(x, [pd[0], [0, 0], [0, 0]])
        let acc: tf.Tensor | null = null
        for (let t = 0; t < kd; t++) {
          const frames = takeEvery(p, 1, t * dl[0], st[0], oSp[0])
          const [, d, h, w, c] = frames.shape
          const y = conv2dCore(tf.reshape(frames, [n * d, h, w, c]), args(taps[t], [st[1], st[2]], [pd[1], pd[2]], [dl[1], dl[2]], false))
          acc = acc ? tf.add(acc, y) : y
        }
        const summed = applyBiasActivation(acc as tf.Tensor, biasT, activation)
        return tf.reshape(summed, [n, ...oSp, o])
      }
      break
    }
    case 'native': {
      const per = weight.shape[0] / g
      const filters = Array.from({ length: g }, (_, i) => ctx.tensor(conv3dFilter(g === 1 ? weight : sliceLeading(weight, i * per, (i + 1) * per))) as tf.Tensor5D)
      const { run: runStrides, after } = splitStrides(st, dl)
      run = (x) => {
        const p = padSpatial(x, pd) as tf.Tensor5D
        const parts = g === 1 ? [p] : (tf.split(p, g, 4) as tf.Tensor5D[])
        const convs = parts.map((part, i) =>
          tf.conv3d(part, filters[i], [runStrides[0], runStrides[1], runStrides[2]], 'valid', 'NDHWC', [dl[0], dl[1], dl[2]])
        )
        const y = applyBiasActivation(subsample(g === 1 ? convs[0] : tf.concat(convs, 4), after), biasT, activation)
        return y
      }
      break
    }
  }
  return { strategy, kernel: ([x]) => ({ tensor: run(relayout(x, perm)), perm }) }
}

/** x with stride−1 zeros between entries of `axis` (a transposed conv's scatter spacing) */
function spreadAxis(x: tf.Tensor, axis: number, stride: number): tf.Tensor {
  if (stride === 1) return x
  const shape = x.shape
  const len = shape[axis]
  const slot = tf.reshape(x, [...shape.slice(0, axis + 1), 1, ...shape.slice(axis + 1)])
  const pads: Array<[number, number]> = slot.shape.map((_, i): [number, number] => (i === axis + 1 ? [0, stride - 1] : [0, 0]))
  const spread = tf.reshape(tf.pad(slot, pads), [...shape.slice(0, axis), len * stride, ...shape.slice(axis + 1)])
  const size = [...spread.shape]
  size[axis] = (len - 1) * stride + 1
  return tf.slice(spread, new Array<number>(size.length).fill(0), size)
}

/**
 * 3-D transposed conv as Σ over temporal taps of a per-frame conv2dTranspose, each tap's frames
 * spread by the time stride and shifted by tap·dilation. Exact, fast (conv2d-backprop kernels),
 * and avoids tfjs-backend-wasm 4.22's Conv3DBackpropInputV2, which returns wrong numbers for
 * stride > 1 or more than one channel.
 */
function transposed3dByTaps(x: tf.Tensor, taps: readonly tf.Tensor4D[], node: ConvTransposeNode, full: readonly number[], outC: number): tf.Tensor {
  const [n, d, h, w, c] = x.shape
  const frames = tf.reshape(x, [n * d, h, w, c]) as tf.Tensor4D
  const placedTaps = taps.map((filter, i) => {
    const z = tf.conv2dTranspose(frames, filter, [n * d, full[1], full[2], outC], [node.strides[1], node.strides[2]], 'valid')
    const spread = spreadAxis(tf.reshape(z, [n, d, full[1], full[2], outC]), 1, node.strides[0])
    const before = i * node.dilations[0]
    const spreadLength = (d - 1) * node.strides[0] + 1
    return tf.pad(spread, [[0, 0], [before, full[0] - before - spreadLength], [0, 0], [0, 0], [0, 0]])
  })
  return placedTaps.length === 1 ? placedTaps[0] : tf.addN(placedTaps)
}

export function compileConvTranspose(node: ConvTransposeNode, ctx: CompileContext): StepKernel {
  const w = ctx.weight(node.weight)
  const biasT = node.bias ? (ctx.keep(tf.tensor1d(ctx.weight(node.bias).data)) as tf.Tensor1D) : null
  const g = node.groups
  const perIn = w.shape[0] / g
  const groupWeights = Array.from({ length: g }, (_, i) => (g === 1 ? w : sliceLeading(w, i * perIn, (i + 1) * perIn)))
  const out = ctx.shape(node.output)
  const inShape = ctx.shape(node.input)
  const spatial = node.kernel.length
  const perm = channelsLastPerm(out.length)
  const outPerGroup = out[1] / g
  const dk = node.kernel.map((k, i) => node.dilations[i] * (k - 1) + 1)
  // the uncropped output: every input element scatters a full (dilated) kernel
  const full = inShape.slice(2).map((s, i) => (s - 1) * node.strides[i] + dk[i])
  const byTaps = spatial === 3 && (ctx.rewriteConv3d || ctx.backend === 'wasm')
  const filters = byTaps ? [] : groupWeights.map((gw) => ctx.tensor(transposedConvFilter(dilateKernel(gw, node.dilations))))
  const tapFilters = byTaps
    ? groupWeights.map((gw) => Array.from({ length: node.kernel[0] }, (_, t) => ctx.tensor(transposedConvFilter(dilateKernel(temporalTap(gw, t), node.dilations.slice(1)))) as tf.Tensor4D))
    : []
  const runGroup = (part: tf.Tensor, i: number, n: number): tf.Tensor => {
    if (byTaps) return transposed3dByTaps(part, tapFilters[i], node, full, outPerGroup)
    if (spatial === 3) {
      const s: [number, number, number] = [node.strides[0], node.strides[1], node.strides[2]]
      return tf.conv3dTranspose(part as tf.Tensor5D, filters[i] as tf.Tensor5D, [n, full[0], full[1], full[2], outPerGroup], s, 'valid')
    }
    const [, len, ch] = part.shape as number[]
    const x4 = (spatial === 1 ? tf.reshape(part, [n, len, 1, ch]) : part) as tf.Tensor4D
    const size: [number, number] = spatial === 1 ? [full[0], 1] : [full[0], full[1]]
    const s: [number, number] = spatial === 1 ? [node.strides[0], 1] : [node.strides[0], node.strides[1]]
    const y = tf.conv2dTranspose(x4, filters[i] as tf.Tensor4D, [n, size[0], size[1], outPerGroup], s, 'valid')
    return spatial === 1 ? tf.reshape(y, [n, full[0], outPerGroup]) : y
  }
  const run = (x: tf.Tensor): tf.Tensor => {
    const n = x.shape[0]
    const parts = g === 1 ? [x] : tf.split(x, g, x.shape.length - 1)
    const ys = parts.map((part, i) => runGroup(part, i, n))
    let y = g === 1 ? ys[0] : tf.concat(ys, ys[0].shape.length - 1)
    // PyTorch crops `pads` from the full output and appends `outputPadding` zeros (before bias)
    const extra = node.pads.map((p, i): [number, number] => [0, Math.max(0, node.outputPadding[i] - p[1])])
    y = padSpatial(y, extra)
    const begin = [0, ...node.pads.map((p) => p[0]), 0]
    const size = [n, ...out.slice(2), out[1]]
    return applyBiasActivation(tf.slice(y, begin, size), biasT, 'linear')
  }
  return ([x]) => ({ tensor: run(relayout(x, perm)), perm })
}
