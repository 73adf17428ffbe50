// An evaluation: every frame of the chosen videos (and frame range) that has both a prediction
// and ground truth is scored with the preset's metrics; rows go to the experiment log in
// batches, progress and cancellation are checked per frame. Planning (which frames, with what)
// happens before a run exists, so a bad request never leaves a failed run behind; the run's
// lifecycle is engine/runs/lifecycle.ts.
import type { VideoCoverage } from '../../../shared/reports'
import type { FixationPoint, FrameRange, VideoRecord } from '../../../shared/types'
import { join } from 'node:path'
import { aggregate, presetById, type AggregateResult, type EvaluationPreset, type FrameMetrics } from '../../metrics'
import {
  getDatasetByRoot,
  insertEvaluations,
  logMetrics,
  summarizeVideoScores,
  type AudioCondition,
  type EvaluationRow,
  type NewRun,
  type Store
} from '../../store'
import { withRun } from '../runs/lifecycle'
import { describeRange, pickVideos, rangeWithin, requireFramesInRange } from '../runs/videoPicking'
import { gazeGroundTruth, readFixationMap } from './groundTruth'
import { GazeGroundTruth } from '../../datasets/gaze/gazeGroundTruth'
import { entryPoint } from '../../core/packageInfo'
import { findPredictionDir, pairCacheFolder, pairPredictions } from './predictionFiles'
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
  /** score only these frames of each video (0-based, inclusive) */
  frames?: FrameRange
  audioCondition?: AudioCondition
  /**
   * Prediction cache folders per video name (an inference run's or a study's own maps): each
   * is paired frame by frame by index instead of being looked up under predDir.
   */
  cacheFolders?: Record<string, string>
  /** what made the maps, when the folder is an inference run's (see evaluationSource) */
  sourceRunId?: string | null
  modelId?: number | null
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

/** What was scored of one video, and what could not be (the report's coverage). */
export type VideoEvaluationNote = VideoCoverage

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

/** What an evaluation will score, decided before any run exists. */
export interface EvaluationPlan {
  datasetId: number
  preset: EvaluationPreset
  jitter: boolean
  seed: number
  audioCondition: AudioCondition
  planned: PlannedVideo[]
  notes: VideoEvaluationNote[]
  /** frames to score */
  total: number
  /** videos left out because their file is gone */
  missingVideos: string[]
}

/** Whether frame i can be scored: a GT map or fixation file, or raw gaze the maps are made from. */
export function frameHasGroundTruth(record: VideoRecord, i: number): boolean {
  return (
    GazeGroundTruth.isGazeVideo(record) ||
    Boolean(record.maps?.files[i]) ||
    (record.fixations.kind === 'png' || record.fixations.kind === 'mat' ? Boolean(record.fixations.files[i]) : false)
  )
}

function planVideo(record: VideoRecord, videoIndex: number, spec: EvaluationSpec, singleVideo: boolean): { planned: PlannedVideo | null; note: VideoEvaluationNote } {
  const cacheFolder = spec.cacheFolders ? (spec.cacheFolders[record.name] ?? null) : undefined
  const predDir = cacheFolder !== undefined ? cacheFolder : findPredictionDir(spec.predDir, record, singleVideo)
  const note: VideoEvaluationNote = {
    video: record.name,
    predDir,
    pairedBy: null,
    framesScored: 0,
    missingPredictions: [],
    missingGroundTruth: [],
    unmatchedPredictions: []
  }
  const range = rangeWithin(spec.frames, record.frameCount)
  if (!range) return { planned: null, note }
  if (!predDir) {
    note.missingPredictions = Array.from({ length: range.last - range.first + 1 }, (_, i) => range.first + i)
    return { planned: null, note }
  }
  const pairing = cacheFolder ? pairCacheFolder(record, predDir) : pairPredictions(record, predDir)
  note.pairedBy = pairing.pairedBy
  note.missingPredictions = pairing.missingFrames.filter((f) => f >= range.first && f <= range.last)
  note.unmatchedPredictions = pairing.unmatched
  const frames: number[] = []
  for (let i = range.first; i <= range.last; i++) {
    if (!pairing.files[i]) continue
    if (frameHasGroundTruth(record, i)) frames.push(i)
    else note.missingGroundTruth.push(i)
  }
  return { planned: { record, videoIndex, predFiles: pairing.files, predDir, frames, fixations: [], note }, note }
}

/**
 * Which frames of which videos get scored, with which prediction files. Throws (before a run
 * exists) for a dataset not in the catalog, unknown or missing videos, a range no video has,
 * and a folder with nothing to score.
 */
export function planEvaluation(store: Store, spec: EvaluationSpec): EvaluationPlan {
  const preset = presetById(spec.protocol ?? 'vinet-av')
  const dataset = getDatasetByRoot(store, spec.datasetRoot)
  if (!dataset) {
    throw new AppError('dataset-not-open', `${spec.datasetRoot} is not in the catalog: open it first (avsal open DIR)`)
  }
  const picked = pickVideos(store, dataset.id, spec.datasetRoot, spec.videos)
  requireFramesInRange(picked.videos, spec.frames, spec.datasetRoot)
  const planned: PlannedVideo[] = []
  const notes: VideoEvaluationNote[] = []
  picked.videos.forEach((record, videoIndex) => {
    const result = planVideo(record, videoIndex, spec, picked.videos.length === 1 && picked.missing.length === 0)
    notes.push(result.note)
    if (result.planned) planned.push(result.planned)
  })
  const total = planned.reduce((n, v) => n + v.frames.length, 0)
  if (total === 0) {
    throw new AppError(
      'nothing-to-evaluate',
      `no frame${spec.frames ? ` in ${describeRange(spec.frames)}` : ''} has both a prediction in ${spec.predDir} and ground truth`,
      notes.map((n) => `${n.video}: ${n.predDir ? `${n.missingPredictions.length} frames without prediction` : 'no prediction folder found'}`)
    )
  }
  return {
    datasetId: dataset.id,
    preset,
    jitter: spec.jitter ?? true,
    seed: spec.seed ?? 0,
    audioCondition: spec.audioCondition ?? 'none',
    planned,
    notes,
    total,
    missingVideos: picked.missing
  }
}

/** The run row of an evaluation (config, params, what it scored). */
export function evaluationRun(spec: EvaluationSpec, plan: EvaluationPlan): Omit<NewRun, 'owner' | 'device'> {
  return {
    kind: 'eval',
    datasetId: plan.datasetId,
    config: {
      protocol: plan.preset.id,
      predDir: spec.predDir,
      videos: spec.videos ?? null,
      frames: spec.frames ?? null,
      jitter: plan.jitter,
      seed: plan.seed,
      audioCondition: plan.audioCondition,
      label: spec.label ?? null,
      missingVideos: plan.missingVideos
    },
    runtime: 'avsal-metrics',
    backend: 'cpu',
    params: { protocol: plan.preset.id, jitter: String(plan.jitter), seed: String(plan.seed) },
    modelId: spec.modelId ?? null,
    sourceRunId: spec.sourceRunId ?? null,
    audioCondition: plan.audioCondition
  }
}

/** Lets queued messages (a cancel) and I/O callbacks run between frames. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** In-process evaluation (tests, benchmarks): plan, then one run through the shared lifecycle. */
export async function runEvaluation(store: Store, spec: EvaluationSpec, hooks: EvaluationHooks = {}): Promise<EvaluationResult> {
  const plan = planEvaluation(store, spec)
  const { report } = await withRun(store, evaluationRun(spec, plan), async (runId) => {
    hooks.runCreated?.(runId)
    const result = await scoreEvaluation(store, runId, plan, spec, hooks)
    return result.status === 'done' ? { status: 'done', result } : { status: 'cancelled', reason: `cancelled after ${result.framesScored} frames`, result }
  })
  if (report.status !== 'failed' && report.result) return report.result
  throw new AppError('internal', `evaluation run ended ${report.status} without a result`)
}

/**
 * Scores a planned evaluation into run `runId` (which exists and is running). Returns 'done' or,
 * at a cancel, 'cancelled' with what was scored; rows written stay.
 */
export async function scoreEvaluation(store: Store, runId: string, plan: EvaluationPlan, spec: EvaluationSpec, hooks: EvaluationHooks = {}): Promise<EvaluationResult> {
  const started = performance.now()
  const { preset, jitter, seed, audioCondition, planned, notes, total } = plan
  const perVideo: EvaluationResult['frames'] = []
  let done = 0
  let framesResized = 0
  let scoredOn = 'inline (1 thread)'
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
  const worker = entryPoint('evalWorker')
  const scorer = chooseScorer(ctx, spec.threads ?? 1, worker.path, { execArgv: worker.execArgv.length ? worker.execArgv : undefined })
  scoredOn = scorer.description
  const results = new Map<PlannedVideo, { frame: number; metrics: FrameMetrics }[]>(planned.map((v) => [v, []]))
  let batch: EvaluationRow[] = []
  // rows go in batches; the per-video means of the videos a batch touched are kept current, so
  // the results table of a running or finished run never averages the whole run
  const flush = (): void => {
    if (batch.length === 0) return
    insertEvaluations(store, batch)
    summarizeVideoScores(store, runId, batch.map((row) => row.videoId))
    batch = []
  }
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
        batch.push({ runId: runId, videoId: video.record.id, frame: task.frame, audioCondition, ...scoreColumns(metrics) })
        if (batch.length >= INSERT_BATCH) flush()
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
  flush()
  if (cancelled) return finish('cancelled')
  const result = finish('done')
  logMetrics(
    store,
    runId,
    Object.entries(result.summary.metrics).map(([key, value]) => ({ key, value: value as number, step: 0 }))
  )
  return result

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
      runId: runId,
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
