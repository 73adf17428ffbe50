// Per-frame scores: run × video × frame × audio condition → the six saliency metrics.
// A metric that is undefined for a frame (NaN, e.g. CC of a constant map) is stored as NULL,
// so SQL averages skip it the way numpy's nanmean does.
import { numberToSql, requireInteger, requireNonEmpty, sqlToNumber } from './rows'
import type { Store } from './store'
import { AUDIO_CONDITION_NAMES, type InferenceAudioCondition } from '../../shared/schemas'
import { AppError } from '../../shared/errors'

/** real audio, silence, noise, audio of another video; 'none' for visual-only models */
export type AudioCondition = InferenceAudioCondition | 'none'
export const AUDIO_CONDITIONS: readonly AudioCondition[] = [...AUDIO_CONDITION_NAMES, 'none']

export interface FrameScores {
  aucJudd: number
  sauc: number
  nss: number
  cc: number
  sim: number
  kld: number
}

export interface EvaluationRow extends FrameScores {
  runId: string
  videoId: number
  frame: number
  audioCondition: AudioCondition
}

/** Means over the frames of one video under one condition; NaN frames are skipped per metric. */
export interface VideoScoreMeans extends FrameScores {
  videoId: number
  audioCondition: AudioCondition
  frames: number
}

const METRIC_FIELDS: readonly (keyof FrameScores)[] = ['aucJudd', 'sauc', 'nss', 'cc', 'sim', 'kld']

interface ScoreColumns {
  auc_judd: number | null
  sauc: number | null
  nss: number | null
  cc: number | null
  sim: number | null
  kld: number | null
}

function scoresFromColumns(row: ScoreColumns): FrameScores {
  return {
    aucJudd: sqlToNumber(row.auc_judd),
    sauc: sqlToNumber(row.sauc),
    nss: sqlToNumber(row.nss),
    cc: sqlToNumber(row.cc),
    sim: sqlToNumber(row.sim),
    kld: sqlToNumber(row.kld)
  }
}

function validate(row: EvaluationRow, index: number): void {
  const where = `evaluation row ${index}`
  requireNonEmpty(row.runId, `runId of ${where}`)
  requireInteger(row.videoId, `videoId of ${where}`, 1)
  requireInteger(row.frame, `frame of ${where}`)
  if (!AUDIO_CONDITIONS.includes(row.audioCondition)) {
    throw new AppError('bad-argument', `audioCondition of ${where} must be one of ${AUDIO_CONDITIONS.join(', ')}, got ${JSON.stringify(row.audioCondition)}`)
  }
  for (const field of METRIC_FIELDS) {
    if (typeof row[field] !== 'number') {
      throw new AppError('bad-argument', `${field} of ${where} must be a number (NaN allowed), got ${typeof row[field]}`)
    }
  }
}

/**
 * Writes the rows in one transaction (all or none). Scoring the same run/video/frame/condition
 * again replaces the earlier values. Returns the number of rows written.
 */
export function insertEvaluations(store: Store, rows: readonly EvaluationRow[]): number {
  rows.forEach(validate)
  const sql = `INSERT INTO evaluations (run_id, video_id, frame, audio_condition, auc_judd, sauc, nss, cc, sim, kld)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (run_id, video_id, frame, audio_condition) DO UPDATE SET auc_judd = excluded.auc_judd,
      sauc = excluded.sauc, nss = excluded.nss, cc = excluded.cc, sim = excluded.sim, kld = excluded.kld`
  return store.transaction(() => {
    for (const row of rows) {
      store.run(sql, [
        row.runId,
        row.videoId,
        row.frame,
        row.audioCondition,
        numberToSql(row.aucJudd),
        numberToSql(row.sauc),
        numberToSql(row.nss),
        numberToSql(row.cc),
        numberToSql(row.sim),
        numberToSql(row.kld)
      ])
    }
    return rows.length
  })
}

export interface EvaluationFilter {
  videoId?: number
  audioCondition?: AudioCondition
}

const ROW_COLUMNS = 'video_id, frame, audio_condition, auc_judd, sauc, nss, cc, sim, kld'

/**
 * Ordered by video, condition, frame. Each filter combination has its own statement, so a
 * video's rows are read through the primary key (run, video, …) rather than the whole run's.
 */
export function evaluationsForRun(store: Store, runId: string, filter: EvaluationFilter = {}): EvaluationRow[] {
  const { videoId, audioCondition } = filter
  const order = 'ORDER BY video_id, audio_condition, frame'
  type Row = ScoreColumns & { video_id: number; frame: number; audio_condition: AudioCondition }
  const rows =
    videoId === undefined
      ? audioCondition === undefined
        ? store.all<Row>(`SELECT ${ROW_COLUMNS} FROM evaluations WHERE run_id = ? ${order}`, [runId])
        : store.all<Row>(`SELECT ${ROW_COLUMNS} FROM evaluations WHERE run_id = ? AND audio_condition = ? ${order}`, [runId, audioCondition])
      : audioCondition === undefined
        ? store.all<Row>(`SELECT ${ROW_COLUMNS} FROM evaluations WHERE run_id = ? AND video_id = ? ${order}`, [runId, videoId])
        : store.all<Row>(`SELECT ${ROW_COLUMNS} FROM evaluations WHERE run_id = ? AND video_id = ? AND audio_condition = ? ${order}`, [runId, videoId, audioCondition])
  return rows.map((row) => ({ runId, videoId: row.video_id, frame: row.frame, audioCondition: row.audio_condition, ...scoresFromColumns(row) }))
}

const MEANS_OF_RUN = `SELECT video_id, audio_condition, count(*) AS frames, avg(auc_judd) AS auc_judd, avg(sauc) AS sauc,
  avg(nss) AS nss, avg(cc) AS cc, avg(sim) AS sim, avg(kld) AS kld
  FROM evaluations WHERE run_id = ? GROUP BY video_id, audio_condition`

type MeansRow = ScoreColumns & { video_id: number; audio_condition: AudioCondition; frames: number }

/**
 * Per video and condition: the mean of each metric over the frames where it is defined. The
 * evaluation keeps them stored as it writes (summarizeVideoScores), so the table of a 170k-frame
 * run — finished or still running — reads a few hundred rows; runs without them (written by
 * other tools) are averaged on the fly.
 */
export function videoScoreMeans(store: Store, runId: string): VideoScoreMeans[] {
  const stored = store.all<MeansRow>(
    'SELECT video_id, audio_condition, frames, auc_judd, sauc, nss, cc, sim, kld FROM video_scores WHERE run_id = ? ORDER BY video_id, audio_condition',
    [runId]
  )
  const rows = stored.length > 0 ? stored : store.all<MeansRow>(`${MEANS_OF_RUN} ORDER BY video_id, audio_condition`, [runId])
  return rows.map((row) => ({ videoId: row.video_id, audioCondition: row.audio_condition, frames: row.frames, ...scoresFromColumns(row) }))
}

/**
 * Stores (replaces) the per-video means of a run's rows: of the given videos (after each batch
 * an evaluation writes: a few hundred rows read through the primary key), or of all of them.
 */
export function summarizeVideoScores(store: Store, runId: string, videoIds?: readonly number[]): number {
  return store.transaction(() => {
    if (!videoIds) {
      store.run('DELETE FROM video_scores WHERE run_id = ?', [runId])
      return store.run(
        `INSERT INTO video_scores (run_id, video_id, audio_condition, frames, auc_judd, sauc, nss, cc, sim, kld)
         SELECT ?, video_id, audio_condition, frames, auc_judd, sauc, nss, cc, sim, kld FROM (${MEANS_OF_RUN})`,
        [runId, runId]
      ).changes
    }
    let changed = 0
    for (const videoId of new Set(videoIds)) {
      store.run('DELETE FROM video_scores WHERE run_id = ? AND video_id = ?', [runId, videoId])
      changed += store.run(
        `INSERT INTO video_scores (run_id, video_id, audio_condition, frames, auc_judd, sauc, nss, cc, sim, kld)
         SELECT run_id, video_id, audio_condition, count(*), avg(auc_judd), avg(sauc), avg(nss), avg(cc), avg(sim), avg(kld)
         FROM evaluations WHERE run_id = ? AND video_id = ? GROUP BY audio_condition`,
        [runId, videoId]
      ).changes
    }
    return changed
  })
}
