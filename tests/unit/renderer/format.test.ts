import { describe, expect, it } from 'vitest'
import { fixationLabel, formatDate, formatFps, plural } from '../../../src/renderer/src/lib/format'

describe('format helpers', () => {
  it('prints integer fps plainly and fractional ones with two decimals', () => {
    expect(formatFps(30)).toBe('30')
    expect(formatFps(30000 / 1001)).toBe('29.97')
  })

  it('names every fixation source', () => {
    expect(fixationLabel('png')).toBe('fixation PNGs')
    expect(fixationLabel('mat')).toBe('fixation .mat')
    expect(fixationLabel('gaze')).toBe('raw gaze')
    expect(fixationLabel('none')).toBe('no fixations')
  })

  it('formats ISO dates in local time and keeps unparsable text', () => {
    const local = new Date(2026, 10, 27, 9, 5)
    expect(formatDate(local.toISOString())).toBe('2026-11-27 09:05')
    expect(formatDate('yesterday-ish')).toBe('yesterday-ish')
  })

  it('pluralises', () => {
    expect(plural(1, 'issue')).toBe('1 issue')
    expect(plural(3, 'issue')).toBe('3 issues')
  })
})
