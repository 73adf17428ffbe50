// `avsal infer --model M --weights F --dataset DIR [...]`: an inference run of the app's job
// system — it waits in its device's queue behind other model jobs (of any process using the same
// log), runs in a job process, progress on stderr; Ctrl-C cancels between clips.
import type { InferenceReport } from '../../../shared/reports'
import { AUDIO_CONDITION_NAMES, parseFrameRange } from '../../../shared/schemas'
import type { DatasetRecord } from '../../../shared/types'
import type { AppService } from '../../app'
import { exitCodeOf, watchJob } from './jobWatch'
import { listOption, numberOption } from './options'
import { printJson, usage } from './output'

export interface InferArgs {
  model?: string
  weights?: string
  dataset?: string
  videos?: string
  frames?: string
  audio?: string
  /** the audio of the 'file' condition; alone it means --audio file */
  audioFile?: string
  runtime?: string
  threads?: string
  batch?: string
  seed?: string
  out?: string
  label?: string
  json: boolean
}

export async function inferUsage(service: AppService): Promise<string> {
  const models = (await service.listModels()).map((m) => m.name).join(', ')
  return (
    `usage: avsal infer --model M --weights F.pt|synthetic --dataset DIR [--videos a,b] [--frames A-B] [--audio ${AUDIO_CONDITION_NAMES.join('|')}] [--audio-file F] ` +
    `[--runtime ort|tfjs] [--threads N] [--batch N] [--seed N] [--out DIR] [--json]\n  models: ${models}`
  )
}

function printSummary(result: InferenceReport): void {
  const t = result.timing
  const outside = t.decodeSeconds + t.preprocessSeconds + t.postprocessSeconds
  process.stdout.write(
    `run ${result.runId} (${result.status}): ${result.model} on ${result.runtime}/${result.provider}, audio ${result.audioCondition}, batch ${result.batch}` +
      `${result.frames ? `, frames ${result.frames.first}–${result.frames.last}` : ''}\n` +
      `  ${result.framesWritten} maps written, ${result.framesSkipped} already cached, ${result.clipsRun} clips in ${t.totalSeconds.toFixed(1)} s\n` +
      `  load ${t.loadSeconds.toFixed(2)} s · decode ${t.decodeSeconds.toFixed(2)} s · preprocess ${t.preprocessSeconds.toFixed(2)} s · ` +
      `forward ${t.forwardSeconds.toFixed(2)} s · post/PNG ${t.postprocessSeconds.toFixed(2)} s (${outside.toFixed(2)} s outside the forward pass)\n`
  )
  for (const v of result.videos) {
    process.stdout.write(`  ${v.video}: ${v.written} written, ${v.skipped} cached → ${v.dir}${v.outDir ? ` (copied to ${v.outDir})` : ''}\n`)
    for (const line of v.notes) process.stdout.write(`    note: ${line}\n`)
  }
}

export async function runInfer(service: AppService, args: InferArgs): Promise<number> {
  if (!args.model || !args.dataset) throw usage(await inferUsage(service))
  if (args.audioFile !== undefined && args.audio !== undefined && args.audio !== 'file') {
    throw usage(`--audio-file is the audio of --audio file, not of --audio ${args.audio}: drop one of them`)
  }
  if (args.audio === 'file' && args.audioFile === undefined) throw usage('--audio file plays an audio file to the model: name it with --audio-file F')
  const dataset = (await service.call('openDataset', [args.dataset])) as DatasetRecord
  const request = {
    datasetId: dataset.id,
    model: args.model,
    weights: args.weights,
    videos: listOption(args.videos),
    frames: args.frames === undefined ? undefined : parseFrameRange(args.frames),
    audio: args.audio ?? (args.audioFile === undefined ? undefined : 'file'),
    audioFile: args.audioFile,
    runtime: args.runtime,
    threads: numberOption(args.threads),
    batch: numberOption(args.batch),
    seed: numberOption(args.seed),
    outDir: args.out,
    label: args.label
  }
  const started = (await service.call('startInference', [request])) as { jobId: string; runId: string }
  const finished = await watchJob(service, started, { unit: 'maps' })
  const result = finished.result as InferenceReport | undefined
  if (result) {
    if (args.json) printJson(result)
    else printSummary(result)
  } else {
    process.stderr.write(`avsal: run ${started.runId} ended ${finished.progress.status}: ${finished.progress.message ?? ''}\n`)
  }
  return exitCodeOf(finished)
}
