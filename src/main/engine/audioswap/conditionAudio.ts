// What one video hears under one audio condition in a study: the full-length condition track
// (inference/conditionTrack.ts), cut into clip buffers exactly as plain inference cuts real
// audio, and written out as a WAV so the viewer can audition it. A study never refuses a video
// without audio: its real track is silence, flagged (the report shows the flag).
import type { VideoRecord } from '../../../shared/types'
import type { ClipPlan } from '../inference/clips'
import { fillFromTrack, loadConditionTrack, writeHeardWav, type ConditionTrackContext, type TrackProvenance } from '../inference/conditionTrack'
import type { AudioConditionName } from '../inference/audio'

export interface ConditionAudio {
  condition: AudioConditionName
  /** the video whose soundtrack is heard ('shuffled'), else null */
  donor: string | null
  flags: string[]
  /** everything needed to rebuild the samples (condition, seeds, donor, file sha256, lengths) */
  provenance: TrackProvenance
  fill(out: Float32Array, clip: ClipPlan): void
  /** writes exactly what the model heard (float32 WAV, bit-exact) */
  writeHeard(path: string): Promise<void>
}

export async function openConditionAudio(video: VideoRecord, condition: AudioConditionName, ctx: ConditionTrackContext): Promise<ConditionAudio> {
  const track = await loadConditionTrack(video, condition, { ...ctx, silentIfMissing: true })
  return {
    condition,
    donor: track.donor,
    flags: track.flags,
    provenance: track.provenance,
    fill: (out, clip) => fillFromTrack(out, track, clip),
    writeHeard: (path) => writeHeardWav(track, path)
  }
}
