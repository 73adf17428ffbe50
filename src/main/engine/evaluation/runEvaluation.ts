// An evaluation run: every frame of the chosen videos that has both a prediction and ground
// truth is scored with the preset's metrics; rows go to the experiment log in batches, progress
// and cancellation are checked per frame, and the run ends done / failed / cancelled — never
// half-written.
import type { FixationPoint, VideoRecord } from '../../../shared/types'

import { join } from 'node:path'

import { aggregate, presetById, type AggregateResult, type EvaluationPreset, type FrameMetrics } from '../../metrics'

import {
  createRun,
  finishRun,
  getDatasetByRoot,
  getVideoRecord,
  insertEvaluations,
  listVideoSummaries,
  logMetrics,
  startRun,
  type AudioCondition,
  type EvaluationRow,
  type Store
} from '../../store'

import { gazeGroundTruth, readFixationMap } from './groundTruth'

import { GazeGroundTruth } from '../../datasets/gaze/gazeGroundTruth'

import { packageInfo } from '../../core/packageInfo'

import { findPredictionDir, pairPredictions } from './predictionFiles'

import type { FrameTask, ScoringContext } from './frameScoring'

import { chooseScorer } from './scorers'

import { toSparse, unionOf, type SparseFixations } from './sparseFixations'
import { AppError } from '../../../shared/errors'


export interface EvaluationSpec {
  datasetRoot: string
  predDir: string
  /** video names to evaluate (default: all) */
  videos?: string[]
  /** evaluation preset id (default 'vinet-av') */
  protocol?: string
  jitter?: boolean
  seed?: number
  audioCondition?: AudioCondition
  label?: string
  /** cache folder (raw-gaze imports) and the FWHM of maps made from raw gaze */
  cacheDir?: string
  gazeFwhmPx?: number
  /** scoring threads: 1 (default) scores inline; 'auto' uses one worker thread per core (up to 8) */
  threads?: number | 'auto'
}

export interface EvaluationHooks {
  /** called once the run row exists (the job process tells the app which run it writes) */
  runCreated?(runId: string): void
  progress?(done: number, total: number, message: string): void
  cancelled?(): boolean
}

export interface VideoEvaluationNote {
  video: string
  predDir: string | null
  pairedBy: string | null
  framesScored: number
  missingPredictions: number[]
  missingGroundTruth: number[]
  unmatchedPredictions: string[]
}

export interface EvaluationResult {
  runId: string
  status: 'done' | 'cancelled'
  preset: EvaluationPreset
  datasetRoot: string
  predDir: string
  jitter: boolean
  seed: number
  framesScored: number
  framesResized: number
  /** where frames were scored ('inline (1 thread)', '2 worker thread(s)') */
  scoredOn: string
  summary: AggregateResult
  videos: VideoEvaluationNote[]
  /** per-frame scores of every video (frame index → metrics) */
  frames: { video: string; frames: { frame: number; metrics: FrameMetrics }[] }[]
  seconds: number
}

interface PlannedVideo {
  record: VideoRecord
  videoIndex: number
  predFiles: (string | null)[]
  predDir: string
  frames: number[]
  fixations: (SparseFixations | null)[]
  note: VideoEvaluationNote
}

const INSERT_BATCH = 64

function scoreColumns(m: FrameMetrics): Pick<EvaluationRow, 'aucJudd' | 'sauc' | 'nss' | 'cc' | 'sim' | 'kld'> {
  return {
    aucJudd: m.AUC_Judd ?? NaN,
    sauc: m.sAUC ?? NaN,
    nss: m.NSS ?? NaN,
    cc: m.CC ?? NaN,
    sim: m.SIM ?? NaN,
    kld: m.KLD ?? NaN
  }
}

function planVideos(store: Store, spec: EvaluationSpec, datasetId: number): { planned: PlannedVideo[]; notes: VideoEvaluationNote[] } {
  const summaries = listVideoSummaries(store, datasetId)
  const wanted = spec.videos?.length ? new Set(spec.videos) : null
  if (wanted) {
    const unknown = [...wanted].filter((name) => !summaries.some((s) => s.name === name))
    if (unknown.length) {
      throw new AppError('unknown-video', `no video named ${unknown.join(', ')} in ${spec.datasetRoot}`, [
        `videos in this dataset: ${summaries.slice(0, 20).map((s) => s.name).join(', ')}${summaries.length > 20 ? ', …' : ''}`
      ])
    }
  }
  const chosen = summaries.filter((s) => !wanted || wanted.has(s.name))
  const planned: PlannedVideo[] = []
  const notes: VideoEvaluationNote[] = []
  chosen.forEach((summary, videoIndex) => {
    const record = getVideoRecord(store, summary.id)
    if (!record) return
    const predDir = findPredictionDir(spec.predDir, record, summaries.length === 1)
    const note: VideoEvaluationNote = {
      video: record.name,
      predDir,
      pairedBy: null,
      framesScored: 0,
      missingPredictions: [],
      missingGroundTruth: [],
      unmatchedPredictions: []
    }
    notes.push(note)
    if (!predDir) {
      note.missingPredictions = Array.from({ length: record.frameCount }, (_, i) => i)
      return
    }
    const pairing = pairPredictions(record, predDir)
    note.pairedBy = pairing.pairedBy
    note.missingPredictions = pairing.missingFrames
    note.unmatchedPredictions = pairing.unmatched
    const frames: number[] = []
    const fromGaze = GazeGroundTruth.isGazeVideo(record)
    for (let i = 0; i < record.frameCount; i++) {
      if (!pairing.files[i]) continue
      const hasGt = fromGaze || Boolean(record.maps?.files[i]) || (record.fixations.kind === 'png' || record.fixations.kind === 'mat'
        ? Boolean(record.fixations.files[i])
        : false)
      if (hasGt) frames.push(i)
      else note.missingGroundTruth.push(i)
    }
    planned.push({ record, videoIndex, predFiles: pairing.files, predDir, frames, fixations: [], note })
  })
  return { planned, notes }
}

/** Lets queued messages (a cancel) and I/O callbacks run between frames. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

export async function runEvaluation(store: Store, spec: EvaluationSpec, hooks: EvaluationHooks = {}): Promise<EvaluationResult> {
  const started = performance.now()
  const preset = presetById(spec.protocol ?? 'vinet-av')
  const jitter = spec.jitter ?? true
  const seed = spec.seed ?? 0
  const audioCondition = spec.audioCondition ?? 'none'
  const dataset = getDatasetByRoot(store, spec.datasetRoot)
  if (!dataset) {
    throw new AppError('dataset-not-open', `${spec.datasetRoot} is not in the catalog: open it first (avsal open DIR)`)
  }
  const { planned, notes } = planVideos(store, spec, dataset.id)
  const total = planned.reduce((n, v) => n + v.frames.length, 0)
  if (total === 0) {
    throw new AppError('nothing-to-evaluate', `no frame has both a prediction in ${spec.predDir} and ground truth`, notes.map(
      (n) => `${n.video}: ${n.predDir ? `${n.missingPredictions.length} frames without prediction` : 'no prediction folder found'}`
    ))
  }
  const run = createRun(store, {
    kind: 'eval',
    datasetId: dataset.id,
    config: { protocol: preset.id, predDir: spec.predDir, videos: spec.videos ?? null, jitter, seed, audioCondition, label: spec.label ?? null },
    runtime: 'avsal-metrics',
    backend: 'cpu',
    params: { protocol: preset.id, jitter: String(jitter), seed: String(seed) }
  })
  startRun(store, run.id)
  hooks.runCreated?.(run.id)
  const perVideo: EvaluationResult['frames'] = []
  let done = 0
  let framesResized = 0
  let scoredOn = 'inline (1 thread)'
  try {
    // Fixation maps of every evaluated frame, sparse: the sAUC negatives need other frames.
    const gaze = new GazeGroundTruth(spec.cacheDir ?? '', spec.gazeFwhmPx)
    const gazePoints = new Map<number, Map<number, FixationPoint[]>>()
    for (const video of planned) {
      if (GazeGroundTruth.isGazeVideo(video.record)) {
        const imported = await gaze.load(video.record)
        gazePoints.set(video.record.id, imported.frames)
        video.fixations = Array.from({ length: video.record.frameCount }, (_, i) =>
          toSparse(gazeGroundTruth(imported.frames.get(i) ?? [], video.record.width, video.record.height, gaze.fwhmPx).fix)
        )
        continue
      }
      video.fixations = Array.from({ length: video.record.frameCount }, (_, i) => {
        const map = readFixationMap(video.record, i)
        return map ? toSparse(map) : null
      })
    }
    // Tasks in video order; every frame is scored with its own seeded RNG, so results do not
    // depend on the thread or the order in which frames finish.
    const pool: SparseFixations[] = []
    const poolIndex = new Map<string, number>()
    for (const video of planned) {
      for (const frame of video.frames) {
        const f = video.fixations[frame]
        if (!f) continue
        poolIndex.set(`${video.videoIndex}:${frame}`, pool.length)
        pool.push(f)
      }
    }
    const ctx: ScoringContext = {
      presetId: preset.id,
      jitter,
      seed,
      gazeFwhmPx: gaze.fwhmPx,
      unions: planned.reduce<(SparseFixations | null)[]>((acc, v) => {
        acc[v.videoIndex] = unionOf(v.fixations)
        return acc
      }, []),
      pool
    }
    const tasks: { video: PlannedVideo; task: FrameTask }[] = planned.flatMap((video) =>
      video.frames.map((frame) => {
        const points = gazePoints.get(video.record.id)
        const mapName = video.record.maps?.files[frame]
        const gt: FrameTask['gt'] = points
          ? { kind: 'gaze', points: points.get(frame) ?? [], width: video.record.width, height: video.record.height }
          : video.record.maps && mapName
            ? { kind: 'file', path: join(video.record.maps.dir, mapName) }
            : null
        return {
          video,
          task: {
            videoIndex: video.videoIndex,
            frame,
            predPath: join(video.predDir, video.predFiles[frame] as string),
            gt,
            fix: points ? null : video.fixations[frame],
            poolIndex: poolIndex.get(`${video.videoIndex}:${frame}`) ?? -1
          }
        }
      })
    )
    const scorer = chooseScorer(ctx, spec.threads ?? 1, join(packageInfo().root, 'out', 'main', 'evalWorker.js'))
    scoredOn = scorer.description
    const results = new Map<PlannedVideo, { frame: number; metrics: FrameMetrics }[]>(planned.map((v) => [v, []]))
    let batch: EvaluationRow[] = []
    let cancelled = false
    try {
      const inFlight = new Set<Promise<void>>()
      for (const { video, task } of tasks) {
        await yieldToEventLoop()
        if (hooks.cancelled?.()) {
          cancelled = true
          break
        }
        const work: Promise<void> = scorer.score(task).then((metrics) => {
          if (metrics.resized) framesResized++
          results.get(video)?.push({ frame: task.frame, metrics })
          batch.push({ runId: run.id, videoId: video.record.id, frame: task.frame, audioCondition, ...scoreColumns(metrics) })
          if (batch.length >= INSERT_BATCH) {
            insertEvaluations(store, batch)
            batch = []
          }
          done++
          video.note.framesScored++
          hooks.progress?.(done, total, `${video.record.name} frame ${task.frame}`)
        })
        inFlight.add(work)
        work.then(
          () => inFlight.delete(work),
          () => inFlight.delete(work)
        )
        if (inFlight.size >= scorer.capacity) await Promise.race(inFlight)
      }
      await Promise.all(inFlight)
    } finally {
      await scorer.close()
    }
    for (const video of planned) {
      const frames = (results.get(video) ?? []).sort((a, b) => a.frame - b.frame)
      if (frames.length || !cancelled) perVideo.push({ video: video.record.name, frames })
    }
    if (cancelled) {
      if (batch.length) insertEvaluations(store, batch)
      finishRun(store, run.id, 'cancelled')
      return finish('cancelled')
    }
    if (batch.length) insertEvaluations(store, batch)
    const result = finish('done')
    logMetrics(
      store,
      run.id,
      Object.entries(result.summary.metrics).map(([key, value]) => ({ key, value: value as number, step: 0 }))
    )
    finishRun(store, run.id, 'done')
    return result
  } catch (err) {
    finishRun(store, run.id, 'failed', err instanceof Error ? err.message : String(err))
    throw err
  }

  function finish(status: 'done' | 'cancelled'): EvaluationResult {
    const summary = aggregate(
      perVideo.map((v) => ({
        video: v.video,
        split: planned.find((p) => p.record.name === v.video)?.record.group ?? undefined,
        frames: v.frames.map((f) => f.metrics)
      })),
      preset.aggregation
    )
    return {
      runId: run.id,
      status,
      preset,
      datasetRoot: spec.datasetRoot,
      predDir: spec.predDir,
      jitter,
      seed,
      framesScored: done,
      framesResized,
      scoredOn,
      summary,
      videos: notes,
      frames: perVideo,
      seconds: (performance.now() - started) / 1000
    }
  }
}
