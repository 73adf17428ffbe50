// Decoding throughput of a 640×360 XviD AVI to RGB frames through ffmpeg, against
// `ffmpeg -f null` on the same file in the same run (the target: ratio ≥ 0.8).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { decodeFramesRgb, ffmpegNullDecodeSeconds, probeVideo } from '../src/main/media'
import { DATA } from './common'

export interface DecodeResult {
  file: string
  frames: number
  rgbFramesPerSecond: number
  nullFramesPerSecond: number
  ratio: number
  runs: number
}

export async function benchDecode(runs = 3): Promise<DecodeResult> {
  const file = join(DATA, 'dhf1k-sample/video/002.AVI')
  if (!existsSync(file)) throw new Error(`${file} missing: the decode benchmark needs ../shared/data`)
  const probe = await probeVideo(file)
  let best = { rgb: Infinity, nul: Infinity, frames: 0 }
  for (let i = 0; i < runs; i++) {
    // alternate the order so neither side always gets the warm page cache
    const nul = await ffmpegNullDecodeSeconds(file)
    let checksum = 0
    const rgb = await decodeFramesRgb(file, {}, (_index, frame) => {
      checksum += frame[0]
    })
    best = { rgb: Math.min(best.rgb, rgb.seconds), nul: Math.min(best.nul, nul), frames: rgb.frames }
  }
  const rgbFps = best.frames / best.rgb
  const nullFps = probe.frameCount / best.nul
  return {
    file,
    frames: best.frames,
    rgbFramesPerSecond: round(rgbFps),
    nullFramesPerSecond: round(nullFps),
    ratio: round(rgbFps / nullFps, 3),
    runs
  }
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}
