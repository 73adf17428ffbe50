import { describe, expect, it } from 'vitest'
import { alignByNumber, compactRanges, findGaps, numberFiles, parseFrameNumber } from '../../../src/main/datasets/frameNumbers'

describe('parseFrameNumber', () => {
  it('takes the last run of digits before the extension', () => {
    expect(parseFrameNumber('Diving-Side_001_011.jpg')).toBe(11)
    expect(parseFrameNumber('img_00001.jpg')).toBe(1)
    expect(parseFrameNumber('eyeMap_00120.jpg')).toBe(120)
    expect(parseFrameNumber('0042.png')).toBe(42)
    expect(parseFrameNumber('frame12_final.png')).toBe(12)
    expect(parseFrameNumber('cover.png')).toBeNull()
  })
})

describe('numberFiles', () => {
  it('sorts by number, not by text or extension', () => {
    const out = numberFiles(['f_10.png', 'f_9.jpg', 'f_100.png', 'f_1.png'])
    expect(out.files.map((f) => f.name)).toEqual(['f_1.png', 'f_9.jpg', 'f_10.png', 'f_100.png'])
  })

  it('keeps the first of two files with the same number and reports the other', () => {
    const out = numberFiles(['a_011.png', 'a_011.jpg', 'a_012.png', 'notes'])
    expect(out.files.map((f) => f.name)).toEqual(['a_011.jpg', 'a_012.png'])
    expect(out.duplicates).toEqual(['a_011.png'])
    expect(out.unnumbered).toEqual(['notes'])
  })

  it('numbers names without digits by natural order', () => {
    expect(numberFiles(['b.png', 'a.png']).files).toEqual([
      { name: 'a.png', number: 1 },
      { name: 'b.png', number: 2 }
    ])
  })
})

describe('findGaps and compactRanges', () => {
  it('lists the numbers missing inside the range', () => {
    expect(findGaps([1, 2, 5, 6, 9])).toEqual([3, 4, 7, 8])
    expect(findGaps([3, 4, 5])).toEqual([])
  })

  it('writes runs with an en dash', () => {
    expect(compactRanges([40, 12, 13, 14])).toBe('12–14, 40')
    expect(compactRanges([7])).toBe('7')
    expect(compactRanges([1, 3, 5, 7], 2)).toBe('1, 3 … (2 runs more)')
  })
})

describe('alignByNumber', () => {
  const files = (nums: number[]) => nums.map((n) => ({ name: `m${n}.png`, number: n }))

  it('puts each file at the frame with its number and reports holes and extras', () => {
    const out = alignByNumber([1, 2, 3, 4], files([1, 3, 4, 9]))
    expect(out.files).toEqual(['m1.png', null, 'm3.png', 'm4.png'])
    expect(out.missing).toEqual([2])
    expect(out.extra).toEqual([9])
    expect(out.offset).toBe(0)
  })

  it('shifts a numbering that starts elsewhere when nothing matches', () => {
    const out = alignByNumber([1, 2, 3], files([0, 1, 2]))
    // 0,1,2 overlap 1,2 → matched by number, frame 3 has none
    expect(out.files).toEqual(['m1.png', 'm2.png', null])
    const shifted = alignByNumber([101, 102], files([1, 2]))
    expect(shifted.offset).toBe(-100)
    expect(shifted.files).toEqual(['m1.png', 'm2.png'])
  })
})
