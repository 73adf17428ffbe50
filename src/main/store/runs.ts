// Runs (infer / eval / train / study) with their lifecycle, owner, queue lane, tags, params and
// metric curves. Every transition is one conditional UPDATE, so a crash leaves either the old or
// the new state, never a half-written row.
//
//   queued ──claim──▶ running ──▶ done | failed | cancelled | stopped-resumable
//     │                  │  └─stop/cancel requested─▶ stopping ──▶ (same finals)
//     └─cancel─▶ cancelled      owner gone (crash, kill -9) ─▶ interrupted
//   stopped-resumable | interrupted ──resume──▶ queued
//
// A run belongs to the process that supervises it (its owner: host, pid, start time), which
// writes a heartbeat. Another process only declares a run interrupted when that owner is
// provably gone (same host: pid dead or reused) or silent past a stale limit (another host).
import { randomUUID } from 'node:crypto'
import { AppError } from '../../shared/errors'
import { RUN_KINDS, RUN_STATUSES, type RunKind, type RunStatus } from '../../shared/types'
import { describeOwner, ownerState, sameOwner, thisProcessOwner, type OwnerState, type ProcessOwner } from '../core/processOwner'
import { nowIso, numberToSql, parseJsonColumn, requireInteger, requireNonEmpty, sqlToNumber } from './rows'
import type { Store } from './store'

export { RUN_KINDS, RUN_STATUSES, type RunKind, type RunStatus }
export type FinalRunStatus = Extract<RunStatus, 'done' | 'failed' | 'cancelled' | 'stopped-resumable' | 'interrupted'>
export type ActiveRunStatus = Extract<RunStatus, 'queued' | 'running' | 'stopping'>

export const ACTIVE_STATUSES: readonly ActiveRunStatus[] = ['queued', 'running', 'stopping']
export const FINAL_STATUSES: readonly FinalRunStatus[] = ['done', 'failed', 'cancelled', 'stopped-resumable', 'interrupted']
/** statuses a run can be resumed from (its work so far is kept and reused) */
export const RESUMABLE_STATUSES: readonly RunStatus[] = ['stopped-resumable', 'interrupted']

/** A run whose owner is on this host is never declared stale while its pid lives. */
export const DEFAULT_STALE_HEARTBEAT_MS = 120_000

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
  /** the study (or other parent) this run belongs to */
  parentRunId?: string | null
  /** the run whose output this run consumes (an evaluation of an inference run's maps) */
  sourceRunId?: string | null
  audioCondition?: string | null
  /** who supervises the run; default: this process */
  owner?: ProcessOwner
  /** queue lane of a heavy run ('cpu', 'cuda:0', …); null: runs at once */
  device?: string | null
}

export interface RunRecord {
  id: string
  kind: RunKind
  status: RunStatus
  /** why a run is interrupted / stopping / stopped (failures keep their message in `error`) */
  statusReason: string | null
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
  parentRunId: string | null
  sourceRunId: string | null
  audioCondition: string | null
  owner: ProcessOwner | null
  /** epoch ms of the owner's last heartbeat */
  heartbeatMs: number | null
  device: string | null
  queueSeq: number
  tags: Record<string, string>
  params: Record<string, string>
}

export interface RunFilter {
  kind?: RunKind
  status?: RunStatus
  datasetId?: number
  modelId?: number
  parentRunId?: string
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
  status_reason: string | null
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
  parent_run_id: string | null
  source_run_id: string | null
  audio_condition: string | null
  owner_host: string | null
  owner_pid: number | null
  owner_started_ms: number | null
  heartbeat_ms: number | null
  device: string | null
  queue_seq: number
}

const ACTIVE_SQL = `('queued', 'running', 'stopping')`

function keyValues(store: Store, table: 'run_tags' | 'run_params', runId: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const row of store.all<{ key: string; value: string }>(`SELECT key, value FROM ${table} WHERE run_id = ? ORDER BY key`, [runId])) {
    out[row.key] = row.value
  }
  return out
}

function ownerOf(row: RunRow): ProcessOwner | null {
  if (row.owner_host === null || row.owner_pid === null || row.owner_started_ms === null) return null
  return { host: row.owner_host, pid: row.owner_pid, startedMs: row.owner_started_ms }
}

function toRunRecord(store: Store, row: RunRow): RunRecord {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    statusReason: row.status_reason,
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
    parentRunId: row.parent_run_id,
    sourceRunId: row.source_run_id,
    audioCondition: row.audio_condition,
    owner: ownerOf(row),
    heartbeatMs: row.heartbeat_ms,
    device: row.device,
    queueSeq: row.queue_seq,
    tags: keyValues(store, 'run_tags', row.id),
    params: keyValues(store, 'run_params', row.id)
  }
}

function notFound(store: Store, id: string): AppError {
  return new AppError('unknown-run', `run ${id} does not exist in ${store.path}`, { path: store.path })
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

/** Creates a run in status 'queued' at the end of its lane's queue and returns it. */
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
  const owner = run.owner ?? thisProcessOwner()
  const id = randomUUID()
  store.transaction(() => {
    store.run(
      `INSERT INTO runs (id, kind, status, config_json, runtime, backend, notes, created_at, model_id, dataset_id,
         parent_run_id, source_run_id, audio_condition, owner_host, owner_pid, owner_started_ms, heartbeat_ms, device, queue_seq)
       VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(queue_seq), 0) + 1 FROM runs))`,
      [
        id,
        run.kind,
        configJson,
        run.runtime ?? null,
        run.backend ?? null,
        run.notes ?? '',
        nowIso(),
        run.modelId ?? null,
        run.datasetId ?? null,
        run.parentRunId ?? null,
        run.sourceRunId ?? null,
        run.audioCondition ?? null,
        owner.host,
        owner.pid,
        owner.startedMs,
        Date.now(),
        run.device ?? null
      ]
    )
    for (const [key, value] of Object.entries(run.tags ?? {})) setRunTag(store, id, key, value)
    writeParams(store, id, run.params ?? {})
  })
  const created = getRun(store, id)
  if (!created) throw notFound(store, id)
  return created
}

function transition(store: Store, id: string, from: readonly RunStatus[], to: RunStatus, set: string, params: (string | number | null)[]): void {
  const placeholders = from.map(() => '?').join(', ')
  const result = store.run(`UPDATE runs SET status = ?, ${set} WHERE id = ? AND status IN (${placeholders})`, [to, ...params, id, ...from])
  if (result.changes === 1) return
  const row = store.get<{ status: RunStatus }>('SELECT status FROM runs WHERE id = ?', [id])
  if (!row) throw notFound(store, id)
  throw new AppError('invalid-state', `run ${id} is ${row.status}; it can become ${to} only from ${from.join(' or ')}`)
}

/** queued → running, now (light runs, and runs a caller has already given a lane). */
export function startRun(store: Store, id: string): void {
  transition(store, id, ['queued'], 'running', 'started_at = coalesce(started_at, ?), status_reason = NULL', [nowIso()])
}

export interface ClaimOptions {
  /** runs of one lane (device) that may run at once; default 1 */
  perDevice?: number
}

/**
 * queued → running when its lane has room and no earlier run of the lane still waits (FIFO
 * across every process sharing the log). Runs without a lane start at once. Returns whether
 * it started; a run that is no longer queued (cancelled meanwhile) answers false.
 */
export function claimRun(store: Store, id: string, options: ClaimOptions = {}): boolean {
  const perDevice = requireInteger(options.perDevice ?? 1, 'runs per device', 1)
  return store.transaction(() => {
    const row = store.get<{ status: RunStatus; device: string | null; queue_seq: number }>('SELECT status, device, queue_seq FROM runs WHERE id = ?', [id])
    if (!row) throw notFound(store, id)
    if (row.status !== 'queued') return false
    if (row.device !== null) {
      const busy = store.get<{ n: number }>(`SELECT count(*) AS n FROM runs WHERE device = ? AND status IN ('running', 'stopping')`, [row.device])
      if ((busy?.n ?? 0) >= perDevice) return false
      const ahead = store.get<{ n: number }>(`SELECT count(*) AS n FROM runs WHERE device = ? AND status = 'queued' AND queue_seq < ?`, [row.device, row.queue_seq])
      if ((ahead?.n ?? 0) > 0) return false
    }
    startRun(store, id)
    return true
  })
}

/** 1 for the next run of its lane to start; null when the run is not waiting in a lane. */
export function queuePosition(store: Store, id: string): number | null {
  const row = store.get<{ status: RunStatus; device: string | null; queue_seq: number }>('SELECT status, device, queue_seq FROM runs WHERE id = ?', [id])
  if (!row || row.status !== 'queued' || row.device === null) return null
  const ahead = store.get<{ n: number }>(`SELECT count(*) AS n FROM runs WHERE device = ? AND status = 'queued' AND queue_seq < ?`, [row.device, row.queue_seq])
  return (ahead?.n ?? 0) + 1
}

/** running → stopping: the job was asked to cancel or to stop resumably and is winding down. */
export function markStopping(store: Store, id: string, reason: string): void {
  transition(store, id, ['running'], 'stopping', 'status_reason = ?', [reason])
}

export interface FinishOptions {
  /** why (interrupted, stopped-resumable, cancelled); failures pass `error` */
  reason?: string
  /**
   * The owner finishing the run: it may still finish a run another process declared
   * interrupted meanwhile (the owner was alive after all, e.g. a suspended laptop), so the
   * true outcome is kept.
   */
  owner?: ProcessOwner
}

/** active → a final status. A failed run must say why. */
export function finishRun(store: Store, id: string, status: FinalRunStatus, error?: string, options: FinishOptions = {}): void {
  if (!FINAL_STATUSES.includes(status)) {
    throw new AppError('bad-argument', `a run finishes as ${FINAL_STATUSES.join(', ')}, got ${JSON.stringify(status)}`)
  }
  if (status === 'failed' && (error === undefined || error.trim() === '')) {
    throw new AppError('bad-argument', `run ${id} is marked failed without an error message; pass what went wrong`)
  }
  const from: RunStatus[] = [...ACTIVE_STATUSES]
  if (options.owner && status !== 'interrupted') {
    const run = getRun(store, id)
    if (run?.status === 'interrupted' && run.owner && sameOwner(run.owner, options.owner)) from.push('interrupted')
  }
  transition(store, id, from, status, 'ended_at = ?, error = ?, status_reason = ?', [
    nowIso(),
    status === 'failed' ? (error ?? null) : null,
    options.reason ?? (status === 'failed' ? null : (error ?? null))
  ])
}

/** stopped-resumable | interrupted → queued again, under a new owner, at the end of its lane. */
export function requeueRun(store: Store, id: string, owner: ProcessOwner = thisProcessOwner()): void {
  transition(
    store,
    id,
    RESUMABLE_STATUSES,
    'queued',
    `status_reason = NULL, ended_at = NULL, error = NULL, owner_host = ?, owner_pid = ?, owner_started_ms = ?, heartbeat_ms = ?,
     queue_seq = (SELECT coalesce(max(queue_seq), 0) + 1 FROM runs)`,
    [owner.host, owner.pid, owner.startedMs, Date.now()]
  )
}

/** The owner's periodic sign of life for all its active runs; returns how many it touched. */
export function heartbeatRuns(store: Store, owner: ProcessOwner = thisProcessOwner(), now = Date.now()): number {
  return store.run(
    `UPDATE runs SET heartbeat_ms = ? WHERE owner_host = ? AND owner_pid = ? AND owner_started_ms = ? AND status IN ${ACTIVE_SQL}`,
    [now, owner.host, owner.pid, owner.startedMs]
  ).changes
}

export interface SweepOptions {
  /** another host's owner counts as gone after this long without a heartbeat */
  staleMs?: number
  now?: number
  /** how an owner's liveness is judged (tests pass their own) */
  ownerState?: (owner: ProcessOwner) => OwnerState
}

export interface InterruptedRun {
  id: string
  reason: string
}

/**
 * Active runs whose owner is gone become 'interrupted', with the reason. Runs of live owners,
 * including this process's own, are left alone. Returns what it changed.
 */
export function sweepOrphanedRuns(store: Store, options: SweepOptions = {}): InterruptedRun[] {
  const staleMs = options.staleMs ?? DEFAULT_STALE_HEARTBEAT_MS
  const now = options.now ?? Date.now()
  const stateOf = options.ownerState ?? ownerState
  const candidates = store.all<RunRow>(`SELECT * FROM runs WHERE status IN ${ACTIVE_SQL}`)
  const gone: InterruptedRun[] = []
  for (const row of candidates) {
    const owner = ownerOf(row)
    const last = row.heartbeat_ms === null ? 'never' : new Date(row.heartbeat_ms).toISOString()
    let reason: string | null = null
    if (!owner) reason = `interrupted: the run was ${row.status} with no recorded owner (written by an older version of the app)`
    else {
      const state = stateOf(owner)
      if (state === 'gone') reason = `interrupted: its owner, ${describeOwner(owner)}, is gone (crash, kill or power loss); last heartbeat ${last}`
      else if (state === 'unknown' && (row.heartbeat_ms === null || now - row.heartbeat_ms > staleMs)) {
        reason = `interrupted: no heartbeat from its owner, ${describeOwner(owner)}, for over ${Math.round(staleMs / 1000)} s (last ${last})`
      }
    }
    if (reason === null) continue
    // conditional on the row being unchanged since it was read: a live owner may just have finished it
    const result = store.run(
      `UPDATE runs SET status = 'interrupted', status_reason = ?, ended_at = ? WHERE id = ? AND status = ? AND coalesce(heartbeat_ms, -1) = ?`,
      [reason, nowIso(), row.id, row.status, row.heartbeat_ms ?? -1]
    )
    if (result.changes === 1) gone.push({ id: row.id, reason })
  }
  return gone
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

const UPSERT_LATEST = `INSERT INTO latest_metrics (run_id, key, value, step, timestamp) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, step = excluded.step, timestamp = excluded.timestamp
  WHERE excluded.step > latest_metrics.step OR (excluded.step = latest_metrics.step AND excluded.timestamp >= latest_metrics.timestamp)`

/**
 * Many points in one transaction (what a training worker sends per batch of steps). The full
 * history goes to run_metrics; latest_metrics keeps each key's value at the highest step
 * (then the latest time), as MLflow does, so run lists never scan curves.
 */
export function logMetrics(store: Store, runId: string, entries: readonly MetricEntry[]): void {
  for (const entry of entries) validateMetric(runId, entry)
  const now = Date.now()
  store.transaction(() => {
    for (const entry of entries) {
      const values = [runId, entry.key, numberToSql(entry.value), entry.step ?? 0, entry.timestamp ?? now]
      store.run('INSERT INTO run_metrics (run_id, key, value, step, timestamp) VALUES (?, ?, ?, ?, ?)', values)
      store.run(UPSERT_LATEST, values)
    }
  })
}

/** Each key's latest value (NaN where it was NaN). */
export function latestMetrics(store: Store, runId: string): Record<string, MetricPoint> {
  const out: Record<string, MetricPoint> = {}
  for (const row of store.all<{ key: string; value: number | null; step: number; timestamp: number }>(
    'SELECT key, value, step, timestamp FROM latest_metrics WHERE run_id = ? ORDER BY key',
    [runId]
  )) {
    out[row.key] = { step: row.step, value: sqlToNumber(row.value), timestamp: row.timestamp }
  }
  return out
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

/** The run by id prefix too (`avsal runs show 3f2a9c1e`), as git does; ambiguity is an error. */
export function findRun(store: Store, idOrPrefix: string): RunRecord | null {
  const exact = getRun(store, idOrPrefix)
  if (exact || !/^[0-9a-f-]{4,}$/i.test(idOrPrefix)) return exact
  const rows = store.all<RunRow>("SELECT * FROM runs WHERE id LIKE ? || '%' ORDER BY created_at LIMIT 6", [idOrPrefix.toLowerCase()])
  if (rows.length > 1) {
    throw new AppError('bad-argument', `run id prefix ${idOrPrefix} is ambiguous`, rows.map((r) => `${r.id} (${r.kind}, ${r.status}, ${r.created_at})`))
  }
  return rows.length ? toRunRecord(store, rows[0]) : null
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
       AND (@parentRunId IS NULL OR parent_run_id = @parentRunId)
     ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
    {
      kind: filter.kind ?? null,
      status: filter.status ?? null,
      datasetId: filter.datasetId ?? null,
      modelId: filter.modelId ?? null,
      parentRunId: filter.parentRunId ?? null,
      limit
    }
  )
  return rows.map((row) => toRunRecord(store, row))
}
