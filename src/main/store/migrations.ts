// Versioned schema of the experiment log. Append only: a released migration is never edited;
// a change is a new entry with the next version. `PRAGMA foreign_keys` cannot be switched
// inside a transaction, so a future migration that rebuilds a table must keep its references valid.

export interface Migration {
  version: number
  name: string
  /** SQL run inside one transaction together with the bookkeeping of this version */
  up: string
  /**
   * Rebuilds a table that others reference: the runner switches foreign keys off around the
   * transaction (a DROP TABLE would otherwise cascade into the referencing rows) and checks
   * every reference with PRAGMA foreign_key_check before committing.
   */
  foreignKeysOff?: boolean
}

// Times are ISO-8601 UTC text (sortable, like DatasetRecord.openedAt), except run_metrics.timestamp
// which is epoch milliseconds for plotting (as in MLflow). Metric values: NULL stands for NaN.
const V1_EXPERIMENT_LOG = `
CREATE TABLE datasets (
  id            INTEGER PRIMARY KEY,
  root          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  layout        TEXT NOT NULL CHECK (layout IN ('dhf1k', 'vinet', 'stavis', 'generic')),
  layout_detail TEXT NOT NULL,
  opened_at     TEXT NOT NULL,
  issues_json   TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX datasets_opened_at ON datasets(opened_at);

-- has_maps / fixation_kind / issue_count duplicate facts of record_json so that video lists
-- never parse the per-frame file arrays; position keeps the reader's order across re-indexing.
CREATE TABLE videos (
  id            INTEGER PRIMARY KEY,
  dataset_id    INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  name          TEXT NOT NULL,
  grp           TEXT,
  frame_count   INTEGER NOT NULL,
  fps           REAL NOT NULL,
  width         INTEGER NOT NULL,
  height        INTEGER NOT NULL,
  has_audio     INTEGER NOT NULL CHECK (has_audio IN (0, 1)),
  audio_path    TEXT,
  has_maps      INTEGER NOT NULL CHECK (has_maps IN (0, 1)),
  fixation_kind TEXT NOT NULL,
  issue_count   INTEGER NOT NULL,
  record_json   TEXT NOT NULL,
  issues_json   TEXT NOT NULL DEFAULT '[]',
  UNIQUE (dataset_id, name, grp)
);
-- UNIQUE above treats NULL groups as distinct; this index makes (name, no group) unique too.
CREATE UNIQUE INDEX videos_identity ON videos(dataset_id, name, coalesce(grp, ''));

CREATE TABLE models (
  id                INTEGER PRIMARY KEY,
  architecture      TEXT NOT NULL,
  variant           TEXT NOT NULL DEFAULT '',
  checkpoint_path   TEXT,
  checkpoint_sha256 TEXT,
  provenance        TEXT NOT NULL DEFAULT '',
  created_at        TEXT NOT NULL
);
CREATE UNIQUE INDEX models_identity ON models(architecture, variant, coalesce(checkpoint_sha256, ''));

CREATE TABLE runs (
  id          TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('infer', 'eval', 'train')),
  status      TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  config_json TEXT NOT NULL DEFAULT '{}',
  runtime     TEXT,
  backend     TEXT,
  error       TEXT,
  notes       TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  started_at  TEXT,
  ended_at    TEXT,
  model_id    INTEGER REFERENCES models(id) ON DELETE SET NULL,
  dataset_id  INTEGER REFERENCES datasets(id) ON DELETE SET NULL
);
CREATE INDEX runs_created_at ON runs(created_at);
CREATE INDEX runs_status ON runs(status);
CREATE INDEX runs_model ON runs(model_id);
CREATE INDEX runs_dataset ON runs(dataset_id);

-- tags are mutable (one value per key), params immutable (as in MLflow)
CREATE TABLE run_tags (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key    TEXT NOT NULL,
  value  TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;

CREATE TABLE run_params (
  run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key    TEXT NOT NULL,
  value  TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;

-- full history: the same key may be logged again at the same step
CREATE TABLE run_metrics (
  run_id    TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key       TEXT NOT NULL,
  step      INTEGER NOT NULL DEFAULT 0,
  value     REAL,
  timestamp INTEGER NOT NULL
);
CREATE INDEX run_metrics_curve ON run_metrics(run_id, key, step);

CREATE TABLE evaluations (
  run_id          TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  video_id        INTEGER NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  frame           INTEGER NOT NULL,
  audio_condition TEXT NOT NULL,
  auc_judd        REAL,
  sauc            REAL,
  nss             REAL,
  cc              REAL,
  sim             REAL,
  kld             REAL,
  PRIMARY KEY (run_id, video_id, frame, audio_condition)
) WITHOUT ROWID;
CREATE INDEX evaluations_video ON evaluations(video_id, audio_condition);

CREATE TABLE prediction_caches (
  id              INTEGER PRIMARY KEY,
  model_id        INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  weights_hash    TEXT NOT NULL,
  video_id        INTEGER NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  audio_condition TEXT NOT NULL,
  dir             TEXT NOT NULL,
  frame_count     INTEGER NOT NULL,
  complete        INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
  created_at      TEXT NOT NULL,
  UNIQUE (model_id, weights_hash, video_id, audio_condition)
);
CREATE INDEX prediction_caches_video ON prediction_caches(video_id);

CREATE TABLE prediction_layers (
  id         INTEGER PRIMARY KEY,
  video_id   INTEGER NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  label      TEXT NOT NULL,
  dir        TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (video_id, dir)
);
`

// v2, the run engine: runs get an owner (host, pid, start time) and a heartbeat, a parent (a
// study's child runs), a queue lane (device) and position, the source they scored and the
// audio condition; statuses grow to the full lifecycle. The CHECK on status needs the runs
// table rebuilt, which keeps every row (ids, times, config) and turns the v1 "failed:
// interrupted" rows into 'interrupted'. Videos that vanish from their folder are marked
// missing instead of deleted; prediction layers say which run, model, weights and audio
// condition made them; artifacts and latest metrics are new.
const V2_RUN_ENGINE = `
CREATE TABLE runs_v2 (
  id              TEXT PRIMARY KEY,
  kind            TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('queued', 'running', 'stopping', 'stopped-resumable', 'interrupted', 'failed', 'done', 'cancelled')),
  status_reason   TEXT,
  config_json     TEXT NOT NULL DEFAULT '{}',
  runtime         TEXT,
  backend         TEXT,
  error           TEXT,
  notes           TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL,
  started_at      TEXT,
  ended_at        TEXT,
  model_id        INTEGER REFERENCES models(id) ON DELETE SET NULL,
  dataset_id      INTEGER REFERENCES datasets(id) ON DELETE SET NULL,
  parent_run_id   TEXT REFERENCES runs(id) ON DELETE SET NULL,
  source_run_id   TEXT REFERENCES runs(id) ON DELETE SET NULL,
  audio_condition TEXT,
  owner_host      TEXT,
  owner_pid       INTEGER,
  owner_started_ms INTEGER,
  heartbeat_ms    INTEGER,
  device          TEXT,
  queue_seq       INTEGER NOT NULL DEFAULT 0
);
INSERT INTO runs_v2 (id, kind, status, status_reason, config_json, runtime, backend, error, notes, created_at,
  started_at, ended_at, model_id, dataset_id, audio_condition, queue_seq)
SELECT id, kind,
  CASE WHEN status = 'failed' AND error LIKE 'interrupted:%' THEN 'interrupted' ELSE status END,
  CASE WHEN status = 'failed' AND error LIKE 'interrupted:%' THEN error END,
  config_json, runtime, backend,
  CASE WHEN status = 'failed' AND error LIKE 'interrupted:%' THEN NULL ELSE error END,
  notes, created_at, started_at, ended_at, model_id, dataset_id,
  json_extract(config_json, '$.audioCondition'), rowid
FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v2 RENAME TO runs;
CREATE INDEX runs_created_at ON runs(created_at);
CREATE INDEX runs_status ON runs(status);
CREATE INDEX runs_model ON runs(model_id);
CREATE INDEX runs_dataset ON runs(dataset_id);
CREATE INDEX runs_parent ON runs(parent_run_id);
CREATE INDEX runs_queue ON runs(device, status, queue_seq);

-- MLflow's denormalised latest value per key (highest step, then latest timestamp)
CREATE TABLE latest_metrics (
  run_id    TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  key       TEXT NOT NULL,
  value     REAL,
  step      INTEGER NOT NULL,
  timestamp INTEGER NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
INSERT INTO latest_metrics (run_id, key, value, step, timestamp)
SELECT m.run_id, m.key, m.value, m.step, m.timestamp FROM run_metrics m
WHERE m.rowid = (SELECT m2.rowid FROM run_metrics m2 WHERE m2.run_id = m.run_id AND m2.key = m.key
                 ORDER BY m2.step DESC, m2.timestamp DESC, m2.rowid DESC LIMIT 1);

-- files a run produced: checkpoints, exported tables and figures, prediction folders, logs
CREATE TABLE artifacts (
  id         INTEGER PRIMARY KEY,
  run_id     TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind       TEXT NOT NULL,
  path       TEXT NOT NULL,
  step       INTEGER,
  sha256     TEXT,
  bytes      INTEGER,
  created_at TEXT NOT NULL,
  UNIQUE (run_id, path)
);
CREATE INDEX artifacts_run ON artifacts(run_id, kind);

-- named locks held by a run (e.g. one writer per prediction cache folder); a lock whose run is
-- no longer active is free
CREATE TABLE run_locks (
  name        TEXT PRIMARY KEY,
  run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  acquired_ms INTEGER NOT NULL
) WITHOUT ROWID;

ALTER TABLE videos ADD COLUMN missing_since TEXT;

-- per-video means of a finished evaluation (per condition), so tables never average a 170k-row run
CREATE TABLE video_scores (
  run_id          TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  video_id        INTEGER NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  audio_condition TEXT NOT NULL,
  frames          INTEGER NOT NULL,
  auc_judd        REAL,
  sauc            REAL,
  nss             REAL,
  cc              REAL,
  sim             REAL,
  kld             REAL,
  PRIMARY KEY (run_id, video_id, audio_condition)
) WITHOUT ROWID;
INSERT INTO video_scores (run_id, video_id, audio_condition, frames, auc_judd, sauc, nss, cc, sim, kld)
SELECT e.run_id, e.video_id, e.audio_condition, count(*), avg(e.auc_judd), avg(e.sauc), avg(e.nss), avg(e.cc), avg(e.sim), avg(e.kld)
FROM evaluations e JOIN runs r ON r.id = e.run_id WHERE r.status IN ('done', 'cancelled', 'failed', 'interrupted')
GROUP BY e.run_id, e.video_id, e.audio_condition;

-- an audio-swap study: per frame, how far each condition's map is from real's (map units 0..1)
CREATE TABLE map_differences (
  run_id        TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  video_id      INTEGER NOT NULL REFERENCES videos(id) ON DELETE CASCADE,
  frame         INTEGER NOT NULL,
  condition     TEXT NOT NULL,
  mean_abs_diff REAL NOT NULL,
  max_abs_diff  REAL NOT NULL,
  cc            REAL,
  PRIMARY KEY (run_id, video_id, condition, frame)
) WITHOUT ROWID;

ALTER TABLE prediction_layers ADD COLUMN run_id TEXT REFERENCES runs(id) ON DELETE SET NULL;
ALTER TABLE prediction_layers ADD COLUMN model_id INTEGER REFERENCES models(id) ON DELETE SET NULL;
ALTER TABLE prediction_layers ADD COLUMN weights_sha256 TEXT;
ALTER TABLE prediction_layers ADD COLUMN audio_condition TEXT;
ALTER TABLE prediction_caches ADD COLUMN run_id TEXT REFERENCES runs(id) ON DELETE SET NULL;
`

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'experiment log', up: V1_EXPERIMENT_LOG },
  { version: 2, name: 'run engine', up: V2_RUN_ENGINE, foreignKeysOff: true }
]

/** The schema version this build of the app writes. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version
