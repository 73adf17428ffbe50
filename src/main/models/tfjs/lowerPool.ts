// Max/avg pooling with PyTorch semantics: explicit pads (max pads with -Infinity), ceil mode as
// extra trailing padding, and avg divisors fixed up per output position where PyTorch divides by
// less than the full window (ceil-mode overhang, countIncludePad=false).
import * as tf from '@tensorflow/tfjs-core'
import type { PoolNode } from '../graph/types'
import type { CompileContext, StepKernel } from './context'
import { channelsLastPerm, relayout } from './layout'

/** PyTorch's avg-pool divisor per output index along one axis. */
export function avgDivisors(size: number, out: number, kernel: number, stride: number, pad: readonly [number, number], countIncludePad: boolean): number[] {
  return Array.from({ length: out }, (_, o) => {
    const start = o * stride - pad[0]
    const end = Math.min(start + kernel, size + pad[1])
    return countIncludePad ? end - start : Math.min(end, size) - Math.max(start, 0)
  })
}

/** kernel volume / divisor as a channels-last (1, ...out, 1) map, or null when it is all ones */
export function avgCorrection(node: Pick<PoolNode, 'kernel' | 'strides' | 'pads' | 'countIncludePad'>, inSpatial: readonly number[], outSpatial: readonly number[]): Float32Array | null {
  const perAxis = inSpatial.map((s, i) => avgDivisors(s, outSpatial[i], node.kernel[i], node.strides[i], node.pads[i], node.countIncludePad))
  if (perAxis.every((d, i) => d.every((v) => v === node.kernel[i]))) return null
  const total = outSpatial.reduce((a, b) => a * b, 1)
  const map = new Float32Array(total)
  const volume = node.kernel.reduce((a, b) => a * b, 1)
  for (let e = 0; e < total; e++) {
    let rest = e
    let div = 1
    for (let a = outSpatial.length - 1; a >= 0; a--) {
      div *= perAxis[a][rest % outSpatial[a]]
      rest = Math.floor(rest / outSpatial[a])
    }
    map[e] = volume / div
  }
  return map
}

type Pool2d = (x: tf.Tensor4D, kernel: [number, number], strides: [number, number]) => tf.Tensor4D

export function compilePool(node: PoolNode, ctx: CompileContext): StepKernel {
  const inShape = ctx.shape(node.input)
  const out = ctx.shape(node.output)
  const spatial = node.kernel.length
  const perm = channelsLastPerm(out.length)
  const inSp = inShape.slice(2)
  const outSp = out.slice(2)
  const isMax = node.op === 'maxPool'
  // windows of the ceil-mode overhang must exist in the padded tensor
  const padded = node.pads.map((p, i): [number, number] => {
    const need = (outSp[i] - 1) * node.strides[i] + node.kernel[i]
    return [p[0], Math.max(p[1], need - inSp[i] - p[0])]
  })
  const correction = isMax ? null : avgCorrection(node, inSp, outSp)
  const correctionT = correction ? ctx.keep(tf.tensor(correction, [1, ...outSp, 1])) : null
  const pool2d: Pool2d = (x, k, s) => (isMax ? tf.maxPool(x, k, s, 'valid') : tf.avgPool(x, k, s, 'valid'))
  const pool3d = (x: tf.Tensor5D): tf.Tensor5D => {
    const [k, s] = [node.kernel, node.strides]
    // tfjs-backend-wasm 4.22's MaxPool3D returns wrong values for some shapes (e.g. D = 2), so
    // wasm always pools max separably
    if (!ctx.rewriteConv3d && !(isMax && ctx.backend === 'wasm')) {
      const kk: [number, number, number] = [k[0], k[1], k[2]]
      const ss: [number, number, number] = [s[0], s[1], s[2]]
      return isMax ? tf.maxPool3d(x, kk, ss, 'valid') : tf.avgPool3d(x, kk, ss, 'valid')
    }
    // separable: a box window is the (H,W) window of every frame, then the D window
    const [n, d, h, w, c] = x.shape
    let y: tf.Tensor = x
    let [oh, ow] = [h, w]
    if (k[1] > 1 || k[2] > 1 || s[1] > 1 || s[2] > 1) {
      const frames = pool2d(tf.reshape(x, [n * d, h, w, c]), [k[1], k[2]], [s[1], s[2]])
      ;[oh, ow] = [frames.shape[1], frames.shape[2]]
      y = frames
    }
    let od = d
    if (k[0] > 1 || s[0] > 1) {
      y = pool2d(tf.reshape(y, [n, d, oh * ow, c]), [k[0], 1], [s[0], 1])
      od = y.shape[1] as number
    }
    return tf.reshape(y, [n, od, oh, ow, c])
  }
  const run = (x: tf.Tensor): tf.Tensor => {
    const full: Array<[number, number]> = [[0, 0], ...padded, [0, 0]]
    const p = padded.some((q) => q[0] > 0 || q[1] > 0) ? tf.pad(x, full, isMax ? -Infinity : 0) : x
    let y: tf.Tensor
    if (spatial === 1) {
      const [n, l, c] = p.shape
      y = tf.reshape(pool2d(tf.reshape(p, [n, l, 1, c]), [node.kernel[0], 1], [node.strides[0], 1]), [n, -1, c])
    } else if (spatial === 2) y = pool2d(p as tf.Tensor4D, [node.kernel[0], node.kernel[1]], [node.strides[0], node.strides[1]])
    else y = pool3d(p as tf.Tensor5D)
    // extra overhang padding can allow one window more than PyTorch keeps
    if (y.shape.slice(1, -1).some((s, i) => s !== outSp[i])) y = tf.slice(y, new Array<number>(y.shape.length).fill(0), [out[0], ...outSp, out[1]])
    return correctionT ? tf.mul(y, correctionT) : y
  }
  return ([x]) => ({ tensor: run(relayout(x, perm)), perm })
}
