// Evaluation protocols: sAUC negatives, per-frame evaluation, aggregation, preset list.
import { describe, expect, it } from 'vitest'
import { AGGREGATIONS, EVALUATION_PRESETS, POSTPROCESSING, Rng, SAUC_NEGATIVE_SOURCES, aggregate, aucJudd, aucShuffled, buildOtherMap, cc, evaluateFrame, imresizeBicubic, kld, nss, presetById, sim, stavisPostprocess } from '../../../src/main/metrics'
import type { FixationMap, FrameMetrics, SalMap } from '../../../src/main/metrics'
import { fixOf } from './helpers'
import { AppError } from '../../../src/shared/errors'

function smoothMap(h: number, w: number, cy: number, cx: number, noise: number): SalMap {
  const data = new Float64Array(h * w)
  const rng = new Rng(h * 31 + w)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      data[y * w + x] = Math.exp(-((y - cy) ** 2 + (x - cx) ** 2) / 30) + noise * rng.nextFloat()
  return { width: w, height: h, data }
}

describe('sAUC negatives', () => {
  const frames: FixationMap[] = [fixOf(2, 3, [[0, 0]]), fixOf(2, 3, [[0, 1], [1, 2]]), fixOf(2, 3, [[0, 0], [1, 1]])]

  it('same-video-union-minus-current: union of all frames, current fixated pixels removed (STAViS)', () => {
    // union: (0,0) (0,1) (1,2) (1,1); current frame 2 fixates (0,0) and (1,1) -> left (0,1) and (1,2)
    const o = buildOtherMap('same-video-union-minus-current', { width: 3, height: 2, videoFrames: frames, frameIndex: 2 }, new Rng(0))
    expect(Array.from(o.data)).toEqual([0, 1, 0, 0, 0, 1])
    // a frame fixating (0,0) again: pixels fixated in the current frame are removed even if others fixated them too
    const o0 = buildOtherMap('same-video-union-minus-current', { width: 3, height: 2, videoFrames: frames, frameIndex: 0 }, new Rng(0))
    expect(Array.from(o0.data)).toEqual([0, 1, 0, 0, 1, 1])
  })

  it('dhf1k-10-random-frames: 10 distinct pool frames, seeded, rescaled to the frame size', () => {
    // 16 pool frames of 4x4, frame i fixates only pixel i -> the union has exactly 10 pixels
    const pool = { size: 16, get: (i: number) => fixOf(4, 4, [[Math.floor(i / 4), i % 4]]) }
    const a = buildOtherMap('dhf1k-10-random-frames', { width: 4, height: 4, pool }, new Rng(7))
    expect(Array.from(a.data).reduce((s, v) => s + v, 0)).toBe(10)
    const again = buildOtherMap('dhf1k-10-random-frames', { width: 4, height: 4, pool }, new Rng(7))
    expect(Array.from(again.data)).toEqual(Array.from(a.data))
    // a 2x2 pool frame fixating its (1-based) point (2,2) maps to round(2*2) = 4 -> 0-based (3,3) in 4x4
    const small = { size: 1, get: () => fixOf(2, 2, [[1, 1]]) }
    const r = buildOtherMap('dhf1k-10-random-frames', { width: 4, height: 4, pool: small }, new Rng(1))
    expect(r.data[15]).toBe(1)
  })

  it('all-other: every other pool frame, counts kept, the current frame excluded', () => {
    const pool = { size: 3, get: (i: number) => [fixOf(1, 3, [[0, 0]]), fixOf(1, 3, [[0, 0], [0, 2]]), null][i] }
    expect(Array.from(buildOtherMap('all-other', { width: 3, height: 1, pool, poolIndex: 2 }, new Rng(0)).data)).toEqual([2, 0, 1])
    expect(Array.from(buildOtherMap('all-other', { width: 3, height: 1, pool, poolIndex: 0 }, new Rng(0)).data)).toEqual([1, 0, 1])
  })

  it('missing context raises a metric-input AppError', () => {
    expect(() => buildOtherMap('same-video-union-minus-current', { width: 3, height: 2 }, new Rng(0))).toThrow(AppError)
    expect(() => buildOtherMap('dhf1k-10-random-frames', { width: 3, height: 2 }, new Rng(0))).toThrow(/fixation pool/)
  })
})

describe('evaluateFrame', () => {
  const gt = smoothMap(12, 16, 6, 8, 0)
  const fix = fixOf(12, 16, [[6, 8], [5, 9], [7, 7], [2, 3]])
  const other = fixOf(12, 16, [[1, 1], [10, 14], [6, 2], [3, 12], [9, 9], [0, 15]])
  const pred = smoothMap(12, 16, 5, 9, 0.05)

  it('same-size prediction: each metric equals its direct call (shared seeded stream: jitter, then sAUC)', () => {
    const r = evaluateFrame(pred, gt, fix, other, { seed: 11 })
    const rng = new Rng(11)
    expect(r.AUC_Judd).toBe(aucJudd(pred, fix, { rng }))
    expect(r.sAUC).toBe(aucShuffled(pred, fix, other, { rng }))
    expect(r.NSS).toBe(nss(pred, fix))
    expect(r.CC).toBe(cc(pred, gt))
    expect(r.SIM).toBe(sim(pred, gt))
    expect(r.KLD).toBe(kld(pred, gt))
    expect(r.resized).toBe(false)
  })

  it('other size: resized once with MATLAB bicubic, and reported', () => {
    const small = smoothMap(6, 8, 2.5, 4.5, 0.05)
    const r = evaluateFrame(small, gt, fix, null, { aucJudd: { jitter: false } })
    const up = imresizeBicubic(small, 12, 16)
    expect(r.resized).toBe(true)
    expect(r.CC).toBe(cc(up, gt))
    expect(r.NSS).toBe(nss(up, fix))
    expect(r.CC).toBe(cc(small, gt)) // each MIT function resizes the same way on its own
  })

  it('leaves out metrics whose inputs are missing, and those not asked for', () => {
    const noGt = evaluateFrame(pred, null, fix, null)
    expect(Object.keys(noGt).sort()).toEqual(['AUC_Judd', 'NSS', 'resized'])
    const noFix = evaluateFrame(pred, gt, null, null)
    expect(Object.keys(noFix).sort()).toEqual(['CC', 'KLD', 'SIM', 'resized'])
    const some = evaluateFrame(pred, gt, fix, other, { metrics: ['CC', 'sAUC'] })
    expect(Object.keys(some).sort()).toEqual(['CC', 'resized', 'sAUC'])
  })

  it('a frame without fixations gives NaN location metrics (dropped later), not omitted ones', () => {
    const r = evaluateFrame(pred, gt, fixOf(12, 16, []), other)
    expect(r.AUC_Judd).toBeNaN()
    expect(r.sAUC).toBeNaN()
    expect(r.NSS).toBeNaN()
    expect(r.CC).not.toBeNaN()
  })

  it('STAViS post-processing is applied before scoring', () => {
    const p01 = { ...pred, data: pred.data.map((v) => v / 1.1) }
    const r = evaluateFrame(p01, gt, fix, null, { postprocess: 'stavis' })
    expect(r.CC).toBe(cc(stavisPostprocess(p01), gt))
  })

  it('rejects unknown metrics and mismatched other maps', () => {
    expect(() => evaluateFrame(pred, gt, fix, null, { metrics: ['AUC' as never] })).toThrow(/unknown metric 'AUC'/)
    expect(() => evaluateFrame(pred, gt, fix, fixOf(3, 3, [[0, 0]]))).toThrow(AppError)
  })
})

describe('aggregate', () => {
  const f = (cc: number, nss?: number): FrameMetrics => ({ CC: cc, ...(nss === undefined ? {} : { NSS: nss }), resized: false })
  const videos = [
    { video: 'A', split: 's1', frames: [f(0.5, 1), f(NaN, 2), f(0.7)] },
    { video: 'B', split: 's2', frames: [f(0.1, NaN)] },
    { video: 'C', split: 's2', frames: [f(0.3, 3)] }
  ]

  it('mean-of-videos: per-video means without NaN frames, then the mean over videos', () => {
    // CC: A = (0.5+0.7)/2 = 0.6, B = 0.1, C = 0.3 -> 1.0/3; NSS: A = 1.5, B all NaN (left out), C = 3 -> 2.25
    const r = aggregate(videos, 'mean-of-videos')
    expect(r.metrics.CC).toBeCloseTo(1.0 / 3, 15)
    expect(r.metrics.NSS).toBeCloseTo(2.25, 15)
    expect(r.counts.CC).toEqual({ scored: 4, nanDropped: 1 })
    expect(r.counts.NSS).toEqual({ scored: 3, nanDropped: 1 })
    expect(r.videosWithoutValue.NSS).toBe(1)
    expect(r.metrics.SIM).toBeUndefined()
  })

  it('pooled-frames: every non-NaN frame weighs the same', () => {
    // CC: (0.5 + 0.7 + 0.1 + 0.3) / 4 = 0.4; NSS: (1 + 2 + 3) / 3 = 2
    const r = aggregate(videos, 'pooled-frames')
    expect(r.metrics.CC).toBeCloseTo(0.4, 15)
    expect(r.metrics.NSS).toBeCloseTo(2, 15)
  })

  it('mean-of-splits: mean-of-videos per split, then over splits', () => {
    // CC: s1 = 0.6, s2 = (0.1 + 0.3)/2 = 0.2 -> 0.4
    const r = aggregate(videos, 'mean-of-splits')
    expect(r.metrics.CC).toBeCloseTo(0.4, 15)
    expect(r.perSplit?.map((s) => s.split)).toEqual(['s1', 's2'])
    expect(() => aggregate([{ video: 'X', frames: [f(1)] }], 'mean-of-splits')).toThrow(/needs a split on every video; missing on: X/)
  })
})

describe('preset list', () => {
  it('every preset names known choices and has a description', () => {
    const ids = EVALUATION_PRESETS.map((p) => p.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const p of EVALUATION_PRESETS) {
      expect(SAUC_NEGATIVE_SOURCES.some((s) => s.id === p.saucNegatives)).toBe(true)
      expect(AGGREGATIONS.some((a) => a.id === p.aggregation)).toBe(true)
      expect(POSTPROCESSING.some((a) => a.id === p.postprocess)).toBe(true)
      expect(p.description.length).toBeGreaterThan(40)
    }
    expect(presetById('stavis-av').postprocess).toBe('stavis')
    expect(() => presetById('nope')).toThrow(/unknown evaluation preset 'nope'/)
  })
})
