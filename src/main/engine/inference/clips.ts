// Which clips a video is cut into, and which frame's map each clip gives. Pure functions.
//
// ViNet / AViNet (generate_result.py, generate_result_audio_visual.py,
// generate_result_hollywood_ucf.py), 0-based frames, clip T = 32:
//   - frame i ≥ 31 is predicted from the causal clip [i−31 … i];
//   - frames 0…30 are predicted from the same clips reversed in time: the clip [j … j+31]
//     flipped (j+31, …, j) predicts frame j (the TASED-Net trick);
//   - videos with fewer than 2T−1 = 63 frames are left-padded by repeating frame 0 up to 63
//     frames (the authors' Hollywood/UCF script); reversed clips are only used where they hold
//     no padding. Below T frames the pad is T−1 copies of frame 0 and every frame gets one causal
//     window (frame k: 31−k copies of frame 0, then frames 0…k); no reversed clips at all.
// STAViS (saliency_db exhaustive_sampling + test_sal), clip T = 16:
//   - the clip starting at frame s holds frames s … min(n−1, s+15), loop-padded to 16 by
//     repeating that list from its start (LoopPadding), and predicts frame s+8;
//   - frames 0…7 have no clip of their own in the authors' code. We give them the map of the
//     first clip (frames 0…15) so every frame has a map (marked as edge frames in the notes).
import { AppError } from '../../../shared/errors'

export interface ClipPlan {
  /** source frame indices in the clip's time order (length T) */
  frames: number[]
  /** frames whose map is this clip's output */
  targets: number[]
  /** a time-reversed clip (its audio buffer is reversed too) */
  reversed: boolean
  /** the audio excerpt runs from the window start of audioFirst to the window end of audioLast */
  audioFirst: number
  audioLast: number
}

export interface ClipSchedule {
  clips: ClipPlan[]
  frameCount: number
  clipFrames: number
  /** copies of frame 0 put in front of a short video (ViNet) */
  padding: number
  /** targets predicted from a clip not aligned with them (STAViS frames 0…7) */
  edgeTargets: number[]
  notes: string[]
}

function checkCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1) throw new AppError('too-few-frames', `${what}: a video needs at least 1 frame, found ${n}`)
}

/** ViNet/AViNet schedule for a video of n frames (see the header). Clips come in decoding order. */
export function causalSchedule(n: number, clipFrames = 32): ClipSchedule {
  checkCount(n, 'causal clip schedule')
  const T = clipFrames
  const full = 2 * T - 1
  const padding = n >= full ? 0 : n >= T ? full - n : T - 1
  const source = (padded: number): number => Math.max(0, padded - padding)
  const clips: ClipPlan[] = []
  for (let i = T - 1; i < padding + n; i++) {
    const frames = Array.from({ length: T }, (_, t) => source(i - (T - 1) + t))
    const first = source(i - (T - 1))
    const last = source(i)
    clips.push({ frames, targets: [i - padding], reversed: false, audioFirst: first, audioLast: last })
    // reversed clip: only while i < 2T−2 and the clip starts on a real frame (n ≥ T)
    if (n >= T && i < 2 * T - 2 && i - (T - 1) >= padding) {
      clips.push({ frames: [...frames].reverse(), targets: [i - (T - 1) - padding], reversed: true, audioFirst: first, audioLast: last })
    }
  }
  const notes: string[] = []
  if (padding > 0) {
    notes.push(
      n >= T
        ? `${n} frames < ${full}: left-padded with ${padding} copies of frame 0 (generate_result_hollywood_ucf.py); frames 0–${n - T} from reversed clips`
        : `${n} frames < ${T}: each frame k predicted from one causal window padded with ${T - 1} − k copies of frame 0; no reversed clips`
    )
  }
  return { clips, frameCount: n, clipFrames: T, padding, edgeTargets: [], notes }
}

/** LoopPadding: repeat the list from its start until it holds `size` entries. */
export function loopPad(indices: readonly number[], size: number): number[] {
  if (indices.length === 0) throw new AppError('bad-argument', 'loop padding needs at least one frame index')
  const out = [...indices]
  for (let k = 0; out.length < size; k++) out.push(out[k])
  return out
}

/** STAViS schedule for a video of n frames (see the header). */
export function centreSchedule(n: number, clipFrames = 16): ClipSchedule {
  checkCount(n, 'STAViS clip schedule')
  const T = clipFrames
  const offset = T / 2
  const clipAt = (s: number): number[] => {
    const run = Array.from({ length: Math.min(n - 1, s + T - 1) - s + 1 }, (_, k) => s + k)
    return loopPad(run, T)
  }
  const clips: ClipPlan[] = []
  const firstFrames = clipAt(0)
  const firstTargets = Array.from({ length: Math.min(offset, n - 1) + 1 }, (_, t) => t)
  clips.push({ frames: firstFrames, targets: firstTargets, reversed: false, audioFirst: firstFrames[0], audioLast: firstFrames[T - 1] })
  for (let s = 1; s + offset <= n - 1; s++) {
    const frames = clipAt(s)
    clips.push({ frames, targets: [s + offset], reversed: false, audioFirst: frames[0], audioLast: frames[T - 1] })
  }
  const edgeTargets = firstTargets.filter((t) => t < offset)
  const notes = [
    `frames 0–${edgeTargets[edgeTargets.length - 1]} have no centred clip in STAViS (test_sal.py starts at frame ${offset + 1}); ` +
      `they show the map of the first clip (frames 0–${Math.min(n - 1, T - 1)})`
  ]
  if (n < T) notes.push(`${n} frames < ${T}: clips are loop-padded`)
  return { clips, frameCount: n, clipFrames: T, padding: 0, edgeTargets, notes }
}

/**
 * For each source frame, the index of the last clip (in schedule order) that reads it, or −1.
 * Lets a streaming reader drop a frame as soon as no pending clip needs it.
 */
export function lastUse(clips: readonly ClipPlan[], frameCount: number): Int32Array {
  const last = new Int32Array(frameCount).fill(-1)
  clips.forEach((clip, c) => {
    for (const f of clip.frames) last[f] = c
  })
  return last
}

/** Highest source frame a clip reads: the clip can run once that frame is decoded. */
export function readyAt(clip: ClipPlan): number {
  let max = 0
  for (const f of clip.frames) if (f > max) max = f
  return max
}
