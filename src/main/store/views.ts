// Read models of the experiment log for the UI: run summaries, per-video tables, per-frame series.
import { basename } from 'node:path'

import { METRIC_KEYS, type EvaluationView, type FrameMetricSeries, type MetricKey, type RunSummary, type VideoMetricsRow } from '../../shared/types'

import {
  evaluationsForRun,
  getDataset,
  getRun,
  getVideoRecord,
  listRuns,
  metricHistory,
  metricKeys,
  videoScoreMeans,
  type EvaluationRow,
  type RunRecord,
  type Store
} from './'
import { AppError } from '../../shared/errors'


const ROW_FIELD: Record<MetricKey, keyof EvaluationRow> = {
  AUC_Judd: 'aucJudd',
  sAUC: 'sauc',
  NSS: 'nss',
  CC: 'cc',
  SIM: 'sim',
  KLD: 'kld'
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null)

function runLabel(run: RunRecord): string {
  const config = run.config as { label?: string | null; protocol?: string; predDir?: string }
  if (config.label) return config.label
  if (run.kind === 'eval') return `${config.protocol ?? 'eval'} · ${config.predDir ? basename(config.predDir) : '?'}`
  return `${run.kind} ${run.id.slice(0, 8)}`
}

export function runSummary(store: Store, run: RunRecord): RunSummary {
  const metrics: Partial<Record<MetricKey, number>> = {}
  for (const key of metricKeys(store, run.id)) {
    if (!(METRIC_KEYS as readonly string[]).includes(key)) continue
    const last = metricHistory(store, run.id, key).at(-1)
    if (last && last.value !== null && Number.isFinite(last.value)) metrics[key as MetricKey] = last.value
  }
  const dataset = run.datasetId !== null ? getDataset(store, run.datasetId) : null
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    label: runLabel(run),
    datasetId: run.datasetId,
    datasetName: dataset?.name ?? null,
    createdAt: run.createdAt,
    endedAt: run.endedAt,
    error: run.error,
    config: run.config,
    runtime: run.runtime,
    backend: run.backend,
    tags: run.tags,
    metrics
  }
}

export function runSummaries(store: Store, kind?: RunSummary['kind']): RunSummary[] {
  return listRuns(store, kind ? { kind } : {}).map((run) => runSummary(store, run))
}

export function evaluationView(store: Store, runId: string): EvaluationView {
  const run = getRun(store, runId)
  if (!run) throw new AppError('not-found', `no run ${runId} in the experiment log`)
  if (run.kind !== 'eval') throw new AppError('bad-argument', `run ${runId} is a ${run.kind} run, not an evaluation`)
  const videos: VideoMetricsRow[] = videoScoreMeans(store, runId).map((row) => {
    const record = getVideoRecord(store, row.videoId)
    const metrics: Partial<Record<MetricKey, number | null>> = {}
    for (const key of METRIC_KEYS) metrics[key] = finiteOrNull(row[ROW_FIELD[key] as 'aucJudd'])
    return { videoId: row.videoId, video: record?.name ?? `video ${row.videoId}`, group: record?.group ?? null, frames: row.frames, metrics }
  })
  return { run: runSummary(store, run), videos }
}

export function frameMetricSeries(store: Store, videoId: number, frameCount: number): FrameMetricSeries[] {
  const runIds = store
    .all<{ run_id: string }>(
      `SELECT DISTINCT e.run_id FROM evaluations e JOIN runs r ON r.id = e.run_id
       WHERE e.video_id = ? AND r.status = 'done' ORDER BY r.created_at`,
      [videoId]
    )
    .map((r) => r.run_id)
  return runIds.flatMap((runId) => {
    const run = getRun(store, runId)
    if (!run) return []
    const rows = evaluationsForRun(store, runId, { videoId })
    const series: FrameMetricSeries['series'] = {}
    for (const key of METRIC_KEYS) {
      if (!rows.some((row) => Number.isFinite(row[ROW_FIELD[key]] as number))) continue
      const values: (number | null)[] = Array.from({ length: frameCount }, () => null)
      for (const row of rows) if (row.frame < frameCount) values[row.frame] = finiteOrNull(row[ROW_FIELD[key]] as number)
      series[key] = values
    }
    return [{ runId, label: runLabel(run), videoId, series }]
  })
}
