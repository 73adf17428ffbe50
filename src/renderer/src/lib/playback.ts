// Playback as pure state transitions and clock arithmetic. The player owns the DOM side
// (requestAnimationFrame, <audio>); everything that decides *which* frame is shown lives here.

/** Speeds offered by the transport and walked by J/L and Shift+,/. */
export const SPEEDS: readonly number[] = [0.25, 0.5, 1, 2, 4]
export const MIN_SPEED = SPEEDS[0]
export const MAX_SPEED = SPEEDS[SPEEDS.length - 1]

export interface TransportState {
  playing: boolean
  direction: 1 | -1
  /** magnitude, MIN_SPEED…MAX_SPEED */
  speed: number
}

export const PAUSED: TransportState = { playing: false, direction: 1, speed: 1 }

export function pause(t: TransportState): TransportState {
  return { ...t, playing: false }
}

/** Space: pause when playing, else play forward at the chosen speed. */
export function togglePlay(t: TransportState): TransportState {
  return t.playing ? { ...t, playing: false } : { ...t, playing: true, direction: 1 }
}

function nextSpeedUp(speed: number): number {
  return SPEEDS.find((s) => s > speed + 1e-9) ?? MAX_SPEED
}

function nextSpeedDown(speed: number): number {
  for (let i = SPEEDS.length - 1; i >= 0; i--) if (SPEEDS[i] < speed - 1e-9) return SPEEDS[i]
  return MIN_SPEED
}

/**
 * J (direction −1) / L (direction +1) shuttle as in NLEs: from pause, play that way at 1×;
 * pressed again, double the speed (up to 4×); the opposite key first halves a fast shuttle and,
 * at 1× or slower, turns round at 1×.
 */
export function shuttle(t: TransportState, direction: 1 | -1): TransportState {
  if (!t.playing) return { playing: true, direction, speed: 1 }
  if (t.direction === direction) return { ...t, speed: Math.max(1, nextSpeedUp(t.speed)) }
  if (t.speed > 1) return { ...t, speed: Math.max(1, nextSpeedDown(t.speed)) }
  return { playing: true, direction, speed: 1 }
}

/** Shift+. / Shift+, : one step along SPEEDS, keeping play state and direction. */
export function changeSpeed(t: TransportState, direction: 1 | -1): TransportState {
  return { ...t, speed: direction > 0 ? nextSpeedUp(t.speed) : nextSpeedDown(t.speed) }
}

export function clampFrame(index: number, frameCount: number): number {
  if (frameCount <= 0) return 0
  if (!Number.isFinite(index)) return 0
  return Math.min(frameCount - 1, Math.max(0, Math.trunc(index)))
}

/** Frame shown at media time t (seconds): floor(t·fps + 1e-6), clamped. The epsilon keeps
 * t = i/fps on frame i despite binary rounding. */
export function frameAtTime(t: number, fps: number, frameCount: number): number {
  if (!(fps > 0)) return 0
  return clampFrame(Math.floor(t * fps + 1e-6), frameCount)
}

/** Media time at which frame i starts. */
export function timeOfFrame(index: number, fps: number): number {
  return fps > 0 ? index / fps : 0
}

/** A wall-clock playhead: media time advances at `rate` (signed speed) from `originTime`. */
export interface WallClock {
  originTime: number
  startMs: number
  rate: number
}

export function startWallClock(originTime: number, rate: number, nowMs: number): WallClock {
  return { originTime, startMs: nowMs, rate }
}

export function wallClockTime(clock: WallClock, nowMs: number): number {
  return clock.originTime + (clock.rate * (nowMs - clock.startMs)) / 1000
}

export type ClockKind = 'audio' | 'wall'

/** The audio element drives the playhead only for forward 1× playback with working audio. */
export function chooseClock(t: TransportState, hasAudio: boolean, audioWorking: boolean): ClockKind {
  return hasAudio && audioWorking && t.playing && t.direction === 1 && t.speed === 1 ? 'audio' : 'wall'
}

/** Audio plays along (at playbackRate = speed) whenever playback runs forward. */
export function audioShouldPlay(t: TransportState, hasAudio: boolean): boolean {
  return hasAudio && t.playing && t.direction === 1
}

export interface TickResult {
  frame: number
  /** playback ran into the first/last frame and must stop there */
  reachedEnd: boolean
}

/** Where the playhead is at media time t, and whether playback hit the end in its direction. */
export function tick(t: TransportState, time: number, fps: number, frameCount: number): TickResult {
  const last = Math.max(0, frameCount - 1)
  const raw = Math.floor(time * fps + 1e-6)
  if (t.direction === 1 && raw >= last) return { frame: last, reachedEnd: true }
  if (t.direction === -1 && raw <= 0) return { frame: 0, reachedEnd: true }
  return { frame: clampFrame(raw, frameCount), reachedEnd: false }
}

/** Frames to decode ahead of `current` in the play direction; `stride` skips the frames a fast
 * playback will not show. */
export function prefetchFrames(
  current: number,
  direction: 1 | -1,
  count: number,
  frameCount: number,
  stride = 1
): number[] {
  const out: number[] = []
  const step = Math.max(1, Math.round(stride)) * direction
  for (let k = 1; k <= count; k++) {
    const i = current + k * step
    if (i < 0 || i >= frameCount) break
    out.push(i)
  }
  return out
}

/** Frames advanced per display refresh at this speed (≥ 1), for prefetch stride. */
export function framesPerRefresh(fps: number, speed: number, refreshHz = 60): number {
  return Math.max(1, (fps * speed) / refreshHz)
}

/** "m:ss.cc" (or "h:mm:ss.cc") for a time in seconds. */
export function formatTime(seconds: number): string {
  const s = Math.max(0, Number.isFinite(seconds) ? seconds : 0)
  const hours = Math.floor(s / 3600)
  const minutes = Math.floor((s % 3600) / 60)
  const secs = s % 60
  const secText = secs.toFixed(2).padStart(5, '0')
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secText}` : `${minutes}:${secText}`
}

/** Reads the go-to-frame box: an integer index within the video, else null. */
export function parseFrameInput(text: string, frameCount: number): number | null {
  const trimmed = text.trim()
  if (!/^\d+$/.test(trimmed)) return null
  const n = Number(trimmed)
  return n < frameCount ? n : null
}
