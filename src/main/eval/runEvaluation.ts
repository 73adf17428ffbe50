// An evaluation run: every frame of the chosen videos that has both a prediction and ground
// truth is scored with the preset's metrics; rows go to the experiment log in batches, progress
// and cancellation are checked per frame, and the run ends done / failed / cancelled — never
// half-written.
import type { FixationPoint, VideoRecord } from '../../shared/types'
import {
  aggregate,
  buildOtherMap,
  deriveSeed,
  evaluateFrame,
  presetById,
  Rng,
  type AggregateResult,
  type EvaluationPreset,
  type FixationMap,
  type FixationPool,
  type FrameMetrics
} from '../metrics'
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
} from '../store'
import { ApiError } from '../app/errors'
import { gazeGroundTruth, readFixationMap, readGtMap } from './groundTruth'
import { GazeGroundTruth } from '../app/gazeGroundTruth'
import { readMapFile } from './mapFiles'
import { findPredictionDir, pairPredictions } from './predictionFiles'

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
  summary: AggregateResult
  videos: VideoEvaluationNote[]
  /** per-frame scores of every video (frame index → metrics) */
  frames: { video: string; frames: { frame: number; metrics: FrameMetrics }[] }[]
  seconds: number
}

/** Fixations kept sparse (pixel indices) so every frame of a split fits in memory. */
interface SparseFixations {
  width: number
  height: number
  pixels: Uint32Array
}

function toSparse(map: FixationMap): SparseFixations {
  const pixels: number[] = []
  for (let p = 0; p < map.data.length; p++) if (map.data[p] > 0) pixels.push(p)
  return { width: map.width, height: map.height, pixels: Uint32Array.from(pixels) }
}

function toDense(sparse: SparseFixations): FixationMap {
  const data = new Uint8Array(sparse.width * sparse.height)
  for (const p of sparse.pixels) data[p] = 1
  return { width: sparse.width, height: sparse.height, data }
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
      throw new ApiError('unknown-video', `no video named ${unknown.join(', ')} in ${spec.datasetRoot}`, [
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
    throw new ApiError('dataset-not-open', `${spec.datasetRoot} is not in the catalog: open it first (avsal open DIR)`)
  }
  const { planned, notes } = planVideos(store, spec, dataset.id)
  const total = planned.reduce((n, v) => n + v.frames.length, 0)
  if (total === 0) {
    throw new ApiError('nothing-to-evaluate', `no frame has both a prediction in ${spec.predDir} and ground truth`, notes.map(
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
    const pool = buildPool(planned)
    let batch: EvaluationRow[] = []
    for (const video of planned) {
      const union = unionOf(video.fixations)
      const frameResults: { frame: number; metrics: FrameMetrics }[] = []
      for (const frame of video.frames) {
        await yieldToEventLoop()
        if (hooks.cancelled?.()) {
          if (batch.length) insertEvaluations(store, batch)
          finishRun(store, run.id, 'cancelled')
          return finish('cancelled')
        }
        const rng = new Rng(deriveSeed(seed, video.videoIndex, frame))
        const pred = readMapFile(`${video.predDir}/${video.predFiles[frame]}`, { role: 'prediction' })
        const points = gazePoints.get(video.record.id)
        const gt = points
          ? gazeGroundTruth(points.get(frame) ?? [], video.record.width, video.record.height, gaze.fwhmPx).gt
          : readGtMap(video.record, frame)
        const sparseFix = video.fixations[frame]
        const fix = sparseFix ? toDense(sparseFix) : null
        let other: FixationMap | null = null
        if (fix && preset.metrics.includes('sAUC')) {
          other =
            preset.saucNegatives === 'same-video-union-minus-current'
              ? buildOtherMap(preset.saucNegatives, { width: fix.width, height: fix.height, videoFrames: [union, fix], frameIndex: 1 }, rng)
              : buildOtherMap(preset.saucNegatives, { width: fix.width, height: fix.height, pool, poolIndex: pool.indexOf(video.videoIndex, frame) }, rng)
        }
        const metrics = evaluateFrame(pred, gt, fix, other, {
          metrics: preset.metrics,
          postprocess: preset.postprocess,
          rng,
          aucJudd: { jitter }
        })
        if (metrics.resized) framesResized++
        frameResults.push({ frame, metrics })
        batch.push({ runId: run.id, videoId: video.record.id, frame, audioCondition, ...scoreColumns(metrics) })
        if (batch.length >= INSERT_BATCH) {
          insertEvaluations(store, batch)
          batch = []
        }
        done++
        video.note.framesScored++
        hooks.progress?.(done, total, `${video.record.name} frame ${frame}`)
      }
      perVideo.push({ video: video.record.name, frames: frameResults })
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
      summary,
      videos: notes,
      frames: perVideo,
      seconds: (performance.now() - started) / 1000
    }
  }
}

function unionOf(frames: (SparseFixations | null)[]): FixationMap | null {
  const first = frames.find((f): f is SparseFixations => f !== null)
  if (!first) return null
  const data = new Uint8Array(first.width * first.height)
  for (const f of frames) {
    if (!f || f.width !== first.width || f.height !== first.height) continue
    for (const p of f.pixels) data[p] = 1
  }
  return { width: first.width, height: first.height, data }
}

/** The evaluated split as one pool of frames (dhf1k / all-other negatives). */
function buildPool(planned: PlannedVideo[]): FixationPool & { indexOf(videoIndex: number, frame: number): number } {
  const entries: SparseFixations[] = []
  const index = new Map<string, number>()
  for (const video of planned) {
    for (const frame of video.frames) {
      const f = video.fixations[frame]
      if (!f) continue
      index.set(`${video.videoIndex}:${frame}`, entries.length)
      entries.push(f)
    }
  }
  return {
    size: entries.length,
    get: (i: number) => (entries[i] ? toDense(entries[i]) : null),
    indexOf: (videoIndex: number, frame: number) => index.get(`${videoIndex}:${frame}`) ?? -1
  }
}

