// The 'audioSwap' job kind, job-process side: one pass over every video with the model in
// stages (visual once per clip, audio + fusion per condition), a child inference run per
// condition, a child evaluation per condition with the same protocol, then the audio-reliance
// report (metrics, deltas, Wilcoxon tests, feature norms, verdicts) and a figure — all stored
// as the study's artifacts.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError, isAppError } from '../../../shared/errors'
import { audioSwapReportCsv, audioSwapReportMarkdown, type AudioSwapReport, type AudioSwapVideoReport, type MetricValues, type PairedTest } from '../../../shared/reports'
import { METRIC_KEYS, type FrameRange, type MetricKey, type VideoRecord } from '../../../shared/types'
import { normStats } from '../../metrics/statistics'
import { ensureRuntime } from '../../models/predict'
import { createStagedExecutor, type StagedExecutor } from '../../models/staged'
import {
  addArtifact,
  addPredictionLayer,
  beginPredictionCache,
  createRun,
  finishRun,
  getVideoRecord,
  insertMapDifferences,
  logMetrics,
  markPredictionCacheComplete,
  setRunNotes,
  setRunTag,
  startRun,
  videoScoreMeans,
  type MapDifferenceRow,
  type Store
} from '../../store'
import { evaluationRun, planEvaluation, scoreEvaluation, type EvaluationSpec } from '../evaluation/runEvaluation'
import { conditionCacheKey, ensureDir, framesOnDisk, predictionDir } from '../inference/cache'
import { openFrameSource } from '../inference/frameSource'
import { inferenceRun } from '../inference/plan'
import { executeInference } from '../inference/runInference'
import { runVideoPass, type StageSeconds } from '../inference/videoPass'
import { loadGraphWeights } from '../inference/weights'
import { createJobContext, type JobContext } from '../runs/jobContext'
import type { JobRunner } from '../runs/jobKind'
import { describeRange, rangeWithin } from '../runs/videoPicking'
import type { AudioConditionName } from '../inference/audio'
import type { TrackProvenance } from '../inference/conditionTrack'
import { writeFileAtomicSync } from '../../core/atomicWrite'
import { openConditionAudio, type ConditionAudio } from './conditionAudio'
import { studyStep, type ConditionLane } from './conditionStep'
import { FeatureNormLog } from './featureNorms'
import { renderStudyFigure } from './figure'
import { modelSpecOf, planStudy, type StudyPlan, type StudySpec } from './plan'
import { deltas, meanOfVideos, pairedTest, verdictOf, type ConditionScores } from './reliance'

interface Child {
  condition: AudioConditionName
  inferRunId: string
  evalRunId: string | null
  dirs: Map<number, string>
  written: number
  /** per video: how its track was made (written next to the heard audio) */
  provenance: Record<string, TrackProvenance>
}

/** Per video and condition: running sums of the map distances to real. */
class DistanceLog {
  private readonly sums = new Map<string, { frames: number; sumMean: number; max: number; sumCc: number; ccFrames: number }>()
  readonly topFrames: { videoId: number; frame: number; distance: number }[] = []

  add(rows: readonly MapDifferenceRow[]): void {
    for (const row of rows) {
      const key = `${row.videoId}|${row.condition}`
      const s = this.sums.get(key) ?? { frames: 0, sumMean: 0, max: 0, sumCc: 0, ccFrames: 0 }
      s.frames++
      s.sumMean += row.meanAbsDiff
      s.max = Math.max(s.max, row.maxAbsDiff)
      if (Number.isFinite(row.cc)) {
        s.sumCc += row.cc
        s.ccFrames++
      }
      this.sums.set(key, s)
      this.topFrames.push({ videoId: row.videoId, frame: row.frame, distance: row.meanAbsDiff })
    }
  }

  of(videoId: number, condition: string): { meanAbsDiff: number; maxAbsDiff: number; cc: number | null } {
    const s = this.sums.get(`${videoId}|${condition}`)
    if (!s) return { meanAbsDiff: 0, maxAbsDiff: 0, cc: null }
    return { meanAbsDiff: s.sumMean / s.frames, maxAbsDiff: s.max, cc: s.ccFrames ? s.sumCc / s.ccFrames : null }
  }

  maxOf(condition: string): number {
    let max = 0
    for (const [key, s] of this.sums) if (key.endsWith(`|${condition}`)) max = Math.max(max, s.max)
    return max
  }
}

function metricValues(store: Store, evalRunId: string): Map<number, MetricValues> {
  const out = new Map<number, MetricValues>()
  for (const row of videoScoreMeans(store, evalRunId)) {
    const num = (v: number): number | null => (Number.isFinite(v) ? v : null)
    out.set(row.videoId, { AUC_Judd: num(row.aucJudd), sAUC: num(row.sauc), NSS: num(row.nss), CC: num(row.cc), SIM: num(row.sim), KLD: num(row.kld) })
  }
  return out
}

export const audioSwapRunner: JobRunner<StudySpec, AudioSwapReport> = {
  async run(spec, ctx) {
    const started = performance.now()
    const store = ctx.store
    const plan = await planStudy(store, spec)
    const { base } = plan
    const studyDir = join(spec.studiesDir, ctx.runId)
    mkdirSync(studyDir, { recursive: true })
    const ranges = new Map(base.videos.map((v) => [v.id, rangeWithin(spec.frames, v.frameCount)]))
    const framesInRange = base.videos.reduce((n, v) => {
      const r = ranges.get(v.id)
      return n + (r ? r.last - r.first + 1 : 0)
    }, 0)
    const notes: string[] = []
    if (spec.frames) notes.push(`${describeRange(spec.frames)} of each video`)
    if (base.missingVideos.length) notes.push(`left out (file gone from the folder): ${base.missingVideos.join(', ')}`)

    // one child inference run per condition, in the study
    const children: Child[] = plan.conditions.map((condition) => {
      const childPlan = { ...base, audio: condition, audioFileSha256: plan.audioFileSha256, conditionKey: conditionCacheKey(condition, spec.seed, plan.audioFileSha256) }
      const run = createRun(store, { ...inferenceRun(modelSpecOf(spec, condition), childPlan), parentRunId: ctx.runId, owner: ctx.owner, device: null })
      startRun(store, run.id)
      return { condition, inferRunId: run.id, evalRunId: null, dirs: new Map(), written: 0, provenance: {} }
    })
    const finishChildren = (status: 'done' | 'cancelled' | 'failed', why?: string): void => {
      for (const child of children) {
        try {
          if (status === 'failed') finishRun(store, child.inferRunId, 'failed', why ?? 'the study failed')
          else finishRun(store, child.inferRunId, status, undefined, { reason: why })
        } catch {
          // already finished
        }
      }
    }

    const seconds: StageSeconds = { decode: 0, preprocess: 0, forward: 0, postprocess: 0 }
    const norms = new FeatureNormLog()
    const distances = new DistanceLog()
    // decoded source tracks (a donor, the file) shared by every video's conditions
    const decoded = new Map<string, Promise<Float32Array>>()
    let visualDirs: Map<number, string> | null = null
    const audioByVideo = new Map<number, Record<string, { donor: string | null; flags: string[] }>>()
    // maps and scores of every condition, and of the visual-only comparison when there is one
    const total = framesInRange * (plan.conditions.length + (plan.visual ? 1 : 0)) * 2
    let progressed = 0
    let executor: StagedExecutor | null = null
    const stopped = (): boolean => ctx.cancelRequested() || ctx.stopRequested()
    try {
      const t0 = performance.now()
      const graph = base.profile.spec.build(base.profile.inputShapes(base.batch))
      const weightMap = await loadGraphWeights(spec.model, graph, base.weights)
      ensureRuntime(base.runtime)
      executor = await createStagedExecutor(base.runtime, base.profile.spec, base.profile.inputShapes(base.batch), weightMap, { threads: spec.threads })
      for (const child of children) setRunTag(store, child.inferRunId, 'provider', executor.provider)
      const loadSeconds = (performance.now() - t0) / 1000

      for (const video of base.videos) {
        const range = ranges.get(video.id)
        if (!range) {
          notes.push(`${video.name}: no frame in ${describeRange(spec.frames)}`)
          continue
        }
        await studyVideo(video, range)
      }
      const passSeconds = (performance.now() - t0) / 1000
      // the study's own clock: the shared pass (every condition) without the model load, by stage
      ctx.logMetrics([
        { key: 'seconds_load', value: loadSeconds },
        { key: 'seconds_pass', value: passSeconds - loadSeconds },
        { key: 'seconds_decode', value: seconds.decode },
        { key: 'seconds_preprocess', value: seconds.preprocess },
        { key: 'seconds_forward', value: seconds.forward },
        { key: 'seconds_postprocess', value: seconds.postprocess }
      ])
      for (const child of children) {
        ctx.logMetrics([{ key: `frames_written_${child.condition}`, value: child.written }])
        logMetrics(store, child.inferRunId, [
          { key: 'frames_written', value: child.written },
          { key: 'seconds_load', value: loadSeconds },
          { key: 'seconds_study_pass', value: passSeconds }
        ])
      }
      finishChildren('done')

      // one evaluation per condition, same protocol
      const scores = new Map<string, ConditionScores>()
      for (const child of children) {
        child.evalRunId = await evaluateMaps(child.condition, child.inferRunId, child.dirs)
        scores.set(child.condition, { videos: metricValues(store, child.evalRunId) })
      }
      const visualModel = plan.visual ? await runVisualModel(plan.visual) : null

      const report = buildReport(scores, visualModel, notes, (performance.now() - started) / 1000)
      try {
        report.figure = await makeFigure(report)
      } catch (err) {
        // the figure is a convenience: the maps and numbers are already stored
        report.notes.push(`figure not drawn: ${err instanceof Error ? err.message : String(err)}`)
      }
      writeFileSync(join(studyDir, 'report.json'), JSON.stringify(report, null, 1))
      writeFileSync(join(studyDir, 'report.csv'), audioSwapReportCsv(report))
      writeFileSync(join(studyDir, 'report.md'), audioSwapReportMarkdown(report))
      ctx.addArtifact({ kind: 'report', path: join(studyDir, 'report.json') })
      ctx.addArtifact({ kind: 'table', path: join(studyDir, 'report.csv') })
      ctx.addArtifact({ kind: 'table', path: join(studyDir, 'report.md') })
      const real = report.summary.real?.metrics ?? {}
      ctx.logMetrics(METRIC_KEYS.flatMap((k) => (typeof real[k] === 'number' ? [{ key: k, value: real[k] as number }] : [])))
      setRunNotes(store, ctx.runId, [`conditions: ${plan.conditions.join(', ')}`, ...Object.entries(report.verdict).map(([c, v]) => `${c}: ${v}`), ...notes].join('\n'))
      return { status: 'done', result: report }
    } catch (err) {
      if (isAppError(err, 'cancelled') && stopped()) {
        finishChildren('cancelled', err.message)
        return { status: 'cancelled', reason: `cancelled: ${err.message}` }
      }
      finishChildren('failed', err instanceof Error ? err.message : String(err))
      throw err
    } finally {
      await executor?.dispose()
    }

    async function studyVideo(video: VideoRecord, range: FrameRange): Promise<void> {
      const exec = executor as StagedExecutor
      const releases: (() => void)[] = []
      const audios: ConditionAudio[] = []
      try {
        const lanes: ConditionLane[] = []
        const heardAudio: Record<string, { donor: string | null; flags: string[] }> = {}
        for (const child of children) {
          const dir = predictionDir({
            cacheDir: spec.cacheDir,
            modelKey: base.modelKey,
            weightsHash: base.weightsHash,
            audioCondition: conditionCacheKey(child.condition, spec.seed, plan.audioFileSha256),
            videoId: video.id,
            videoName: video.name
          })
          releases.push(await ctx.acquireLock(`predictions:${dir}`, `the maps in ${dir}`))
          ensureDir(dir)
          child.dirs.set(video.id, dir)
          const audio = await openConditionAudio(video, child.condition, {
            model: spec.model,
            seed: spec.seed,
            audioPool: base.audioPool,
            datasetLabel: base.datasetName,
            audioFile: spec.audioFile,
            audioFileSha256: plan.audioFileSha256,
            decoded,
            videoById: (id) => {
              const found = getVideoRecord(store, id)
              if (!found) throw new AppError('bad-argument', `video ${id} vanished from the catalog`)
              return found
            },
            ffmpeg: ctx.ffmpeg()
          })
          audios.push(audio)
          heardAudio[child.condition] = { donor: audio.donor, flags: audio.flags }
          for (const flag of audio.flags) notes.push(`${video.name}, ${child.condition}: ${flag}`)
          const heard = join(studyDir, 'heard', child.condition, `${video.id}.wav`)
          await audio.writeHeard(heard)
          child.provenance[String(video.id)] = audio.provenance
          const provenanceFile = join(studyDir, 'heard', child.condition, 'provenance.json')
          writeFileAtomicSync(provenanceFile, new TextEncoder().encode(JSON.stringify(child.provenance, null, 1)))
          addArtifact(store, child.inferRunId, { kind: 'audio-provenance', path: provenanceFile })
          // what this condition's model heard for this video, for the player to audition
          addArtifact(store, child.inferRunId, { kind: 'heard-audio', path: heard })
          lanes.push({
            condition: child.condition,
            dir,
            done: Uint8Array.from({ length: video.frameCount }, (_, i) => (i < range.first || i > range.last ? 1 : 0)),
            fillAudio: (out, clip) => audio.fill(out, clip),
            wrote: () => {
              child.written++
              progressed++
              ctx.progress(progressed, total, `${video.name}: maps of ${plan.conditions.length} conditions`)
            }
          })
        }
        audioByVideo.set(video.id, heardAudio)
        const caches = children.map((child) =>
          beginPredictionCache(
            store,
            { modelId: base.model.id, weightsHash: base.weightsHash, videoId: video.id, audioCondition: conditionCacheKey(child.condition, spec.seed, plan.audioFileSha256) },
            child.dirs.get(video.id) as string,
            video.frameCount,
            child.inferRunId
          )
        )
        const schedule = base.profile.schedule(video.frameCount)
        const clips = schedule.clips.filter((c) => c.targets.some((t) => t >= range.first && t <= range.last))
        const source = await openFrameSource(video, ctx.ffmpeg())
        try {
          await runVideoPass({
            video,
            profile: base.profile,
            clips,
            batch: base.batch,
            source,
            seconds,
            cancelled: stopped,
            runBatch: studyStep({
              video,
              profile: base.profile,
              executor: exec,
              batch: base.batch,
              lanes,
              fused: plan.fused,
              norms,
              seconds,
              inRange: (f) => f >= range.first && f <= range.last,
              differences: (rows) => {
                insertMapDifferences(store, ctx.runId, rows)
                distances.add(rows)
              }
            })
          })
        } finally {
          source.close()
        }
        children.forEach((child, k) => {
          const dir = child.dirs.get(video.id) as string
          const onDisk = framesOnDisk(dir, video.frameCount)
          if (onDisk.every((d) => d === 1)) markPredictionCacheComplete(store, caches[k].id)
          addPredictionLayer(store, video.id, dir, `${base.modelKey} · audio ${child.condition} · ${base.weights.label} (study ${ctx.runId.slice(0, 8)})`, {
            runId: child.inferRunId,
            modelId: base.model.id,
            weightsSha256: base.weights.sha256,
            audioCondition: child.condition
          })
        })
      } finally {
        for (const release of releases) release()
      }
    }

    async function evaluateMaps(condition: string, inferRunId: string, dirs: Map<number, string>): Promise<string> {
      const evalSpec: EvaluationSpec = {
        datasetRoot: spec.datasetRoot,
        predDir: studyDir,
        cacheFolders: Object.fromEntries(base.videos.filter((v) => dirs.has(v.id)).map((v) => [v.name, dirs.get(v.id) as string])),
        videos: spec.videos,
        frames: spec.frames,
        protocol: plan.preset.id,
        jitter: true,
        seed: spec.seed,
        audioCondition: condition as EvaluationSpec['audioCondition'],
        sourceRunId: inferRunId,
        modelId: base.model.id,
        label: `${base.modelKey} · audio ${condition}`,
        cacheDir: spec.cacheDir,
        threads: 'auto'
      }
      const evalPlan = planEvaluation(store, evalSpec)
      const run = createRun(store, { ...evaluationRun(evalSpec, evalPlan), parentRunId: ctx.runId, owner: ctx.owner, device: null })
      startRun(store, run.id)
      try {
        const result = await scoreEvaluation(store, run.id, evalPlan, evalSpec, {
          progress: (done) => ctx.progress(progressed + done, total, `scoring ${condition === 'none' ? 'the visual-only model' : condition}`),
          cancelled: stopped
        })
        progressed += result.framesScored
        if (result.status === 'cancelled') {
          finishRun(store, run.id, 'cancelled', undefined, { reason: `cancelled with the study after ${result.framesScored} frames` })
          throw new AppError('cancelled', `cancelled while scoring ${condition}`)
        }
        finishRun(store, run.id, 'done')
        return run.id
      } catch (err) {
        if (!isAppError(err, 'cancelled')) finishRun(store, run.id, 'failed', err instanceof Error ? err.message : String(err))
        throw err
      }
    }

    async function runVisualModel(visual: NonNullable<StudyPlan['visual']>): Promise<AudioSwapReport['visualModel']> {
      const visualSpec = { ...modelSpecOf(spec, 'real'), model: visual.profile.spec.name, weights: spec.visualModel?.weights, audio: undefined, silentIfNoAudio: undefined }
      const run = createRun(store, { ...inferenceRun(visualSpec, visual), parentRunId: ctx.runId, owner: ctx.owner, device: null })
      startRun(store, run.id)
      const child: JobContext = createJobContext({
        runId: run.id,
        store,
        owner: ctx.owner,
        cacheDir: spec.cacheDir,
        sink: { progress: (d, _t, message) => ctx.progress(progressed + Math.min(d, framesInRange), total, `visual-only model: ${message}`), metrics: () => undefined, artifact: () => undefined, log: (line) => ctx.log(line) },
        cancelRequested: ctx.cancelRequested,
        stopRequested: ctx.stopRequested,
        ffmpeg: ctx.ffmpeg
      })
      try {
        const outcome = await executeInference(child, visualSpec, visual)
        if (outcome.status !== 'done') {
          finishRun(store, run.id, 'cancelled', undefined, { reason: outcome.reason })
          throw new AppError('cancelled', 'cancelled while running the visual-only model')
        }
        finishRun(store, run.id, 'done')
        progressed += framesInRange
        const dirs = new Map(outcome.result.videos.filter((v) => v.dir).map((v) => [v.videoId, v.dir]))
        visualDirs = dirs
        const evalRunId = await evaluateMaps('none', run.id, dirs)
        return { model: visual.modelKey, inferRunId: run.id, evalRunId, metrics: meanOfVideos({ videos: metricValues(store, evalRunId) }) }
      } catch (err) {
        if (!isAppError(err, 'cancelled')) {
          try {
            finishRun(store, run.id, 'failed', err instanceof Error ? err.message : String(err))
          } catch {
            // already finished
          }
        }
        throw err
      }
    }

    function buildReport(scores: Map<string, ConditionScores>, visualModel: AudioSwapReport['visualModel'], reportNotes: string[], secondsTaken: number): AudioSwapReport {
      const real = scores.get('real') as ConditionScores
      const realSummary = meanOfVideos(real)
      const summary: AudioSwapReport['summary'] = {}
      const tests: AudioSwapReport['tests'] = {}
      const verdict: AudioSwapReport['verdict'] = {}
      const featureNorms: AudioSwapReport['featureNorms'] = {}
      const visualNorms = normStats(norms.visual)
      for (const condition of plan.conditions) {
        const s = scores.get(condition) as ConditionScores
        const metrics = meanOfVideos(s)
        summary[condition] = { metrics, delta: deltas(metrics, realSummary) }
        featureNorms[condition] = { audio: normStats(norms.audio.get(condition) ?? []), visual: visualNorms }
        if (condition === 'real') continue
        const perMetric: Partial<Record<MetricKey, PairedTest>> = {}
        for (const key of METRIC_KEYS) perMetric[key] = pairedTest(s, real, key, spec.seed)
        tests[condition] = perMetric
        verdict[condition] = verdictOf(distances.maxOf(condition), perMetric)
      }
      const videos: AudioSwapVideoReport[] = base.videos
        .filter((v) => ranges.get(v.id))
        .map((v) => {
          const range = ranges.get(v.id) as FrameRange
          const metrics: Record<string, MetricValues> = {}
          const mapDifference: AudioSwapVideoReport['mapDifference'] = {}
          for (const condition of plan.conditions) {
            metrics[condition] = scores.get(condition)?.videos.get(v.id) ?? {}
            if (condition !== 'real') mapDifference[condition] = distances.of(v.id, condition)
          }
          return { video: v.name, videoId: v.id, frames: range.last - range.first + 1, metrics, mapDifference, audio: audioByVideo.get(v.id) ?? {} }
        })
      return {
        runId: ctx.runId,
        status: 'done',
        model: base.modelKey,
        weightsSha256: base.weights.sha256,
        dataset: base.datasetName,
        protocol: plan.preset.id,
        seed: spec.seed,
        frames: spec.frames ?? null,
        conditions: plan.conditions,
        children: Object.fromEntries(children.map((c) => [c.condition, { inferRunId: c.inferRunId, evalRunId: c.evalRunId }])),
        visualModel,
        videos,
        summary,
        tests,
        featureNorms,
        verdict,
        figure: null,
        notes: [...new Set(reportNotes)],
        seconds: Math.round(secondsTaken * 10) / 10
      }
    }

    async function makeFigure(report: AudioSwapReport): Promise<string | null> {
      const path = join(studyDir, 'figure.png')
      const made = await renderStudyFigure({
        path,
        videos: base.videos,
        conditions: plan.conditions,
        conditionDirs: new Map(children.map((c) => [c.condition, c.dirs])),
        visualDirs,
        chosenFrames: spec.figureFrames ?? null,
        candidates: distances.topFrames,
        ranges,
        title: `${report.model} on ${report.dataset}: audio conditions`,
        ffmpeg: ctx.ffmpeg()
      })
      if (!made) {
        report.notes.push(
          spec.figureFrames?.length
            ? `no figure: frame(s) ${spec.figureFrames.join(', ')} are in no video's range`
            : 'no figure: no frame to draw'
        )
        return null
      }
      ctx.addArtifact({ kind: 'figure', path })
      return path
    }
  }
}
