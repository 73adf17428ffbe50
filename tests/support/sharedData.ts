// The real samples in ../shared/data (see its README) are on CI but not in a fresh clone. Suites
// that use them go through describeWithData / itWithData: with the data there they run as
// written; without it their bodies are never called (so nothing reads a file at collection time)
// and one skipped test per suite says which path was missing.
// AVSAL_SHARED_DATA points elsewhere (an empty folder checks the skip path).
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, it } from 'vitest'

const REPO = resolve(import.meta.dirname, '../..')
const FROM_ENV = process.env.AVSAL_SHARED_DATA || null

/** Absolute path of the shared data folder. */
export const SHARED_DATA = FROM_ENV ? resolve(FROM_ENV) : resolve(REPO, '../shared/data')

/** Every skip reason starts with this, so a runner (and the regression test) can find them. */
export const SKIP_PREFIX = 'skipped: ../shared/data/'

/** Absolute path of `rel` inside the shared data folder (whether or not it exists). */
export function dataPath(rel: string): string {
  return join(SHARED_DATA, rel)
}

export function hasData(rel: string): boolean {
  return existsSync(dataPath(rel))
}

/** null when every path is there, else the message for the skipped test. */
function skipReason(rels: string | readonly string[]): string | null {
  const missing = (typeof rels === 'string' ? [rels] : rels).filter((rel) => !hasData(rel))
  if (missing.length === 0) return null
  const where = FROM_ENV ? ` (AVSAL_SHARED_DATA=${FROM_ENV})` : ''
  return `${SKIP_PREFIX}${missing.join(', ../shared/data/')} not found${where}`
}

/** `describe(name, fn)` when every path in `rels` exists; otherwise a suite of one skipped test naming what is missing. */
export function describeWithData(rels: string | readonly string[], name: string, fn: () => void): void {
  const reason = skipReason(rels)
  if (reason === null) {
    describe(name, fn)
    return
  }
  console.warn(`${reason} — ${name}`)
  describe(name, () => {
    it.skip(reason, () => undefined)
  })
}

/** `it(name, fn, timeout)` when every path in `rels` exists; otherwise a skipped test whose name says what is missing. */
export function itWithData(rels: string | readonly string[], name: string, fn: () => unknown, timeout?: number): void {
  const reason = skipReason(rels)
  if (reason === null) {
    it(name, fn, timeout)
    return
  }
  console.warn(`${reason} — ${name}`)
  it.skip(`${reason} — ${name}`, () => undefined)
}
