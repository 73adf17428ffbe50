// Shared fixture readers for the model tests.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const FIXTURES = join(import.meta.dirname, '../../fixtures/models')

export function readTsv(name: string): Array<{ key: string; shape: number[] }> {
  return readFileSync(join(FIXTURES, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [key, shape] = l.split('\t')
      const dims = shape.replace(/[()]/g, '').split(',').map((d) => d.trim()).filter(Boolean).map(Number)
      return { key, shape: dims }
    })
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`)
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]))
  return m
}
