// The heard player's difference timelines: one line per condition against real, readable ticks.
import { describe, expect, it } from 'vitest'
import { conditionColor, differenceDatasets, formatTick } from '../../../src/renderer/src/lib/differenceChart'

describe('difference timelines', () => {
  it('draws every condition but real, gaps left out', () => {
    const series = {
      zero: { meanAbsDiff: [0, 0.1, null], cc: [1, 0.9, null] },
      shuffled: { meanAbsDiff: [0.2, 0.3, 0.1], cc: [0.8, 0.7, 0.9] }
    }
    const sets = differenceDatasets(series, ['real', 'zero', 'shuffled', 'random'], 'cc', 3)
    expect(sets.map((s) => s.label)).toEqual(['zero', 'shuffled'])
    expect(sets[0].data).toEqual([{ x: 0, y: 1 }, { x: 1, y: 0.9 }])
    expect(sets[1].borderColor).toBe(conditionColor(['real', 'zero', 'shuffled', 'random'], 'shuffled'))
    expect(sets[0].borderColor).not.toBe(sets[1].borderColor)
  })

  it('labels ticks with enough decimals to tell them apart, in exponent form when all are tiny', () => {
    expect(formatTick(0.9999995, 0.0000005, 1)).toBe('0.9999995')
    expect(formatTick(0.25, 0.05, 0.5)).toBe('0.25')
    expect(formatTick(0.00002, 0.00001, 0.00003)).toBe('2.0e-5')
    expect(formatTick(0, 0.00001, 0.00003)).toBe('0')
  })
})
