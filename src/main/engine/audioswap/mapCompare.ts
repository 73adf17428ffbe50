// How far one condition's map is from real's map of the same frame: mean and max absolute
// difference in map units (the 8-bit maps the run writes, /255, so 0..1) and Pearson's CC
// between the two maps (NaN when either is constant). Pure.
import { AppError } from '../../../shared/errors'
import type { ByteMap } from '../inference/postprocess'

export interface MapDistance {
  meanAbsDiff: number
  maxAbsDiff: number
  cc: number
}

export function compareMaps(a: ByteMap, b: ByteMap): MapDistance {
  if (a.width !== b.width || a.height !== b.height) {
    throw new AppError('bad-shape', `maps of ${a.width}×${a.height} and ${b.width}×${b.height} cannot be compared`)
  }
  const n = a.data.length
  let sumAbs = 0
  let maxAbs = 0
  let sa = 0
  let sb = 0
  for (let i = 0; i < n; i++) {
    const d = Math.abs(a.data[i] - b.data[i])
    sumAbs += d
    if (d > maxAbs) maxAbs = d
    sa += a.data[i]
    sb += b.data[i]
  }
  const ma = sa / n
  const mb = sb / n
  let cov = 0
  let va = 0
  let vb = 0
  for (let i = 0; i < n; i++) {
    const da = a.data[i] - ma
    const db = b.data[i] - mb
    cov += da * db
    va += da * da
    vb += db * db
  }
  const cc = va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : Number.NaN
  return { meanAbsDiff: sumAbs / n / 255, maxAbsDiff: maxAbs / 255, cc }
}
