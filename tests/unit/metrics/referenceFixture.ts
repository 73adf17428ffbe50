// Loads tests/fixtures/metrics/metrics_reference.json (written by generate_fixtures.py from the
// numpy port of the MIT code). JSON has no NaN: the generator writes null, turned back into NaN here.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect } from 'vitest'
import { aucBorji, aucJudd, aucShuffled, cc, infoGain, kld, nss, sim } from '../../../src/main/metrics'
import type { FixationMap, SalMap } from '../../../src/main/metrics'

export interface JsonMap {
  width: number
  height: number
  data: (number | null)[]
}

export type ExpectedMetrics = Record<
  | 'aucJudd'
  | 'aucJuddJitter'
  | 'aucShuffled'
  | 'aucBorji'
  | 'nss'
  | 'nssPopulation'
  | 'cc'
  | 'sim'
  | 'simNoMinMax'
  | 'kld'
  | 'infoGain',
  number | null
>

export type ComputedMetrics = Record<keyof ExpectedMetrics, number>

export interface ReferenceFixture {
  prng: { seed: number; u32: number[]; floats: number[] }[]
  colon: { max: number; values: number[] }[]
  resize: { input: JsonMap; outHeight: number; outWidth: number; output: JsonMap }[]
  postprocess: { input: JsonMap; output: JsonMap }[]
  synthetic: {
    maps: Record<string, JsonMap>
    cases: {
      name: string
      seed: number
      pred: string
      gt: string
      fix: string
      other: string
      baseline: string
      expected: ExpectedMetrics
    }[]
  }
  ucf?: {
    frame: number
    predFrame: number
    baselineFrame: number
    otherFrames: number[]
    seed: number
    fixatedPixels: number
    otherPixels: number
    sameSize: ExpectedMetrics
    downscaled: { height: number; width: number; expected: ExpectedMetrics; sample: (number | null)[] }
    stavisPostprocessed: { expected: ExpectedMetrics; sample: (number | null)[] }
  }
}

export const FIXTURE_PATH = resolve(import.meta.dirname, '../../fixtures/metrics/metrics_reference.json')

export function loadReference(): ReferenceFixture {
  return JSON.parse(readFileSync(FIXTURE_PATH, 'utf8')) as ReferenceFixture
}

export function toNumber(v: number | null): number {
  return v === null ? NaN : v
}

export function toMap(m: JsonMap): SalMap {
  return { width: m.width, height: m.height, data: Float64Array.from(m.data, toNumber) }
}

/** |a - b| <= tol, with NaN matching NaN only. */
export function close(actual: number, expected: number | null, tol: number): boolean {
  const e = toNumber(expected)
  if (Number.isNaN(e) || Number.isNaN(actual)) return Number.isNaN(e) && Number.isNaN(actual)
  return Math.abs(actual - e) <= tol
}

/** The metric set the fixture holds, computed with the same options the generator used. */
export function computeAll(
  pred: SalMap,
  gt: SalMap,
  fix: FixationMap,
  other: FixationMap,
  baseline: SalMap,
  seed: number
): ComputedMetrics {
  return {
    aucJudd: aucJudd(pred, fix, { jitter: false }),
    aucJuddJitter: aucJudd(pred, fix, { jitter: true, seed }),
    aucShuffled: aucShuffled(pred, fix, other, { seed }),
    aucBorji: aucBorji(pred, fix, { seed }),
    nss: nss(pred, fix),
    nssPopulation: nss(pred, fix, { std: 'population' }),
    cc: cc(pred, gt),
    sim: sim(pred, gt),
    simNoMinMax: sim(pred, gt, { minMax: false }),
    kld: kld(pred, gt),
    infoGain: infoGain(pred, fix, baseline)
  }
}

export function expectMetricsClose(actual: ComputedMetrics, expected: ExpectedMetrics, tol: number): void {
  const keys = Object.keys(expected) as (keyof ExpectedMetrics)[]
  const bad = keys.filter((k) => !close(actual[k], expected[k], tol))
  expect(bad.map((k) => `${k}: got ${actual[k]}, want ${expected[k]}`)).toEqual([])
}
