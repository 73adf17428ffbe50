// Small helpers shared by the query modules: timestamps, JSON columns, NaN ↔ NULL.
import type { Store } from './store'
import { AppError } from '../../shared/errors'

export function nowIso(): string {
  return new Date().toISOString()
}

/** Parses a JSON column; a row that does not parse is reported with its table, id and column. */
export function parseJsonColumn<T>(store: Store, text: string, where: string): T {
  try {
    return JSON.parse(text) as T
  } catch (err) {
    throw new AppError('bad-row', `The experiment log ${store.path} holds invalid JSON in ${where}: ${(err as Error).message}`, {
      path: store.path,
      details: [text.slice(0, 200)]
    })
  }
}

/** SQLite has no NaN: it is stored as NULL (±Infinity stays a REAL). */
export function numberToSql(value: number): number | null {
  return Number.isNaN(value) ? null : value
}

export function sqlToNumber(value: number | null): number {
  return value === null ? Number.NaN : value
}

export function requireNonEmpty(value: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AppError('bad-argument', `${what} must be a non-empty string, got ${JSON.stringify(value)}`)
  }
  return value
}

export function requireInteger(value: number, what: string, min = 0): number {
  if (!Number.isInteger(value) || value < min) {
    throw new AppError('bad-argument', `${what} must be an integer ≥ ${min}, got ${value}`)
  }
  return value
}
