// ViNet forward benchmark on TensorFlow.js with the deterministic weights (no checkpoint needed).
import { buildVinet } from '../src/main/models/architectures/vinet'
import { graphCost } from '../src/main/models/graph/flops'
import { syntheticInput, syntheticWeights } from '../src/main/models/syntheticWeights'
import { selectTfjsBackend, type TfjsBackendName } from '../src/main/models/tfjs/backend'
import { TfjsExecutor } from '../src/main/models/tfjs/executor'

export interface TfjsBenchResult {
  backend: TfjsBackendName
  provider: string
  rewriteConv3d: boolean
  inputShape: number[]
  /** median of the timed runs */
  secondsPerClip: number
  /** the untimed first run (kernel setup, weight packing) */
  firstRunSeconds: number
  compileSeconds: number
  /** 2 × multiply-accumulates of convs/linears for one clip */
  gflops: number
  gflopsPerSecond: number
  runs: number
}

export interface TfjsBenchOptions {
  backend: TfjsBackendName
  /** timed runs after the first (default 1) */
  runs?: number
  /** default the released 1×3×32×224×384 */
  inputShape?: number[]
  rewriteConv3d?: boolean
}

/** One ViNet forward per run on one backend; the cpu backend takes minutes at full size, so callers opt in to it. */
export async function benchVinetTfjs({ backend, runs = 1, inputShape = [1, 3, 32, 224, 384], rewriteConv3d }: TfjsBenchOptions): Promise<TfjsBenchResult> {
  const graph = buildVinet(inputShape)
  const t0 = performance.now()
  const executor = await TfjsExecutor.create(graph, syntheticWeights(graph.params), { backend, rewriteConv3d })
  const compileSeconds = (performance.now() - t0) / 1000
  try {
    const clip = syntheticInput(inputShape)
    const t1 = performance.now()
    await executor.run({ clip })
    const firstRunSeconds = (performance.now() - t1) / 1000
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const start = performance.now()
      await executor.run({ clip })
      times.push((performance.now() - start) / 1000)
    }
    times.sort((a, b) => a - b)
    const secondsPerClip = times[Math.floor(times.length / 2)]
    const gflops = graphCost(graph).flops / 1e9
    return {
      backend,
      provider: executor.provider,
      rewriteConv3d: executor.rewriteConv3d,
      inputShape: [...inputShape],
      secondsPerClip,
      firstRunSeconds,
      compileSeconds,
      gflops,
      gflopsPerSecond: gflops / secondsPerClip,
      runs
    }
  } finally {
    await executor.dispose()
  }
}

/** Backends that start on this machine, in preference order (cpu last, only when asked for). */
export async function availableTfjsBackends(includeCpu: boolean): Promise<TfjsBackendName[]> {
  const found: TfjsBackendName[] = []
  for (const backend of ['node-gpu', 'node', 'wasm', 'cpu'] as const) {
    if (backend === 'cpu' && !includeCpu) continue
    try {
      await selectTfjsBackend({ backend })
      found.push(backend)
    } catch {
      // not installed or failed to start: not benchmarked
    }
  }
  return found
}

/** benchVinetTfjs on every available backend; the pure-JS cpu backend (minutes per clip) is opt-in. */
export async function benchVinetTfjsBackends({ includeCpu = false, runs, inputShape }: { includeCpu?: boolean; runs?: number; inputShape?: number[] } = {}): Promise<TfjsBenchResult[]> {
  const results: TfjsBenchResult[] = []
  for (const backend of await availableTfjsBackends(includeCpu)) results.push(await benchVinetTfjs({ backend, runs, inputShape }))
  return results
}
