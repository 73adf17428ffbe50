import { describe, expect, it } from 'vitest'
import { Rule30, RULE30_WIDTH } from '../../../src/main/engine/inference/rule30'
import { AppError } from '../../../src/shared/errors'

// OEIS A051023, n = 0…101: middle column of rule 30 from a lone 1 cell (oeis.org/A051023)
const A051023 = [
  1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 0,
  0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1,
  0, 0, 1, 0, 1, 1, 0, 0, 0, 1
]

/** The rule table itself, one cell per array element, on a ring: an independent reference. */
function naiveRing(row: number[], steps: number): number[] {
  const rule = 30
  let cells = [...row]
  const w = cells.length
  const centre = w >>> 1
  const out: number[] = []
  for (let t = 0; t < steps; t++) {
    out.push(cells[centre])
    cells = cells.map((_, i) => (rule >> ((cells[(i - 1 + w) % w] << 2) | (cells[i] << 1) | cells[(i + 1) % w])) & 1)
  }
  return out
}

function unpack(row: Uint32Array): number[] {
  return Array.from({ length: row.length * 32 }, (_, i) => (row[i >>> 5] >>> (i & 31)) & 1)
}

describe('Rule 30', () => {
  it('the centre column of a lone cell is OEIS A051023', () => {
    expect(Array.from(Rule30.lone(256).bits(A051023.length))).toEqual(A051023)
    // the first 20 terms, as quoted in the brief
    expect(A051023.slice(0, 20)).toEqual([1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 1])
  })

  it('the packed ring steps exactly as the rule table, across word edges and the wrap-around', () => {
    for (const width of [32, 64, 96]) {
      const row = new Uint32Array(width / 32)
      for (let j = 0; j < row.length; j++) row[j] = (0x9e3779b9 * (j + 1)) >>> 0
      expect(Array.from(new Rule30(row).bits(600))).toEqual(naiveRing(unpack(row), 600))
    }
    // a lone cell on a narrow ring: the wrap-around shows, and both still agree
    const lone = Rule30.lone(32)
    expect(Array.from(lone.bits(300))).toEqual(naiveRing(unpack(Uint32Array.from([1 << 16])), 300))
  })

  it('seeded rows are reproducible, differ by seed, and give balanced bits', () => {
    const a = Rule30.seeded(7).bits(20000)
    expect(Rule30.seeded(7).bits(20000)).toEqual(a)
    expect(Rule30.seeded(8).bits(20000)).not.toEqual(a)
    const ones = a.reduce((s, b) => s + b, 0)
    expect(Math.abs(ones / a.length - 0.5)).toBeLessThan(0.02)
    expect(Rule30.seeded(7).width).toBe(RULE30_WIDTH)
  })

  it('word(n) packs the next n centre bits, first bit most significant', () => {
    const bits = Rule30.seeded(3).bits(32)
    const ca = Rule30.seeded(3)
    const hi = ca.word(16)
    const lo = ca.word(16)
    expect(hi).toBe(parseInt(Array.from(bits.subarray(0, 16)).join(''), 2))
    expect(lo).toBe(parseInt(Array.from(bits.subarray(16)).join(''), 2))
  })

  it('a ring is a positive multiple of 32 cells', () => {
    expect(() => Rule30.seeded(1, 48)).toThrow(AppError)
    expect(() => Rule30.lone(0)).toThrow(/multiple of 32/)
  })
})
