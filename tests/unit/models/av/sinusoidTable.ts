// The ViNet PositionalEncoding buffer `pe` (max_len, 1, d), computed step by step in float32 as
// torch does, so the AV fixtures' stored table (make_fixtures.py keeps the constructor's) is met
// to float32 rounding:
//   div_term[j] = exp(2j · (−ln 10000 / d)),  pe[p, 0, 2j] = sin(p · div_term[j]),  pe[p, 0, 2j+1] = cos(…)
import type { Float32Tensor } from '../../../../src/main/models/graph/types'

export function sinusoidTable(maxLen: number, d: number): Float32Tensor {
  if (d % 2 !== 0) throw new Error(`sinusoidTable: width ${d} must be even`)
  const f = Math.fround
  const step = f(-Math.log(10000) / d)
  const data = new Float32Array(maxLen * d)
  for (let j = 0; j < d / 2; j++) {
    const div = f(Math.exp(f(2 * j * step)))
    for (let p = 0; p < maxLen; p++) {
      const angle = f(p * div)
      data[p * d + 2 * j] = Math.sin(angle)
      data[p * d + 2 * j + 1] = Math.cos(angle)
    }
  }
  return { shape: [maxLen, 1, d], data }
}
