// Parity with the numpy port of the MIT code (tests/fixtures/metrics/mit_reference.py): every
// metric, jitter and random splits included (the Python side runs the same xoshiro128** stream).
import { describe, expect, it } from 'vitest'
import { Rng, imresizeBicubic, matlabColon, stavisPostprocess } from '../../../src/main/metrics'
import { computeAll, expectMetricsClose, loadReference, toMap } from './referenceFixture'

const ref = loadReference()
const TOL = 1e-9

describe('PRNG matches the Python port bit for bit', () => {
  for (const c of ref.prng) {
    it(`seed ${c.seed}`, () => {
      const r = new Rng(c.seed)
      expect(c.u32.map(() => r.nextUint32())).toEqual(c.u32)
      const r2 = new Rng(c.seed)
      expect(c.floats.map(() => r2.nextFloat())).toEqual(c.floats)
    })
  }
})

describe('MATLAB colon operator 0:0.1:max', () => {
  for (const c of ref.colon) {
    it(`max ${c.max}`, () => {
      expect(Array.from(matlabColon(0, 0.1, c.max))).toEqual(c.values)
    })
  }
})

describe('imresizeBicubic matches the numpy port of MATLAB imresize', () => {
  for (const c of ref.resize) {
    it(`${c.input.height}x${c.input.width} -> ${c.outHeight}x${c.outWidth}`, () => {
      const out = imresizeBicubic(toMap(c.input), c.outHeight, c.outWidth)
      expect([out.height, out.width]).toEqual([c.outHeight, c.outWidth])
      const want = toMap(c.output).data
      let worst = 0
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(out.data[i] - want[i]))
      expect(worst).toBeLessThan(1e-12)
    })
  }
})

describe('STAViS post-processing matches the numpy port of postprocessMap.m', () => {
  for (const [i, c] of ref.postprocess.entries()) {
    it(`case ${i} (${c.input.height}x${c.input.width})`, () => {
      const out = stavisPostprocess(toMap(c.input))
      const want = toMap(c.output).data
      let worst = 0
      for (let k = 0; k < want.length; k++) worst = Math.max(worst, Math.abs(out.data[k] - want[k]))
      expect(worst).toBeLessThan(1e-12)
    })
  }
})

describe('all metrics match the numpy port of the MIT code (1e-9)', () => {
  const maps = ref.synthetic.maps
  for (const c of ref.synthetic.cases) {
    it(c.name, () => {
      const got = computeAll(
        toMap(maps[c.pred]),
        toMap(maps[c.gt]),
        toMap(maps[c.fix]),
        toMap(maps[c.other]),
        toMap(maps[c.baseline]),
        c.seed
      )
      expectMetricsClose(got, c.expected, TOL)
    })
  }
})
