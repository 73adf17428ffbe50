// Real data: UCF-Sports Diving-Side-001 (../shared/data). GT map of frame 20 as the continuous
// map, its binary fixation PNG as fixations, the GT map of frame 10 as the "prediction", and the
// union of frames 12/15/25/28 minus frame 20 as sAUC negatives. Reference values come from the numpy
// port of the MIT code (generate_fixtures.py), which decodes the same PNGs with its own decoder.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { PNG } from 'pngjs'
import { beforeAll, expect, it } from 'vitest'
import { imresizeBicubic, stavisPostprocess } from '../../../src/main/metrics'
import type { FixationMap, SalMap } from '../../../src/main/metrics'
import { describeWithData, dataPath } from '../../support/sharedData'
import { computeAll, expectMetricsClose, loadReference, toNumber, type ReferenceFixture } from './referenceFixture'

const VIDEO_REL = 'ucf-sports/testing/Diving-Side-001'
const VIDEO = dataPath(VIDEO_REL)

/** First channel of an 8-bit PNG, divided by `scale`. */
function readGray(kind: 'maps' | 'fixation', frame: number, scale: number): SalMap {
  const file = resolve(VIDEO, kind, `Diving-Side_001_${String(frame).padStart(3, '0')}.png`)
  const png = PNG.sync.read(readFileSync(file))
  const data = new Float64Array(png.width * png.height)
  for (let i = 0; i < data.length; i++) data[i] = png.data[4 * i] / scale
  return { width: png.width, height: png.height, data }
}

function readFixations(frame: number): FixationMap {
  const m = readGray('fixation', frame, 1)
  return { width: m.width, height: m.height, data: Uint8Array.from(m.data, (v) => (v > 0 ? 1 : 0)) }
}

describeWithData(VIDEO_REL, 'metrics on the UCF-Sports sample match the numpy MIT port', () => {
  // read in beforeAll, not at collection: the suite is only collected when the data is there
  let ref: NonNullable<ReferenceFixture['ucf']>
  let gt: SalMap
  let fix: FixationMap
  let pred: SalMap
  let baseline: SalMap
  let otherCounts: Uint8Array
  let other: FixationMap
  beforeAll(() => {
    const loaded = loadReference().ucf
    if (!loaded) throw new Error('metrics_reference.json has no ucf section: rerun generate_fixtures.py with ../shared/data present')
    ref = loaded
    gt = readGray('maps', ref.frame, 255)
    fix = readFixations(ref.frame)
    pred = readGray('maps', ref.predFrame, 255)
    baseline = readGray('maps', ref.baselineFrame, 255)
    otherCounts = new Uint8Array(fix.data.length)
    for (const f of ref.otherFrames) {
      const o = readFixations(f)
      for (let i = 0; i < o.data.length; i++) if (o.data[i] > 0) otherCounts[i] = 1
    }
    for (let i = 0; i < otherCounts.length; i++) if (fix.data[i] > 0) otherCounts[i] = 0
    other = { width: fix.width, height: fix.height, data: otherCounts }
  })

  it('reads the same frames as the generator', () => {
    expect([fix.width, fix.height]).toEqual([720, 404])
    expect(Array.from(fix.data).reduce((a, b) => a + b, 0)).toBe(ref.fixatedPixels)
    expect(otherCounts.reduce((a, b) => a + b, 0)).toBe(ref.otherPixels)
  })

  it('same-size prediction: all metrics within 1e-9', () => {
    expectMetricsClose(computeAll(pred, gt, fix, other, baseline, ref.seed), ref.sameSize, 1e-9)
  })

  it('downscaled prediction (101x180): the metrics resize it back and still match', () => {
    const small = imresizeBicubic(pred, ref.downscaled.height, ref.downscaled.width)
    ref.downscaled.sample.forEach((v, k) => expect(Math.abs(small.data[k * 997] - toNumber(v))).toBeLessThan(1e-12))
    expectMetricsClose(computeAll(small, gt, fix, other, baseline, ref.seed), ref.downscaled.expected, 1e-9)
  })

  it('STAViS post-processed prediction matches', () => {
    const post = stavisPostprocess(pred)
    ref.stavisPostprocessed.sample.forEach((v, k) => expect(Math.abs(post.data[k * 991] - toNumber(v))).toBeLessThan(1e-12))
    const got = computeAll(post, gt, fix, other, baseline, ref.seed)
    const { aucJudd: aucNoJitter, ...rest } = ref.stavisPostprocessed.expected
    const { aucJudd: gotNoJitter, ...gotRest } = got
    expectMetricsClose({ ...gotRest, aucJudd: 0 }, { ...rest, aucJudd: 0 }, 1e-9)
    // Blurring an 8-bit map creates many values that are equal in exact arithmetic; which of them
    // come out equal in floating point depends on the last ulp of exp() and of each sum (numpy,
    // V8 and MATLAB all differ there). AUC-Judd without jitter counts ties (>=), so it moves by
    // ~1e-7 between implementations; with jitter (1e-7 noise) the ties are gone and it matches to 1e-9.
    expect(Math.abs(gotNoJitter - toNumber(aucNoJitter))).toBeLessThan(1e-6)
  })
})
