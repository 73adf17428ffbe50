// The v1 → v2 migration (run engine) on a log written by v1: every row of every table is kept,
// the runs table is rebuilt without cascading into its children, v1's "failed: interrupted"
// runs become 'interrupted', latest metrics are filled in, and references still work after.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../../../src/main/store/db'
import { MIGRATIONS } from '../../../src/main/store/migrations'
import { evaluationsForRun } from '../../../src/main/store/evaluations'
import { getRun, latestMetrics, listRuns, metricHistory } from '../../../src/main/store/runs'
import { listPredictionLayers } from '../../../src/main/store/layers'
import { listVideoSummaries } from '../../../src/main/store/catalog'
import { removeTempDirs, tempDir } from './helpers'

afterEach(removeTempDirs)

const V1_INTERRUPTED = 'interrupted: the app exited while the run was active'

/** A v1 log as v1 wrote it, through raw SQL on the v1 schema. */
function writeV1Log(path: string): void {
  openStore(path, { migrations: [MIGRATIONS[0]] }).close()
  const db = new Database(path)
  db.exec(`
    INSERT INTO datasets (id, root, name, layout, layout_detail, opened_at) VALUES (1, '/data/ucf', 'UCF', 'vinet', 'vinet folders', '2025-01-01T00:00:00.000Z');
    INSERT INTO videos (id, dataset_id, position, name, grp, frame_count, fps, width, height, has_audio, audio_path, has_maps, fixation_kind, issue_count, record_json)
      VALUES (10, 1, 0, 'clip-a', 'testing', 3, 25, 64, 48, 0, NULL, 1, 'mat', 0, '{"name":"clip-a"}'),
             (11, 1, 1, 'clip-b', 'testing', 3, 25, 64, 48, 0, NULL, 1, 'mat', 0, '{"name":"clip-b"}');
    INSERT INTO models (id, architecture, variant, checkpoint_sha256, created_at) VALUES (5, 'vinet', '', '${'ab'.repeat(32)}', '2025-01-01T00:00:00.000Z');
    INSERT INTO runs (id, kind, status, config_json, error, created_at, started_at, ended_at, model_id, dataset_id) VALUES
      ('run-infer', 'infer', 'done', '{"audioCondition":"none","model":"vinet"}', NULL, '2025-01-01T01:00:00.000Z', '2025-01-01T01:00:01.000Z', '2025-01-01T01:10:00.000Z', 5, 1),
      ('run-eval', 'eval', 'done', '{"protocol":"vinet-av","audioCondition":"zero"}', NULL, '2025-01-01T02:00:00.000Z', '2025-01-01T02:00:01.000Z', '2025-01-01T02:05:00.000Z', NULL, 1),
      ('run-crashed', 'eval', 'failed', '{}', '${V1_INTERRUPTED}', '2025-01-01T03:00:00.000Z', '2025-01-01T03:00:01.000Z', '2025-01-01T03:30:00.000Z', NULL, 1),
      ('run-oom', 'infer', 'failed', '{}', 'CUDA out of memory', '2025-01-01T04:00:00.000Z', NULL, '2025-01-01T04:00:02.000Z', 5, 1),
      ('run-queued', 'infer', 'queued', '{}', NULL, '2025-01-01T05:00:00.000Z', NULL, NULL, 5, 1);
    INSERT INTO run_tags (run_id, key, value) VALUES ('run-infer', 'provider', 'cpu');
    INSERT INTO run_params (run_id, key, value) VALUES ('run-eval', 'protocol', 'vinet-av');
    INSERT INTO run_metrics (run_id, key, step, value, timestamp) VALUES
      ('run-eval', 'CC', 0, 0.41, 100), ('run-eval', 'CC', 0, 0.52, 200), ('run-eval', 'NSS', 0, NULL, 100),
      ('run-infer', 'loss', 1, 3.0, 50), ('run-infer', 'loss', 3, 1.0, 40), ('run-infer', 'loss', 2, 2.0, 60);
    INSERT INTO evaluations (run_id, video_id, frame, audio_condition, auc_judd, sauc, nss, cc, sim, kld) VALUES
      ('run-eval', 10, 0, 'zero', 0.9, 0.7, 2.0, 0.5, 0.4, 1.1), ('run-eval', 10, 1, 'zero', 0.8, 0.6, 1.5, 0.4, 0.3, 1.2),
      ('run-eval', 11, 0, 'zero', 0.85, 0.65, 1.7, 0.45, 0.35, 1.15);
    INSERT INTO prediction_caches (id, model_id, weights_hash, video_id, audio_condition, dir, frame_count, complete, created_at)
      VALUES (7, 5, 'abab', 10, 'none', '/cache/p/10-clip-a', 3, 1, '2025-01-01T01:10:00.000Z');
    INSERT INTO prediction_layers (id, video_id, label, dir, created_at) VALUES (3, 10, 'vinet · visual', '/cache/p/10-clip-a', '2025-01-01T01:10:00.000Z');
  `)
  db.close()
}

function count(path: string, table: string): number {
  const db = new Database(path, { readonly: true })
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n
  } finally {
    db.close()
  }
}

describe('migration 2 (run engine) on a v1 log', () => {
  it('keeps every row of every table and moves each run to its v2 status', () => {
    const path = join(tempDir(), 'avsal.db')
    writeV1Log(path)
    const tables = ['datasets', 'videos', 'models', 'runs', 'run_tags', 'run_params', 'run_metrics', 'evaluations', 'prediction_caches', 'prediction_layers']
    const before = Object.fromEntries(tables.map((t) => [t, count(path, t)]))
    const store = openStore(path)
    try {
      for (const table of tables) expect(store.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)?.n, table).toBe(before[table])
      expect(store.all('PRAGMA foreign_key_check')).toEqual([])

      expect(getRun(store, 'run-infer')).toMatchObject({ status: 'done', modelId: 5, datasetId: 1, audioCondition: 'none', tags: { provider: 'cpu' }, owner: null })
      expect(getRun(store, 'run-eval')).toMatchObject({ status: 'done', params: { protocol: 'vinet-av' }, audioCondition: 'zero' })
      expect(getRun(store, 'run-crashed')).toMatchObject({ status: 'interrupted', error: null, statusReason: V1_INTERRUPTED, endedAt: '2025-01-01T03:30:00.000Z' })
      expect(getRun(store, 'run-oom')).toMatchObject({ status: 'failed', error: 'CUDA out of memory' })
      // v1 wrote no owner: the next sweep treats a still-active v1 run as orphaned
      expect(getRun(store, 'run-queued')).toMatchObject({ status: 'queued', owner: null })
      expect(listRuns(store).map((r) => r.id)).toEqual(['run-queued', 'run-oom', 'run-crashed', 'run-eval', 'run-infer'])

      expect(evaluationsForRun(store, 'run-eval')).toHaveLength(3)
      expect(metricHistory(store, 'run-infer', 'loss').map((p) => p.value)).toEqual([3, 2, 1])
      // latest = highest step, then the latest timestamp (MLflow's rule), NaN kept
      expect(latestMetrics(store, 'run-infer').loss).toEqual({ step: 3, value: 1, timestamp: 40 })
      expect(latestMetrics(store, 'run-eval').CC.value).toBe(0.52)
      expect(latestMetrics(store, 'run-eval').NSS.value).toBeNaN()

      expect(listVideoSummaries(store, 1).map((v) => [v.name, v.missingSince])).toEqual([
        ['clip-a', null],
        ['clip-b', null]
      ])
      expect(listPredictionLayers(store, 10)).toMatchObject([{ id: 3, label: 'vinet · visual', runId: null, modelId: null }])
    } finally {
      store.close()
    }
  })

  it('leaves the references pointing at the rebuilt runs table (deleting a run still cascades)', () => {
    const path = join(tempDir(), 'avsal.db')
    writeV1Log(path)
    const store = openStore(path)
    try {
      store.run("DELETE FROM runs WHERE id = 'run-eval'")
      expect(store.get<{ n: number }>("SELECT count(*) AS n FROM evaluations WHERE run_id = 'run-eval'")?.n).toBe(0)
      expect(store.get<{ n: number }>("SELECT count(*) AS n FROM run_metrics WHERE run_id = 'run-eval'")?.n).toBe(0)
      expect(store.get<{ n: number }>("SELECT count(*) AS n FROM run_params WHERE run_id = 'run-eval'")?.n).toBe(0)
      // and a reference to a run that does not exist is refused, as in v1
      expect(() => store.run("INSERT INTO run_tags (run_id, key, value) VALUES ('nope', 'k', 'v')")).toThrow(/referenced row/)
    } finally {
      store.close()
    }
  })

  it('never runs the rebuild with foreign keys on: two openings of one v1 log migrate it once', () => {
    const path = join(tempDir(), 'avsal.db')
    writeV1Log(path)
    openStore(path).close()
    const store = openStore(path)
    try {
      expect(store.all<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version').map((r) => r.version)).toEqual([1, 2])
      expect(store.get<{ foreign_keys: number }>('PRAGMA foreign_keys')?.foreign_keys).toBe(1)
      expect(store.get<{ n: number }>('SELECT count(*) AS n FROM evaluations')?.n).toBe(3)
    } finally {
      store.close()
    }
  })
})
