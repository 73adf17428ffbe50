// The heard player's difference overlay: |map − real map| stretched to its colour bar.
import { describe, expect, it } from 'vitest'
import { absDiffMap, differenceScale, formatScale } from '../../../src/renderer/src/lib/mapDiff'

const map = (values: number[], width = values.length, height = 1) => ({ width, height, data: Uint8Array.from(values) })

describe('absDiffMap', () => {
  it('is |a − b| on the full range with scale 1', () => {
    expect([...(absDiffMap(map([0, 100, 255, 30]), map([10, 40, 0, 30]), 1)?.data ?? [])]).toEqual([10, 60, 255, 0])
  })

  it('stretches so that `scale` map units reach 255, clipping above', () => {
    // scale 0.1: one 8-bit step (1/255 ≈ 0.0039) becomes 10
    const d = absDiffMap(map([0, 1, 20, 200]), map([0, 0, 0, 0]), 0.1)
    expect([...(d?.data ?? [])]).toEqual([0, 10, 200, 255])
    // a bad scale falls back to the full range
    expect([...(absDiffMap(map([5]), map([0]), 0)?.data ?? [])]).toEqual([5])
  })

  it('refuses maps of different sizes', () => {
    expect(absDiffMap(map([1, 2]), map([1, 2, 3]), 1)).toBeNull()
  })
})

describe('differenceScale', () => {
  it("tops the bar at the video's largest difference, at least one 8-bit step, or the full range", () => {
    expect(differenceScale([0.02, 0.14, Number.NaN], 'video')).toBe(0.14)
    expect(differenceScale([0, 0], 'video')).toBeCloseTo(1 / 255)
    expect(differenceScale([], 'video')).toBeCloseTo(1 / 255)
    expect(differenceScale([0.14], 'full')).toBe(1)
    expect([formatScale(1), formatScale(0.14), formatScale(1 / 255)]).toEqual(['1', '0.14', '0.0039'])
  })
})
