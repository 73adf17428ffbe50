// End-to-end inference benchmark: `avsal infer`'s code path (runInference) on a synthetic
// 640×360 H.264 video made by ffmpeg, ViNet with the deterministic synthetic weights on ONNX
// Runtime: decode → preprocess → forward → post-process → PNG. Reports maps per second, the
// share of wall time spent outside the forward pass, and the process's peak RSS.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { indexDataset } from '../src/main/datasets'
import { probeVideo, resolveFfmpeg } from '../src/main/media'
import { runTool } from '../src/main/media/runTool'
import { openStore, replaceVideos, upsertDataset } from '../src/main/store'
import { runInference } from '../src/main/engine/inference/runInference'

export interface InferBenchOptions {
  frames?: number
  threads?: number
  batch?: number
  /** model input (H, W); default the released 224×384 */
  inputSize?: [number, number]
  width?: number
  height?: number
  onProgress?(done: number, total: number): void
}

export interface InferBenchResult {
  frames: number
  video: string
  inputSize: [number, number]
  threads: number
  batch: number
  provider: string
  totalSeconds: number
  /** session creation + synthetic weights, excluded from the rates below */
  loadSeconds: number
  framesPerSecond: number
  forwardSeconds: number
  decodeSeconds: number
  preprocessSeconds: number
  postprocessSeconds: number
  /** (decode + preprocess + post/PNG) / (those + forward) */
  outsideForwardShare: number
  /** process.resourceUsage().maxRSS, MiB */
  peakRssMiB: number
}

export async function benchInfer(options: InferBenchOptions = {}): Promise<InferBenchResult> {
  const frames = options.frames ?? 300
  const threads = options.threads ?? 2
  const batch = options.batch ?? 1
  const width = options.width ?? 640
  const height = options.height ?? 360
  const work = mkdtempSync(join(tmpdir(), 'avsal-bench-infer-'))
  try {
    const bins = resolveFfmpeg()
    const root = join(work, 'dataset')
    const video = join(root, 'bench.mp4')
    mkdirSync(root)
    const made = await runTool(
      bins.ffmpeg,
      ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=30`, '-frames:v', String(frames),
        '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', video],
      { timeoutMs: 300_000 }
    )
    if (made.exitCode !== 0) throw new Error(`ffmpeg could not make the benchmark video (exit ${made.exitCode}): ${made.stderr.slice(-400)}`)
    const store = openStore(join(work, 'avsal.sqlite'))
    try {
      const indexed = await indexDataset(root, { probeVideo: (path: string) => probeVideo(path, bins) })
      const datasetId = upsertDataset(store, {
        root: indexed.root,
        name: indexed.name,
        layout: indexed.layout,
        layoutDetail: indexed.layoutDetail,
        openedAt: new Date().toISOString(),
        issues: indexed.issues
      })
      replaceVideos(store, datasetId, indexed.videos)
      const result = await runInference(
        store,
        {
          datasetRoot: indexed.root,
          model: 'vinet',
          weights: { kind: 'synthetic' },
          runtime: 'ort',
          threads,
          batch,
          inputSize: options.inputSize,
          cacheDir: join(work, 'cache')
        },
        { progress: options.onProgress },
        bins
      )
      const t = result.timing
      const outside = t.decodeSeconds + t.preprocessSeconds + t.postprocessSeconds
      const pipelineSeconds = t.totalSeconds - t.loadSeconds
      return {
        frames: result.framesWritten,
        video: `${width}×${height} H.264, ${frames} frames`,
        inputSize: options.inputSize ?? [224, 384],
        threads,
        batch,
        provider: result.provider,
        totalSeconds: t.totalSeconds,
        loadSeconds: t.loadSeconds,
        framesPerSecond: result.framesWritten / pipelineSeconds,
        forwardSeconds: t.forwardSeconds,
        decodeSeconds: t.decodeSeconds,
        preprocessSeconds: t.preprocessSeconds,
        postprocessSeconds: t.postprocessSeconds,
        outsideForwardShare: outside / (outside + t.forwardSeconds),
        peakRssMiB: process.resourceUsage().maxRSS / 1024
      }
    } finally {
      store.close()
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
