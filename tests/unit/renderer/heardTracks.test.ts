// What the heard player does with each <audio> element at a tick of the playhead.
import { describe, expect, it } from 'vitest'
import { RESYNC_S, trackCommand } from '../../../src/renderer/src/lib/heardTracks'
import { PAUSED } from '../../../src/renderer/src/lib/playback'

const playing = { playing: true, direction: 1 as const, speed: 1 }
const paused = { paused: true, currentTime: 0, duration: 4 }
const running = { paused: false, currentTime: 1.0, duration: 4 }

describe('trackCommand', () => {
  it('starts an audible track at the playhead when playback runs forward', () => {
    expect(trackCommand(paused, true, 1.2, playing)).toEqual({ action: 'play', seekTo: 1.2, muted: false, playbackRate: 1 })
  })

  it('pauses and mutes an inaudible track, and leaves a paused one alone', () => {
    expect(trackCommand(running, false, 1.0, playing)).toEqual({ action: 'pause', seekTo: null, muted: true, playbackRate: 1 })
    expect(trackCommand(paused, false, 1.0, playing)).toEqual({ action: 'none', seekTo: null, muted: true, playbackRate: 1 })
  })

  it('stops every track when the transport pauses or runs backwards, but keeps an audible one unmuted', () => {
    expect(trackCommand(running, true, 1.0, PAUSED)).toMatchObject({ action: 'pause', muted: false })
    expect(trackCommand(running, true, 1.0, { playing: true, direction: -1, speed: 1 })).toMatchObject({ action: 'pause' })
  })

  it('puts a drifting track back, and leaves a close one alone', () => {
    expect(trackCommand(running, true, 1.0 + RESYNC_S + 0.01, playing).seekTo).toBeCloseTo(1.0 + RESYNC_S + 0.01)
    expect(trackCommand(running, true, 1.1, playing)).toEqual({ action: 'none', seekTo: null, muted: false, playbackRate: 1 })
  })

  it('plays at the transport speed, and not past the end of a shorter track', () => {
    expect(trackCommand(paused, true, 1, { ...playing, speed: 0.5 }).playbackRate).toBe(0.5)
    expect(trackCommand(paused, true, 4.5, playing).action).toBe('none')
    // duration unknown (metadata not loaded yet): try to play
    expect(trackCommand({ paused: true, currentTime: 0, duration: Number.NaN }, true, 1, playing).action).toBe('play')
  })
})
