// `avsal eval --dataset DIR --pred DIR [--videos a,b] [--protocol NAME] [--json|--csv]`:
// a full evaluation run, stored in the experiment log, with progress on stderr.
import { EVALUATION_PRESETS } from '../../metrics'

import { runEvaluation } from '../../engine/evaluation/runEvaluation'

import { evaluationCsv, evaluationJson } from '../../engine/evaluation/report'

import type { AppService } from '../../app/service'

import { printJson } from './output'
import { AppError } from '../../../shared/errors'

export interface EvalArgs {
  dataset?: string
  pred?: string
  videos?: string
  protocol?: string
  jitter: boolean
  seed?: string
  json: boolean
  csv: boolean
  /** scoring threads (default: one per core) */
  threads?: string
}

export async function runEval(service: AppService, args: EvalArgs): Promise<number> {
  if (!args.dataset || !args.pred) {
    throw new AppError('usage', `usage: avsal eval --dataset DIR --pred DIR [--videos a,b] [--protocol ${EVALUATION_PRESETS.map((p) => p.id).join('|')}] [--json|--csv]`
    )
  }
  const dataset = await service.openDataset(args.dataset)
  const started = Date.now()
  let lastPrint = 0
  const result = await runEvaluation(
    service.store,
    {
      datasetRoot: dataset.root,
      predDir: args.pred,
      videos: args.videos ? args.videos.split(',').map((v) => v.trim()).filter(Boolean) : undefined,
      protocol: args.protocol,
      jitter: args.jitter,
      seed: args.seed === undefined ? undefined : Number(args.seed),
      threads: args.threads === undefined ? 'auto' : Number(args.threads)
    },
    {
      progress(done, total) {
        const now = Date.now()
        if (now - lastPrint < 500 && done < total) return
        lastPrint = now
        const rate = done / Math.max((now - started) / 1000, 1e-3)
        const eta = (total - done) / Math.max(rate, 1e-9)
        process.stderr.write(`\r  ${done}/${total} frames, ${rate.toFixed(1)} frames/s, ETA ${eta.toFixed(0)} s   `)
      }
    }
  )
  process.stderr.write('\n')
  for (const note of result.videos) {
    if (note.missingPredictions.length || note.unmatchedPredictions.length || !note.predDir) {
      process.stderr.write(
        `avsal: ${note.video}: ${note.predDir ? `${note.missingPredictions.length} frame(s) without a prediction` : 'no prediction folder'}` +
          `${note.unmatchedPredictions.length ? `, ${note.unmatchedPredictions.length} prediction file(s) matching no frame` : ''}; evaluated the intersection\n`
      )
    }
  }
  if (args.csv) process.stdout.write(evaluationCsv(result))
  else if (args.json) printJson(evaluationJson(result))
  else {
    process.stdout.write(
      `run ${result.runId} (${result.preset.id}): ${result.framesScored} frames in ${result.seconds.toFixed(1)} s on ${result.scoredOn}\n`
    )
    process.stdout.write(`${result.preset.description}\n`)
    for (const [k, v] of Object.entries(result.summary.metrics)) process.stdout.write(`  ${k.padEnd(9)} ${(v as number).toFixed(4)}\n`)
  }
  return 0
}
