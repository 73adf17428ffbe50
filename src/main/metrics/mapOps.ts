// Small array helpers with MATLAB's semantics where the metrics depend on them
// (min/max ignore NaN; std is the sample std unless told otherwise).
import type { FixationMap, SalMap } from './types'
import { AppError } from '../../shared/errors'

type AnyMap = SalMap | FixationMap

/** Throws unless the map has positive integer dimensions and width*height values. */
export function checkMap(map: AnyMap, role: string): void {
  const { width, height } = map
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new AppError('metric-input', `${role}: expected positive integer width and height, found ${width}x${height}`)
  }
  if (map.data.length !== width * height) {
    throw new AppError('metric-input', `${role}: expected ${width}x${height} = ${width * height} values, found ${map.data.length}`
    )
  }
}

export function sameSize(a: AnyMap, b: AnyMap): boolean {
  return a.width === b.width && a.height === b.height
}

/** MATLAB min/max: NaN entries are ignored; both are NaN when every entry is NaN. */
export function minMax(data: ArrayLike<number>): { min: number; max: number } {
  let min = Infinity
  let max = -Infinity
  let seen = false
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    if (v !== v) continue
    seen = true
    if (v < min) min = v
    if (v > max) max = v
  }
  return seen ? { min, max } : { min: NaN, max: NaN }
}

export function sum(data: ArrayLike<number>): number {
  let s = 0
  for (let i = 0; i < data.length; i++) s += data[i]
  return s
}

export function mean(data: ArrayLike<number>): number {
  return sum(data) / data.length
}

export type StdKind = 'sample' | 'population'

/** Two-pass standard deviation; 'sample' divides by N-1 like MATLAB `std`, 'population' by N. */
export function std(data: ArrayLike<number>, kind: StdKind, mu = mean(data)): number {
  let ss = 0
  for (let i = 0; i < data.length; i++) {
    const d = data[i] - mu
    ss += d * d
  }
  return Math.sqrt(ss / (kind === 'sample' ? data.length - 1 : data.length))
}

/** True when every non-NaN value is equal (MATLAB would then divide 0 by 0). */
export function isConstant(data: ArrayLike<number>): boolean {
  const { min, max } = minMax(data)
  return min === max
}

/** MATLAB `any(map(:))`: some entry is non-zero (NaN ignored). */
export function anyNonZero(data: ArrayLike<number>): boolean {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]
    if (v !== 0 && v === v) return true
  }
  return false
}

/** (x - min) / (max - min), NaN-ignoring min/max; a constant map becomes all NaN (0/0), as in MATLAB. */
export function minMaxNormalized(data: ArrayLike<number>): Float64Array {
  const { min, max } = minMax(data)
  const range = max - min
  const out = new Float64Array(data.length)
  for (let i = 0; i < data.length; i++) out[i] = (data[i] - min) / range
  return out
}

export function allNaN(data: ArrayLike<number>): boolean {
  for (let i = 0; i < data.length; i++) if (data[i] === data[i]) return false
  return true
}

/** Indices (row-major) of fixated pixels (value > 0). */
export function fixatedIndices(fix: FixationMap): Int32Array {
  let n = 0
  const d = fix.data
  for (let i = 0; i < d.length; i++) if (d[i] > 0) n++
  const out = new Int32Array(n)
  let k = 0
  for (let i = 0; i < d.length; i++) if (d[i] > 0) out[k++] = i
  return out
}

/** Throws when two maps that must line up pixel for pixel differ in size. */
export function requireSameSize(a: AnyMap, aRole: string, b: AnyMap, bRole: string): void {
  if (!sameSize(a, b)) {
    throw new AppError('metric-input', `${bRole} must have the size of ${aRole} (${a.width}x${a.height}), found ${b.width}x${b.height}`
    )
  }
}
