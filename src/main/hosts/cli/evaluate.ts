// `avsal eval --dataset DIR --pred DIR [--videos a,b] [--frames A-B] [--protocol NAME] [--json|--csv]`:
// an evaluation run of the app's job system (queued, run in a job process, stored in the log),
// progress on stderr, the report on stdout.
import { parseFrameRange } from '../../../shared/schemas'
import { evaluationReportCsv, type EvaluationReport } from '../../../shared/reports'
import type { DatasetRecord } from '../../../shared/types'
import type { AppService } from '../../app'
import { listOption, numberOption } from './options'
import { printJson, usage } from './output'
import { exitCodeOf, watchJob } from './jobWatch'

export interface EvalArgs {
  dataset?: string
  pred?: string
  videos?: string
  frames?: string
  protocol?: string
  jitter: boolean
  seed?: string
  label?: string
  json: boolean
  csv: boolean
  /** scoring threads (default: one per core) */
  threads?: string
}

export async function runEval(service: AppService, args: EvalArgs): Promise<number> {
  if (!args.dataset || !args.pred) {
    const presets = (await service.listPresets()).map((p) => p.id).join('|')
    throw usage(`usage: avsal eval --dataset DIR --pred DIR [--videos a,b] [--frames A-B] [--protocol ${presets}] [--threads N] [--json|--csv]`)
  }
  const dataset = (await service.call('openDataset', [args.dataset])) as DatasetRecord
  const request = {
    datasetId: dataset.id,
    predDir: args.pred,
    videos: listOption(args.videos),
    frames: args.frames === undefined ? undefined : parseFrameRange(args.frames),
    protocol: args.protocol,
    jitter: args.jitter,
    seed: numberOption(args.seed),
    threads: numberOption(args.threads),
    label: args.label
  }
  const started = (await service.call('startEvaluation', [request])) as { jobId: string; runId: string }
  const finished = await watchJob(service, started, { unit: 'frames' })
  const report = finished.result as EvaluationReport | undefined
  if (!report) {
    process.stderr.write(`avsal: run ${started.runId} ended ${finished.progress.status}: ${finished.progress.message ?? ''}\n`)
    return exitCodeOf(finished)
  }
  for (const note of report.coverage) {
    if (note.missingPredictions.length || note.unmatchedPredictions.length || !note.predDir) {
      process.stderr.write(
        `avsal: ${note.video}: ${note.predDir ? `${note.missingPredictions.length} frame(s) without a prediction` : 'no prediction folder'}` +
          `${note.unmatchedPredictions.length ? `, ${note.unmatchedPredictions.length} prediction file(s) matching no frame` : ''}; evaluated the intersection\n`
      )
    }
  }
  if (report.missingVideos.length) process.stderr.write(`avsal: left out (file gone from the folder): ${report.missingVideos.join(', ')}\n`)
  if (args.csv) process.stdout.write(evaluationReportCsv(report))
  else if (args.json) printJson(report)
  else {
    process.stdout.write(`run ${report.runId} (${report.preset.id}, ${report.status}): ${report.framesScored} frames in ${report.seconds.toFixed(1)} s on ${report.scoredOn}\n`)
    process.stdout.write(`${report.preset.description}\n`)
    for (const [k, v] of Object.entries(report.dataset)) process.stdout.write(`  ${k.padEnd(9)} ${v === null || v === undefined ? 'NaN' : v.toFixed(4)}\n`)
  }
  return exitCodeOf(finished)
}
