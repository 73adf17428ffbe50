// Loads the soundtrack a video hears under an audio condition (the I/O side of audio.ts):
// 22,050 Hz mono float PCM from ffmpeg, scaled to the loaders' ±256.
import type { VideoRecord } from '../../../shared/types'
import { extractAudioPcm, type FfmpegBinaries } from '../../media'
import { AUDIO_SCALE, frameWindows, loopTrack, shuffledDonor, type AudioConditionName, type FrameWindows } from './audio'
import { AppError } from '../../../shared/errors'

/** SoundNet's rate; the loaders' 70560/35280-sample buffers assume it. */
export const SOUNDNET_SAMPLE_RATE = 22050

export interface Soundtrack {
  condition: AudioConditionName
  samples: Float32Array | null
  windows: FrameWindows | null
  /** name of the video whose soundtrack is used under 'shuffled' */
  donor: string | null
}

export interface SoundtrackContext {
  model: string
  seed: number
  /** the dataset's videos with an audio track (ids), for 'shuffled' */
  audioPool: readonly number[]
  datasetLabel: string
  videoById(id: number): VideoRecord
  ffmpeg?: FfmpegBinaries
}

export function noAudioError(video: VideoRecord, model: string): AppError {
  return new AppError(
    'no-audio',
    `${video.name} has no audio track, and '${model}' listens to audio. Run with --audio zero to predict it with silence ` +
      '(or --audio shuffled to give it another video\'s soundtrack), or leave this video out with --videos.',
    [`video: ${video.name}`, `frames from: ${video.frames.kind === 'file' ? video.frames.path : video.frames.dir}`]
  )
}

async function pcm(video: VideoRecord, model: string, ffmpeg?: FfmpegBinaries): Promise<Float32Array> {
  if (!video.hasAudio || !video.audioPath) throw noAudioError(video, model)
  let samples: Float32Array
  try {
    samples = await extractAudioPcm(video.audioPath, { sampleRate: SOUNDNET_SAMPLE_RATE, mono: true }, ffmpeg)
  } catch (err) {
    if (err instanceof AppError && err.code === 'no-audio') throw noAudioError(video, model)
    throw err
  }
  for (let i = 0; i < samples.length; i++) samples[i] *= AUDIO_SCALE
  return samples
}

export async function loadSoundtrack(video: VideoRecord, condition: AudioConditionName, ctx: SoundtrackContext): Promise<Soundtrack> {
  if (condition === 'zero') return { condition, samples: null, windows: null, donor: null }
  let samples: Float32Array
  let donor: string | null = null
  if (condition === 'shuffled') {
    const donorVideo = ctx.videoById(shuffledDonor(video.id, ctx.audioPool, ctx.seed, ctx.datasetLabel))
    donor = donorVideo.name
    // long enough for this video's last frame window, looping a shorter soundtrack
    const needed = Math.ceil(((video.frameCount + 1) / video.fps) * SOUNDNET_SAMPLE_RATE)
    samples = loopTrack(await pcm(donorVideo, ctx.model, ctx.ffmpeg), needed)
  } else {
    samples = await pcm(video, ctx.model, ctx.ffmpeg)
  }
  if (!(video.fps > 0)) throw new AppError('bad-argument', `${video.name}: the catalog has no frame rate (fps ${video.fps}); audio windows need one`)
  return { condition, samples, windows: frameWindows(video.frameCount, video.fps, SOUNDNET_SAMPLE_RATE, samples.length), donor }
}
