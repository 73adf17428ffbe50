// The clip schedules against step-by-step transliterations of the authors' scripts, exhaustively
// for every video length up to 100 (ViNet) / 60 (STAViS).
import { describe, expect, it } from 'vitest'
import { causalSchedule, centreSchedule, lastUse, loopPad, readyAt } from '../../../src/main/engine/inference/clips'

interface Prediction {
  frames: number[]
  reversed: boolean
}

/** generate_result_hollywood_ucf.py's loop (which equals generate_result.py for n ≥ 63): frame name → clip. */
function vinetScript(ln: number, T = 32): Map<number, Prediction> {
  let list = Array.from({ length: ln }, (_, i) => i)
  let flg = 1
  if (ln < 2 * T - 1) {
    flg = 0
    const temp = Array.from({ length: 2 * T - 1 - ln }, () => list[0])
    list = [...temp, ...list]
    if (ln < T) list = list.slice(T - ln)
  }
  const saved = new Map<number, Prediction>()
  const snippet: number[] = []
  for (let i = 0; i < list.length; i++) {
    snippet.push(list[i])
    if (i >= T - 1) {
      saved.set(list[i], { frames: [...snippet], reversed: false })
      if (ln >= T && i < 2 * T - 2 && (flg || i - T + 1 >= 2 * T - 1 - ln)) {
        saved.set(list[i - T + 1], { frames: [...snippet].reverse(), reversed: true })
      }
      snippet.shift()
    }
  }
  return saved
}

describe('ViNet / AViNet causal schedule', () => {
  it('equals the authors\' sliding window for every length 1…100', () => {
    for (let n = 1; n <= 100; n++) {
      const schedule = causalSchedule(n)
      const script = vinetScript(n)
      const ours = new Map<number, Prediction>()
      for (const clip of schedule.clips) {
        expect(clip.frames).toHaveLength(32)
        expect(clip.targets).toHaveLength(1)
        expect(ours.has(clip.targets[0])).toBe(false)
        ours.set(clip.targets[0], { frames: clip.frames, reversed: clip.reversed })
      }
      expect([...ours.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i))
      for (const [target, expected] of script) expect(ours.get(target)).toEqual(expected)
      expect(ours.size).toBe(script.size)
    }
  })

  it('predicts the last frame forward and the first frame of reversed clips; padding as documented', () => {
    const long = causalSchedule(100)
    expect(long.padding).toBe(0)
    expect(long.clips.filter((c) => c.reversed).map((c) => c.targets[0])).toEqual(Array.from({ length: 31 }, (_, i) => i))
    // forward: the last frame in time is the target; reversed: the flipped clip ends on it too
    for (const c of long.clips) expect(c.frames[31]).toBe(c.targets[0])
    expect(causalSchedule(40).padding).toBe(23)
    expect(causalSchedule(10).padding).toBe(31)
    expect(causalSchedule(10).notes[0]).toMatch(/10 frames < 32/)
    expect(causalSchedule(40).notes[0]).toMatch(/left-padded with 23 copies of frame 0/)
  })

  it('audio span: first and last source frame of the forward clip, shared by its reversed twin', () => {
    const s = causalSchedule(80)
    const fwd = s.clips.find((c) => !c.reversed && c.targets[0] === 40)!
    expect([fwd.audioFirst, fwd.audioLast]).toEqual([9, 40])
    const rev = s.clips.find((c) => c.reversed && c.targets[0] === 9)!
    expect([rev.audioFirst, rev.audioLast]).toEqual([9, 40])
    const short = causalSchedule(40).clips.find((c) => c.targets[0] === 8)!
    expect([short.audioFirst, short.audioLast]).toEqual([0, 8])
  })

  it('clips come in decoding order and every frame is released after its last use', () => {
    for (const n of [5, 31, 32, 62, 63, 64, 90]) {
      const s = causalSchedule(n)
      const ready = s.clips.map(readyAt)
      expect(ready).toEqual([...ready].sort((a, b) => a - b))
      const last = lastUse(s.clips, n)
      s.clips.forEach((c, i) => c.frames.forEach((f) => expect(last[f]).toBeGreaterThanOrEqual(i)))
    }
  })
})

/** STAViS exhaustive test sampling + LoopPadding + save_video_results (1-based frames). */
function stavisScript(n: number, T = 16): Map<number, number[]> {
  const saved = new Map<number, number[]>()
  let i = 0
  for (let j = 1; j < n; j++) {
    const indices: number[] = []
    for (let f = j; f < Math.min(n + 1, j + T); f++) indices.push(f)
    for (const idx of indices) {
      if (indices.length >= T) break
      indices.push(idx)
    }
    const name = i + 9 // pred_sal_{i+9:06d}
    if (name <= n) saved.set(name - 1, indices.map((f) => f - 1))
    i++
  }
  return saved
}

describe('STAViS centre schedule', () => {
  it('equals test_sal.py for every frame it predicts, and covers the first 8 frames from the first clip', () => {
    for (let n = 1; n <= 60; n++) {
      const s = centreSchedule(n)
      const script = stavisScript(n)
      const ours = new Map<number, number[]>()
      for (const clip of s.clips) {
        expect(clip.frames).toHaveLength(16)
        for (const t of clip.targets) {
          expect(ours.has(t)).toBe(false)
          ours.set(t, clip.frames)
        }
        expect([clip.audioFirst, clip.audioLast]).toEqual([clip.frames[0], clip.frames[15]])
      }
      expect([...ours.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i))
      for (const [target, frames] of script) expect(ours.get(target)).toEqual(frames)
      expect(s.edgeTargets).toEqual(Array.from({ length: Math.min(8, n) }, (_, i) => i))
      const ready = s.clips.map(readyAt)
      expect(ready).toEqual([...ready].sort((a, b) => a - b))
    }
  })

  it('LoopPadding repeats the list from its start', () => {
    expect(loopPad([7, 8, 9], 8)).toEqual([7, 8, 9, 7, 8, 9, 7, 8])
    expect(loopPad([1, 2], 2)).toEqual([1, 2])
    expect(() => loopPad([], 4)).toThrow(/at least one/)
    expect(() => centreSchedule(0)).toThrow(/at least 1 frame/)
  })
})
