// The study's pure parts on hand-derived cases: feature norms (channel means, then L2), map
// distances, the verdict rule, the paired test of a metric across videos, the conditions' order
// and how the figure's frames are chosen.
import { describe, expect, it } from 'vitest'
import { FeatureNormLog, pooledNorm } from '../../../src/main/engine/audioswap/featureNorms'
import { pickFigureFrames } from '../../../src/main/engine/audioswap/figure'
import { compareMaps } from '../../../src/main/engine/audioswap/mapCompare'
import { studyConditions } from '../../../src/main/engine/audioswap/plan'
import { deltas, meanOfVideos, pairedTest, VERDICT_ALPHA, verdictOf } from '../../../src/main/engine/audioswap/reliance'
import { normStats, wilcoxonSignedRank } from '../../../src/main/metrics/statistics'
import type { PairedTest } from '../../../src/shared/reports'
import type { VideoRecord } from '../../../src/shared/types'

describe('feature norms (Table 5.4)', () => {
  it('averages each channel over the rest of the tensor, then takes the L2 norm per clip', () => {
    // (N=2, C=3, 2, 2): clip 0 channel means 1, 2, 2 → ‖·‖ = 3; clip 1 means 0, 3, 4 → 5
    const data = Float32Array.from([
      ...[0, 2, 1, 1], ...[2, 2, 2, 2], ...[4, 0, 4, 0],
      ...[1, -1, 2, -2], ...[3, 3, 3, 3], ...[8, 0, 0, 8]
    ])
    const t = { shape: [2, 3, 2, 2], data }
    expect(pooledNorm(t, 0)).toBe(3)
    expect(pooledNorm(t, 1)).toBe(5)
    expect(() => pooledNorm(t, 2)).toThrow(/no batch slot 2/)
    const log = new FeatureNormLog()
    log.addVisual(pooledNorm(t, 0))
    log.addVisual(pooledNorm(t, 1))
    log.addAudio('zero', 2)
    log.addAudio('zero', 2)
    // mean 4, population std 1 (numpy's default, as the thesis's table)
    expect(normStats(log.visual)).toEqual({ mean: 4, std: 1, n: 2 })
    expect(normStats(log.audio.get('zero')!)).toEqual({ mean: 2, std: 0, n: 2 })
  })

  it('a (N, C, T, 1) audio embedding counts T positions per channel like any other axis', () => {
    const t = { shape: [1, 2, 3, 1], data: Float32Array.from([3, 3, 3, -6, -6, -6]) }
    // means 3 and −6 → √45
    expect(pooledNorm(t, 0)).toBeCloseTo(Math.sqrt(45), 12)
  })
})

describe('map distance against real', () => {
  const map = (values: number[]) => ({ width: 2, height: 2, data: Uint8Array.from(values) })
  it('mean and max |a − b| in map units, Pearson CC', () => {
    const d = compareMaps(map([0, 255, 0, 255]), map([0, 0, 0, 255]))
    expect(d.meanAbsDiff).toBe(0.25)
    expect(d.maxAbsDiff).toBe(1)
    expect(d.cc).toBeCloseTo(1 / Math.sqrt(3), 12)
  })
  it('identical maps: zero distance, CC 1; a constant map has no CC', () => {
    expect(compareMaps(map([1, 2, 3, 4]), map([1, 2, 3, 4]))).toEqual({ meanAbsDiff: 0, maxAbsDiff: 0, cc: 1 })
    expect(compareMaps(map([5, 5, 5, 5]), map([1, 2, 3, 4])).cc).toBeNaN()
  })
  it('refuses maps of different sizes', () => {
    expect(() => compareMaps(map([0, 0, 0, 0]), { width: 4, height: 1, data: new Uint8Array(4) })).toThrow(/cannot be compared/)
  })
})

describe('verdict', () => {
  const test = (p: number | null): PairedTest => ({ n: 20, statistic: 1, p, method: 'exact', meanDelta: 0, ci95: null })
  it("'identical outputs' when no map differs by one grey level, whatever the tests say", () => {
    expect(verdictOf(0, { CC: test(1e-9) })).toBe('identical outputs')
  })
  it('significant when some metric has p < 0.05 / 6 (Bonferroni over the six metrics)', () => {
    expect(VERDICT_ALPHA).toBeCloseTo(0.05 / 6, 15)
    expect(verdictOf(1 / 255, { CC: test(0.2), NSS: test(0.008) })).toBe('significant difference')
    expect(verdictOf(1 / 255, { CC: test(0.2), NSS: test(0.009) })).toBe('no significant difference')
    expect(verdictOf(1 / 255, { CC: test(null) })).toBe('no significant difference')
  })
})

describe('per-metric paired test across videos', () => {
  const scores = (values: Record<number, number>) => ({ videos: new Map(Object.entries(values).map(([id, cc]) => [Number(id), { CC: cc }])) })
  it('pairs by video, skips videos missing on either side, and equals the Wilcoxon test of the pairs', () => {
    const condition = scores({ 1: 0.5, 2: 0.42, 3: 0.61, 4: 0.3, 5: 0.44, 6: 0.7 })
    const real = scores({ 1: 0.52, 2: 0.47, 3: 0.6, 4: 0.36, 5: 0.5, 7: 0.9 })
    const t = pairedTest(condition, real, 'CC', 3)
    const w = wilcoxonSignedRank([0.5, 0.42, 0.61, 0.3, 0.44], [0.52, 0.47, 0.6, 0.36, 0.5])
    expect(t).toMatchObject({ n: 5, statistic: w.statistic, p: w.p, method: w.method })
    expect(t.meanDelta).toBeCloseTo((-0.02 - 0.05 + 0.01 - 0.06 - 0.06) / 5, 12)
    expect(t.ci95![0]).toBeLessThanOrEqual(t.meanDelta!)
    expect(t.ci95![1]).toBeGreaterThanOrEqual(t.meanDelta!)
    // same seed, same interval
    expect(pairedTest(condition, real, 'CC', 3).ci95).toEqual(t.ci95)
  })
  it('dataset values are means of video means; deltas against real', () => {
    const m = meanOfVideos(scores({ 1: 0.2, 2: 0.4 }))
    expect(m.CC).toBeCloseTo(0.3, 15)
    expect(m.NSS).toBeNull()
    expect(deltas({ CC: 0.25, NSS: null }, { CC: 0.3, NSS: 1 })).toMatchObject({ CC: expect.closeTo(-0.05, 12), NSS: null })
  })
})

describe('conditions and figure frames', () => {
  it("puts real first and each condition once", () => {
    expect(studyConditions(['zero', 'real', 'zero', 'shuffled'])).toEqual(['real', 'zero', 'shuffled'])
    expect(studyConditions(['random'])).toEqual(['real', 'random'])
  })

  const video = (id: number, frameCount: number) => ({ id, name: `v${id}`, frameCount }) as VideoRecord
  const videos = [video(1, 100), video(2, 100)]
  const ranges = new Map([
    [1, { first: 0, last: 99 }],
    [2, { first: 10, last: 59 }]
  ])
  it('the frames where the conditions differ most, summed over conditions, at least 16 frames apart', () => {
    const candidates = [
      { videoId: 1, frame: 40, distance: 0.3 },
      { videoId: 1, frame: 40, distance: 0.3 }, // another condition, same frame: 0.6 in all
      { videoId: 1, frame: 45, distance: 0.5 }, // too close to 40
      { videoId: 2, frame: 20, distance: 0.4 },
      { videoId: 2, frame: 70, distance: 0.9 }, // outside video 2's range
      { videoId: 1, frame: 90, distance: 0.1 }
    ]
    expect(pickFigureFrames(candidates, videos, ranges, null)).toEqual([
      { videoId: 1, frame: 40 },
      { videoId: 1, frame: 90 },
      { videoId: 2, frame: 20 }
    ])
  })
  it('frames the user chose, in the first video whose range has them', () => {
    expect(pickFigureFrames([], videos, new Map([[1, null], [2, { first: 10, last: 59 }]]), [12, 5, 12, 30])).toEqual([
      { videoId: 2, frame: 12 },
      { videoId: 2, frame: 30 }
    ])
    expect(pickFigureFrames([], videos, ranges, [500])).toEqual([])
  })
  it('no difference anywhere (a dead audio path): frames spread over the first video', () => {
    expect(pickFigureFrames([{ videoId: 1, frame: 3, distance: 0 }], videos, ranges, null)).toEqual([
      { videoId: 1, frame: 25 },
      { videoId: 1, frame: 50 },
      { videoId: 1, frame: 74 }
    ])
  })
})
