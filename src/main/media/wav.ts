// A minimal RIFF/WAVE writer and reader for float samples in [−1, 1]: the audio a model heard,
// written for the player, read back in tests.
//
//   float32  WAVE_FORMAT_IEEE_FLOAT (3): the samples bit-exact; a 'fact' chunk (frame count),
//            which the spec requires for non-PCM formats; 18-byte fmt with cbSize 0
//   pcm16    WAVE_FORMAT_PCM (1): round(x·32768) clipped to [−32768, 32767] (ffmpeg's float→s16
//            convention, so s16 audio decoded by ffmpeg as s16/32768 comes back unchanged)
// Chunks are little-endian; every chunk here has an even size, so no pad bytes are needed.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { writeFileAtomic } from '../core/atomicWrite'
import { AppError } from '../../shared/errors'

export type WavFormat = 'float32' | 'pcm16'

const FORMAT_PCM = 1
const FORMAT_FLOAT = 3
const FORMAT_EXTENSIBLE = 0xfffe

export interface WavOptions {
  sampleRate: number
  /** interleaved channels (default 1) */
  channels?: number
  /** default 'float32' */
  format?: WavFormat
}

/** The WAV file bytes of `samples` (interleaved when channels > 1). */
export function encodeWav(samples: Float32Array, options: WavOptions): Uint8Array {
  const channels = options.channels ?? 1
  const format = options.format ?? 'float32'
  const rate = options.sampleRate
  if (!Number.isInteger(rate) || rate < 1 || rate > 0xffffffff) throw new AppError('bad-argument', `a WAV sample rate is a positive integer, got ${rate}`)
  if (!Number.isInteger(channels) || channels < 1 || channels > 0xffff || samples.length % channels !== 0) {
    throw new AppError('bad-argument', `${samples.length} samples do not make whole frames of ${channels} channel(s)`)
  }
  const float = format === 'float32'
  const bytesPerSample = float ? 4 : 2
  const fmtSize = float ? 18 : 16
  const factBytes = float ? 12 : 0
  const dataBytes = samples.length * bytesPerSample
  const headerBytes = 12 + 8 + fmtSize + factBytes + 8
  if (headerBytes + dataBytes - 8 > 0xffffffff) throw new AppError('bad-argument', `${samples.length} samples are more than a WAV file can hold (4 GiB)`)

  const out = new Uint8Array(headerBytes + dataBytes)
  const view = new DataView(out.buffer)
  let at = 0
  const tag = (id: string): void => {
    for (let i = 0; i < 4; i++) out[at + i] = id.charCodeAt(i)
    at += 4
  }
  const u32 = (v: number): void => {
    view.setUint32(at, v, true)
    at += 4
  }
  const u16 = (v: number): void => {
    view.setUint16(at, v, true)
    at += 2
  }
  tag('RIFF')
  u32(out.length - 8)
  tag('WAVE')
  tag('fmt ')
  u32(fmtSize)
  u16(float ? FORMAT_FLOAT : FORMAT_PCM)
  u16(channels)
  u32(rate)
  u32(rate * channels * bytesPerSample)
  u16(channels * bytesPerSample)
  u16(bytesPerSample * 8)
  if (float) {
    u16(0) // cbSize: no extension
    tag('fact')
    u32(4)
    u32(samples.length / channels)
  }
  tag('data')
  u32(dataBytes)
  if (float) {
    for (let i = 0; i < samples.length; i++, at += 4) view.setFloat32(at, samples[i], true)
  } else {
    for (let i = 0; i < samples.length; i++, at += 2) {
      const v = Math.round(samples[i] * 32768)
      view.setInt16(at, Number.isNaN(v) ? 0 : Math.max(-32768, Math.min(32767, v)), true)
    }
  }
  return out
}

/** Writes a WAV file atomically (parent folders created). */
export async function writeWav(path: string, samples: Float32Array, options: WavOptions): Promise<void> {
  mkdirSync(dirname(path), { recursive: true })
  await writeFileAtomic(path, encodeWav(samples, options))
}

export interface DecodedWav {
  format: WavFormat
  sampleRate: number
  channels: number
  /** interleaved, in [−1, 1] (pcm16 as s16/32768) */
  samples: Float32Array
}

/** Reads a 16-bit PCM or 32-bit float WAV (chunks walked, unknown ones skipped). */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const text = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4))
  if (bytes.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') throw new AppError('undecodable', 'not a RIFF/WAVE file')
  let fmt: { format: WavFormat; channels: number; sampleRate: number } | null = null
  let at = 12
  while (at + 8 <= bytes.length) {
    const id = text(at)
    const size = view.getUint32(at + 4, true)
    const body = at + 8
    if (id === 'fmt ') {
      if (size < 16 || body + size > bytes.length) throw new AppError('undecodable', 'WAV fmt chunk is truncated')
      let code = view.getUint16(body, true)
      // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the subformat GUID
      if (code === FORMAT_EXTENSIBLE && size >= 40) code = view.getUint16(body + 24, true)
      const bits = view.getUint16(body + 14, true)
      const format = code === FORMAT_FLOAT && bits === 32 ? 'float32' : code === FORMAT_PCM && bits === 16 ? 'pcm16' : null
      if (!format) throw new AppError('undecodable', `WAV format ${code} with ${bits} bits is not read here (16-bit PCM and 32-bit float are)`)
      fmt = { format, channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true) }
    } else if (id === 'data') {
      if (!fmt) throw new AppError('undecodable', 'WAV data chunk before its fmt chunk')
      // a streamed WAV may declare more than it holds: read what is there
      const end = Math.min(bytes.length, body + size)
      const width = fmt.format === 'float32' ? 4 : 2
      const count = Math.floor((end - body) / width)
      const samples = new Float32Array(count)
      if (fmt.format === 'float32') for (let i = 0; i < count; i++) samples[i] = view.getFloat32(body + 4 * i, true)
      else for (let i = 0; i < count; i++) samples[i] = view.getInt16(body + 2 * i, true) / 32768
      return { ...fmt, samples }
    }
    at = body + size + (size % 2)
  }
  throw new AppError('undecodable', 'WAV file has no data chunk')
}
