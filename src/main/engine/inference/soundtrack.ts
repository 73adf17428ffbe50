// The soundtrack plain inference feeds a model: the condition track (conditionTrack.ts) under the
// name and shape runInference uses. Unlike an audio-swap study, plain inference refuses a video
// without audio under real/random/wolfram unless the caller asks for silence (silentIfMissing).
import type { VideoRecord } from '../../../shared/types'
import type { AudioConditionName, FrameWindows } from './audio'
import { loadConditionTrack, type ConditionTrack, type ConditionTrackContext } from './conditionTrack'

export { noAudioError, SOUNDNET_SAMPLE_RATE } from './conditionTrack'

export interface Soundtrack {
  condition: AudioConditionName
  /** ±256 scale; null = silence */
  samples: Float32Array | null
  windows: FrameWindows | null
  /** name of the video whose soundtrack is used under 'shuffled' */
  donor: string | null
  /** what the video heard instead of its own audio, e.g. 'no audio track: real = silence' */
  flags: string[]
}

export type SoundtrackContext = ConditionTrackContext

/** The condition track of `video` (a ConditionTrack: flags and provenance included). */
export async function loadSoundtrack(video: VideoRecord, condition: AudioConditionName, ctx: SoundtrackContext): Promise<Soundtrack & ConditionTrack> {
  return loadConditionTrack(video, condition, { ...ctx, silentIfMissing: ctx.silentIfMissing ?? false })
}
