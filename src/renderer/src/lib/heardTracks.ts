// Keeping the heard player's audio elements on the playhead: at every tick each track is told
// whether it should sound and where the playhead is, and this decides what to do with it. A
// track plays only while the transport plays forward and its panel is audible; the others are
// paused and muted. A playing track that drifts more than RESYNC_S from the playhead is put back.
// Pure: the DOM side (HeardSession) applies the command.
import type { TransportState } from './playback'

export const RESYNC_S = 0.25

export interface TrackState {
  paused: boolean
  currentTime: number
  /** NaN until the metadata is loaded */
  duration: number
}

export interface TrackCommand {
  action: 'play' | 'pause' | 'none'
  /** set currentTime to this first (null: leave it) */
  seekTo: number | null
  muted: boolean
  playbackRate: number
}

export function trackCommand(track: TrackState, audible: boolean, time: number, transport: TransportState): TrackCommand {
  const pastEnd = Number.isFinite(track.duration) && time >= track.duration
  const sound = audible && transport.playing && transport.direction === 1 && !pastEnd
  const playbackRate = transport.speed
  if (!sound) return { action: track.paused ? 'none' : 'pause', seekTo: null, muted: !audible, playbackRate }
  if (track.paused) return { action: 'play', seekTo: time, muted: false, playbackRate }
  const drift = Math.abs(track.currentTime - time)
  return { action: 'none', seekTo: drift > RESYNC_S ? time : null, muted: false, playbackRate }
}
