// Resize with PyTorch F.interpolate semantics. Bilinear over the last two spatial axes (the 4-D
// case and ViNet's (1,2,2) trilinear) runs per frame through tf.image.resizeBilinear; any other
// linear resize (e.g. real trilinear) and nearest run separably, one gather + lerp per axis.
import * as tf from '@tensorflow/tfjs-core'
import type { ResizeNode } from '../graph/types'
import type { CompileContext, StepKernel } from './context'
import { channelsLastPerm, relayout } from './layout'

export interface AxisSampling {
  lower: Int32Array
  upper: Int32Array
  /** weight of `upper` (1 − weight goes to `lower`) */
  weight: Float32Array
}

/** Source taps along one axis (PyTorch's area_pixel_compute_source_index / nearest floor rule). */
export function axisSampling(inSize: number, outSize: number, mode: ResizeNode['mode'], coordinates: ResizeNode['coordinates']): AxisSampling {
  const lower = new Int32Array(outSize)
  const upper = new Int32Array(outSize)
  const weight = new Float32Array(outSize)
  for (let o = 0; o < outSize; o++) {
    if (mode === 'nearest') {
      const i = Math.min(Math.floor((o * inSize) / outSize), inSize - 1)
      lower[o] = upper[o] = i
      continue
    }
    let src: number
    if (coordinates === 'align_corners') src = outSize > 1 ? (o * (inSize - 1)) / (outSize - 1) : 0
    else src = Math.max(0, ((o + 0.5) * inSize) / outSize - 0.5)
    const i0 = Math.min(Math.floor(src), inSize - 1)
    lower[o] = i0
    upper[o] = Math.min(i0 + 1, inSize - 1)
    weight[o] = src - i0
  }
  return { lower, upper, weight }
}

interface AxisPlan {
  /** stored (channels-last) axis */
  axis: number
  lower: tf.Tensor1D
  upper: tf.Tensor1D | null
  /** weight broadcast along `axis` */
  weight: tf.Tensor | null
}

export function compileResize(node: ResizeNode, ctx: CompileContext): StepKernel {
  const inShape = ctx.shape(node.input)
  const out = ctx.shape(node.output)
  const rank = out.length
  const perm = channelsLastPerm(rank)
  const spatial = rank - 2
  const inSp = inShape.slice(2)
  const outSp = out.slice(2)
  const changed = inSp.map((s, i) => s !== outSp[i])
  const bilinearFrames = node.mode === 'linear' && spatial >= 2 && changed.slice(0, spatial - 2).every((c) => !c)
  if (bilinearFrames) {
    const halfPixelCenters = node.coordinates === 'half_pixel'
    const alignCorners = node.coordinates === 'align_corners'
    const [oh, ow] = outSp.slice(-2)
    return ([x]) => {
      const t = relayout(x, perm)
      const [h, w, c] = t.shape.slice(-3)
      const frames = tf.reshape(t, [-1, h, w, c]) as tf.Tensor4D
      const y = tf.image.resizeBilinear(frames, [oh, ow], alignCorners, halfPixelCenters)
      return { tensor: tf.reshape(y, [out[0], ...outSp, out[1]]), perm }
    }
  }
  const axes: AxisPlan[] = []
  inSp.forEach((size, i) => {
    if (!changed[i]) return
    const s = axisSampling(size, outSp[i], node.mode, node.coordinates)
    const shape = new Array<number>(rank).fill(1)
    shape[i + 1] = outSp[i]
    axes.push({
      axis: i + 1,
      lower: ctx.keep(tf.tensor1d(s.lower, 'int32')),
      upper: node.mode === 'linear' ? ctx.keep(tf.tensor1d(s.upper, 'int32')) : null,
      weight: node.mode === 'linear' ? ctx.keep(tf.tensor(s.weight, shape)) : null
    })
  })
  return ([x]) => {
    let t = relayout(x, perm)
    for (const a of axes) {
      const lo = tf.gather(t, a.lower, a.axis)
      if (!a.upper || !a.weight) t = lo
      else {
        const hi = tf.gather(t, a.upper, a.axis)
        t = tf.add(lo, tf.mul(tf.sub(hi, lo), a.weight))
      }
    }
    return { tensor: t, perm }
  }
}
