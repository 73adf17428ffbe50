// Read models of the experiment log, one per view: run summaries (runs list), one run in full
// (`avsal runs show`, the run panel), an evaluation's per-video table and per-frame series for
// the viewer's timelines. Every table and series is keyed by audio condition (one evaluation
// may score several), and videos gone from their folder are listed as missing, not dropped.
import { basename } from 'node:path'
import { AppError } from '../../shared/errors'
import {
  METRIC_KEYS,
  type EvaluationView,
  type FrameMetricSeries,
  type MetricKey,
  type RunDetail,
  type RunSummary,
  type VideoMetricsRow
} from '../../shared/types'
import { listArtifacts } from './artifacts'
import { getDataset } from './catalog'
import { evaluationsForRun, videoScoreMeans, type EvaluationRow } from './evaluations'
import { getModel } from './models'
import { getRun, latestMetrics, listRuns, queuePosition, type RunFilter, type RunRecord } from './runs'
import type { Store } from './store'

const ROW_FIELD: Record<MetricKey, keyof EvaluationRow> = {
  AUC_Judd: 'aucJudd',
  sAUC: 'sauc',
  NSS: 'nss',
  CC: 'cc',
  SIM: 'sim',
  KLD: 'kld'
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null)

function conditionLabel(condition: string | null): string {
  if (!condition || condition === 'none') return ''
  return ` · audio ${condition}`
}

function runLabel(run: RunRecord, model: string | null): string {
  const config = run.config as { label?: string | null; protocol?: string; predDir?: string; model?: string; conditions?: unknown }
  if (config.label) return config.label
  if (run.kind === 'study') {
    const versus = Array.isArray(config.conditions) ? config.conditions.filter((c) => c !== 'real').join(', ') : '?'
    return `audio swap ${model ?? config.model ?? '?'}: real vs ${versus}`
  }
  if (run.kind === 'eval') return `${config.protocol ?? 'eval'} · ${config.predDir ? basename(config.predDir) : '?'}${conditionLabel(run.audioCondition)}`
  if (run.kind === 'infer') return `${model ?? config.model ?? 'infer'}${conditionLabel(run.audioCondition)}`
  return `${run.kind} ${run.id.slice(0, 8)}`
}

export function runSummary(store: Store, run: RunRecord): RunSummary {
  const latest = latestMetrics(store, run.id)
  const metrics: Partial<Record<MetricKey, number>> = {}
  for (const key of METRIC_KEYS) {
    const value = latest[key]?.value
    if (value !== undefined && Number.isFinite(value)) metrics[key] = value
  }
  const dataset = run.datasetId !== null ? getDataset(store, run.datasetId) : null
  const model = run.modelId !== null ? getModel(store, run.modelId) : null
  const modelName = model ? (model.variant ? `${model.architecture}@${model.variant}` : model.architecture) : null
  return {
    id: run.id,
    kind: run.kind,
    status: run.status,
    statusReason: run.statusReason,
    label: runLabel(run, modelName),
    datasetId: run.datasetId,
    datasetName: dataset?.name ?? null,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    error: run.error,
    config: run.config,
    runtime: run.runtime,
    backend: run.backend,
    tags: run.tags,
    metrics,
    parentRunId: run.parentRunId,
    sourceRunId: run.sourceRunId,
    audioCondition: run.audioCondition,
    model: modelName,
    weightsSha256: model?.checkpointSha256 ?? null,
    owner: run.owner ? { host: run.owner.host, pid: run.owner.pid, startedAt: new Date(run.owner.startedMs).toISOString() } : null,
    heartbeatAt: run.heartbeatMs === null ? null : new Date(run.heartbeatMs).toISOString(),
    device: run.device,
    queuePosition: queuePosition(store, run.id)
  }
}

export function runSummaries(store: Store, filter: RunFilter = {}): RunSummary[] {
  return listRuns(store, filter).map((run) => runSummary(store, run))
}

function requireRun(store: Store, runId: string): RunRecord {
  const run = getRun(store, runId)
  if (!run) throw new AppError('unknown-run', `no run ${runId} in the experiment log ${store.path}`)
  return run
}

/** Per video and audio condition, with the video's name and whether it is missing now. */
export function videoMetricRows(store: Store, runId: string): VideoMetricsRow[] {
  const means = videoScoreMeans(store, runId)
  const ids = [...new Set(means.map((m) => m.videoId))]
  const videos = new Map(
    store
      .all<{ id: number; name: string; grp: string | null; missing_since: string | null }>(
        'SELECT id, name, grp, missing_since FROM videos WHERE id IN (SELECT value FROM json_each(?))',
        [JSON.stringify(ids)]
      )
      .map((v) => [v.id, v])
  )
  return means.map((row) => {
    const video = videos.get(row.videoId)
    const metrics: Partial<Record<MetricKey, number | null>> = {}
    for (const key of METRIC_KEYS) metrics[key] = finiteOrNull(row[ROW_FIELD[key] as 'aucJudd'])
    return {
      videoId: row.videoId,
      video: video?.name ?? `video ${row.videoId}`,
      group: video?.grp ?? null,
      audioCondition: row.audioCondition,
      frames: row.frames,
      metrics,
      missingSince: video?.missing_since ?? null
    }
  })
}

export function evaluationView(store: Store, runId: string): EvaluationView {
  const run = requireRun(store, runId)
  if (run.kind !== 'eval') throw new AppError('bad-argument', `run ${runId} is a ${run.kind} run, not an evaluation`)
  return { run: runSummary(store, run), videos: videoMetricRows(store, runId) }
}

export function runDetail(store: Store, runId: string): RunDetail {
  const run = requireRun(store, runId)
  const latest: RunDetail['latestMetrics'] = {}
  for (const [key, point] of Object.entries(latestMetrics(store, runId))) latest[key] = { value: finiteOrNull(point.value), step: point.step }
  return {
    run: runSummary(store, run),
    params: run.params,
    notes: run.notes,
    latestMetrics: latest,
    artifacts: listArtifacts(store, runId),
    children: runSummaries(store, { parentRunId: runId, limit: 10_000 }),
    videos: run.kind === 'eval' ? videoMetricRows(store, runId) : []
  }
}

/** One series per finished evaluation run and audio condition that scored this video. */
export function frameMetricSeries(store: Store, videoId: number, frameCount: number): FrameMetricSeries[] {
  const scored = store.all<{ run_id: string; audio_condition: string }>(
    `SELECT DISTINCT e.run_id, e.audio_condition FROM evaluations e JOIN runs r ON r.id = e.run_id
     WHERE e.video_id = ? AND r.status = 'done' ORDER BY r.created_at, e.audio_condition`,
    [videoId]
  )
  return scored.flatMap(({ run_id: runId, audio_condition: condition }) => {
    const run = getRun(store, runId)
    if (!run) return []
    const rows = evaluationsForRun(store, runId, { videoId, audioCondition: condition as EvaluationRow['audioCondition'] })
    const series: FrameMetricSeries['series'] = {}
    for (const key of METRIC_KEYS) {
      if (!rows.some((row) => Number.isFinite(row[ROW_FIELD[key]] as number))) continue
      const values: (number | null)[] = Array.from({ length: frameCount }, () => null)
      for (const row of rows) if (row.frame < frameCount) values[row.frame] = finiteOrNull(row[ROW_FIELD[key]] as number)
      series[key] = values
    }
    const summary = runSummary(store, run)
    const several = scored.filter((s) => s.run_id === runId).length > 1
    return [{ runId, label: several ? `${summary.label}${conditionLabel(condition)}` : summary.label, videoId, audioCondition: condition, series }]
  })
}
