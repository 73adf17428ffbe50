// Audio out of a media file: a WAV for playback next to the scrubbed frames, and float PCM for
// the audio models (SoundNet takes 22,050 Hz mono).
//
// Playback uses WAV (pcm_s16le): every browser plays it, seeking is exact (constant bytes per
// second, no codec delay or priming samples as with AAC/Opus), at the cost of size:
// 44.1 kHz stereo is 176 kB/s, about 10.6 MB per minute (DHF1K clips are 20–40 s).
import { mkdirSync } from 'node:fs'
import { rename, rm, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { summariseStderr, stderrLines } from './errors'
import { resolveFfmpeg, type FfmpegBinaries } from './ffmpegPath'
import { probeAudio, type AudioStreamInfo } from './probe'
import { runTool } from './runTool'
import { AppError } from '../../shared/errors'

export interface PlaybackAudio {
  path: string
  bytes: number
  sampleRate: number
  channels: number
  sourceCodec: string
}

async function requireAudio(path: string, binaries: FfmpegBinaries): Promise<AudioStreamInfo> {
  const audio = await probeAudio(path, binaries)
  if (!audio) throw new AppError('no-audio', `${path} has no audio stream`)
  return audio
}

/**
 * `aresample=async=1:first_pts=0` pads silence at the start when the audio track begins after
 * t=0, so sample 0 of the WAV lines up with the container's time 0 (where frame 0 normally sits).
 */
const ALIGN_TO_ZERO = 'aresample=async=1:first_pts=0'

/** Writes the first audio track as 16-bit PCM WAV (same rate, at most 2 channels); atomic rename. */
export async function extractAudioForPlayback(
  videoPath: string,
  outFile: string,
  binaries: FfmpegBinaries = resolveFfmpeg()
): Promise<PlaybackAudio> {
  const audio = await requireAudio(videoPath, binaries)
  const channels = Math.min(audio.channels ?? 2, 2)
  mkdirSync(dirname(outFile), { recursive: true })
  const temporary = `${outFile}.${process.pid}.tmp`
  const args = [
    '-nostdin', '-hide_banner', '-v', 'error',
    '-i', videoPath,
    '-map', '0:a:0', '-vn', '-sn', '-dn',
    '-af', ALIGN_TO_ZERO,
    '-ac', String(channels),
    '-c:a', 'pcm_s16le', '-f', 'wav', '-y', temporary
  ]
  const result = await runTool(binaries.ffmpeg, args, { timeoutMs: 600_000 })
  if (result.exitCode !== 0) {
    await rm(temporary, { force: true })
    throw new AppError(
      'decode-failed',
      `ffmpeg could not extract audio from ${videoPath} (exit ${result.exitCode}): ${summariseStderr(result.stderr)}`,
      stderrLines(result.stderr).slice(-20)
    )
  }
  await rename(temporary, outFile)
  const { size } = await stat(outFile)
  return { path: outFile, bytes: size, sampleRate: audio.sampleRate ?? 0, channels, sourceCodec: audio.codec }
}

export interface PcmOptions {
  sampleRate?: number
  mono?: boolean
}

/** Decodes the first audio track to float32 samples in [-1, 1] (interleaved when not mono). */
export async function extractAudioPcm(
  path: string,
  options: PcmOptions = {},
  binaries: FfmpegBinaries = resolveFfmpeg()
): Promise<Float32Array> {
  const sampleRate = options.sampleRate ?? 22_050
  const mono = options.mono ?? true
  if (!Number.isInteger(sampleRate) || sampleRate < 1000 || sampleRate > 384_000) {
    throw new AppError('bad-argument', `sample rate must be an integer 1000…384000 Hz, got ${sampleRate}`)
  }
  await requireAudio(path, binaries)
  const args = [
    '-nostdin', '-hide_banner', '-v', 'error',
    '-i', path,
    '-map', '0:a:0', '-vn', '-sn', '-dn',
    '-af', ALIGN_TO_ZERO,
    ...(mono ? ['-ac', '1'] : []),
    '-ar', String(sampleRate),
    '-f', 'f32le', '-c:a', 'pcm_f32le', 'pipe:1'
  ]
  const result = await runTool(binaries.ffmpeg, args, { timeoutMs: 600_000 })
  if (result.exitCode !== 0) {
    throw new AppError(
      'decode-failed',
      `ffmpeg could not decode audio of ${path} (exit ${result.exitCode}): ${summariseStderr(result.stderr)}`,
      stderrLines(result.stderr).slice(-20)
    )
  }
  return float32FromLittleEndian(result.stdout)
}

/** Copies f32le bytes into an aligned Float32Array (Buffers from pipes are not 4-byte aligned). */
export function float32FromLittleEndian(bytes: Uint8Array): Float32Array {
  const count = Math.floor(bytes.length / 4)
  const samples = new Float32Array(count)
  const view = new DataView(bytes.buffer, bytes.byteOffset, count * 4)
  for (let i = 0; i < count; i++) samples[i] = view.getFloat32(i * 4, true)
  return samples
}
