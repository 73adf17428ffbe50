// Finds the predicted maps of one video inside a prediction folder and pairs them with frames.
// Accepted layouts: PRED/<group>/<video>/, PRED/<video>/, PRED/<video>/maps/, or PRED itself
// when the dataset has a single video. Files pair with frames by identical base name (ViNet and
// STAViS save maps under the GT names), else by the frame number in the name, else by order.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import type { VideoRecord } from '../../../shared/types'
import { naturalCompare } from '../../core/naturalSort'

const MAP_EXT = /\.(png|jpe?g|npy|mat)$/i

export interface PredictionPairing {
  dir: string
  /** prediction file for frame i, or null */
  files: (string | null)[]
  pairedBy: 'name' | 'number' | 'order'
  /** frames with no prediction */
  missingFrames: number[]
  /** prediction files that match no frame */
  unmatched: string[]
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

function mapFilesIn(dir: string): string[] {
  return readdirSync(dir).filter((f) => MAP_EXT.test(f)).sort(naturalCompare)
}

/** Sub-folders of `dir` whose name is `name`, or the same number ("001" ↔ "0001", DHF1K). */
function namedSubdirs(dir: string, name: string): string[] {
  if (!isDir(dir)) return []
  const numeric = /^\d+$/.test(name) ? Number(name) : null
  return readdirSync(dir)
    .filter((entry) => entry === name || (numeric !== null && /^\d+$/.test(entry) && Number(entry) === numeric))
    .sort((a, b) => (a === name ? -1 : b === name ? 1 : 0))
    .map((entry) => join(dir, entry))
}

export function findPredictionDir(predRoot: string, video: Pick<VideoRecord, 'name' | 'group'>, singleVideo: boolean): string | null {
  const direct = [...(video.group ? namedSubdirs(join(predRoot, video.group), video.name) : []), ...namedSubdirs(predRoot, video.name)]
  const candidates = direct.flatMap((dir) => [dir, join(dir, 'maps')])
  for (const dir of candidates) {
    if (isDir(dir) && mapFilesIn(dir).length > 0) return dir
  }
  if (singleVideo && existsSync(predRoot) && mapFilesIn(predRoot).length > 0) return predRoot
  return null
}

const stem = (name: string): string => basename(name, extname(name))
const lastNumber = (name: string): number | null => {
  const m = /(\d+)(?!.*\d)/.exec(stem(name))
  return m ? Number(m[1]) : null
}

/** Reference names of a video's frames: its GT map files, else its frame files. */
function frameNames(video: VideoRecord): (string | null)[] {
  if (video.maps) return video.maps.files
  if (video.frames.kind === 'frames') return video.frames.files
  return Array.from({ length: video.frameCount }, () => null)
}

export function pairPredictions(video: VideoRecord, dir: string): PredictionPairing {
  const files = mapFilesIn(dir)
  const names = frameNames(video)
  const result = (paired: (string | null)[], pairedBy: PredictionPairing['pairedBy']): PredictionPairing => {
    const used = new Set(paired.filter((f): f is string => f !== null))
    return {
      dir,
      files: paired,
      pairedBy,
      missingFrames: paired.flatMap((f, i) => (f === null ? [i] : [])),
      unmatched: files.filter((f) => !used.has(f))
    }
  }
  const byStem = new Map(files.map((f) => [stem(f), f]))
  const nameMatches = names.map((n) => (n ? (byStem.get(stem(n)) ?? null) : null))
  if (nameMatches.filter(Boolean).length >= Math.min(files.length, video.frameCount) / 2 && nameMatches.some(Boolean)) {
    return result(nameMatches, 'name')
  }
  // Numbers: the first frame pairs with the lowest-numbered prediction (either may start at 0 or 1).
  const predNumbers = files.map(lastNumber)
  if (files.length > 0 && predNumbers.every((n) => n !== null) && new Set(predNumbers).size === files.length) {
    const numbers = predNumbers as number[]
    const firstPred = Math.min(...numbers)
    const predByNumber = new Map(numbers.map((n, i) => [n, files[i]]))
    const frameNumbers = names.map((n) => (n ? lastNumber(n) : null))
    const framesNumbered = frameNumbers.every((n) => n !== null)
    const paired = names.map((_, i) => {
      const wanted = framesNumbered ? (frameNumbers[i] as number) - (frameNumbers[0] as number) + firstPred : firstPred + i
      return predByNumber.get(wanted) ?? null
    })
    return result(paired, 'number')
  }
  return result(
    Array.from({ length: video.frameCount }, (_, i) => files[i] ?? null),
    'order'
  )
}

/** A prediction cache folder (frame_%06d.png per frame index): frame i pairs with its own file, nothing else. */
export function pairCacheFolder(video: VideoRecord, dir: string): PredictionPairing {
  const present = new Set(isDir(dir) ? readdirSync(dir) : [])
  const files = Array.from({ length: video.frameCount }, (_, i) => {
    const name = `frame_${String(i).padStart(6, '0')}.png`
    return present.has(name) ? name : null
  })
  const used = new Set(files.filter((f): f is string => f !== null))
  return {
    dir,
    files,
    pairedBy: 'name',
    missingFrames: files.flatMap((f, i) => (f === null ? [i] : [])),
    unmatched: [...present].filter((f) => MAP_EXT.test(f) && !used.has(f))
  }
}
