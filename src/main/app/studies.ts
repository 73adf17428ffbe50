// Reading an audio-swap study back: its report (the JSON artifact the job wrote), the per-frame
// map distances of one video (the viewer's difference timelines), and the heard-audio WAV of a
// condition's child run (the player). Each refuses a run that is not a study, or not finished,
// with a message that says which.
import { existsSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { AppError } from '../../shared/errors'
import type { AudioSwapReport, MapDifferenceSeries } from '../../shared/reports'
import { getRun, listArtifacts, mapDifferencesOf, type RunRecord, type Store } from '../store'

function requireStudy(store: Store, runId: string): RunRecord {
  const run = getRun(store, runId)
  if (!run) throw new AppError('unknown-run', `no run ${runId} in the experiment log`)
  if (run.kind !== 'study') throw new AppError('bad-argument', `run ${runId.slice(0, 8)} is an ${run.kind} run, not an audio-swap study`)
  return run
}

export function audioSwapReportOf(store: Store, runId: string): AudioSwapReport {
  const run = requireStudy(store, runId)
  const artifact = listArtifacts(store, runId).find((a) => a.kind === 'report')
  if (!artifact) {
    const state = run.status === 'running' || run.status === 'queued' ? `still ${run.status}` : `${run.status}${run.error ? `: ${run.error}` : ''}`
    throw new AppError('invalid-state', `study ${runId.slice(0, 8)} has no report: it is ${state}`)
  }
  if (!existsSync(artifact.path)) throw new AppError('not-found', `the report of study ${runId.slice(0, 8)} is gone from ${artifact.path}`)
  try {
    return JSON.parse(readFileSync(artifact.path, 'utf8')) as AudioSwapReport
  } catch (err) {
    throw new AppError('unreadable', `the report of study ${runId.slice(0, 8)} (${artifact.path}) is not valid JSON: ${err instanceof Error ? err.message : String(err)}`)
  }
}

/** Every condition's per-frame distance from real over `frameCount` frames (null where not computed). */
export function mapDifferenceSeriesOf(store: Store, runId: string, videoId: number, frameCount: number): MapDifferenceSeries {
  requireStudy(store, runId)
  const series: MapDifferenceSeries['series'] = {}
  for (const row of mapDifferencesOf(store, runId, videoId)) {
    const s = (series[row.condition] ??= { meanAbsDiff: new Array<number | null>(frameCount).fill(null), cc: new Array<number | null>(frameCount).fill(null) })
    if (row.frame < 0 || row.frame >= frameCount) continue
    s.meanAbsDiff[row.frame] = row.meanAbsDiff
    s.cc[row.frame] = Number.isFinite(row.cc) ? row.cc : null
  }
  return { runId, videoId, series }
}

/** The WAV a study's child inference run heard for one video. */
export function heardAudioPathOf(store: Store, runId: string, videoId: number): string {
  const run = getRun(store, runId)
  if (!run) throw new AppError('unknown-run', `no run ${runId} in the experiment log`)
  const artifact = listArtifacts(store, runId).find((a) => a.kind === 'heard-audio' && basename(a.path) === `${videoId}.wav`)
  if (!artifact) throw new AppError('not-found', `run ${runId.slice(0, 8)} kept no heard audio for video ${videoId} (only audio-swap studies do)`)
  if (!existsSync(artifact.path)) throw new AppError('not-found', `the heard audio of run ${runId.slice(0, 8)} is gone from ${artifact.path}`)
  return artifact.path
}

/** The figure PNG a study made. */
export function studyFigurePathOf(store: Store, runId: string): string {
  requireStudy(store, runId)
  const artifact = listArtifacts(store, runId).find((a) => a.kind === 'figure')
  if (!artifact) throw new AppError('not-found', `study ${runId.slice(0, 8)} made no figure (not finished, or no frame to draw)`)
  if (!existsSync(artifact.path)) throw new AppError('not-found', `the figure of study ${runId.slice(0, 8)} is gone from ${artifact.path}`)
  return artifact.path
}
