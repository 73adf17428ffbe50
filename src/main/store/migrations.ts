// Versioned schema of the experiment log. Append only: a released migration is never edited;
// a change is a new entry with the next version. `PRAGMA foreign_keys` cannot be switched
// inside a transaction, so a future migration that rebuilds a table must keep its references valid.

export interface Migration {
  version: number
  name: string
  /** SQL run inside one transaction together with the bookkeeping of this version */
  up: string
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

export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'experiment log', up: V1_EXPERIMENT_LOG }]

/** The schema version this build of the app writes. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version
