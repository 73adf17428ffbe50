// Pure rearrangements of PyTorch-layout weights into the layouts tfjs kernels read. Kept free of
// tfjs so each formula can be checked on small arrays.
import { product } from '../graph/shapes'
import type { Float32Tensor } from '../graph/types'

/** Row-major transpose: output axis k is input axis perm[k] (numpy.transpose semantics). */
export function transposeData(t: Float32Tensor, perm: readonly number[]): Float32Tensor {
  const rank = t.shape.length
  if (perm.length !== rank) throw new RangeError(`transposeData: perm ${perm.join(',')} for rank ${rank}`)
  const outShape = perm.map((p) => t.shape[p])
  const inStrides = new Array<number>(rank)
  let s = 1
  for (let i = rank - 1; i >= 0; i--) {
    inStrides[i] = s
    s *= t.shape[i]
  }
  const stridesByOut = perm.map((p) => inStrides[p])
  const out = new Float32Array(t.data.length)
  if (rank === 0 || out.length === 0) return { shape: outShape, data: t.data.slice() }
  // tight loop over the last output axis, odometer over the others
  const last = outShape[rank - 1]
  const lastStride = stridesByOut[rank - 1]
  const index = new Array<number>(rank).fill(0)
  let base = 0
  for (let o = 0; o < out.length; o += last) {
    for (let j = 0, src = base; j < last; j++, src += lastStride) out[o + j] = t.data[src]
    for (let k = rank - 2; k >= 0; k--) {
      index[k]++
      base += stridesByOut[k]
      if (index[k] < outShape[k]) break
      base -= stridesByOut[k] * outShape[k]
      index[k] = 0
    }
  }
  return { shape: outShape, data: out }
}

/** Rows [start, end) of the leading axis (a group of output or input channels). */
export function sliceLeading(t: Float32Tensor, start: number, end: number): Float32Tensor {
  const inner = product(t.shape.slice(1))
  return { shape: [end - start, ...t.shape.slice(1)], data: t.data.slice(start * inner, end * inner) }
}

/** W[:, :, tap] of a (O, I, kd, kh, kw) weight → (O, I, kh, kw). */
export function temporalTap(w: Float32Tensor, tap: number): Float32Tensor {
  const [o, i, kd, kh, kw] = w.shape
  const plane = kh * kw
  const out = new Float32Array(o * i * plane)
  for (let oc = 0; oc < o * i; oc++) out.set(w.data.subarray((oc * kd + tap) * plane, (oc * kd + tap + 1) * plane), oc * plane)
  return { shape: [o, i, kh, kw], data: out }
}

/** Conv weight (O, I, kh, kw) → tfjs conv2d filter (kh, kw, I, O). */
export function conv2dFilter(w: Float32Tensor): Float32Tensor {
  return transposeData(w, [2, 3, 1, 0])
}

/** Conv weight (O, I, k) → conv2d filter (k, 1, I, O) for a 1-D conv run as 2-D. */
export function conv1dFilter(w: Float32Tensor): Float32Tensor {
  const t = transposeData(w, [2, 1, 0])
  return { shape: [w.shape[2], 1, w.shape[1], w.shape[0]], data: t.data }
}

/** Temporal conv weight (O, I, kd, 1, 1) → conv2d filter (kd, 1, I, O) over (time, H·W). */
export function temporalFilter(w: Float32Tensor): Float32Tensor {
  const [o, i, kd] = w.shape
  return conv1dFilter({ shape: [o, i, kd], data: w.data })
}

/**
 * Conv weight (O, I, kd, kh, kw) with stride kd in time → conv2d filter (kh, kw, kd·I, O) for
 * input frames whose channels hold (tap, channel) pairs, tap-major.
 */
export function foldedTimeFilter(w: Float32Tensor): Float32Tensor {
  const [o, i, kd, kh, kw] = w.shape
  const t = transposeData(w, [3, 4, 2, 1, 0])
  return { shape: [kh, kw, kd * i, o], data: t.data }
}

/** Conv weight (O, I, kd, kh, kw) → tfjs conv3d filter (kd, kh, kw, I, O). */
export function conv3dFilter(w: Float32Tensor): Float32Tensor {
  return transposeData(w, [2, 3, 4, 1, 0])
}

/** ConvTranspose weight (I, O, ...k) → tfjs conv{2,3}dTranspose filter (...k, O, I). */
export function transposedConvFilter(w: Float32Tensor): Float32Tensor {
  const spatial = w.shape.length - 2
  if (spatial === 1) {
    const t = transposeData(w, [2, 1, 0])
    return { shape: [w.shape[2], 1, w.shape[1], w.shape[0]], data: t.data }
  }
  return transposeData(w, [...Array.from({ length: spatial }, (_, i) => i + 2), 1, 0])
}

/** Inserts dilation−1 zeros between kernel taps (for kernels whose op lacks a dilation attribute). */
export function dilateKernel(w: Float32Tensor, dilations: readonly number[]): Float32Tensor {
  if (dilations.every((d) => d === 1)) return w
  const lead = w.shape.slice(0, 2)
  const k = w.shape.slice(2)
  const dk = k.map((n, i) => dilations[i] * (n - 1) + 1)
  const out = new Float32Array(product(lead) * product(dk))
  const kSize = product(k)
  const dkSize = product(dk)
  for (let c = 0; c < product(lead); c++) {
    for (let e = 0; e < kSize; e++) {
      let rest = e
      let target = 0
      let mul = 1
      for (let a = k.length - 1; a >= 0; a--) {
        const idx = rest % k[a]
        rest = Math.floor(rest / k[a])
        target += idx * dilations[a] * mul
        mul *= dk[a]
      }
      out[c * dkSize + target] = w.data[c * kSize + e]
    }
  }
  return { shape: [...lead, ...dk], data: out }
}

export interface Affine {
  scale: Float32Array
  shift: Float32Array
}

/** Eval batch norm as y = x·scale + shift (computed in float64). */
export function batchNormAffine(weight: Float32Array, bias: Float32Array, mean: Float32Array, variance: Float32Array, eps: number): Affine {
  const c = weight.length
  const scale = new Float32Array(c)
  const shift = new Float32Array(c)
  for (let i = 0; i < c; i++) {
    const s = weight[i] / Math.sqrt(variance[i] + eps)
    scale[i] = s
    shift[i] = bias[i] - mean[i] * s
  }
  return { scale, shift }
}

/** Folds y = conv(x)·scale + shift into the conv's weight (O, ...) and bias. */
export function foldAffineIntoConv(w: Float32Tensor, bias: Float32Array | null, a: Affine): { weight: Float32Tensor; bias: Float32Array } {
  const o = w.shape[0]
  const inner = w.data.length / o
  const data = new Float32Array(w.data.length)
  const b = new Float32Array(o)
  for (let oc = 0; oc < o; oc++) {
    const s = a.scale[oc]
    for (let j = 0; j < inner; j++) data[oc * inner + j] = w.data[oc * inner + j] * s
    b[oc] = (bias ? bias[oc] * s : 0) + a.shift[oc]
  }
  return { weight: { shape: [...w.shape], data }, bias: b }
}

/** Bilinear weight (out, in1, in2) → (in1, out·in2) so x1 @ W gives every x1ᵀW_k at once. */
export function bilinearMatrix(w: Float32Tensor): Float32Tensor {
  const [outF, in1, in2] = w.shape
  const t = transposeData(w, [1, 0, 2])
  return { shape: [in1, outF * in2], data: t.data }
}
