import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { extractAudioPcm } from '../../../src/main/media/audio'
import { decodeWav, encodeWav, writeWav } from '../../../src/main/media/wav'
import { AppError } from '../../../src/shared/errors'

const dir = mkdtempSync(join(tmpdir(), 'avsal-wav-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function probe(path: string): { codec_name: string; sample_rate: string; channels: number; duration_ts: number } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries', 'stream=codec_name,sample_rate,channels,duration_ts', '-of', 'json', path])
  return JSON.parse(out.toString()).streams[0]
}

/** A ramp through full scale, beyond it, and some values float32 cannot hold exactly in 16 bits. */
const samples = Float32Array.from({ length: 2205 }, (_, i) => Math.fround(Math.sin(i / 7) * 1.2 + (i % 3) * 1e-6))

describe('WAV writer', () => {
  it('float32: the RIFF header fields, a fact chunk, the samples bit-exact', () => {
    const bytes = encodeWav(samples, { sampleRate: 22050 })
    const view = new DataView(bytes.buffer)
    const text = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4))
    expect([text(0), text(8), text(12), text(38), text(50)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'fact', 'data'])
    expect(view.getUint32(4, true)).toBe(bytes.length - 8)
    expect(view.getUint32(16, true)).toBe(18) // fmt size with cbSize
    expect(view.getUint16(20, true)).toBe(3) // IEEE float
    expect(view.getUint16(22, true)).toBe(1)
    expect(view.getUint32(24, true)).toBe(22050)
    expect(view.getUint32(28, true)).toBe(22050 * 4)
    expect(view.getUint16(32, true)).toBe(4)
    expect(view.getUint16(34, true)).toBe(32)
    expect(view.getUint32(46, true)).toBe(samples.length) // fact: frames
    expect(view.getUint32(54, true)).toBe(samples.length * 4)
    expect(bytes.length).toBe(58 + samples.length * 4)
    const back = decodeWav(bytes)
    expect(back).toMatchObject({ format: 'float32', sampleRate: 22050, channels: 1 })
    expect(back.samples).toEqual(samples)
  })

  it('pcm16: round(x·32768), clipped at full scale', () => {
    const bytes = encodeWav(Float32Array.from([0, 0.5, -0.5, 1, -1, 2, -2, 1 / 32768, NaN]), { sampleRate: 8000, format: 'pcm16' })
    expect(bytes.length).toBe(44 + 9 * 2)
    const view = new DataView(bytes.buffer)
    expect(view.getUint16(20, true)).toBe(1)
    expect(view.getUint16(34, true)).toBe(16)
    const ints = Array.from({ length: 9 }, (_, i) => view.getInt16(44 + 2 * i, true))
    expect(ints).toEqual([0, 16384, -16384, 32767, -32768, 32767, -32768, 1, 0])
    expect(Array.from(decodeWav(bytes).samples)).toEqual(ints.map((v) => v / 32768))
  })

  it('ffprobe accepts both formats and ffmpeg decodes the float file to the same samples', async () => {
    const f32 = join(dir, 'nested', 'heard.wav')
    const s16 = join(dir, 'heard16.wav')
    await writeWav(f32, samples, { sampleRate: 22050 })
    await writeWav(s16, samples, { sampleRate: 22050, format: 'pcm16' })
    expect(probe(f32)).toMatchObject({ codec_name: 'pcm_f32le', sample_rate: '22050', channels: 1, duration_ts: samples.length })
    expect(probe(s16)).toMatchObject({ codec_name: 'pcm_s16le', sample_rate: '22050', channels: 1, duration_ts: samples.length })
    expect(await extractAudioPcm(f32, { sampleRate: 22050, mono: true })).toEqual(samples)
  })

  it('reads WAVs ffmpeg wrote (extra chunks skipped), stereo interleaved', () => {
    const path = join(dir, 'ffmpeg.wav')
    execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=1000:sample_rate=16000:duration=0.25', '-ac', '2', '-c:a', 'pcm_s16le', path])
    const wav = decodeWav(readFileSync(path))
    expect(wav).toMatchObject({ format: 'pcm16', sampleRate: 16000, channels: 2 })
    expect(wav.samples.length).toBe(2 * 4000)
    expect(wav.samples[2]).toBe(wav.samples[3])
  })

  it('refuses what it cannot write or read', () => {
    expect(() => encodeWav(new Float32Array(3), { sampleRate: 22050, channels: 2 })).toThrow(AppError)
    expect(() => encodeWav(new Float32Array(3), { sampleRate: 0 })).toThrow(/sample rate/)
    expect(() => decodeWav(new Uint8Array(20))).toThrow(/RIFF/)
  })
})
