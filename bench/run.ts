// `npm run bench`: every benchmark, JSON on stdout and in bench/results/<name>.json.
// Benchmarks measure; they never pass or fail on a number (targets are stated beside them).
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { REPO } from './common'
import { benchDecode } from './decode'
import { benchIndexing } from './indexing'
import { benchScrub } from './scrub'
import { benchMetrics } from './metrics'
import { benchEvalThroughput } from './evalThroughput'
import { benchVinetForward } from './vinetForward'
import { benchVinetTfjsBackends } from './tfjsBackends'
import { benchInfer } from './infer'
import { benchQueue } from './queue'
import { benchStore } from './store'
import { benchAudioSwap } from './audioSwap'

type Bench = { name: string; target: string; run: () => Promise<unknown> }

const BENCHES: Bench[] = [
  { name: 'decode-xvid-rgb', target: 'ratio rgb/null >= 0.8', run: () => benchDecode() },
  { name: 'index-1000-videos', target: 'seconds (no fixed target)', run: () => benchIndexing(1000) },
  { name: 'scrub-3-panels-ucf', target: 'p95 < 50 ms', run: () => benchScrub() },
  { name: 'metrics-one-frame', target: 'ms per frame, single core, vs a one-pass typed-array floor', run: () => benchMetrics() },
  { name: 'eval-10x300', target: 'frames/s end to end (decode PNG → metrics → SQLite)', run: () => benchEvalThroughput() },
  {
    name: 'vinet-forward-ort',
    target: 'within 10 % of 0.9–1.0 s per 32×224×384 clip (torch-exported ONNX, 2 threads)',
    run: async () => ({ threads1: await benchVinetForward({ threads: 1 }), threads2: await benchVinetForward({ threads: 2 }) })
  },
  {
    name: 'vinet-forward-tfjs',
    target: 'tfjs-wasm ≤ 8 s per 32×224×384 clip (pure-JS cpu opt-in: AVSAL_BENCH_TFJS_CPU=1)',
    run: async () => ({ backends: await benchVinetTfjsBackends({ includeCpu: process.env.AVSAL_BENCH_TFJS_CPU === '1' }) })
  },
  {
    name: 'store-1m-metrics',
    target: 'insert ~1M per-frame metric values in the engine\'s batches; read one video\'s series and a run\'s latest metrics after; app event loop never blocked > 50 ms while the job writes',
    run: () => benchStore()
  },
  {
    name: 'queue-4-vinet-jobs',
    target: 'four 32-frame ViNet jobs: queued (one per device) wall time ≤ all four at once',
    run: () => benchQueue()
  },
  {
    name: 'audio-swap-4-conditions',
    target: 'study (visual stage once, audio + fusion per condition) / 4 separate runs, model load excluded: within 10 % of the MAC limit (visual + 4·rest) / (4·all)',
    run: async () => ({ stavis: await benchAudioSwap({ model: 'stavis' }), avinet: await benchAudioSwap({ model: 'avinet-bilinear', framesPerClip: 12 }) })
  },
  {
    name: 'infer-300-frames',
    target: 'maps/s end to end (decode → preprocess → forward → PNG); time outside the forward pass < 10 %; peak RSS',
    run: () => benchInfer()
  }
]

/**
 * Each benchmark runs in a fresh process of its own (`--in-process NAME`), so one's JIT, heap
 * and peak RSS do not leak into the next one's numbers.
 */
function runIsolated(name: string): unknown {
  const child = spawnSync(process.execPath, [...process.execArgv, __filename, '--in-process', name], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024
  })
  if (child.status !== 0) return { error: `benchmark process exited with ${child.status ?? child.signal}` }
  return (JSON.parse(child.stdout) as Record<string, unknown>)[name]
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const inProcess = args[0] === '--in-process'
  const only = inProcess ? args.slice(1) : args
  const outDir = join(REPO, 'bench', 'results')
  mkdirSync(outDir, { recursive: true })
  const all: Record<string, unknown> = {
    machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
    date: new Date().toISOString()
  }
  for (const bench of BENCHES) {
    if (only.length && !only.includes(bench.name)) continue
    if (!inProcess) {
      process.stderr.write(`bench ${bench.name} …\n`)
      all[bench.name] = runIsolated(bench.name)
      continue
    }
    try {
      const result = { target: bench.target, ...(await bench.run() as object) }
      all[bench.name] = result
      writeFileSync(join(outDir, `${bench.name}.json`), JSON.stringify(result, null, 2))
    } catch (err) {
      all[bench.name] = { error: (err as Error).message }
    }
  }
  process.stdout.write(`${JSON.stringify(all, null, 2)}\n`)
}

void main()
