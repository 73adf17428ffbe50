// The condition track: the full-length signal a video hears under an audio condition, from which
// every clip's excerpt is cut exactly as from real audio (audio.ts). One continuous signal per
// (video, condition), so it can be played back ("what did the model hear?") and rebuilt from the
// run record (condition, seed, video id, donor, file sha256).
//
//   real      the video's own track (22,050 Hz mono, ±256). No audio track: silence, flagged
//             'no audio track: real = silence' when `silentIfMissing`, else the usual error.
//   zero      silence
//   random    Gaussian noise seeded by (seed, video id) at the real track's global RMS
//   wolfram   Rule 30 noise seeded by (seed, video id), rank-matched to the real samples
//             (conditionSignals.ts); random/wolfram of a silent or missing track: silence, flagged
//   shuffled  the donor video's track (seeded derangement, audio.ts), looped to the video's length
//   file      any audio file ffmpeg decodes, resampled to 22,050 Hz mono; sha256 recorded
// Every track has conditionSignals.trackLength samples: longer sources are cut (no excerpt
// changes), shorter real/file sources are padded with silence and flagged when the padding
// reaches into a frame window (the model hears it).
import { stat } from 'node:fs/promises'
import type { VideoRecord } from '../../../shared/types'
import { AppError } from '../../../shared/errors'
import { deriveSeed } from '../../metrics/rng'
import { extractAudioPcm, probeAudio, resolveFfmpeg, type FfmpegBinaries } from '../../media'
import { writeWav, type WavFormat } from '../../media/wav'
import { AUDIO_SCALE, fillClipAudio, frameWindows, loopTrack, rms, shuffledDonor, type AudioConditionName, type FrameWindows } from './audio'
import { fitToLength, noiseTrack, trackLength, windowSpan, wolframTrack, WOLFRAM_BITS } from './conditionSignals'
import { RULE30_WIDTH } from './rule30'
import { sha256File } from './weights'

/** SoundNet's rate; the loaders' 70560/35280-sample buffers assume it. */
export const SOUNDNET_SAMPLE_RATE = 22050

export const FLAG_NO_AUDIO_REAL = 'no audio track: real = silence'
export const FLAG_PADDED = 'audio shorter than the video, padded with silence'
export const FLAG_LOOPED = 'donor audio shorter than the video, looped'
export const flagSilentSource = (condition: AudioConditionName, why: 'no audio track' | 'silent audio track'): string => `${why}: ${condition} = silence`

/** Seed tags, so random and wolfram of the same (seed, video) draw unrelated streams. */
const SEED_TAG: Partial<Record<AudioConditionName, number>> = { random: 0x7a4d, wolfram: 0x1e30 }

/** Everything needed to rebuild the track; JSON-safe, for the run record. */
export interface TrackProvenance {
  video: { id: number; name: string }
  /** track samples (= conditionSignals.trackLength) and their duration */
  samples: number
  seconds: number
  /** RMS of the whole track as heard (±256 scale; 0 for silence) */
  rms: number
  /** where the samples come from or are shaped by */
  source: 'video' | 'donor' | 'file' | 'none'
  sourceVideo: { id: number; name: string } | null
  sourcePath: string | null
  fileSha256: string | null
  /** decoded source samples before cutting/padding/looping (null: nothing decoded) */
  sourceSamples: number | null
  paddedSamples: number
  /** donor track repeats (1 = not looped) */
  loops: number
  /** the run's seed and the per-video seed of the generator (random, wolfram, shuffled) */
  seed: number | null
  trackSeed: number | null
  /** the real track's RMS over the video (random's level, wolfram's reference) */
  realRms: number | null
  generator: string | null
}

export interface ConditionTrack {
  condition: AudioConditionName
  /** ±256 scale, `length` samples; null = silence */
  samples: Float32Array | null
  length: number
  sampleRate: number
  /** frame windows over the whole track (audio.ts) */
  windows: FrameWindows
  /** name of the video whose soundtrack is heard under 'shuffled' */
  donor: string | null
  flags: string[]
  provenance: TrackProvenance
}

export interface ConditionTrackContext {
  model: string
  seed: number
  /** the dataset's videos with an audio track (ids), for 'shuffled' */
  audioPool: readonly number[]
  datasetLabel: string
  videoById(id: number): VideoRecord
  ffmpeg?: FfmpegBinaries
  /** the 'file' condition's audio file */
  audioFile?: string
  /** sha256 the plan recorded for audioFile: a different file now is an error */
  audioFileSha256?: string | null
  /** real/random/wolfram of a video without audio: silence + flag instead of an error */
  silentIfMissing?: boolean
  /** decoded tracks by path, shared by the conditions of a study (±256 samples; do not mutate) */
  decoded?: Map<string, Promise<Float32Array>>
}

export function noAudioError(video: VideoRecord, model: string): AppError {
  return new AppError(
    'no-audio',
    `${video.name} has no audio track, and '${model}' listens to audio. Run with --audio zero to predict it with silence ` +
      '(or --audio shuffled to give it another video\'s soundtrack), or leave this video out with --videos.',
    [`video: ${video.name}`, `frames from: ${video.frames.kind === 'file' ? video.frames.path : video.frames.dir}`]
  )
}

/** Decoded 22,050 Hz mono samples of `path` on the ±256 scale (cached per path when asked). */
function decodePcm(path: string, ctx: ConditionTrackContext): Promise<Float32Array> {
  const cached = ctx.decoded?.get(path)
  if (cached) return cached
  const pending = extractAudioPcm(path, { sampleRate: SOUNDNET_SAMPLE_RATE, mono: true }, ctx.ffmpeg).then((samples) => {
    for (let i = 0; i < samples.length; i++) samples[i] *= AUDIO_SCALE
    return samples
  })
  ctx.decoded?.set(path, pending)
  return pending
}

/** A video's own decoded track, or null when it has none. */
async function ownTrack(video: VideoRecord, ctx: ConditionTrackContext): Promise<Float32Array | null> {
  if (!video.hasAudio || !video.audioPath) return null
  try {
    return await decodePcm(video.audioPath, ctx)
  } catch (err) {
    if (err instanceof AppError && err.code === 'no-audio') return null
    throw err
  }
}

/**
 * Checks the 'file' condition's audio file before a run exists: a regular file with an audio
 * stream ffprobe reads (else 'not-found' / 'undecodable' naming the file); returns its sha256.
 */
export async function checkAudioFile(path: string, ffmpeg?: FfmpegBinaries): Promise<string> {
  const info = await stat(path).catch(() => null)
  if (!info) throw new AppError('not-found', `audio file not found: ${path}`, { path })
  if (!info.isFile()) throw new AppError('undecodable', `the audio file ${path} is not a regular file`, { path })
  let stream
  try {
    stream = await probeAudio(path, ffmpeg ?? resolveFfmpeg())
  } catch (err) {
    if (err instanceof AppError && err.code === 'undecodable') {
      // ffprobe's message starts with the path again: say it once
      throw new AppError('undecodable', `the audio file ${path} cannot be decoded as audio: ${err.message.split(`${path}: `).join('')}`, { path, cause: err })
    }
    throw err
  }
  if (!stream) throw new AppError('undecodable', `the audio file ${path} has no audio stream`, { path })
  return sha256File(path)
}

async function fileTrack(path: string, ctx: ConditionTrackContext): Promise<{ samples: Float32Array; sha256: string }> {
  const info = await stat(path).catch(() => null)
  if (!info) throw new AppError('not-found', `audio file not found: ${path}`, { path })
  if (!info.isFile()) throw new AppError('undecodable', `the audio file ${path} is not a regular file`, { path })
  const sha256 = await sha256File(path)
  if (ctx.audioFileSha256 && ctx.audioFileSha256 !== sha256) {
    throw new AppError('invalid-state', `the audio file ${path} changed since the run was planned (sha256 ${ctx.audioFileSha256.slice(0, 12)}… → ${sha256.slice(0, 12)}…)`, { path })
  }
  try {
    return { samples: await decodePcm(path, ctx), sha256 }
  } catch (err) {
    if (err instanceof AppError && (err.code === 'undecodable' || err.code === 'decode-failed' || err.code === 'no-audio')) {
      throw new AppError('undecodable', `the audio file ${path} cannot be decoded as audio: ${err.message}`, { details: err.details, path, cause: err })
    }
    throw err
  }
}

/** Loads (or makes) the track `video` hears under `condition`. */
export async function loadConditionTrack(video: VideoRecord, condition: AudioConditionName, ctx: ConditionTrackContext): Promise<ConditionTrack> {
  if (!(video.fps > 0)) throw new AppError('bad-argument', `${video.name}: the catalog has no frame rate (fps ${video.fps}); audio windows need one`)
  const rate = SOUNDNET_SAMPLE_RATE
  const length = trackLength(video.frameCount, video.fps, rate)
  const span = windowSpan(video.frameCount, video.fps, rate)
  const self = { id: video.id, name: video.name }
  const flags: string[] = []
  const provenance: TrackProvenance = {
    video: self, samples: length, seconds: length / rate, rms: 0, source: 'none', sourceVideo: null, sourcePath: null,
    fileSha256: null, sourceSamples: null, paddedSamples: 0, loops: 1, seed: null, trackSeed: null, realRms: null, generator: null
  }
  const record = (fields: Partial<TrackProvenance>): void => void Object.assign(provenance, fields)
  let samples: Float32Array | null = null
  let donor: string | null = null

  // the cut or padded source: flagged when the padding reaches a frame window
  const fitted = (source: Float32Array): Float32Array => {
    const fit = fitToLength(source, length)
    provenance.sourceSamples = source.length
    provenance.paddedSamples = fit.padded
    if (source.length < span) flags.push(FLAG_PADDED)
    return fit.samples
  }
  const missing = (): void => {
    if (!ctx.silentIfMissing) throw noAudioError(video, ctx.model)
    flags.push(condition === 'real' ? FLAG_NO_AUDIO_REAL : flagSilentSource(condition, 'no audio track'))
  }

  switch (condition) {
    case 'zero':
      break
    case 'real': {
      const own = await ownTrack(video, ctx)
      if (own === null) missing()
      else {
        record({ source: 'video', sourceVideo: self, sourcePath: video.audioPath })
        samples = fitted(own)
      }
      break
    }
    case 'random':
    case 'wolfram': {
      const trackSeed = deriveSeed(ctx.seed, SEED_TAG[condition] as number, video.id)
      record({
        seed: ctx.seed,
        trackSeed,
        generator:
          condition === 'random'
            ? 'gaussian: Box–Muller on xoshiro128**, scaled to the real RMS'
            : `rule30: ${RULE30_WIDTH}-cell ring, centre column, ${WOLFRAM_BITS} bits/sample, rank-matched to the real samples`
      })
      const own = await ownTrack(video, ctx)
      if (own === null) {
        missing()
        break
      }
      // the real audio within the video, padding excluded
      const real = own.subarray(0, Math.min(own.length, length))
      const level = rms(real)
      record({ source: 'video', sourceVideo: self, sourcePath: video.audioPath, sourceSamples: own.length, realRms: level })
      if (level === 0) flags.push(flagSilentSource(condition, 'silent audio track'))
      else samples = condition === 'random' ? noiseTrack(length, trackSeed, level) : wolframTrack(length, trackSeed, real)
      break
    }
    case 'shuffled': {
      const donorVideo = ctx.videoById(shuffledDonor(video.id, ctx.audioPool, ctx.seed, ctx.datasetLabel))
      donor = donorVideo.name
      const track = await ownTrack(donorVideo, ctx)
      if (track === null || track.length === 0) throw noAudioError(donorVideo, ctx.model)
      record({
        source: 'donor', sourceVideo: { id: donorVideo.id, name: donorVideo.name }, sourcePath: donorVideo.audioPath,
        sourceSamples: track.length, seed: ctx.seed, loops: Math.max(1, Math.ceil(length / track.length))
      })
      if (track.length < span) flags.push(FLAG_LOOPED)
      samples = loopTrack(track, length).subarray(0, length)
      break
    }
    case 'file': {
      if (!ctx.audioFile) throw new AppError('bad-argument', "the 'file' condition needs an audio file (--audio-file F)")
      const file = await fileTrack(ctx.audioFile, ctx)
      record({ source: 'file', sourcePath: ctx.audioFile, fileSha256: file.sha256 })
      samples = fitted(file.samples)
      break
    }
  }
  provenance.rms = samples ? rms(samples) : 0
  return { condition, samples, length, sampleRate: rate, windows: frameWindows(video.frameCount, video.fps, rate, length), donor, flags, provenance }
}

export interface ClipSpan {
  audioFirst: number
  audioLast: number
  reversed: boolean
}

/** One clip's L-sample buffer cut from the track (zeros for silence). */
export function fillFromTrack(out: Float32Array, track: ConditionTrack, clip: ClipSpan): void {
  fillClipAudio(out, { condition: track.condition, track: track.samples, windows: track.windows, ...clip })
}

/**
 * Writes exactly what the model heard as a mono WAV at the track's rate, scaled from ±256 back to
 * [−1, 1]: float32 (default) is bit-exact; pcm16 rounds and clips (noise can exceed full scale).
 */
export async function writeHeardWav(track: ConditionTrack, path: string, format: WavFormat = 'float32'): Promise<void> {
  const out = new Float32Array(track.length)
  if (track.samples) for (let i = 0; i < out.length; i++) out[i] = track.samples[i] / AUDIO_SCALE
  await writeWav(path, out, { sampleRate: track.sampleRate, format })
}
