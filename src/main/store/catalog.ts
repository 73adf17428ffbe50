// The dataset catalog: datasets and their videos as the readers found them. Re-opening a dataset
// updates rows in place and keeps video ids stable by (name, group), so evaluations, caches and
// prediction layers that point at a video survive a re-index. A video gone from the folder is
// marked missing (missing_since), never deleted: its past results stay, and it comes back with
// the same id when the file does.
import type { DatasetIssue, DatasetRecord, LayoutKind, VideoRecord, VideoSummary } from '../../shared/types'
import { nowIso, parseJsonColumn, requireInteger, requireNonEmpty } from './rows'
import type { Store } from './store'
import { AppError } from '../../shared/errors'

/** What a dataset reader produces; id and the video counts come from the store. */
export type NewDataset = Omit<DatasetRecord, 'id' | 'videoCount' | 'missingVideoCount'>
/** A video as a reader produces it; id and datasetId come from the store. */
export type NewVideo = Omit<VideoRecord, 'id' | 'datasetId'>

export interface RecentDataset {
  root: string
  name: string
  openedAt: string
}

const LAYOUTS: readonly LayoutKind[] = ['dhf1k', 'vinet', 'stavis', 'generic']

interface DatasetRow {
  id: number
  root: string
  name: string
  layout: LayoutKind
  layout_detail: string
  opened_at: string
  issues_json: string
  video_count: number
  missing_count: number
}

interface VideoSummaryRow {
  id: number
  dataset_id: number
  name: string
  grp: string | null
  frame_count: number
  fps: number
  width: number
  height: number
  has_audio: number
  has_maps: number
  fixation_kind: VideoSummary['fixationKind']
  issue_count: number
  missing_since: string | null
}

interface VideoRecordRow {
  id: number
  dataset_id: number
  record_json: string
}

const DATASET_COLUMNS = `d.id, d.root, d.name, d.layout, d.layout_detail, d.opened_at, d.issues_json,
  (SELECT count(*) FROM videos v WHERE v.dataset_id = d.id AND v.missing_since IS NULL) AS video_count,
  (SELECT count(*) FROM videos v WHERE v.dataset_id = d.id AND v.missing_since IS NOT NULL) AS missing_count`

function toDatasetRecord(store: Store, row: DatasetRow): DatasetRecord {
  return {
    id: row.id,
    root: row.root,
    name: row.name,
    layout: row.layout,
    layoutDetail: row.layout_detail,
    videoCount: row.video_count,
    missingVideoCount: row.missing_count,
    openedAt: row.opened_at,
    issues: parseJsonColumn<DatasetIssue[]>(store, row.issues_json, `datasets.issues_json of dataset ${row.id}`)
  }
}

function validateDataset(dataset: NewDataset): void {
  requireNonEmpty(dataset.root, 'dataset root')
  requireNonEmpty(dataset.name, `name of dataset ${dataset.root}`)
  if (!LAYOUTS.includes(dataset.layout)) {
    throw new AppError('bad-argument', `layout of dataset ${dataset.root} must be one of ${LAYOUTS.join(', ')}, got ${JSON.stringify(dataset.layout)}`)
  }
  if (!Array.isArray(dataset.issues)) {
    throw new AppError('bad-argument', `issues of dataset ${dataset.root} must be an array`)
  }
}

/** Inserts the dataset or updates the row with the same root; returns its id. */
export function upsertDataset(store: Store, dataset: NewDataset): number {
  validateDataset(dataset)
  const row = store.get<{ id: number }>(
    `INSERT INTO datasets (root, name, layout, layout_detail, opened_at, issues_json)
     VALUES (@root, @name, @layout, @layoutDetail, @openedAt, @issues)
     ON CONFLICT (root) DO UPDATE SET name = excluded.name, layout = excluded.layout,
       layout_detail = excluded.layout_detail, opened_at = excluded.opened_at, issues_json = excluded.issues_json
     RETURNING id`,
    {
      root: dataset.root,
      name: dataset.name,
      layout: dataset.layout,
      layoutDetail: dataset.layoutDetail,
      openedAt: dataset.openedAt || nowIso(),
      issues: JSON.stringify(dataset.issues)
    }
  )
  if (!row) throw new AppError('invalid-state', `upserting dataset ${dataset.root} into ${store.path} returned no id`, { path: store.path })
  return row.id
}

export function listDatasets(store: Store): DatasetRecord[] {
  return store
    .all<DatasetRow>(`SELECT ${DATASET_COLUMNS} FROM datasets d ORDER BY d.name COLLATE NOCASE, d.id`)
    .map((row) => toDatasetRecord(store, row))
}

export function getDataset(store: Store, id: number): DatasetRecord | null {
  const row = store.get<DatasetRow>(`SELECT ${DATASET_COLUMNS} FROM datasets d WHERE d.id = ?`, [id])
  return row ? toDatasetRecord(store, row) : null
}

export function getDatasetByRoot(store: Store, root: string): DatasetRecord | null {
  const row = store.get<DatasetRow>(`SELECT ${DATASET_COLUMNS} FROM datasets d WHERE d.root = ?`, [root])
  return row ? toDatasetRecord(store, row) : null
}

/** Most recently opened first. */
export function recentDatasets(store: Store, limit = 10): RecentDataset[] {
  requireInteger(limit, 'limit of recent datasets', 1)
  return store.all<RecentDataset>(
    'SELECT root, name, opened_at AS openedAt FROM datasets ORDER BY opened_at DESC, id DESC LIMIT ?',
    [limit]
  )
}

function identityKey(name: string, group: string | null): string {
  return JSON.stringify([group, name])
}

function describeVideo(video: { name: string; group: string | null }): string {
  return video.group === null ? `"${video.name}"` : `"${video.name}" (group "${video.group}")`
}

function validateVideo(video: NewVideo, datasetId: number): void {
  const what = `video ${describeVideo(video)} of dataset ${datasetId}`
  requireNonEmpty(video.name, `name of a video of dataset ${datasetId}`)
  if (video.group !== null && typeof video.group !== 'string') {
    throw new AppError('bad-argument', `group of ${what} must be a string or null, got ${typeof video.group}`)
  }
  requireInteger(video.frameCount, `frameCount of ${what}`)
  requireInteger(video.width, `width of ${what}`)
  requireInteger(video.height, `height of ${what}`)
  if (!Number.isFinite(video.fps) || video.fps < 0) {
    throw new AppError('bad-argument', `fps of ${what} must be a finite number ≥ 0, got ${video.fps}`)
  }
  if (!video.frames || !video.fixations || !Array.isArray(video.issues)) {
    throw new AppError('bad-argument', `${what} lacks frames, fixations or issues`)
  }
}

/** the columns a re-index may change (identity columns dataset_id, name, grp excluded) */
function videoContentParams(position: number, video: NewVideo): Record<string, string | number | null> {
  // record_json holds everything but the ids, which live in their own columns
  const { id: _id, datasetId: _datasetId, ...record } = video as NewVideo & Partial<Pick<VideoRecord, 'id' | 'datasetId'>>
  return {
    position,
    frameCount: video.frameCount,
    fps: video.fps,
    width: video.width,
    height: video.height,
    hasAudio: video.hasAudio ? 1 : 0,
    audioPath: video.audioPath,
    hasMaps: video.maps ? 1 : 0,
    fixationKind: video.fixations.kind,
    issueCount: video.issues.length,
    record: JSON.stringify(record),
    issues: JSON.stringify(video.issues)
  }
}

/**
 * Makes the dataset's video list equal to `videos`, in one transaction: rows with the same
 * (name, group) keep their id and are updated (and are present again if they were missing),
 * new ones are inserted, vanished ones are marked missing with their results kept. Returns the
 * ids in the order of `videos`.
 */
export function replaceVideos(store: Store, datasetId: number, videos: readonly NewVideo[], now: string = nowIso()): number[] {
  const seen = new Set<string>()
  for (const video of videos) {
    validateVideo(video, datasetId)
    const key = identityKey(video.name, video.group)
    if (seen.has(key)) {
      throw new AppError('bad-argument', `dataset ${datasetId} lists video ${describeVideo(video)} twice; (name, group) must be unique`)
    }
    seen.add(key)
  }
  return store.transaction(() => {
    if (!store.get('SELECT 1 FROM datasets WHERE id = ?', [datasetId])) {
      throw new AppError('not-found', `dataset ${datasetId} does not exist in ${store.path}`, { path: store.path })
    }
    const existing = new Map<string, number>()
    for (const row of store.all<{ id: number; name: string; grp: string | null }>('SELECT id, name, grp FROM videos WHERE dataset_id = ?', [datasetId])) {
      existing.set(identityKey(row.name, row.grp), row.id)
    }
    const ids = videos.map((video, position) => {
      const params = videoContentParams(position, video)
      const key = identityKey(video.name, video.group)
      const id = existing.get(key)
      if (id !== undefined) {
        existing.delete(key)
        store.run(
          `UPDATE videos SET position = @position, frame_count = @frameCount, fps = @fps, width = @width, height = @height,
             has_audio = @hasAudio, audio_path = @audioPath, has_maps = @hasMaps, fixation_kind = @fixationKind,
             issue_count = @issueCount, record_json = @record, issues_json = @issues, missing_since = NULL
           WHERE id = @id`,
          { ...params, id }
        )
        return id
      }
      const result = store.run(
        `INSERT INTO videos (dataset_id, position, name, grp, frame_count, fps, width, height, has_audio, audio_path,
           has_maps, fixation_kind, issue_count, record_json, issues_json)
         VALUES (@datasetId, @position, @name, @grp, @frameCount, @fps, @width, @height, @hasAudio, @audioPath,
           @hasMaps, @fixationKind, @issueCount, @record, @issues)`,
        { ...params, datasetId, name: video.name, grp: video.group }
      )
      return Number(result.lastInsertRowid)
    })
    // vanished: keep the row (and every result that points at it), sorted after the present ones
    let position = videos.length
    for (const vanishedId of existing.values()) {
      store.run('UPDATE videos SET missing_since = coalesce(missing_since, ?), position = ? WHERE id = ?', [now, position++, vanishedId])
    }
    return ids
  })
}

export interface VideoListOptions {
  /** also list videos that are gone from the folder (default true: the UI shows them greyed) */
  includeMissing?: boolean
}

export function listVideoSummaries(store: Store, datasetId: number, options: VideoListOptions = {}): VideoSummary[] {
  const includeMissing = options.includeMissing ?? true
  return store
    .all<VideoSummaryRow>(
      `SELECT id, dataset_id, name, grp, frame_count, fps, width, height, has_audio, has_maps, fixation_kind, issue_count, missing_since
       FROM videos WHERE dataset_id = ? AND (? OR missing_since IS NULL) ORDER BY position, id`,
      [datasetId, includeMissing ? 1 : 0]
    )
    .map((row) => ({
      id: row.id,
      datasetId: row.dataset_id,
      name: row.name,
      group: row.grp,
      frameCount: row.frame_count,
      fps: row.fps,
      width: row.width,
      height: row.height,
      hasAudio: row.has_audio === 1,
      hasMaps: row.has_maps === 1,
      fixationKind: row.fixation_kind,
      issueCount: row.issue_count,
      missingSince: row.missing_since
    }))
}

export function getVideoRecord(store: Store, id: number): VideoRecord | null {
  const row = store.get<VideoRecordRow>('SELECT id, dataset_id, record_json FROM videos WHERE id = ?', [id])
  if (!row) return null
  const record = parseJsonColumn<NewVideo>(store, row.record_json, `videos.record_json of video ${row.id}`)
  return { ...record, id: row.id, datasetId: row.dataset_id }
}

/** When the video was found gone from its folder; null while it is present (or unknown). */
export function videoMissingSince(store: Store, id: number): string | null {
  return store.get<{ missing_since: string | null }>('SELECT missing_since FROM videos WHERE id = ?', [id])?.missing_since ?? null
}
