// Seeded PRNG for the random parts of the MIT metrics (AUC-Judd jitter, sAUC/AUC-Borji splits).
// MATLAB's own `rand` stream cannot be reproduced, so published numbers with jitter/splits are
// stochastic; we make ours repeatable instead. Generator: xoshiro128** 1.0 (Blackman & Vigna),
// state filled from a 32-bit seed with splitmix32. tests/fixtures/metrics/mit_reference.py holds a
// bit-identical Python port, so the random paths are checked against the reference too.

const GOLDEN_GAMMA = 0x9e3779b9

function splitmix32(state: number): { state: number; value: number } {
  const next = (state + GOLDEN_GAMMA) >>> 0
  let z = next
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
  z = (z ^ (z >>> 16)) >>> 0
  return { state: next, value: z }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0
}

export class Rng {
  private s0: number
  private s1: number
  private s2: number
  private s3: number

  /** seed: any number; it is reduced to an unsigned 32-bit integer. */
  constructor(seed: number) {
    let state = seed >>> 0
    const words: number[] = []
    for (let i = 0; i < 4; i++) {
      const r = splitmix32(state)
      state = r.state
      words.push(r.value)
    }
    // the all-zero state is the one state xoshiro cannot leave
    if (!words.some((w) => w !== 0)) words[0] = 1
    ;[this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number]
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0
    const t = (this.s1 << 9) >>> 0
    this.s2 = (this.s2 ^ this.s0) >>> 0
    this.s3 = (this.s3 ^ this.s1) >>> 0
    this.s1 = (this.s1 ^ this.s2) >>> 0
    this.s0 = (this.s0 ^ this.s3) >>> 0
    this.s2 = (this.s2 ^ t) >>> 0
    this.s3 = rotl(this.s3, 11)
    return result
  }

  /** Uniform double in [0, 1) with 53 random bits (two 32-bit draws: 27 + 26 bits). */
  nextFloat(): number {
    const a = this.nextUint32() >>> 5
    const b = this.nextUint32() >>> 6
    return (a * 67108864 + b) / 9007199254740992
  }

  /** Uniform integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.nextFloat() * n)
  }
}

/** Mixes a base seed with e.g. video and frame numbers, so each frame gets its own repeatable stream. */
export function deriveSeed(base: number, ...parts: number[]): number {
  let state = base >>> 0
  let value = splitmix32(state).value
  for (const part of parts) {
    state = (value ^ (part >>> 0)) >>> 0
    value = splitmix32(state).value
  }
  return value
}
