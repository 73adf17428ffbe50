// Runs ffprobe on a media file. Video packets are always counted (-count_packets): it only demuxes
// (0.1 s for DHF1K's 26 s clip) and container headers are not trustworthy — ffmpeg's own AVI muxer
// wrote nb_frames=51 for a 50-frame clip here, and a truncated AVI keeps its full header count.
import { stat } from 'node:fs/promises'
import { summariseStderr, stderrLines } from './errors'
import { resolveFfmpeg, type FfmpegBinaries } from './ffmpegPath'
import { parseProbeJson, type VideoProbe } from './probeJson'
import { runTool } from './runTool'
import { AppError } from '../../shared/errors'

export type { VideoProbe } from './probeJson'

/** Throws AppError 'not-found' unless `path` is an existing regular file. */
export async function assertMediaFile(path: string): Promise<void> {
  let info
  try {
    info = await stat(path)
  } catch {
    throw new AppError('not-found', `media file not found: ${path}`)
  }
  if (!info.isFile()) throw new AppError('undecodable', `${path} is not a regular file`)
}

export async function probeVideo(path: string, binaries: FfmpegBinaries = resolveFfmpeg()): Promise<VideoProbe> {
  await assertMediaFile(path)
  const args = ['-v', 'error', '-count_packets', '-print_format', 'json', '-show_streams', '-show_format', path]
  const result = await runTool(binaries.ffprobe, args, { timeoutMs: 120_000 })
  if (result.exitCode !== 0) {
    throw new AppError(
      'undecodable',
      `${path}: ffprobe cannot read it (exit ${result.exitCode}): ${summariseStderr(result.stderr) || 'no message'}`,
      stderrLines(result.stderr).slice(-20)
    )
  }
  return parseProbeJson(path, result.stdout.toString('utf8'))
}

export interface AudioStreamInfo {
  codec: string
  sampleRate: number | null
  channels: number | null
}

/** The first audio stream of any media file (video or audio-only), or null when it has none. */
export async function probeAudio(path: string, binaries: FfmpegBinaries = resolveFfmpeg()): Promise<AudioStreamInfo | null> {
  await assertMediaFile(path)
  const args = ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=codec_name,sample_rate,channels', '-print_format', 'json', path]
  const result = await runTool(binaries.ffprobe, args, { timeoutMs: 60_000 })
  if (result.exitCode !== 0) {
    throw new AppError('undecodable', `${path}: ffprobe cannot read it (exit ${result.exitCode}): ${summariseStderr(result.stderr) || 'no message'}`)
  }
  const parsed = JSON.parse(result.stdout.toString('utf8')) as {
    streams?: { codec_name?: string; sample_rate?: string; channels?: number }[]
  }
  const stream = parsed.streams?.[0]
  if (!stream) return null
  const rate = Number(stream.sample_rate)
  return {
    codec: stream.codec_name ?? 'unknown',
    sampleRate: Number.isFinite(rate) && rate > 0 ? rate : null,
    channels: stream.channels ?? null
  }
}
