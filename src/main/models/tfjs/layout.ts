// Value layouts inside the tfjs executor. The graph speaks PyTorch order (N,C,D,H,W); tfjs
// kernels want channels last (N,D,H,W,C). Every stored tensor carries `perm`: stored axis i
// holds PyTorch axis perm[i]. Converting happens only where an op needs a specific order, so
// chains of conv/pool/BN stay channels-last and graph transposes cost nothing.
import * as tf from '@tensorflow/tfjs-core'

export interface Stored {
  tensor: tf.Tensor
  perm: readonly number[]
}

export function identityPerm(rank: number): number[] {
  return Array.from({ length: rank }, (_, i) => i)
}

/** (N, C, S1..Sk) stored as (N, S1..Sk, C) */
export function channelsLastPerm(rank: number): number[] {
  if (rank < 3) return identityPerm(rank)
  return [0, ...Array.from({ length: rank - 2 }, (_, i) => i + 2), 1]
}

export function invertPerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length)
  perm.forEach((p, i) => {
    inv[p] = i
  })
  return inv
}

export function samePerm(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

/** the stored axis that holds PyTorch axis `axis` */
export function storedAxis(perm: readonly number[], axis: number): number {
  const i = perm.indexOf(axis)
  if (i < 0) throw new RangeError(`axis ${axis} not in layout ${perm.join(',')}`)
  return i
}

/** The stored shape a PyTorch shape takes under `perm`. */
export function permuteShape(ptShape: readonly number[], perm: readonly number[]): number[] {
  return perm.map((p) => ptShape[p])
}

/**
 * tf.transpose permutation that turns a tensor stored under `from` into one stored under `to`:
 * output axis k must hold PyTorch axis to[k], which sits at stored axis from⁻¹[to[k]].
 */
export function relayoutPerm(from: readonly number[], to: readonly number[]): number[] {
  const inv = invertPerm(from)
  return to.map((p) => inv[p])
}

/** True when a transpose only moves size-1 axes, so a reshape gives the same memory order. */
export function transposeIsReshape(shape: readonly number[], perm: readonly number[]): boolean {
  const moved = perm.filter((p) => shape[p] !== 1)
  return moved.every((p, i) => i === 0 || p > moved[i - 1])
}

/** The layout after dropping PyTorch axes `removed` (mean without keepDims): relabel by rank. */
export function dropAxesPerm(perm: readonly number[], removed: readonly number[]): number[] {
  const kept = perm.filter((p) => !removed.includes(p))
  const order = [...kept].sort((a, b) => a - b)
  return kept.map((p) => order.indexOf(p))
}

/** The layout after `extra` new leading PyTorch axes (numpy broadcasting aligns the tail). */
export function prependAxesPerm(perm: readonly number[], extra: number): number[] {
  return [...identityPerm(extra), ...perm.map((p) => p + extra)]
}

/** Layout of a graph transpose's output: the data stays put, only the labels change. */
export function transposedPerm(perm: readonly number[], nodePerm: readonly number[]): number[] {
  const inv = invertPerm(nodePerm)
  return perm.map((p) => inv[p])
}

/** Re-lays a stored tensor out under `to` (a new tensor; the caller disposes the old one). */
export function relayout(value: Stored, to: readonly number[]): tf.Tensor {
  if (samePerm(value.perm, to)) return value.tensor.clone()
  const p = relayoutPerm(value.perm, to)
  if (transposeIsReshape(value.tensor.shape, p)) return tf.reshape(value.tensor, p.map((i) => value.tensor.shape[i]))
  return tf.transpose(value.tensor, p)
}
