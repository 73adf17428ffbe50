// N / Shift+N in the heard player: the strongest local maxima of the summed mean |Δ| vs real.
import { describe, expect, it } from 'vitest'
import { combinedDifference, differencePeaks, nextDifferenceFrame, peakLimit } from '../../../src/renderer/src/lib/differenceFrames'

describe('combinedDifference', () => {
  it('sums the conditions frame by frame, with gaps where no condition was computed', () => {
    const series = {
      zero: { meanAbsDiff: [0.1, 0.2, null, 0.1], cc: [] },
      shuffled: { meanAbsDiff: [0.05, null, null, 0.3], cc: [] }
    }
    const s = combinedDifference(series)
    expect(s[0]).toBeCloseTo(0.15)
    expect(s[1]).toBeCloseTo(0.2)
    expect(s[2]).toBeNull()
    expect(s[3]).toBeCloseTo(0.4)
    expect(combinedDifference(series, ['zero'])).toEqual([0.1, 0.2, null, 0.1])
    expect(combinedDifference({})).toEqual([])
  })
})

describe('differencePeaks', () => {
  it('finds local maxima, strongest first up to the limit, and returns them in frame order', () => {
    //            0    1    2    3    4    5    6    7    8
    const s = [0.1, 0.5, 0.2, 0.3, 0.9, 0.1, 0.4, 0.2, 0.6]
    expect(differencePeaks(s, 10)).toEqual([1, 4, 6, 8])
    expect(differencePeaks(s, 2)).toEqual([4, 8])
    expect(differencePeaks(s, 0)).toEqual([])
  })

  it('counts a plateau once at its first frame, an end or a gap as lower, and never a zero', () => {
    expect(differencePeaks([0.1, 0.4, 0.4, 0.4, 0.2], 10)).toEqual([1])
    expect(differencePeaks([0.3, 0.3, 0.1], 10)).toEqual([0])
    expect(differencePeaks([0.1, 0.2, null, 0.5, 0.1], 10)).toEqual([1, 3])
    expect(differencePeaks([0, 0, 0], 10)).toEqual([])
    // a plateau that rises again is no peak
    expect(differencePeaks([0.1, 0.4, 0.4, 0.6], 10)).toEqual([3])
  })

  it('keeps about one peak per second of computed frames (5 to 50)', () => {
    expect(peakLimit(16, 25)).toBe(5)
    expect(peakLimit(783, 30)).toBe(27)
    expect(peakLimit(100_000, 25)).toBe(50)
    expect(peakLimit(100, 0)).toBe(5)
  })
})

describe('nextDifferenceFrame', () => {
  const peaks = [3, 10, 20]
  it('goes to the next peak after the playhead, and the previous one before it', () => {
    expect(nextDifferenceFrame(peaks, 0, 1)).toEqual({ frame: 3, wrapped: false })
    expect(nextDifferenceFrame(peaks, 3, 1)).toEqual({ frame: 10, wrapped: false })
    expect(nextDifferenceFrame(peaks, 15, -1)).toEqual({ frame: 10, wrapped: false })
    expect(nextDifferenceFrame(peaks, 10, -1)).toEqual({ frame: 3, wrapped: false })
  })

  it('wraps round past the ends, and says so; nothing without peaks', () => {
    expect(nextDifferenceFrame(peaks, 20, 1)).toEqual({ frame: 3, wrapped: true })
    expect(nextDifferenceFrame(peaks, 3, -1)).toEqual({ frame: 20, wrapped: true })
    expect(nextDifferenceFrame([], 5, 1)).toBeNull()
  })
})
