// Runs (infer / eval / train) with their lifecycle, tags, params and metric curves. A run moves
// queued → running → done | failed | cancelled; every transition is one conditional UPDATE, so a
// crash leaves either the old or the new state, never a half-written row.
import { randomUUID } from 'node:crypto'

import { nowIso, numberToSql, parseJsonColumn, requireInteger, requireNonEmpty, sqlToNumber } from './rows'

import type { Store } from './store'
import { AppError } from '../../shared/errors'


export type RunKind = 'infer' | 'eval' | 'train'
export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
export type FinalRunStatus = Extract<RunStatus, 'done' | 'failed' | 'cancelled'>

export const INTERRUPTED_RUN_ERROR = 'interrupted: the app exited while the run was active'

/** JSON-serialisable configuration of a run */
export type RunConfig = { [key: string]: unknown }

export interface NewRun {
  kind: RunKind
  config?: RunConfig
  /** e.g. 'onnxruntime-node 1.30' or 'tfjs-wasm' */
  runtime?: string | null
  /** e.g. 'cpu', 'cuda' */
  backend?: string | null
  notes?: string
  modelId?: number | null
  datasetId?: number | null
  tags?: Record<string, string>
  /** immutable once written */
  params?: Record<string, string>
}

export interface RunRecord {
  id: string
  kind: RunKind
  status: RunStatus
  config: RunConfig
  runtime: string | null
  backend: string | null
  error: string | null
  notes: string
  createdAt: string
  startedAt: string | null
  endedAt: string | null
  modelId: number | null
  datasetId: number | null
  tags: Record<string, string>
  params: Record<string, string>
}

export interface RunFilter {
  kind?: RunKind
  status?: RunStatus
  datasetId?: number
  modelId?: number
  /** newest first; default 200 */
  limit?: number
}

export interface MetricPoint {
  step: number
  /** NaN when the logged value was NaN */
  value: number
  /** epoch milliseconds */
  timestamp: number
}

export interface MetricEntry {
  key: string
  value: number
  step?: number
  timestamp?: number
}

interface RunRow {
  id: string
  kind: RunKind
  status: RunStatus
  config_json: string
  runtime: string | null
  backend: string | null
  error: string | null
  notes: string
  created_at: string
  started_at: string | null
  ended_at: string | null
  model_id: number | null
  dataset_id: number | null
}

const RUN_KINDS: readonly RunKind[] = ['infer', 'eval', 'train']
const FINAL_STATUSES: readonly FinalRunStatus[] = ['done', 'failed', 'cancelled']

function keyValues(store: Store, table: 'run_tags' | 'run_params', runId: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const row of store.all<{ key: string; value: string }>(`SELECT key, value FROM ${table} WHERE run_id = ? ORDER BY key`, [runId])) {
    out[row.key] = row.value
  }
  return out
}

function toRunRecord(store: Store, row: RunRow): RunRecord {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    config: parseJsonColumn<RunConfig>(store, row.config_json, `runs.config_json of run ${row.id}`),
    runtime: row.runtime,
    backend: row.backend,
    error: row.error,
    notes: row.notes,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    modelId: row.model_id,
    datasetId: row.dataset_id,
    tags: keyValues(store, 'run_tags', row.id),
    params: keyValues(store, 'run_params', row.id)
  }
}

function notFound(store: Store, id: string): AppError {
  return new AppError('not-found', `run ${id} does not exist in ${store.path}`, { path: store.path })
}

function writeParams(store: Store, runId: string, params: Record<string, string>): void {
  for (const [key, value] of Object.entries(params)) {
    requireNonEmpty(key, `param key of run ${runId}`)
    const existing = store.get<{ value: string }>('SELECT value FROM run_params WHERE run_id = ? AND key = ?', [runId, key])
    if (existing === undefined) {
      store.run('INSERT INTO run_params (run_id, key, value) VALUES (?, ?, ?)', [runId, key, String(value)])
    } else if (existing.value !== String(value)) {
      throw new AppError('invalid-state', `param "${key}" of run ${runId} is already ${JSON.stringify(existing.value)}; params are immutable (tried ${JSON.stringify(value)})`)
    }
  }
}

/** Creates a run in status 'queued' and returns it. */
export function createRun(store: Store, run: NewRun): RunRecord {
  if (!RUN_KINDS.includes(run.kind)) {
    throw new AppError('bad-argument', `run kind must be one of ${RUN_KINDS.join(', ')}, got ${JSON.stringify(run.kind)}`)
  }
  let configJson: string
  try {
    configJson = JSON.stringify(run.config ?? {})
  } catch (err) {
    throw new AppError('bad-argument', `config of the new ${run.kind} run is not JSON-serialisable: ${(err as Error).message}`)
  }
  const id = randomUUID()
  store.transaction(() => {
    store.run(
      `INSERT INTO runs (id, kind, status, config_json, runtime, backend, notes, created_at, model_id, dataset_id)
       VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
      [id, run.kind, configJson, run.runtime ?? null, run.backend ?? null, run.notes ?? '', nowIso(), run.modelId ?? null, run.datasetId ?? null]
    )
    for (const [key, value] of Object.entries(run.tags ?? {})) setRunTag(store, id, key, value)
    writeParams(store, id, run.params ?? {})
  })
  const created = getRun(store, id)
  if (!created) throw notFound(store, id)
  return created
}

function transition(store: Store, id: string, from: readonly RunStatus[], to: RunStatus, set: string, params: (string | null)[]): void {
  const placeholders = from.map(() => '?').join(', ')
  const result = store.run(`UPDATE runs SET status = ?, ${set} WHERE id = ? AND status IN (${placeholders})`, [to, ...params, id, ...from])
  if (result.changes === 1) return
  const row = store.get<{ status: RunStatus }>('SELECT status FROM runs WHERE id = ?', [id])
  if (!row) throw notFound(store, id)
  throw new AppError('invalid-state', `run ${id} is ${row.status}; it can become ${to} only from ${from.join(' or ')}`)
}

/** queued → running */
export function startRun(store: Store, id: string): void {
  transition(store, id, ['queued'], 'running', 'started_at = ?', [nowIso()])
}

/** queued | running → done | failed | cancelled. A failed run must say why. */
export function finishRun(store: Store, id: string, status: FinalRunStatus, error?: string): void {
  if (!FINAL_STATUSES.includes(status)) {
    throw new AppError('bad-argument', `a run finishes as ${FINAL_STATUSES.join(', ')}, got ${JSON.stringify(status)}`)
  }
  if (status === 'failed' && (error === undefined || error.trim() === '')) {
    throw new AppError('bad-argument', `run ${id} is marked failed without an error message; pass what went wrong`)
  }
  transition(store, id, ['queued', 'running'], status, 'ended_at = ?, error = ?', [nowIso(), error ?? null])
}

/**
 * At start-up: runs still 'running' belong to a process that is gone (crash, kill, power loss).
 * They become 'failed' with INTERRUPTED_RUN_ERROR. Returns their ids.
 */
export function failInterruptedRuns(store: Store): string[] {
  return store.transaction(() => {
    const ids = store.all<{ id: string }>("SELECT id FROM runs WHERE status = 'running'").map((r) => r.id)
    store.run("UPDATE runs SET status = 'failed', error = ?, ended_at = ? WHERE status = 'running'", [INTERRUPTED_RUN_ERROR, nowIso()])
    return ids
  })
}

export function setRunTag(store: Store, runId: string, key: string, value: string): void {
  requireNonEmpty(key, `tag key of run ${runId}`)
  store.run('INSERT INTO run_tags (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value', [
    runId,
    key,
    String(value)
  ])
}

export function logRunParams(store: Store, runId: string, params: Record<string, string>): void {
  store.transaction(() => writeParams(store, runId, params))
}

export function setRunNotes(store: Store, runId: string, notes: string): void {
  const result = store.run('UPDATE runs SET notes = ? WHERE id = ?', [notes, runId])
  if (result.changes === 0) throw notFound(store, runId)
}

function validateMetric(runId: string, entry: MetricEntry): void {
  requireNonEmpty(entry.key, `metric key of run ${runId}`)
  if (typeof entry.value !== 'number') {
    throw new AppError('bad-argument', `metric "${entry.key}" of run ${runId} must be a number, got ${typeof entry.value}`)
  }
  if (entry.step !== undefined) requireInteger(entry.step, `step of metric "${entry.key}" of run ${runId}`)
}

/** One point of a curve (e.g. train loss at a step). NaN is kept (as NULL). */
export function logMetric(store: Store, runId: string, key: string, value: number, step = 0, timestamp = Date.now()): void {
  logMetrics(store, runId, [{ key, value, step, timestamp }])
}

/** Many points in one transaction (what a training worker sends per batch of steps). */
export function logMetrics(store: Store, runId: string, entries: readonly MetricEntry[]): void {
  for (const entry of entries) validateMetric(runId, entry)
  const now = Date.now()
  store.transaction(() => {
    for (const entry of entries) {
      store.run('INSERT INTO run_metrics (run_id, key, step, value, timestamp) VALUES (?, ?, ?, ?, ?)', [
        runId,
        entry.key,
        entry.step ?? 0,
        numberToSql(entry.value),
        entry.timestamp ?? now
      ])
    }
  })
}

/** The curve of one metric, by step then time of logging. */
export function metricHistory(store: Store, runId: string, key: string): MetricPoint[] {
  return store
    .all<{ step: number; value: number | null; timestamp: number }>(
      'SELECT step, value, timestamp FROM run_metrics WHERE run_id = ? AND key = ? ORDER BY step, timestamp, rowid',
      [runId, key]
    )
    .map((row) => ({ step: row.step, value: sqlToNumber(row.value), timestamp: row.timestamp }))
}

export function metricKeys(store: Store, runId: string): string[] {
  return store.all<{ key: string }>('SELECT DISTINCT key FROM run_metrics WHERE run_id = ? ORDER BY key', [runId]).map((r) => r.key)
}

export function getRun(store: Store, id: string): RunRecord | null {
  const row = store.get<RunRow>('SELECT * FROM runs WHERE id = ?', [id])
  return row ? toRunRecord(store, row) : null
}

/** Newest first. */
export function listRuns(store: Store, filter: RunFilter = {}): RunRecord[] {
  const limit = requireInteger(filter.limit ?? 200, 'limit of listed runs', 1)
  // one statement text for every filter combination: unset filters bind NULL
  const rows = store.all<RunRow>(
    `SELECT * FROM runs
     WHERE (@kind IS NULL OR kind = @kind) AND (@status IS NULL OR status = @status)
       AND (@datasetId IS NULL OR dataset_id = @datasetId) AND (@modelId IS NULL OR model_id = @modelId)
     ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
    { kind: filter.kind ?? null, status: filter.status ?? null, datasetId: filter.datasetId ?? null, modelId: filter.modelId ?? null, limit }
  )
  return rows.map((row) => toRunRecord(store, row))
}
