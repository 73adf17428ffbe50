// Tiny test clips made with ffmpeg at test time. Each video carries its frame number n in the
// luma of a 48×48 block at the top-left corner: Y = 16 + 4n (limited range), so a decoded frame
// tells which source frame it is. No media files are committed.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const CLIP_WIDTH = 160
export const CLIP_HEIGHT = 90
export const CLIP_FPS = 25
export const CLIP_FRAMES = 50
export const MARK_SIZE = 48

const NUMBERED_VIDEO =
  `testsrc2=size=${CLIP_WIDTH}x${CLIP_HEIGHT}:rate=${CLIP_FPS}:duration=${CLIP_FRAMES / CLIP_FPS},format=yuv420p,` +
  `geq=lum='if(lt(X,${MARK_SIZE})*lt(Y,${MARK_SIZE}),16+N*4,lum(X,Y))'` +
  `:cb='if(lt(X,${MARK_SIZE / 2})*lt(Y,${MARK_SIZE / 2}),128,cb(X,Y))'` +
  `:cr='if(lt(X,${MARK_SIZE / 2})*lt(Y,${MARK_SIZE / 2}),128,cr(X,Y))'`

const SINE = `sine=frequency=440:sample_rate=44100:duration=${CLIP_FRAMES / CLIP_FPS}`

export interface TestClips {
  dir: string
  /** H.264 (with B-frames) + AAC in MP4 */
  mp4: string
  /** MPEG-4 Part 2 tagged XVID + MP3 in AVI, like DHF1K */
  avi: string
  /** VP8 in WebM, no audio track (and no frame count in the header) */
  silent: string
  /** the AVI cut in half */
  truncated: string
  /** bytes that are no media format */
  notVideo: string
  /** a text file (ffmpeg reads these as ANSI-art video) */
  textFile: string
  /** a single JPEG */
  stillImage: string
  /** a WAV with only audio */
  audioOnly: string
  cleanup: () => void
}

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
}

export function makeTestClips(): TestClips {
  const dir = mkdtempSync(join(tmpdir(), 'avsal-media-'))
  const mp4 = join(dir, 'numbered.mp4')
  const avi = join(dir, 'numbered xvid.avi')
  const silent = join(dir, 'silent.webm')
  const truncated = join(dir, 'truncated.avi')
  const notVideo = join(dir, 'garbage.bin')
  const textFile = join(dir, 'notes.txt')
  const stillImage = join(dir, 'still.jpg')
  const audioOnly = join(dir, 'tone.wav')
  ffmpeg(['-f', 'lavfi', '-i', NUMBERED_VIDEO, '-f', 'lavfi', '-i', SINE,
    '-c:v', 'libx264', '-preset', 'veryfast', '-qp', '4', '-bf', '2', '-g', '12', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '96k', '-shortest', mp4])
  ffmpeg(['-f', 'lavfi', '-i', NUMBERED_VIDEO, '-f', 'lavfi', '-i', SINE,
    '-c:v', 'mpeg4', '-vtag', 'XVID', '-q:v', '2', '-c:a', 'libmp3lame', '-b:a', '64k', avi])
  ffmpeg(['-f', 'lavfi', '-i', NUMBERED_VIDEO, '-c:v', 'libvpx', '-b:v', '1M', '-crf', '4', silent])
  ffmpeg(['-f', 'lavfi', '-i', SINE, '-c:a', 'pcm_s16le', audioOnly])
  const aviBytes = readFileSync(avi)
  writeFileSync(truncated, aviBytes.subarray(0, Math.floor(aviBytes.length / 2)))
  writeFileSync(notVideo, Uint8Array.from({ length: 8192 }, (_, i) => (i * 7) % 251))
  writeFileSync(textFile, 'this is not a video\n'.repeat(200))
  ffmpeg(['-f', 'lavfi', '-i', `testsrc2=size=${CLIP_WIDTH}x${CLIP_HEIGHT}:rate=1:duration=1`, '-frames:v', '1', stillImage])
  return { dir, mp4, avi, silent, truncated, notVideo, textFile, stillImage, audioOnly, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Mean luma-ish gray of the marker block (RGB average), from interleaved RGB or RGBA pixels. */
export function markerGray(pixels: Uint8Array, width: number, channels: 3 | 4): number {
  let sum = 0
  let count = 0
  // Stay away from the block's edges, where chroma subsampling and compression blur.
  for (let y = 8; y < MARK_SIZE - 8; y++) {
    for (let x = 8; x < MARK_SIZE - 8; x++) {
      const at = (y * width + x) * channels
      sum += (pixels[at] + pixels[at + 1] + pixels[at + 2]) / 3
      count++
    }
  }
  return sum / count
}

/** Inverse of the marker: full-range gray g ≈ (16 + 4n − 16)·255/219 → n. */
export function frameNumberFromGray(gray: number): number {
  return (gray * 219) / 255 / 4
}
