// A full evaluation of 10 synthetic videos × 300 frames (360×640 PNG maps) with the
// same-video-union-minus-current sAUC protocol: frames per second end to end
// (decode PNG → metrics → SQLite), the same code path as `avsal eval`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PNG } from 'pngjs'
import { AppService } from '../src/main/app/service'
import { runEvaluation } from '../src/main/engine/evaluation/runEvaluation'
import { round } from './common'

const W = 640
const H = 360

function png(value: (x: number, y: number) => number): Buffer {
  const image = new PNG({ width: W, height: H })
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 4
      const v = Math.max(0, Math.min(255, Math.round(value(x, y))))
      image.data[o] = image.data[o + 1] = image.data[o + 2] = v
      image.data[o + 3] = 255
    }
  }
  return PNG.sync.write(image, { deflateLevel: 6 })
}

const blob = (cx: number, cy: number, s: number) => (x: number, y: number) => 255 * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * s * s))

export interface EvalThroughputResult {
  videos: number
  framesPerVideo: number
  frameSize: string
  protocol: string
  framesScored: number
  scoredOn: string
  seconds: number
  framesPerSecond: number
}

export async function benchEvalThroughput(videos = 10, frames = 300): Promise<EvalThroughputResult> {
  const root = mkdtempSync(join(tmpdir(), 'avsal-bench-eval-'))
  const predRoot = join(root, 'pred')
  // 8 distinct maps / fixation patterns reused across frames: decoding cost is per file all the same
  const maps = Array.from({ length: 8 }, (_, k) => png(blob(200 + 30 * k, 150 + 10 * k, 40)))
  const preds = Array.from({ length: 8 }, (_, k) => png(blob(220 + 25 * k, 160 + 8 * k, 60)))
  const fixes = Array.from({ length: 8 }, (_, k) =>
    png((x, y) => ((x - 200 - 30 * k) % 37 === 0 && (y - 150) % 23 === 0 && Math.abs(x - 200 - 30 * k) < 120 && Math.abs(y - 150) < 60 ? 255 : 0))
  )
  for (let v = 0; v < videos; v++) {
    const name = `video${String(v).padStart(2, '0')}`
    const base = join(root, 'data', 'test', name)
    for (const sub of ['images', 'maps', 'fixation']) mkdirSync(join(base, sub), { recursive: true })
    mkdirSync(join(predRoot, name), { recursive: true })
    for (let i = 0; i < frames; i++) {
      const file = `${String(i + 1).padStart(4, '0')}.png`
      writeFileSync(join(base, 'images', file), maps[i % 8])
      writeFileSync(join(base, 'maps', file), maps[i % 8])
      writeFileSync(join(base, 'fixation', file), fixes[i % 8])
      writeFileSync(join(predRoot, name, file), preds[(i + v) % 8])
    }
  }
  const service = new AppService({ dataDir: join(root, 'appdata'), host: 'browser', version: 'bench' })
  try {
    const dataset = await service.openDataset(join(root, 'data'))
    // as the job process runs it: one scoring worker thread per core
    const result = await runEvaluation(service.store, { datasetRoot: dataset.root, predDir: predRoot, protocol: 'vinet-av', threads: 'auto' })
    return {
      videos,
      framesPerVideo: frames,
      frameSize: `${H}x${W}`,
      protocol: 'vinet-av (sAUC negatives: same-video-union-minus-current)',
      framesScored: result.framesScored,
      scoredOn: result.scoredOn,
      seconds: round(result.seconds, 2),
      framesPerSecond: round(result.framesScored / result.seconds, 1)
    }
  } finally {
    service.close()
    rmSync(root, { recursive: true, force: true })
  }
}
