// Condition tracks built from small audio files ffmpeg makes at test time (no media committed).
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AVINET_AUDIO_BUFFER, excerptRange, frameWindows, placeExcerpt, rms, type AudioConditionName } from '../../../src/main/engine/inference/audio'
import { noiseTrack, wolframTrack } from '../../../src/main/engine/inference/conditionSignals'
import {
  FLAG_LOOPED,
  FLAG_NO_AUDIO_REAL,
  FLAG_PADDED,
  fillFromTrack,
  loadConditionTrack,
  writeHeardWav,
  type ConditionTrack,
  type ConditionTrackContext
} from '../../../src/main/engine/inference/conditionTrack'
import { extractAudioPcm } from '../../../src/main/media/audio'
import { decodeWav } from '../../../src/main/media/wav'
import type { VideoRecord } from '../../../src/shared/types'

const FPS = 25
const FRAMES = 50
const LENGTH = 44100 // 2 s at 22,050 Hz
const SPAN = 43660 // trunc(49·882 + 441) + 1

let dir: string
const files = {} as Record<'own' | 'short' | 'donor' | 'quiet' | 'flac' | 'noAudio' | 'garbage' | 'text', string>

function ffmpeg(...args: string[]): void {
  execFileSync('ffmpeg', ['-nostdin', '-hide_banner', '-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
}

function video(id: number, name: string, audioPath: string | null): VideoRecord {
  return {
    id, datasetId: 1, name, group: null, frameCount: FRAMES, fps: FPS, width: 16, height: 16,
    hasAudio: audioPath !== null, audioPath, frames: { kind: 'file', path: join(dir, `${name}.mp4`) },
    maps: null, fixations: { kind: 'none' }, mapSize: null, issues: []
  }
}

let videos: Record<'own' | 'short' | 'donor' | 'quiet' | 'none' | 'noStream', VideoRecord>
/** decodes shared by the tests (each file is decoded once) */
const shared = new Map<string, Promise<Float32Array>>()

function context(extra: Partial<ConditionTrackContext> = {}): ConditionTrackContext {
  const byId = new Map(Object.values(videos).map((v) => [v.id, v]))
  return {
    model: 'avinet',
    seed: 3,
    audioPool: [videos.own.id, videos.donor.id],
    datasetLabel: 'test-set',
    videoById: (id) => byId.get(id) as VideoRecord,
    silentIfMissing: true,
    decoded: shared,
    ...extra
  }
}

async function decoded(path: string): Promise<Float32Array> {
  return (await extractAudioPcm(path, { sampleRate: 22050, mono: true })).map((v) => v * 256)
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'avsal-tracks-'))
  const tone = (name: string, src: string, ...out: string[]): string => {
    const path = join(dir, name)
    ffmpeg('-f', 'lavfi', '-i', src, ...out, path)
    return path
  }
  files.own = tone('own.wav', 'sine=frequency=440:sample_rate=22050:duration=2', '-c:a', 'pcm_s16le')
  files.short = tone('short.wav', 'sine=frequency=300:sample_rate=22050:duration=1', '-c:a', 'pcm_s16le')
  files.donor = tone('donor.wav', 'sine=frequency=1000:sample_rate=22050:duration=0.5', '-c:a', 'pcm_s16le')
  files.quiet = tone('quiet.wav', 'anullsrc=r=22050:cl=mono', '-t', '2', '-c:a', 'pcm_s16le')
  files.flac = tone('picked.flac', 'sine=frequency=700:sample_rate=44100:duration=0.6', '-ac', '2', '-c:a', 'flac')
  files.noAudio = tone('picture.avi', 'color=c=gray:s=16x16:r=25:d=2', '-c:v', 'mpeg4')
  files.garbage = join(dir, 'garbage.mp3')
  writeFileSync(files.garbage, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)))
  files.text = join(dir, 'notes.txt')
  writeFileSync(files.text, 'not audio\n')
  videos = {
    own: video(1, 'own', files.own),
    donor: video(2, 'donor', files.donor),
    short: video(3, 'short', files.short),
    quiet: video(4, 'quiet', files.quiet),
    none: video(5, 'none', null),
    noStream: video(6, 'noStream', files.noAudio)
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Every clip buffer is the Hann-windowed slice of the track (zeros for silence). */
function expectClipsCutFrom(track: ConditionTrack): void {
  for (const [first, reversed] of [[0, true], [0, false], [9, false], [FRAMES - 32, false], [FRAMES - 32, true]] as const) {
    const clip = { audioFirst: first, audioLast: first + 31, reversed }
    const got = new Float32Array(AVINET_AUDIO_BUFFER).fill(5)
    fillFromTrack(got, track, clip)
    const want = new Float32Array(AVINET_AUDIO_BUFFER)
    if (track.samples) {
      const [b, e] = excerptRange(track.windows, clip.audioFirst, clip.audioLast, track.length)
      placeExcerpt(want, track.samples.subarray(b, e), reversed)
    }
    expect(got).toEqual(want)
  }
}

describe('condition tracks', () => {
  it('real: the own track, cut to the video; windows over the whole track; clips cut from it', async () => {
    const track = await loadConditionTrack(videos.own, 'real', context())
    const own = await decoded(files.own)
    expect(track.length).toBe(LENGTH)
    expect(track.samples).toEqual(own.subarray(0, LENGTH))
    expect(track.windows).toEqual(frameWindows(FRAMES, FPS, 22050, LENGTH))
    expect(track.flags).toEqual([])
    expect(track.provenance).toMatchObject({ source: 'video', sourcePath: files.own, sourceSamples: own.length, paddedSamples: 0 })
    expect(track.provenance.rms).toBeCloseTo(rms(own.subarray(0, LENGTH)), 3)
    expectClipsCutFrom(track)
  })

  it('real shorter than the video: padded with silence and flagged', async () => {
    const track = await loadConditionTrack(videos.short, 'real', context())
    const own = await decoded(files.short)
    expect(own.length).toBeLessThan(SPAN)
    expect(track.length).toBe(LENGTH)
    expect(track.samples?.subarray(0, own.length)).toEqual(own)
    expect(track.samples?.subarray(own.length).every((v) => v === 0)).toBe(true)
    expect(track.flags).toEqual([FLAG_PADDED])
    expect(track.provenance.paddedSamples).toBe(LENGTH - own.length)
    expectClipsCutFrom(track)
  })

  it('real without an audio track: silence + flag in a study, the usual error in plain inference', async () => {
    for (const v of [videos.none, videos.noStream]) {
      const track = await loadConditionTrack(v, 'real', context())
      expect(track.samples).toBeNull()
      expect(track.length).toBe(LENGTH)
      expect(track.flags).toEqual([FLAG_NO_AUDIO_REAL])
      expectClipsCutFrom(track)
      await expect(loadConditionTrack(v, 'real', context({ silentIfMissing: false }))).rejects.toMatchObject({ code: 'no-audio' })
      await expect(loadConditionTrack(v, 'random', context({ silentIfMissing: undefined }))).rejects.toThrow(/has no audio track/)
    }
  })

  it('zero: silence of the video\'s length', async () => {
    const track = await loadConditionTrack(videos.none, 'zero', context({ silentIfMissing: false }))
    expect(track).toMatchObject({ samples: null, length: LENGTH, flags: [], donor: null })
    expect(track.windows).toEqual(frameWindows(FRAMES, FPS, 22050, LENGTH))
    expectClipsCutFrom(track)
  })

  it('random: seeded Gaussian noise at the real track\'s global RMS, rebuilt from the record', async () => {
    const real = await loadConditionTrack(videos.own, 'real', context())
    const track = await loadConditionTrack(videos.own, 'random', context())
    expect(track.length).toBe(LENGTH)
    expect(rms(track.samples as Float32Array) / rms(real.samples as Float32Array)).toBeCloseTo(1, 5)
    const { trackSeed, realRms } = track.provenance
    expect(noiseTrack(LENGTH, trackSeed as number, realRms as number)).toEqual(track.samples)
    expect((await loadConditionTrack(videos.own, 'random', context())).samples).toEqual(track.samples)
    expect((await loadConditionTrack(videos.own, 'random', context({ seed: 4 }))).samples).not.toEqual(track.samples)
    const other = await loadConditionTrack({ ...videos.own, id: 99 }, 'random', context())
    expect(other.provenance.trackSeed).not.toBe(trackSeed)
    expectClipsCutFrom(track)
  })

  it('wolfram: Rule 30 noise with exactly the real samples\' values, rebuilt from the record', async () => {
    const real = (await loadConditionTrack(videos.own, 'real', context())).samples as Float32Array
    const track = await loadConditionTrack(videos.own, 'wolfram', context())
    const samples = track.samples as Float32Array
    expect(samples.length).toBe(LENGTH)
    expect(Float32Array.from(samples).sort()).toEqual(Float32Array.from(real).sort())
    expect(samples).not.toEqual(real)
    expect(wolframTrack(LENGTH, track.provenance.trackSeed as number, real)).toEqual(samples)
    expect((await loadConditionTrack(videos.own, 'wolfram', context())).samples).toEqual(samples)
    const random = await loadConditionTrack(videos.own, 'random', context())
    expect(track.provenance.trackSeed).not.toBe(random.provenance.trackSeed)
    expectClipsCutFrom(track)
  })

  it('random and wolfram of a silent or missing track: silence, flagged', async () => {
    for (const condition of ['random', 'wolfram'] as AudioConditionName[]) {
      const quiet = await loadConditionTrack(videos.quiet, condition, context())
      expect(quiet).toMatchObject({ samples: null, flags: [`silent audio track: ${condition} = silence`] })
      const none = await loadConditionTrack(videos.none, condition, context())
      expect(none).toMatchObject({ samples: null, flags: [`no audio track: ${condition} = silence`] })
    }
  })

  it('shuffled: the donor\'s track, looped to the video\'s length; donor recorded', async () => {
    const track = await loadConditionTrack(videos.own, 'shuffled', context())
    const donor = await decoded(files.donor)
    expect(track.donor).toBe('donor')
    expect(track.length).toBe(LENGTH)
    const samples = track.samples as Float32Array
    for (const i of [0, 1, donor.length - 1, donor.length, 3 * donor.length + 17, LENGTH - 1]) expect(samples[i]).toBe(donor[i % donor.length])
    expect(track.flags).toEqual([FLAG_LOOPED])
    expect(track.provenance).toMatchObject({ source: 'donor', sourceVideo: { id: 2, name: 'donor' }, loops: Math.ceil(LENGTH / donor.length), seed: 3 })
    // the donor hears the other video of the pool, cut to its own length
    const back = await loadConditionTrack(videos.donor, 'shuffled', context())
    expect(back.donor).toBe('own')
    expect(back.flags).toEqual([])
    expectClipsCutFrom(track)
  })

  it('file: resampled to 22,050 Hz mono, padded with silence and flagged, its sha256 recorded', async () => {
    const sha256 = createHash('sha256').update(readFileSync(files.flac)).digest('hex')
    const track = await loadConditionTrack(videos.own, 'file', context({ audioFile: files.flac, audioFileSha256: sha256 }))
    const decodedFile = await decoded(files.flac)
    expect(decodedFile.length).toBeGreaterThan(0.59 * 22050)
    expect(decodedFile.length).toBeLessThan(0.61 * 22050)
    expect(track.samples?.subarray(0, decodedFile.length)).toEqual(decodedFile)
    expect(track.samples?.subarray(decodedFile.length).every((v) => v === 0)).toBe(true)
    expect(track.flags).toEqual([FLAG_PADDED])
    expect(track.provenance).toMatchObject({ source: 'file', sourcePath: files.flac, fileSha256: sha256, sourceSamples: decodedFile.length })
    expectClipsCutFrom(track)
    // the same file for a video without audio of its own
    expect((await loadConditionTrack(videos.none, 'file', context({ audioFile: files.flac }))).samples).toEqual(track.samples)
  })

  it('file: undecodable, missing, changed or absent → clear errors naming the file', async () => {
    for (const bad of [files.garbage, files.text, files.noAudio]) {
      const err = await loadConditionTrack(videos.own, 'file', context({ audioFile: bad })).catch((e: unknown) => e)
      expect(err).toMatchObject({ code: 'undecodable', path: bad })
      expect((err as Error).message).toContain(bad)
    }
    await expect(loadConditionTrack(videos.own, 'file', context({ audioFile: join(dir, 'gone.wav') }))).rejects.toMatchObject({ code: 'not-found' })
    await expect(loadConditionTrack(videos.own, 'file', context({ audioFile: dir }))).rejects.toMatchObject({ code: 'undecodable' })
    await expect(loadConditionTrack(videos.own, 'file', context({ audioFile: files.flac, audioFileSha256: '0'.repeat(64) }))).rejects.toMatchObject({ code: 'invalid-state' })
    await expect(loadConditionTrack(videos.own, 'file', context())).rejects.toThrow(/needs an audio file/)
  })

  it('decoded tracks are shared between conditions when the caller keeps a cache', async () => {
    const decodedCache = new Map<string, Promise<Float32Array>>()
    const ctx = context({ decoded: decodedCache })
    const real = await loadConditionTrack(videos.own, 'real', ctx)
    await loadConditionTrack(videos.own, 'wolfram', ctx)
    await loadConditionTrack(videos.own, 'random', ctx)
    expect([...decodedCache.keys()]).toEqual([files.own])
    expect((real.samples as Float32Array).buffer).toBe((await decodedCache.get(files.own))?.buffer)
  })
})

describe('what the model heard, as a WAV', () => {
  const probe = (path: string): Record<string, unknown> =>
    JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,sample_rate,channels,duration_ts', '-of', 'json', path]).toString()).streams[0]

  it('real: float32, exactly the track scaled back to [−1, 1]; pcm16 gives back the source\'s integers', async () => {
    const track = await loadConditionTrack(videos.own, 'real', context())
    const path = join(dir, 'heard', 'real', '1.wav')
    await writeHeardWav(track, path)
    const wav = decodeWav(readFileSync(path))
    expect(wav).toMatchObject({ format: 'float32', sampleRate: 22050, channels: 1 })
    expect(wav.samples).toEqual((track.samples as Float32Array).map((v) => v / 256))
    expect(probe(path)).toMatchObject({ codec_name: 'pcm_f32le', sample_rate: '22050', channels: 1, duration_ts: LENGTH })
    const s16 = join(dir, 'heard16.wav')
    await writeHeardWav(track, s16, 'pcm16')
    const source = decodeWav(readFileSync(files.own)).samples
    expect(decodeWav(readFileSync(s16)).samples).toEqual(source.subarray(0, LENGTH))
  })

  it('zero: silence of the video\'s length; shuffled: the donor looped', async () => {
    const zero = await loadConditionTrack(videos.own, 'zero', context())
    const zeroPath = join(dir, 'heard', 'zero.wav')
    await writeHeardWav(zero, zeroPath)
    const silent = decodeWav(readFileSync(zeroPath)).samples
    expect(silent.length).toBe(LENGTH)
    expect(silent.every((v) => v === 0)).toBe(true)
    const shuffled = await loadConditionTrack(videos.own, 'shuffled', context())
    const path = join(dir, 'heard', 'shuffled.wav')
    await writeHeardWav(shuffled, path)
    expect(await extractAudioPcm(path, { sampleRate: 22050, mono: true })).toEqual((shuffled.samples as Float32Array).map((v) => v / 256))
  })
})
