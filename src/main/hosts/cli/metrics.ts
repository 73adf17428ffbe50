// `avsal metrics --pred F --fix F [--gt F] [--other F] [--no-jitter] [--seed N] [--json]`:
// the six metrics on one frame, exactly as the MIT code computes them.
import { parseWith, SeedSchema } from '../../../shared/schemas'
import { frameMetricsOfFiles } from '../../app'
import { numberOption } from './options'
import { printJson, usage } from './output'

export interface MetricsArgs {
  pred?: string
  fix?: string
  gt?: string
  other?: string
  jitter: boolean
  seed?: string
  matKey?: string
  json: boolean
}

export function runMetrics(args: MetricsArgs): number {
  if (!args.pred) throw usage('usage: avsal metrics --pred F (--fix F | --gt F) [--other F] [--no-jitter] [--seed N] [--json]')
  if (!args.fix && !args.gt) throw usage('avsal metrics needs --fix (NSS, AUC-Judd, sAUC) and/or --gt (CC, SIM, KLD)')
  if (args.other && !args.fix) throw usage('--other (sAUC negatives) needs --fix too')
  const seed = args.seed === undefined ? 0 : parseWith(SeedSchema, numberOption(args.seed), '--seed')
  const answer = frameMetricsOfFiles({ pred: args.pred, fix: args.fix, gt: args.gt, other: args.other, jitter: args.jitter, seed, matKey: args.matKey })
  if (args.json) {
    printJson(answer.values)
  } else {
    for (const [k, v] of Object.entries(answer.values)) process.stdout.write(`${k.padEnd(9)} ${v === null || v === undefined ? 'NaN' : v.toFixed(6)}\n`)
  }
  if (answer.resizedFrom) {
    process.stderr.write(`avsal: note: the prediction (${answer.resizedFrom.width}×${answer.resizedFrom.height}) was resized to the GT size with MATLAB bicubic imresize\n`)
  }
  return 0
}
