// ViNet forward benchmark on ONNX Runtime with the deterministic weights (no checkpoint needed).
import { buildVinet } from '../src/main/models/architectures/vinet'
import { graphCost } from '../src/main/models/graph/flops'
import { OrtExecutor } from '../src/main/models/onnx/ortExecutor'
import { syntheticInput, syntheticWeights } from '../src/main/models/syntheticWeights'

export interface VinetBenchResult {
  secondsPerClip: number
  /** 2 × multiply-accumulates of convs/linears for one clip */
  gflops: number
  gflopsPerSecond: number
  provider: string
  threads: number
  runs: number
  sessionSeconds: number
}

/** One 1×3×32×224×384 clip; one warm-up run, then the median of `runs` timed runs. */
export async function benchVinetForward({ threads, runs = 3 }: { threads: number; runs?: number }): Promise<VinetBenchResult> {
  const shape = [1, 3, 32, 224, 384]
  const graph = buildVinet(shape)
  const t0 = performance.now()
  const executor = await OrtExecutor.create(graph, syntheticWeights(graph.params), { threads })
  const sessionSeconds = (performance.now() - t0) / 1000
  try {
    const clip = syntheticInput(shape)
    await executor.run({ clip })
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const start = performance.now()
      await executor.run({ clip })
      times.push((performance.now() - start) / 1000)
    }
    times.sort((a, b) => a - b)
    const secondsPerClip = times[Math.floor(times.length / 2)]
    const gflops = graphCost(graph).flops / 1e9
    return { secondsPerClip, gflops, gflopsPerSecond: gflops / secondsPerClip, provider: executor.provider, threads, runs, sessionSeconds }
  } finally {
    await executor.dispose()
  }
}
