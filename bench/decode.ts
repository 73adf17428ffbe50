// Decoding throughput of a 640×360 XviD AVI to RGB frames through ffmpeg, against
// `ffmpeg -f null` on the same file in the same run (the target: ratio ≥ 0.8).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { decodeFramesRgb, ffmpegNullDecodeSeconds, probeVideo } from '../src/main/media'
import { DATA } from './common'

export interface DecodeResult {
  file: string
  frames: number
  /** our path: ffmpeg decode → rgb24 → pipe → frames in Node */
  rgbFramesPerSecond: number
  /** `ffmpeg -f null`: decode only, no colour conversion (the baseline) */
  nullFramesPerSecond: number
  /** `ffmpeg -pix_fmt rgb24 -f null`: decode + the same RGB conversion, nothing leaves ffmpeg */
  nullRgbFramesPerSecond: number
  ratio: number
  ratioToRgbFloor: number
  runs: number
}

export async function benchDecode(runs = 3): Promise<DecodeResult> {
  const file = join(DATA, 'dhf1k-sample/video/002.AVI')
  if (!existsSync(file)) throw new Error(`${file} missing: the decode benchmark needs ../shared/data`)
  const probe = await probeVideo(file)
  let best = { rgb: Infinity, nul: Infinity, nulRgb: Infinity, frames: 0 }
  for (let i = 0; i < runs; i++) {
    const nul = await ffmpegNullDecodeSeconds(file)
    const nulRgb = await ffmpegNullDecodeSeconds(file, undefined, { pixFmt: 'rgb24' })
    let checksum = 0
    const rgb = await decodeFramesRgb(file, {}, (_index, frame) => {
      checksum += frame[0]
    })
    best = { rgb: Math.min(best.rgb, rgb.seconds), nul: Math.min(best.nul, nul), nulRgb: Math.min(best.nulRgb, nulRgb), frames: rgb.frames }
  }
  const rgbFps = best.frames / best.rgb
  const nullFps = probe.frameCount / best.nul
  const nullRgbFps = probe.frameCount / best.nulRgb
  return {
    file,
    frames: best.frames,
    rgbFramesPerSecond: round(rgbFps),
    nullFramesPerSecond: round(nullFps),
    nullRgbFramesPerSecond: round(nullRgbFps),
    ratio: round(rgbFps / nullFps, 3),
    ratioToRgbFloor: round(rgbFps / nullRgbFps, 3),
    runs
  }
}

function round(value: number, digits = 1): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}
