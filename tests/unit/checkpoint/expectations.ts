// Loads the expectations written by tests/fixtures/checkpoint/make_fixtures.py (PyTorch's view
// of every fixture) and compares a reader result against them.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect } from 'vitest'
import type { Checkpoint } from '../../../src/main/models/checkpoint'
import { tensorSum } from '../../../src/main/models/checkpoint'
import { dataPath } from '../../support/sharedData'

export const FIXTURES = resolve(import.meta.dirname, '../../fixtures/checkpoint')
/** the real checkpoints, relative to ../shared/data (suites using them go through describeWithData) */
export const REAL_CHECKPOINTS_REL = 'checkpoints'
export const REAL_CHECKPOINTS = dataPath(REAL_CHECKPOINTS_REL)

/** JSON has no inf/nan; the generator writes them as strings. */
type JsonNumber = number | string

export interface ExpectedTensor {
  key: string
  shape: number[]
  dtype: string
  sum: JsonNumber
  absSum: JsonNumber
  values?: (JsonNumber | string)[]
}

interface ExpectedHeader {
  format: 'zip' | 'legacy'
  statePath: string[]
  strippedPrefix: string | null
}

export interface ExpectedSynthetic extends ExpectedHeader {
  tensors: ExpectedTensor[]
}

export interface ExpectedReal extends ExpectedHeader {
  count: number
  listingSha256: string
  sums: JsonNumber[]
  absSums: JsonNumber[]
  sample: { key: string; shape: number[]; dtype: string; sum: JsonNumber }[]
}

function loadJson<T>(name: string): Record<string, T> {
  const parsed = JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf8')) as { checkpoints: Record<string, T> }
  return parsed.checkpoints
}

export const expectedSynthetic = (): Record<string, ExpectedSynthetic> => loadJson<ExpectedSynthetic>('expected_synthetic.json')
export const expectedReal = (): Record<string, ExpectedReal> => loadJson<ExpectedReal>('expected_real.json')

export function num(value: JsonNumber): number {
  return typeof value === 'number' ? value : Number(value)
}

/**
 * Our sum runs left to right in float64; PyTorch's reference is math.fsum (exact). They may
 * differ by rounding: at most n·eps·Σ|x|, far below 1e-9 of Σ|x| for these sizes.
 */
export function expectSumClose(actual: number, expected: JsonNumber, absSum: JsonNumber, what: string): void {
  const want = num(expected)
  if (!Number.isFinite(want)) {
    expect(actual, what).toBe(want)
    return
  }
  const tolerance = 1e-9 * Math.max(num(absSum), 1e-300) + 1e-12
  expect(Math.abs(actual - want), `${what}: sum ${actual} vs torch ${want}`).toBeLessThanOrEqual(tolerance)
}

export function expectHeader(checkpoint: Checkpoint, expected: ExpectedHeader): void {
  expect(checkpoint.format).toBe(expected.format)
  expect(checkpoint.statePath).toEqual(expected.statePath)
  expect(checkpoint.strippedPrefix).toBe(expected.strippedPrefix)
}

export function expectTensorsMatch(checkpoint: Checkpoint, expected: ExpectedSynthetic): void {
  expectHeader(checkpoint, expected)
  expect([...checkpoint.tensors.keys()]).toEqual(expected.tensors.map((t) => t.key))
  for (const want of expected.tensors) {
    const got = checkpoint.tensors.get(want.key)
    if (got === undefined) throw new Error(`tensor ${want.key} missing`)
    expect(got.shape, want.key).toEqual(want.shape)
    expect(got.dtype, want.key).toBe(want.dtype)
    expect(got.data.length, want.key).toBe(want.shape.reduce((a, b) => a * b, 1))
    expectSumClose(tensorSum(got), want.sum, want.absSum, want.key)
    if (want.values !== undefined) {
      const values = got.dtype === 'int64' ? [...got.data].map(String) : [...got.data]
      const wanted = got.dtype === 'int64' ? want.values.map(String) : want.values.map((v) => num(v))
      expect(values, `${want.key} values`).toEqual(wanted)
    }
  }
}
