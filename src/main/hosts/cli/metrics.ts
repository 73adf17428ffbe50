// `avsal metrics --pred F --fix F [--gt F] [--other F] [--no-jitter] [--seed N] [--json]`:
// the six metrics on one frame, exactly as the MIT code computes them.
import { evaluateFrame, Rng, type MetricName } from '../../metrics'

import { readMapFile } from '../../engine/evaluation/mapFiles'

import { metricsJson } from '../../engine/evaluation/report'

import { printJson } from './output'
import { AppError } from '../../../shared/errors'

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
  if (!args.pred) throw new AppError('usage', 'usage: avsal metrics --pred F (--fix F | --gt F) [--other F] [--no-jitter] [--seed N] [--json]')
  if (!args.fix && !args.gt) throw new AppError('usage', 'avsal metrics needs --fix (NSS, AUC-Judd, sAUC) and/or --gt (CC, SIM, KLD)')
  if (args.other && !args.fix) throw new AppError('usage', '--other (sAUC negatives) needs --fix too')
  const seed = args.seed === undefined ? 0 : Number(args.seed)
  if (!Number.isInteger(seed)) throw new AppError('usage', `--seed must be an integer, got ${args.seed}`)
  const read = (path: string | undefined, role: string) => (path ? readMapFile(path, { matKey: args.matKey, role }) : null)
  const pred = read(args.pred, 'prediction')
  if (!pred) throw new AppError('usage', '--pred is required')
  const fix = read(args.fix, 'fixation map')
  const gt = read(args.gt, 'GT map')
  const other = read(args.other, 'other-fixation map')
  const wanted: MetricName[] = []
  if (fix) wanted.push('AUC_Judd', ...(other ? (['sAUC'] as MetricName[]) : []), 'NSS')
  if (gt) wanted.push('CC', 'SIM', 'KLD')
  const result = evaluateFrame(pred, gt, fix, other, { metrics: wanted, rng: new Rng(seed), aucJudd: { jitter: args.jitter } })
  const values = metricsJson(result, ['AUC_Judd', 'sAUC', 'NSS', 'CC', 'SIM', 'KLD'])
  if (args.json) {
    printJson(values)
  } else {
    for (const [k, v] of Object.entries(values)) process.stdout.write(`${k.padEnd(9)} ${v === null ? 'NaN' : v.toFixed(6)}\n`)
  }
  if (result.resized) {
    process.stderr.write(`avsal: note: the prediction (${pred.width}×${pred.height}) was resized to the GT size with MATLAB bicubic imresize\n`)
  }
  return 0
}
