import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { extractAudioForPlayback, extractAudioPcm, float32FromLittleEndian } from '../../../src/main/media/audio'
import { makeTestClips, type TestClips } from './clips'

interface WavHeader {
  format: number
  channels: number
  sampleRate: number
  bitsPerSample: number
  dataBytes: number
}

/** Walks the RIFF chunks (ffmpeg may add a LIST chunk before `data`). */
function readWavHeader(bytes: Buffer): WavHeader {
  expect(bytes.toString('ascii', 0, 4)).toBe('RIFF')
  expect(bytes.toString('ascii', 8, 12)).toBe('WAVE')
  let at = 12
  let header: Partial<WavHeader> = {}
  while (at + 8 <= bytes.length) {
    const id = bytes.toString('ascii', at, at + 4)
    const size = bytes.readUInt32LE(at + 4)
    if (id === 'fmt ') {
      header = {
        format: bytes.readUInt16LE(at + 8),
        channels: bytes.readUInt16LE(at + 10),
        sampleRate: bytes.readUInt32LE(at + 12),
        bitsPerSample: bytes.readUInt16LE(at + 22)
      }
    } else if (id === 'data') {
      return { ...(header as WavHeader), dataBytes: size }
    }
    at += 8 + size + (size % 2)
  }
  throw new Error('no data chunk')
}

describe('audio extraction', () => {
  let clips: TestClips
  beforeAll(() => {
    clips = makeTestClips()
  })
  afterAll(() => clips.cleanup())

  it('writes a 16-bit PCM WAV for playback with the source rate, ~2 s long', async () => {
    const out = join(clips.dir, 'out', 'numbered.wav')
    const result = await extractAudioForPlayback(clips.mp4, out)
    expect(result).toMatchObject({ path: out, sampleRate: 44100, channels: 1, sourceCodec: 'aac' })
    const header = readWavHeader(readFileSync(out))
    expect(header).toMatchObject({ format: 1, channels: 1, sampleRate: 44100, bitsPerSample: 16 })
    const seconds = header.dataBytes / (44100 * 2)
    expect(seconds).toBeGreaterThan(1.95)
    expect(seconds).toBeLessThan(2.1)
  })

  it('decodes 22,050 Hz mono float PCM: a 440 Hz sine crosses zero 880 times a second', async () => {
    const samples = await extractAudioPcm(clips.avi, { sampleRate: 22050, mono: true })
    expect(samples.length / 22050).toBeGreaterThan(1.95)
    expect(samples.length / 22050).toBeLessThan(2.1)
    // skip the MP3 encoder delay at the start, look at one clean second
    const second = samples.subarray(11025, 11025 + 22050)
    let crossings = 0
    for (let i = 1; i < second.length; i++) if (second[i - 1] < 0 !== second[i] < 0) crossings++
    expect(crossings).toBeGreaterThanOrEqual(876)
    expect(crossings).toBeLessThanOrEqual(884)
    let peak = 0
    for (const s of second) peak = Math.max(peak, Math.abs(s))
    expect(peak).toBeGreaterThan(0.1) // lavfi sine amplitude is 1/8
    expect(peak).toBeLessThan(0.2)
  })

  it('reads an audio-only file too', async () => {
    const samples = await extractAudioPcm(clips.audioOnly, { sampleRate: 16000 })
    expect(samples.length).toBe(32000)
  })

  it('raises no-audio for a video without an audio track, naming the file', async () => {
    await expect(extractAudioPcm(clips.silent)).rejects.toMatchObject({ code: 'no-audio', message: expect.stringContaining('silent.webm') })
    await expect(extractAudioForPlayback(clips.silent, join(clips.dir, 'x.wav'))).rejects.toMatchObject({ code: 'no-audio' })
  })

  it('rejects an absurd sample rate and reads unaligned little-endian floats', async () => {
    await expect(extractAudioPcm(clips.avi, { sampleRate: 7 })).rejects.toMatchObject({ code: 'bad-argument' })
    const bytes = new Uint8Array(9)
    new DataView(bytes.buffer).setFloat32(1, -0.5, true)
    new DataView(bytes.buffer).setFloat32(5, 0.25, true)
    expect([...float32FromLittleEndian(bytes.subarray(1))]).toEqual([-0.5, 0.25])
  })
})
