// The `avsal` command line: the same services as the app, without a window.
import { parseArgs } from 'node:util'

import { AppService } from '../../app/service'

import { defaultDataDir } from '../../app/dataDir'

import { packageInfo } from '../../core/packageInfo'

import { printJson, reportError } from './output'
import { runOpen } from './open'

import { runServe } from './serve'

import { runCheckpoint } from './checkpoint'

import { runMetrics } from './metrics'

import { runEval } from './evaluate'

import { runPredict } from './predict'

import { runInfer } from './infer'
import { AppError } from '../../../shared/errors'


const USAGE = `AVSal Workstation command line

Usage:
  avsal serve [--port N] [--host 127.0.0.1] [--data-dir DIR] [--open DATASET]
        the app headless, for a browser (e.g. a GPU server over an SSH tunnel)
  avsal open DIR [--json]              detect the layout of a dataset folder and index it
                                       (exit 3: opened, but with warnings/errors listed)
  avsal info [--json]                  versions, ffmpeg in use, where the log lives
  avsal metrics --pred F (--fix F | --gt F) [--other F] [--no-jitter] [--seed N] [--mat-key K] [--json]
        the six saliency metrics of one frame (F: .png .jpg .npy .mat), as the MIT benchmark code
  avsal eval --dataset DIR --pred DIR [--videos a,b] [--protocol vinet-av|stavis-av|dhf1k] [--threads N] [--json|--csv]
        score a folder of predictions against a dataset; stored as an evaluation run in the log
  avsal infer --model M --weights F.pt --dataset DIR [--videos a,b] [--audio real|zero|random|shuffled]
        [--runtime ort|tfjs] [--threads N] [--batch N] [--seed N] [--out DIR] [--json]
        run a saliency model over a dataset's videos with the authors' preprocessing; maps are cached
        as PNG and shown as a layer; --out DIR also copies them for avsal eval --pred DIR
  avsal predict --model M --weights F.pt --input X.npy [--audio A.npy] [--runtime ort|tfjs] --out Y.npy
        one forward pass on a PyTorch-layout tensor (N,C,T,H,W), to verify a port against the authors' code
  avsal checkpoint inspect FILE [--json]
        list the tensors of a PyTorch checkpoint (zip or legacy format)

Common options:
  --data-dir DIR   where the experiment log and caches live (default: $AVSAL_DATA_DIR or ~/.local/share/avsal)
  --json           machine-readable output
`

export async function main(argv: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        open: { type: 'string' },
        pred: { type: 'string' },
        fix: { type: 'string' },
        gt: { type: 'string' },
        other: { type: 'string' },
        'no-jitter': { type: 'boolean', default: false },
        seed: { type: 'string' },
        'mat-key': { type: 'string' },
        dataset: { type: 'string' },
        videos: { type: 'string' },
        protocol: { type: 'string' },
        csv: { type: 'boolean', default: false },
        model: { type: 'string' },
        weights: { type: 'string' },
        input: { type: 'string' },
        audio: { type: 'string' },
        runtime: { type: 'string' },
        threads: { type: 'string' },
        out: { type: 'string' },
        batch: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', default: false }
      }
    })
  } catch (err) {
    process.stderr.write(`avsal: ${(err as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  const json = values.json ?? false
  if (values.version) {
    process.stdout.write(`${packageInfo().version}\n`)
    return 0
  }
  const [command, ...rest] = positionals
  if (values.help || !command) {
    process.stdout.write(USAGE)
    return command || values.help ? 0 : 2
  }
  const dataDir = values['data-dir'] ?? defaultDataDir()
  const makeService = (host: 'browser' = 'browser'): AppService =>
    new AppService({ dataDir, host, version: packageInfo().version })
  try {
    switch (command) {
      case 'open': {
        if (rest.length !== 1) throw new AppError('usage', 'usage: avsal open DIR [--json]')
        const service = makeService()
        try {
          return await runOpen(service, rest[0], json)
        } finally {
          service.close()
        }
      }
      case 'info': {
        const service = makeService()
        try {
          const info = await service.appInfo()
          if (json) printJson(info)
          else {
            process.stdout.write(
              `AVSal Workstation ${info.version} on Node ${info.node}\n` +
                `ffmpeg: ${info.ffmpeg ? `${info.ffmpeg.path} (${info.ffmpeg.source}, ${info.ffmpeg.version})` : 'not found'}\n` +
                `experiment log: ${info.dbPath}\ncache: ${info.cacheDir}\n`
            )
          }
          return 0
        } finally {
          service.close()
        }
      }
      case 'serve':
        return await runServe(makeService(), {
          port: values.port,
          host: values.host,
          open: values.open
        })
      case 'metrics':
        return runMetrics({
          pred: values.pred,
          fix: values.fix,
          gt: values.gt,
          other: values.other,
          jitter: !values['no-jitter'],
          seed: values.seed,
          matKey: values['mat-key'],
          json
        })
      case 'eval': {
        const service = makeService()
        try {
          return await runEval(service, {
            dataset: values.dataset,
            pred: values.pred,
            videos: values.videos,
            protocol: values.protocol,
            jitter: !values['no-jitter'],
            seed: values.seed,
            json,
            csv: values.csv ?? false,
            threads: values.threads
          })
        } finally {
          service.close()
        }
      }
      case 'infer': {
        const service = makeService()
        try {
          return await runInfer(service, {
            model: values.model,
            weights: values.weights,
            dataset: values.dataset,
            videos: values.videos,
            audio: values.audio,
            runtime: values.runtime,
            threads: values.threads,
            batch: values.batch,
            seed: values.seed,
            out: values.out,
            json
          })
        } finally {
          service.close()
        }
      }
      case 'checkpoint':
        return await runCheckpoint(rest, json)
      case 'predict':
        return await runPredict({
          model: values.model,
          weights: values.weights,
          input: values.input,
          audio: values.audio,
          runtime: values.runtime,
          threads: values.threads,
          out: values.out,
          json
        })
      default:
        throw new AppError('usage', `unknown command "${command}"; run avsal --help`)
    }
  } catch (err) {
    return reportError(err, json)
  }
}

// Run when executed as the bundle entry (out/main/cli.js via bin/avsal.cjs), not when imported by tests.
if (process.env.AVSAL_CLI_MAIN === '1') {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (err: unknown) => {
      process.exitCode = reportError(err, false)
    }
  )
}
