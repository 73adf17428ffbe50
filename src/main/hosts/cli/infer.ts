// `avsal infer --model M --weights F --dataset DIR [...]`: an inference run in this process,
// progress on stderr, stored in the experiment log; Ctrl-C cancels between clips.
import type { AppService } from '../../app/service'

import { AUDIO_CONDITION_NAMES, inferableModels, runInference, weightsFromText, type AudioConditionName, type InferenceResult } from '../../engine/inference'

import type { RuntimeName } from '../../models/graph/executor'

import { printJson } from './output'
import { AppError } from '../../../shared/errors'

export interface InferArgs {
  model?: string
  weights?: string
  dataset?: string
  videos?: string
  audio?: string
  runtime?: string
  threads?: string
  batch?: string
  seed?: string
  out?: string
  json: boolean
}

export const INFER_USAGE =
  'usage: avsal infer --model M --weights F.pt|synthetic --dataset DIR [--videos a,b] [--audio real|zero|random|shuffled] ' +
  `[--runtime ort|tfjs] [--threads N] [--batch N] [--seed N] [--out DIR] [--json]\n  models: ${inferableModels().join(', ')}`

function positiveInt(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isInteger(value) || value < 1) throw new AppError('usage', `--${name} must be a positive integer, got ${JSON.stringify(text)}`)
  return value
}

function printSummary(result: InferenceResult): void {
  const t = result.timing
  const outside = t.decodeSeconds + t.preprocessSeconds + t.postprocessSeconds
  process.stdout.write(
    `run ${result.runId} (${result.status}): ${result.model} on ${result.runtime}/${result.provider}, audio ${result.audioCondition}, batch ${result.batch}\n` +
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
  if (!args.model || !args.dataset) throw new AppError('usage', INFER_USAGE)
  if (args.audio !== undefined && !AUDIO_CONDITION_NAMES.includes(args.audio as AudioConditionName)) {
    throw new AppError('usage', `--audio must be one of ${AUDIO_CONDITION_NAMES.join(', ')}, got ${JSON.stringify(args.audio)}`)
  }
  if (args.runtime !== undefined && args.runtime !== 'ort' && args.runtime !== 'tfjs') {
    throw new AppError('usage', `--runtime must be ort or tfjs, got ${JSON.stringify(args.runtime)}`)
  }
  const seed = args.seed === undefined ? undefined : Number(args.seed)
  if (seed !== undefined && !Number.isInteger(seed)) throw new AppError('usage', `--seed must be an integer, got ${JSON.stringify(args.seed)}`)
  const threads = positiveInt(args.threads, 'threads')
  const batch = positiveInt(args.batch, 'batch')
  const dataset = await service.openDataset(args.dataset)
  let cancelled = false
  const onInterrupt = (): void => {
    cancelled = true
    process.stderr.write('\navsal: cancelling after the current clip…\n')
  }
  process.once('SIGINT', onInterrupt)
  const started = Date.now()
  let lastPrint = 0
  try {
    const result = await runInference(
      service.store,
      {
        datasetRoot: dataset.root,
        model: args.model,
        weights: weightsFromText(args.weights),
        videos: args.videos ? args.videos.split(',').map((v) => v.trim()).filter(Boolean) : undefined,
        audio: args.audio as AudioConditionName | undefined,
        runtime: args.runtime as RuntimeName | undefined,
        threads,
        batch,
        seed,
        cacheDir: service.paths.cacheDir,
        outDir: args.out
      },
      {
        runCreated: (runId) => process.stderr.write(`avsal: run ${runId}\n`),
        progress(done, total, message) {
          const now = Date.now()
          if (now - lastPrint < 500 && done < total) return
          lastPrint = now
          const rate = done / Math.max((now - started) / 1000, 1e-3)
          const eta = (total - done) / Math.max(rate, 1e-9)
          process.stderr.write(`\r  ${done}/${total} maps, ${rate.toFixed(2)} maps/s, ETA ${eta.toFixed(0)} s (${message})   `)
        },
        cancelled: () => cancelled
      },
      service.ffmpegBinaries() ?? undefined
    )
    process.stderr.write('\n')
    if (args.json) printJson(result)
    else printSummary(result)
    return result.status === 'cancelled' ? 130 : 0
  } finally {
    process.removeListener('SIGINT', onInterrupt)
  }
}
