// Pure output-shape rules (PyTorch semantics) shared by the builder and the FLOP counter.
import type { Pads, Shape } from './types'
import { AppError } from '../../../shared/errors'

export function product(values: readonly number[]): number {
  let p = 1
  for (const v of values) p *= v
  return p
}

/** Output length of a conv/pool window along one axis (PyTorch formula). */
export function windowOutput(size: number, kernel: number, stride: number, pad: readonly [number, number], dilation = 1, ceil = false): number {
  const span = size + pad[0] + pad[1] - dilation * (kernel - 1) - 1
  let out = (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1
  // PyTorch: with ceil mode the last window must start inside the input or the left padding
  if (ceil && (out - 1) * stride >= size + pad[0]) out--
  return out
}

export function transposedOutput(size: number, kernel: number, stride: number, pad: readonly [number, number], dilation: number, outputPadding: number): number {
  return (size - 1) * stride - pad[0] - pad[1] + dilation * (kernel - 1) + outputPadding + 1
}

/** numpy broadcasting of two shapes, or null when they do not broadcast */
export function broadcastShapes(a: Shape, b: Shape): number[] | null {
  const rank = Math.max(a.length, b.length)
  const out: number[] = []
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1
    const db = b[b.length - rank + i] ?? 1
    if (da !== db && da !== 1 && db !== 1) return null
    out.push(Math.max(da, db))
  }
  return out
}

/** torch.matmul output shape for a (..., m, k) and b (..., k, n) (both rank ≥ 2), or a message saying why not. */
export function matmulShape(a: Shape, b: Shape): number[] | string {
  if (a.length < 2 || b.length < 2) return `both operands need rank ≥ 2, found ${formatShape(a)} and ${formatShape(b)}`
  const [m, k] = a.slice(-2)
  const [k2, n] = b.slice(-2)
  if (k !== k2) return `inner dimensions differ: ${formatShape(a)} × ${formatShape(b)} (${k} vs ${k2})`
  const lead = broadcastShapes(a.slice(0, -2), b.slice(0, -2))
  if (!lead) return `batch dimensions of ${formatShape(a)} and ${formatShape(b)} do not broadcast`
  return [...lead, m, n]
}

export function normalizeAxis(axis: number, rank: number, what: string): number {
  const a = axis < 0 ? axis + rank : axis
  if (!Number.isInteger(a) || a < 0 || a >= rank) throw new AppError('bad-argument', `${what}: axis ${axis} out of range for rank ${rank}`)
  return a
}

/** Expands a number or tuple to `n` values (PyTorch's `_ntuple`). */
export function tuple(v: number | readonly number[], n: number, what: string): number[] {
  if (typeof v === 'number') return new Array<number>(n).fill(v)
  if (v.length !== n) throw new AppError('bad-argument', `${what}: expected ${n} values, found ${v.length} (${v.join(',')})`)
  return [...v]
}

/** Accepts a symmetric PyTorch padding (number or per-axis) or explicit [before, after] pairs. */
export function toPads(p: number | readonly number[] | Pads | undefined, n: number, what: string): Array<[number, number]> {
  if (p === undefined) return new Array(n).fill(0).map(() => [0, 0])
  if (typeof p === 'number') return new Array(n).fill(0).map(() => [p, p])
  if (p.length !== n) throw new AppError('bad-argument', `${what}: padding needs ${n} entries, found ${p.length}`)
  return p.map((e: number | readonly [number, number]) => (typeof e === 'number' ? [e, e] : [e[0], e[1]]))
}

export function formatShape(shape: Shape): string {
  return `(${shape.join(', ')})`
}
