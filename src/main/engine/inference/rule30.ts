// Wolfram's Rule 30 cellular automaton as a bit source: the thesis's "Wolfram" audio (Table 5.9).
// Pure and deterministic.
//
//   cell update:  c'[i] = c[i−1] XOR (c[i] OR c[i+1])          (rule 30 = 0b00011110)
//   the row is a ring of `width` cells (a multiple of 32, packed 32 per Uint32 word, cell i in
//   bit i%32 of word ⌊i/32⌋); the output is the centre column, cell ⌊width/2⌋, one bit per step,
//   starting with the initial row's centre cell (step 0), as Wolfram's Random[] did.
// From a lone centre cell on a ring wider than 2·steps the column equals OEIS A051023.
import { Rng } from '../../metrics/rng'
import { AppError } from '../../../shared/errors'

/** Default ring: 256 cells, far too many states (2^256) for a video's few million steps to cycle. */
export const RULE30_WIDTH = 256

export class Rule30 {
  readonly width: number
  private cells: Uint32Array
  private next: Uint32Array
  private readonly centreWord: number
  private readonly centreBit: number

  /** `row`: the initial cells, packed (width = 32·row.length). */
  constructor(row: Uint32Array) {
    if (row.length === 0) throw new AppError('bad-argument', 'a Rule 30 ring needs at least 32 cells')
    this.width = row.length * 32
    this.cells = Uint32Array.from(row)
    this.next = new Uint32Array(row.length)
    const centre = this.width >>> 1
    this.centreWord = centre >>> 5
    this.centreBit = centre & 31
  }

  /** A ring whose initial row is drawn from `seed` (never all zero: the empty row is a fixed point). */
  static seeded(seed: number, width = RULE30_WIDTH): Rule30 {
    const row = new Uint32Array(ringWords(width))
    const rng = new Rng(seed)
    for (let j = 0; j < row.length; j++) row[j] = rng.nextUint32()
    if (row.every((w) => w === 0)) row[0] = 1
    return new Rule30(row)
  }

  /** A ring with only its centre cell on (the textbook start, for A051023). */
  static lone(width = RULE30_WIDTH): Rule30 {
    const row = new Uint32Array(ringWords(width))
    const centre = (row.length * 32) >>> 1
    row[centre >>> 5] = (1 << (centre & 31)) >>> 0
    return new Rule30(row)
  }

  /** The centre cell of the current row. */
  centre(): number {
    return (this.cells[this.centreWord] >>> this.centreBit) & 1
  }

  /** One generation over the whole ring. */
  step(): void {
    const c = this.cells
    const n = c.length
    for (let j = 0; j < n; j++) {
      const w = c[j]
      const before = c[j === 0 ? n - 1 : j - 1]
      const after = c[j === n - 1 ? 0 : j + 1]
      const left = (w << 1) | (before >>> 31) // bit b holds cell i−1
      const right = (w >>> 1) | (after << 31) // bit b holds cell i+1
      this.next[j] = (left ^ (w | right)) >>> 0
    }
    // the new row becomes current; the old buffer is reused for the next generation
    this.cells = this.next
    this.next = c
  }

  /** `count` centre-column bits: the current centre, then one more per generation. */
  bits(count: number): Uint8Array {
    const out = new Uint8Array(count)
    for (let i = 0; i < count; i++) {
      out[i] = this.centre()
      this.step()
    }
    return out
  }

  /** The next `bits` (1…32) centre bits as an unsigned integer, first bit most significant. */
  word(bits: number): number {
    let v = 0
    for (let i = 0; i < bits; i++) {
      v = v * 2 + this.centre()
      this.step()
    }
    return v
  }
}

function ringWords(width: number): number {
  if (!Number.isInteger(width) || width < 32 || width % 32 !== 0) {
    throw new AppError('bad-argument', `a Rule 30 ring is a multiple of 32 cells wide, got ${width}`)
  }
  return width / 32
}
