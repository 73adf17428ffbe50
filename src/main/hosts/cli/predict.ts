// `avsal predict --model M --weights F.pt --input X.npy [--audio A.npy] [--runtime ort|tfjs] --out Y.npy`:
// one forward pass on tensors in PyTorch layout, for verifying a port against the authors' code.
import { modelNames, predictNpyFiles } from '../../app'
import { parseWith, RuntimeSchema, ThreadsSchema } from '../../../shared/schemas'
import { numberOption } from './options'
import { printJson, usage } from './output'

export interface PredictArgs {
  model?: string
  weights?: string
  input?: string
  audio?: string
  runtime?: string
  threads?: string
  out?: string
  json: boolean
}

export async function runPredict(args: PredictArgs): Promise<number> {
  const models = modelNames()
  if (!args.model || !args.input || !args.out) {
    throw usage(`usage: avsal predict --model ${models.join('|')} --weights F.pt --input X.npy [--audio A.npy] [--runtime ort|tfjs] [--threads N] --out Y.npy`)
  }
  // the same option checks (and messages) as every API request
  const runtime = args.runtime === undefined ? undefined : parseWith(RuntimeSchema, args.runtime, '--runtime')
  const threads = args.threads === undefined ? undefined : parseWith(ThreadsSchema, numberOption(args.threads), '--threads')
  const result = await predictNpyFiles({
    model: args.model,
    weightsPath: args.weights,
    inputPath: args.input,
    audioPath: args.audio,
    runtime,
    threads,
    outPath: args.out
  })
  const summary = {
    model: args.model,
    out: args.out,
    shape: result.shape,
    runtime: result.runtime,
    provider: result.provider,
    forwardSeconds: Math.round(result.seconds * 1000) / 1000,
    loadSeconds: Math.round(result.loadSeconds * 1000) / 1000
  }
  if (args.json) printJson(summary)
  else {
    process.stdout.write(
      `${args.out}: (${result.shape.join(', ')}) float32 from ${args.model} on ${result.runtime}/${result.provider}, ` +
        `forward ${summary.forwardSeconds} s (load ${summary.loadSeconds} s)\n`
    )
  }
  return 0
}
