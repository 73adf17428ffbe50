// `avsal runs list [--kind K] [--status S] [--limit N] [--json]`, `avsal runs show ID [--json]`,
// `avsal runs resume ID`: the experiment log from the command line.
import { audioSwapReportMarkdown, type AudioSwapReport } from '../../../shared/reports'
import type { RunDetail, RunSummary, VideoMetricsRow } from '../../../shared/types'
import type { AppService } from '../../app'
import { exitCodeOf, watchJob } from './jobWatch'
import { numberOption } from './options'
import { printJson, usage } from './output'

export interface RunsArgs {
  kind?: string
  status?: string
  limit?: string
  json: boolean
}

const RUNS_USAGE = 'usage: avsal runs list [--kind infer|eval|train|study] [--status S] [--limit N] [--json] | avsal runs show ID [--json] | avsal runs resume ID'

const fmt = (v: number | null | undefined, digits = 4): string => (v === null || v === undefined ? 'NaN' : v.toFixed(digits))

function pad(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width)
}

function statusText(run: RunSummary): string {
  if (run.status === 'queued' && run.queuePosition !== null) return `queued #${run.queuePosition}`
  return run.status
}

function listLine(run: RunSummary): string {
  const metrics = Object.entries(run.metrics)
    .map(([k, v]) => `${k} ${fmt(v, 3)}`)
    .join(' ')
  return `${run.id.slice(0, 8)}  ${pad(run.kind, 5)} ${pad(statusText(run), 17)} ${run.createdAt.slice(0, 19).replace('T', ' ')}  ${pad(run.datasetName ?? '-', 14)} ${pad(run.label, 44)} ${metrics}`
}

function videoLine(row: VideoMetricsRow): string {
  const metrics = Object.entries(row.metrics)
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join('  ')
  const missing = row.missingSince ? `  [missing since ${row.missingSince}]` : ''
  return `  ${pad(row.group ? `${row.group}/${row.video}` : row.video, 28)} ${pad(row.audioCondition, 8)} ${String(row.frames).padStart(6)} frames  ${metrics}${missing}`
}

function printDetail(detail: RunDetail): void {
  const run = detail.run
  const out = process.stdout
  out.write(`run ${run.id}  ${run.kind}  ${statusText(run)}${run.statusReason ? ` — ${run.statusReason}` : ''}\n`)
  out.write(`  label      ${run.label}\n`)
  if (run.datasetName) out.write(`  dataset    ${run.datasetName}\n`)
  if (run.model) out.write(`  model      ${run.model}${run.weightsSha256 ? ` (weights sha256 ${run.weightsSha256.slice(0, 16)}…)` : ''}\n`)
  if (run.audioCondition) out.write(`  audio      ${run.audioCondition}\n`)
  if (run.sourceRunId) out.write(`  scored     maps of run ${run.sourceRunId}\n`)
  if (run.parentRunId) out.write(`  part of    run ${run.parentRunId}\n`)
  out.write(`  created    ${run.createdAt}${run.endedAt ? `, ended ${run.endedAt}` : ''}\n`)
  if (run.owner) out.write(`  owner      pid ${run.owner.pid} on ${run.owner.host} (started ${run.owner.startedAt}), last heartbeat ${run.heartbeatAt ?? 'never'}\n`)
  if (run.device) out.write(`  device     ${run.device}\n`)
  if (run.runtime) out.write(`  runtime    ${run.runtime}${run.backend ? ` / ${run.backend}` : ''}${run.tags.provider ? ` (provider ${run.tags.provider})` : ''}\n`)
  if (run.error) out.write(`  error      ${run.error}\n`)
  out.write(`  config     ${JSON.stringify(run.config)}\n`)
  const metrics = Object.entries(detail.latestMetrics)
  if (metrics.length) out.write(`  metrics    ${metrics.map(([k, m]) => `${k} ${fmt(m.value)}${m.step ? ` @${m.step}` : ''}`).join(', ')}\n`)
  for (const artifact of detail.artifacts) out.write(`  artifact   ${artifact.kind}: ${artifact.path}\n`)
  for (const child of detail.children) out.write(`  child      ${listLine(child)}\n`)
  if (detail.videos.length) {
    out.write(`  per video (${detail.videos.length}):\n`)
    for (const row of detail.videos) out.write(`${videoLine(row)}\n`)
  }
  if (detail.notes) out.write(`  notes\n${detail.notes.split('\n').map((l) => `    ${l}`).join('\n')}\n`)
}

/** A finished study's audio-reliance table under its run detail (a report that cannot be read is said, not fatal). */
async function printStudyTable(service: AppService, runId: string): Promise<void> {
  try {
    const report = (await service.call('getAudioSwapReport', [runId])) as AudioSwapReport
    process.stdout.write(`\n${audioSwapReportMarkdown(report)}`)
  } catch (err) {
    process.stdout.write(`  report     not readable: ${err instanceof Error ? err.message : String(err)}\n`)
  }
}

export async function runRuns(service: AppService, rest: string[], args: RunsArgs): Promise<number> {
  const [sub, id, ...extra] = rest
  if (sub === 'list' && id === undefined) {
    const runs = (await service.call('listRuns', [{ kind: args.kind, status: args.status, limit: numberOption(args.limit) }])) as RunSummary[]
    if (args.json) printJson(runs)
    else {
      process.stdout.write(`${'id'.padEnd(8)}  ${pad('kind', 5)} ${pad('status', 17)} ${'created'.padEnd(19)}  ${pad('dataset', 14)} ${pad('label', 44)} metrics\n`)
      for (const run of runs) process.stdout.write(`${listLine(run)}\n`)
      if (runs.length === 0) process.stdout.write('(no runs)\n')
    }
    return 0
  }
  if (sub === 'show' && id !== undefined && extra.length === 0) {
    const detail = (await service.call('getRun', [id])) as RunDetail
    if (args.json) printJson(detail)
    else {
      printDetail(detail)
      if (detail.run.kind === 'study' && detail.artifacts.some((a) => a.kind === 'report')) await printStudyTable(service, detail.run.id)
    }
    return 0
  }
  if (sub === 'resume' && id !== undefined && extra.length === 0) {
    const started = (await service.call('resumeRun', [id])) as { jobId: string; runId: string }
    const finished = await watchJob(service, started, { unit: 'maps' })
    process.stdout.write(`run ${started.runId}: ${finished.progress.status}${finished.progress.message ? ` (${finished.progress.message})` : ''}\n`)
    return exitCodeOf(finished)
  }
  throw usage(RUNS_USAGE)
}
