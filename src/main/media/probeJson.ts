// Pure interpretation of `ffprobe -count_packets -show_streams -show_format -print_format json`.
import { AppError } from '../../shared/errors'

export interface VideoProbe {
  path: string
  container: string
  width: number
  height: number
  /** frames per second as a number (29.97 for 30000/1001) */
  fps: number
  /** frames the file really holds (video packets counted by ffprobe; header value only as a fallback) */
  frameCount: number
  frameCountSource: 'packets' | 'header' | 'duration'
  /** what the container header claims (AVI's nb_frames); null when it says nothing */
  declaredFrameCount: number | null
  durationSeconds: number
  videoCodec: string
  /** display rotation in degrees (phone videos); width/height are already swapped for ±90 */
  rotation: number
  hasAudio: boolean
  audioCodec: string | null
  audioSampleRate: number | null
  audioChannels: number | null
  /** oddities worth showing (header/packet count mismatch, variable frame rate) */
  warnings: string[]
}

interface ProbeStream {
  index?: number
  codec_type?: string
  codec_name?: string
  width?: number
  height?: number
  r_frame_rate?: string
  avg_frame_rate?: string
  duration?: string
  nb_frames?: string
  nb_read_packets?: string
  sample_rate?: string
  channels?: number
  disposition?: { attached_pic?: number }
  tags?: Record<string, string>
  side_data_list?: { rotation?: number }[]
}

interface ProbeJson {
  streams?: ProbeStream[]
  format?: { format_name?: string; duration?: string }
}

/** '30000/1001' → 29.97…; '25' → 25; '0/0' or junk → null. */
export function parseRate(text: string | undefined): number | null {
  if (!text) return null
  const [num, den] = text.split('/')
  const value = den === undefined ? Number(num) : Number(num) / Number(den)
  return Number.isFinite(value) && value > 0 ? value : null
}

function positiveNumber(text: string | number | undefined): number | null {
  if (text === undefined) return null
  const value = Number(text)
  return Number.isFinite(value) && value > 0 ? value : null
}

function nonNegativeInt(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null
  return Number(text)
}

/**
 * r_frame_rate is the exact nominal rate when the stream is constant-rate; it turns into a timebase
 * (90000/1) for variable-rate files, where avg_frame_rate is the meaningful one. Use r when both agree.
 */
export function chooseFps(rFrameRate: string | undefined, avgFrameRate: string | undefined): number | null {
  const r = parseRate(rFrameRate)
  const avg = parseRate(avgFrameRate)
  if (r !== null && avg !== null) return Math.abs(r - avg) / avg < 0.01 ? r : avg
  return avg ?? r
}

function rotationOf(stream: ProbeStream): number {
  const fromSideData = stream.side_data_list?.find((entry) => typeof entry.rotation === 'number')?.rotation
  const raw = fromSideData ?? Number(stream.tags?.rotate ?? 0)
  const normalised = ((Math.round(raw) % 360) + 360) % 360
  return Number.isFinite(normalised) ? normalised : 0
}

export function parseProbeJson(path: string, jsonText: string): VideoProbe {
  let parsed: ProbeJson
  try {
    parsed = JSON.parse(jsonText) as ProbeJson
  } catch {
    throw new AppError('undecodable', `${path}: ffprobe printed something that is not JSON`, [jsonText.slice(0, 200)])
  }
  const streams = parsed.streams ?? []
  const formatName = parsed.format?.format_name ?? 'unknown'
  // ffmpeg happily "decodes" text as ANSI art and a lone PNG/JPEG as a one-frame video.
  if (formatName === 'tty') throw new AppError('undecodable', `${path}: is a text file, not a video`)
  if (formatName === 'image2' || formatName.endsWith('_pipe')) {
    throw new AppError('undecodable', `${path}: is a still image (${formatName}), not a video`)
  }
  // Cover art in MP3/M4A shows up as a one-frame "video" stream; it is not a video.
  const video = streams.find((s) => s.codec_type === 'video' && s.disposition?.attached_pic !== 1)
  if (!video) {
    const found = streams.map((s) => `${s.codec_type ?? '?'} ${s.codec_name ?? '?'}`).join(', ') || 'no streams'
    throw new AppError('undecodable', `${path}: no video stream (found: ${found})`)
  }
  const storedWidth = video.width ?? 0
  const storedHeight = video.height ?? 0
  if (storedWidth <= 0 || storedHeight <= 0) {
    throw new AppError('undecodable', `${path}: video stream has no frame size (width=${video.width}, height=${video.height})`)
  }
  const warnings: string[] = []
  const rotation = rotationOf(video)
  const quarterTurn = rotation === 90 || rotation === 270
  const fps = chooseFps(video.r_frame_rate, video.avg_frame_rate)
  if (fps === null) {
    throw new AppError('undecodable', `${path}: no usable frame rate (r_frame_rate=${video.r_frame_rate}, avg_frame_rate=${video.avg_frame_rate})`)
  }
  const rRate = parseRate(video.r_frame_rate)
  if (rRate !== null && Math.abs(rRate - fps) / fps >= 0.01) {
    warnings.push(`variable frame rate: nominal ${video.r_frame_rate}, average ${fps.toFixed(3)} fps`)
  }
  const durationSeconds = positiveNumber(video.duration) ?? positiveNumber(parsed.format?.duration)
  const declared = nonNegativeInt(video.nb_frames)
  const counted = nonNegativeInt(video.nb_read_packets)
  let frameCount: number
  let frameCountSource: VideoProbe['frameCountSource']
  if (counted !== null && counted > 0) {
    frameCount = counted
    frameCountSource = 'packets'
  } else if (declared !== null && declared > 0) {
    frameCount = declared
    frameCountSource = 'header'
  } else if (durationSeconds !== null) {
    frameCount = Math.round(durationSeconds * fps)
    frameCountSource = 'duration'
    warnings.push(`frame count estimated from duration × fps (${durationSeconds}s × ${fps.toFixed(3)})`)
  } else {
    throw new AppError('undecodable', `${path}: cannot tell how many frames the video has (no packets, no header count, no duration)`)
  }
  if (declared !== null && counted !== null && declared !== counted) {
    warnings.push(
      `container header declares ${declared} frames but ${counted} video packets are present` +
        (declared > counted + 1 ? ' (file truncated?)' : '')
    )
  }
  const audio = streams.find((s) => s.codec_type === 'audio')
  return {
    path,
    container: formatName,
    width: quarterTurn ? storedHeight : storedWidth,
    height: quarterTurn ? storedWidth : storedHeight,
    fps,
    frameCount,
    frameCountSource,
    declaredFrameCount: declared,
    durationSeconds: durationSeconds ?? frameCount / fps,
    videoCodec: video.codec_name ?? 'unknown',
    rotation,
    hasAudio: audio !== undefined,
    audioCodec: audio?.codec_name ?? null,
    audioSampleRate: audio ? positiveNumber(audio.sample_rate) : null,
    audioChannels: audio?.channels ?? null,
    warnings
  }
}
