// The `avsal` command line: the same services as the app, without a window.
import { parseArgs } from 'node:util'
import { AppService, defaultDataDir, packageInfo } from '../../app'
import { printJson, reportError, usage } from './output'
import { runOpen } from './open'
import { runServe } from './serve'
import { runCheckpoint } from './checkpoint'
import { runMetrics } from './metrics'
import { runEval } from './evaluate'
import { runPredict } from './predict'
import { runInfer } from './infer'
import { runRuns } from './runs'
import { runAudioSwap } from './audioSwap'

const USAGE = `AVSal Workstation command line

Usage:
  avsal serve [--port N] [--host 127.0.0.1] [--data-dir DIR] [--open DATASET]
        the app headless, for a browser (e.g. a GPU server over an SSH tunnel)
  avsal open DIR [--json]              detect the layout of a dataset folder and index it
                                       (exit 3: opened, but with warnings/errors listed)
  avsal info [--json]                  versions, ffmpeg in use, where the log lives
  avsal metrics --pred F (--fix F | --gt F) [--other F] [--no-jitter] [--seed N] [--mat-key K] [--json]
        the six saliency metrics of one frame (F: .png .jpg .npy .mat), as the MIT benchmark code
  avsal eval --dataset DIR --pred DIR [--videos a,b] [--frames A-B] [--protocol vinet-av|stavis-av|dhf1k] [--threads N] [--json|--csv]
        score a folder of predictions against a dataset; stored as an evaluation run in the log
  avsal infer --model M --weights F.pt --dataset DIR [--videos a,b] [--frames A-B]
        [--audio real|zero|random|wolfram|shuffled|file] [--audio-file F]
        [--runtime ort|tfjs] [--threads N] [--batch N] [--seed N] [--out DIR] [--json]
        run a saliency model over a dataset's videos with the authors' preprocessing; maps are cached
        as PNG and shown as a layer; --out DIR also copies them for avsal eval --pred DIR.
        Audio-visual models hear --audio (default real); --audio-file F alone means --audio file.
        Model jobs wait their turn: one runs per device (AVSAL_JOBS_PER_DEVICE), the others queue.
  avsal audio-swap --model M --weights F.pt --dataset DIR [--videos a,b] [--frames A-B]
        [--conditions real,zero,random,wolfram,shuffled,file] [--audio-file F] [--seed N] [--protocol P]
        [--visual-model M [--visual-weights F]] [--figure out.png] [--figure-frames 10,20,30]
        [--runtime ort|tfjs] [--threads N] [--batch N] [--json]
        does the model listen? One study run of an audio-visual model (AViNet variants, STAViS) under
        each audio condition, visual features computed once; every condition scored against the
        ground truth with one protocol (default vinet-av). Prints the audio-reliance table: metrics,
        deltas against real, paired Wilcoxon tests across videos, feature norms, a verdict per
        condition; writes a figure and the audio each condition fed the model.
        Conditions (default real,zero,random,shuffled; real is always run, the reference):
          real      the video's own track (a video without one: silence, flagged)
          zero      silence
          random    Gaussian noise at the real track's RMS
          wolfram   Rule 30 cellular-automaton noise (the thesis's "Wolfram" audio)
          shuffled  another video's track (needs two videos with audio, else refused)
          file      --audio-file F (given without --conditions, it adds file to the default set)
        --seed N (default 0) seeds random, wolfram and shuffled;
        --figure copies the figure PNG (rows: --figure-frames, else where the conditions differ most);
        --visual-model scores a visual-only model beside the conditions (report and figure).
  avsal runs list [--kind infer|eval|study] [--status S] [--limit N] [--json]
  avsal runs show ID [--json]          one run: status, owner, config, metrics, per-video results
                                       (a study: its audio-reliance table too)
  avsal runs resume ID                 continue a stopped or interrupted inference run
  avsal predict --model M --weights F.pt --input X.npy [--audio A.npy] [--runtime ort|tfjs] --out Y.npy
        one forward pass on a PyTorch-layout tensor (N,C,T,H,W), to verify a port against the authors' code
  avsal checkpoint inspect FILE [--json]
        list the tensors of a PyTorch checkpoint (zip or legacy format)

Common options:
  --data-dir DIR   where the experiment log and caches live (default: $AVSAL_DATA_DIR or ~/.local/share/avsal)
  --label TEXT     a name for the run (eval, infer, audio-swap), shown in run lists
  --frames A-B     frames A to B of each video, 0-based and inclusive as the viewer shows them
                   (0-63 is the first 64 frames): try a model on a few frames before a long run
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
        'audio-file': { type: 'string' },
        conditions: { type: 'string' },
        figure: { type: 'string' },
        'figure-frames': { type: 'string' },
        'visual-model': { type: 'string' },
        'visual-weights': { type: 'string' },
        runtime: { type: 'string' },
        threads: { type: 'string' },
        out: { type: 'string' },
        batch: { type: 'string' },
        frames: { type: 'string' },
        label: { type: 'string' },
        kind: { type: 'string' },
        status: { type: 'string' },
        limit: { type: 'string' },
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
  const makeService = (): AppService => new AppService({ dataDir, host: 'browser', version: packageInfo().version })
  /** a command that uses the experiment log: one AppService, closed however the command ends */
  const withService = async (work: (service: AppService) => Promise<number>): Promise<number> => {
    const service = makeService()
    try {
      return await work(service)
    } finally {
      service.close()
    }
  }
  try {
    switch (command) {
      case 'open':
        if (rest.length !== 1) throw usage('usage: avsal open DIR [--json]')
        return await withService((service) => runOpen(service, rest[0], json))
      case 'info':
        return await withService(async (service) => {
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
        })
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
      case 'eval':
        return await withService((service) =>
          runEval(service, {
            dataset: values.dataset,
            pred: values.pred,
            videos: values.videos,
            frames: values.frames,
            protocol: values.protocol,
            jitter: !values['no-jitter'],
            seed: values.seed,
            json,
            csv: values.csv ?? false,
            threads: values.threads,
            label: values.label
          })
        )
      case 'infer':
        return await withService((service) =>
          runInfer(service, {
            model: values.model,
            weights: values.weights,
            dataset: values.dataset,
            videos: values.videos,
            frames: values.frames,
            audio: values.audio,
            audioFile: values['audio-file'],
            runtime: values.runtime,
            threads: values.threads,
            batch: values.batch,
            seed: values.seed,
            out: values.out,
            label: values.label,
            json
          })
        )
      case 'audio-swap':
        return await withService((service) =>
          runAudioSwap(service, {
            model: values.model,
            weights: values.weights,
            dataset: values.dataset,
            videos: values.videos,
            frames: values.frames,
            conditions: values.conditions,
            audioFile: values['audio-file'],
            seed: values.seed,
            protocol: values.protocol,
            figure: values.figure,
            figureFrames: values['figure-frames'],
            visualModel: values['visual-model'],
            visualWeights: values['visual-weights'],
            runtime: values.runtime,
            threads: values.threads,
            batch: values.batch,
            label: values.label,
            json
          })
        )
      case 'runs':
        return await withService((service) => runRuns(service, rest, { kind: values.kind, status: values.status, limit: values.limit, json }))
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
        throw usage(`unknown command "${command}"; run avsal --help`)
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
