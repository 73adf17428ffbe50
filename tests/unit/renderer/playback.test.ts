import { describe, expect, it } from 'vitest'
import {
  audioShouldPlay,
  changeSpeed,
  chooseClock,
  clampFrame,
  formatTime,
  frameAtTime,
  framesPerRefresh,
  parseFrameInput,
  pause,
  PAUSED,
  prefetchFrames,
  shuttle,
  startWallClock,
  tick,
  timeOfFrame,
  togglePlay,
  wallClockTime,
  type TransportState
} from '../../../src/renderer/src/lib/playback'

const playing = (direction: 1 | -1, speed: number): TransportState => ({ playing: true, direction, speed })

describe('transport transitions', () => {
  it('Space toggles, playing forward', () => {
    expect(togglePlay(PAUSED)).toEqual(playing(1, 1))
    expect(togglePlay(playing(-1, 2))).toEqual({ playing: false, direction: -1, speed: 2 })
    expect(togglePlay({ playing: false, direction: -1, speed: 0.5 })).toEqual(playing(1, 0.5))
    expect(pause(playing(1, 4)).playing).toBe(false)
  })

  it('L from pause plays at 1×, repeated L doubles up to 4×', () => {
    let t = shuttle(PAUSED, 1)
    expect(t).toEqual(playing(1, 1))
    t = shuttle(t, 1)
    expect(t).toEqual(playing(1, 2))
    t = shuttle(t, 1)
    expect(t).toEqual(playing(1, 4))
    t = shuttle(t, 1)
    expect(t).toEqual(playing(1, 4))
  })

  it('the opposite key halves a fast shuttle, then turns round at 1×', () => {
    let t = playing(1, 4)
    t = shuttle(t, -1)
    expect(t).toEqual(playing(1, 2))
    t = shuttle(t, -1)
    expect(t).toEqual(playing(1, 1))
    t = shuttle(t, -1)
    expect(t).toEqual(playing(-1, 1))
    t = shuttle(t, -1)
    expect(t).toEqual(playing(-1, 2))
  })

  it('J from pause plays in reverse; slow forward speed turns round at 1×', () => {
    expect(shuttle(PAUSED, -1)).toEqual(playing(-1, 1))
    expect(shuttle(playing(1, 0.25), -1)).toEqual(playing(-1, 1))
  })

  it('Shift+. / Shift+, walk the speed ladder and stop at its ends', () => {
    expect(changeSpeed(PAUSED, 1).speed).toBe(2)
    expect(changeSpeed(PAUSED, -1).speed).toBe(0.5)
    expect(changeSpeed({ ...PAUSED, speed: 0.25 }, -1).speed).toBe(0.25)
    expect(changeSpeed({ ...PAUSED, speed: 4 }, 1).speed).toBe(4)
    expect(changeSpeed(playing(-1, 1), 1)).toEqual(playing(-1, 2))
  })
})

describe('frame ↔ time', () => {
  it('frame i starts at i/fps and maps back to i for common frame rates', () => {
    for (const fps of [24, 25, 29.97, 30000 / 1001, 30, 50, 59.94, 60, 23.976]) {
      for (let i = 0; i < 20000; i += 7) {
        expect(frameAtTime(timeOfFrame(i, fps), fps, 1e9)).toBe(i)
      }
    }
  })

  it('floors between frames and clamps to the video', () => {
    expect(frameAtTime(0.999 / 25, 25, 100)).toBe(0)
    expect(frameAtTime(1.5 / 25, 25, 100)).toBe(1)
    expect(frameAtTime(-1, 25, 100)).toBe(0)
    expect(frameAtTime(1000, 25, 100)).toBe(99)
    expect(frameAtTime(1, 0, 100)).toBe(0)
    expect(clampFrame(Number.NaN, 10)).toBe(0)
    expect(clampFrame(3.7, 10)).toBe(3)
    expect(clampFrame(5, 0)).toBe(0)
  })
})

describe('clocks', () => {
  it('a wall clock advances at the signed rate from its origin', () => {
    const clock = startWallClock(2, 0.5, 1000)
    expect(wallClockTime(clock, 1000)).toBe(2)
    expect(wallClockTime(clock, 3000)).toBe(3)
    expect(wallClockTime(startWallClock(2, -2, 0), 500)).toBe(1)
  })

  it('audio drives only forward 1× playback with working audio', () => {
    expect(chooseClock(playing(1, 1), true, true)).toBe('audio')
    expect(chooseClock(playing(1, 2), true, true)).toBe('wall')
    expect(chooseClock(playing(-1, 1), true, true)).toBe('wall')
    expect(chooseClock(playing(1, 1), false, true)).toBe('wall')
    expect(chooseClock(playing(1, 1), true, false)).toBe('wall')
    expect(chooseClock(PAUSED, true, true)).toBe('wall')
  })

  it('audio plays along forward at any speed, never in reverse', () => {
    expect(audioShouldPlay(playing(1, 2), true)).toBe(true)
    expect(audioShouldPlay(playing(-1, 1), true)).toBe(false)
    expect(audioShouldPlay(PAUSED, true)).toBe(false)
    expect(audioShouldPlay(playing(1, 1), false)).toBe(false)
  })
})

describe('tick', () => {
  it('reports the frame at the playhead', () => {
    expect(tick(playing(1, 1), 2 / 25, 25, 100)).toEqual({ frame: 2, reachedEnd: false })
  })

  it('stops at the last frame going forward and at 0 in reverse', () => {
    expect(tick(playing(1, 1), 99 / 25, 25, 100)).toEqual({ frame: 99, reachedEnd: true })
    expect(tick(playing(1, 4), 10, 25, 100)).toEqual({ frame: 99, reachedEnd: true })
    expect(tick(playing(-1, 1), 0, 25, 100)).toEqual({ frame: 0, reachedEnd: true })
    expect(tick(playing(-1, 1), -0.5, 25, 100)).toEqual({ frame: 0, reachedEnd: true })
    expect(tick(playing(-1, 1), 1 / 25, 25, 100)).toEqual({ frame: 1, reachedEnd: false })
  })
})

describe('prefetch', () => {
  it('lists the next frames in the play direction, within the video', () => {
    expect(prefetchFrames(10, 1, 3, 100)).toEqual([11, 12, 13])
    expect(prefetchFrames(10, -1, 3, 100)).toEqual([9, 8, 7])
    expect(prefetchFrames(98, 1, 4, 100)).toEqual([99])
    expect(prefetchFrames(1, -1, 4, 100)).toEqual([0])
    expect(prefetchFrames(0, 1, 3, 100, 2)).toEqual([2, 4, 6])
  })

  it('strides by the frames a fast playback skips per refresh', () => {
    expect(framesPerRefresh(30, 1)).toBe(1)
    expect(framesPerRefresh(30, 4)).toBe(2)
    expect(framesPerRefresh(60, 4)).toBe(4)
  })
})

describe('display helpers', () => {
  it('formats times', () => {
    expect(formatTime(0)).toBe('0:00.00')
    expect(formatTime(2.16)).toBe('0:02.16')
    expect(formatTime(75.5)).toBe('1:15.50')
    expect(formatTime(3725)).toBe('1:02:05.00')
    expect(formatTime(Number.NaN)).toBe('0:00.00')
  })

  it('reads the go-to-frame box', () => {
    expect(parseFrameInput(' 12 ', 54)).toBe(12)
    expect(parseFrameInput('53', 54)).toBe(53)
    expect(parseFrameInput('54', 54)).toBeNull()
    expect(parseFrameInput('-1', 54)).toBeNull()
    expect(parseFrameInput('1.5', 54)).toBeNull()
    expect(parseFrameInput('', 54)).toBeNull()
  })
})
