// MATLAB's colon operator a:d:b for the sAUC thresholds (`0:stepSize:max`). MATLAB does not add
// the step repeatedly: MathWorks' published COLONOP description builds the first half as a + k*d
// and the second half as c - k*d from the right end c (snapped to b when within tolerance), with
// the midpoint (a+c)/2 when n is even. That decides e.g. whether the 7th threshold of 0:0.1:1 is
// 0.6 or 0.6000000000000001, which matters when a normalised value lands exactly on it (153/255).
// Reconstructed from that description; not checked against a MATLAB binary.
import { MATLAB_EPS } from './types'
import { AppError } from '../../shared/errors'

export function matlabColon(a: number, d: number, b: number): Float64Array {
  if (!(d > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new AppError('metric-input', `colon range: expected finite ends and a positive step, found ${a}:${d}:${b}`)
  }
  const tol = 2 * MATLAB_EPS * Math.max(Math.abs(a), Math.abs(b))
  let n: number
  if (a === Math.floor(a) && d === 1) {
    n = Math.floor(b) - a
  } else if (a === Math.floor(a) && d === Math.floor(d)) {
    const q = Math.floor(a / d)
    const r = a - q * d
    n = Math.floor((b - r) / d) - q
  } else {
    n = Math.round((b - a) / d)
    if (a + n * d - b > tol) n -= 1
  }
  if (n < 0) return new Float64Array(0)
  let c = a + n * d
  if (c - b > -tol) c = b
  const v = new Float64Array(n + 1)
  const half = Math.floor(n / 2)
  for (let k = 0; k <= half; k++) {
    v[k] = a + k * d
    v[n - k] = c - k * d
  }
  if (n % 2 === 0) v[n / 2] = (a + c) / 2
  return v
}
