// An audio-swap study's per-frame distances between each condition's map and real's map of the
// same frame: mean and max absolute difference (map units, 0..1) and CC. Rows of one video are
// read through the primary key (run, video, …) for the viewer's difference timelines.
import { numberToSql, requireNonEmpty, sqlToNumber } from './rows'
import type { Store } from './store'

export interface MapDifferenceRow {
  videoId: number
  frame: number
  condition: string
  meanAbsDiff: number
  maxAbsDiff: number
  /** NaN when a map is constant */
  cc: number
}

export function insertMapDifferences(store: Store, runId: string, rows: readonly MapDifferenceRow[]): void {
  requireNonEmpty(runId, 'run of map differences')
  store.transaction(() => {
    for (const row of rows) {
      store.run(
        `INSERT INTO map_differences (run_id, video_id, frame, condition, mean_abs_diff, max_abs_diff, cc) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id, video_id, condition, frame) DO UPDATE SET mean_abs_diff = excluded.mean_abs_diff,
           max_abs_diff = excluded.max_abs_diff, cc = excluded.cc`,
        [runId, row.videoId, row.frame, row.condition, row.meanAbsDiff, row.maxAbsDiff, numberToSql(row.cc)]
      )
    }
  })
}

export function mapDifferencesOf(store: Store, runId: string, videoId?: number): MapDifferenceRow[] {
  type Row = { video_id: number; frame: number; condition: string; mean_abs_diff: number; max_abs_diff: number; cc: number | null }
  const rows =
    videoId === undefined
      ? store.all<Row>('SELECT video_id, frame, condition, mean_abs_diff, max_abs_diff, cc FROM map_differences WHERE run_id = ? ORDER BY video_id, condition, frame', [runId])
      : store.all<Row>('SELECT video_id, frame, condition, mean_abs_diff, max_abs_diff, cc FROM map_differences WHERE run_id = ? AND video_id = ? ORDER BY condition, frame', [runId, videoId])
  return rows.map((r) => ({ videoId: r.video_id, frame: r.frame, condition: r.condition, meanAbsDiff: r.mean_abs_diff, maxAbsDiff: r.max_abs_diff, cc: sqlToNumber(r.cc) }))
}
