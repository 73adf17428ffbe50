// Where predicted maps live: <cacheDir>/predictions/<model>/<weights sha256 prefix>/<audio>/
// <video id>-<video name>/frame_%06d.png. Files appear only complete (written beside, then
// renamed), so a frame on disk is a finished frame and a resumed run can skip it.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pidExists } from '../../core/processOwner'

export const PREDICTIONS_FOLDER = 'predictions'

export function predictionFileName(frame: number): string {
  return `frame_${String(frame).padStart(6, '0')}.png`
}

const PREDICTION_FILE = /^frame_(\d{6,})\.png$/

/** Keeps names readable and safe as one path component. */
export function safeComponent(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._@-]+/g, '_').replace(/^\.+/, '_')
  return cleaned.slice(0, 80) || '_'
}

export interface CacheFolderKey {
  cacheDir: string
  /** model name, plus '@HxW' when not the released input size */
  modelKey: string
  weightsHash: string
  audioCondition: string
  videoId: number
  videoName: string
}

/**
 * The audio part of a cache key: conditions whose samples depend on a seed or a file carry it,
 * so maps made with another seed or file are never taken for these (real and zero need nothing).
 */
export function conditionCacheKey(condition: string, seed: number, fileSha256: string | null): string {
  if (condition === 'random' || condition === 'wolfram' || condition === 'shuffled') return `${condition}-seed${seed}`
  if (condition === 'file') return `file-${(fileSha256 ?? 'unknown').slice(0, 12)}`
  return condition
}

export function predictionDir(key: CacheFolderKey): string {
  return join(
    key.cacheDir,
    PREDICTIONS_FOLDER,
    safeComponent(key.modelKey),
    key.weightsHash === 'none' ? 'no-weights' : key.weightsHash.slice(0, 16),
    safeComponent(key.audioCondition),
    `${key.videoId}-${safeComponent(key.videoName)}`
  )
}

const TEMPORARY_FILE = /\.(\d+)\.tmp$/

/**
 * done[i] = 1 when frame i's map is on disk. Temporary files left by a dead writer are removed;
 * those of a live process are its maps being written right now, and are left alone.
 */
export function framesOnDisk(dir: string, frameCount: number): Uint8Array {
  const done = new Uint8Array(frameCount)
  if (!existsSync(dir)) return done
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.tmp')) {
      const writer = TEMPORARY_FILE.exec(name)
      if (!writer || !pidExists(Number(writer[1]))) rmSync(join(dir, name), { force: true })
      continue
    }
    const m = PREDICTION_FILE.exec(name)
    if (m) {
      const i = Number(m[1])
      if (i < frameCount) done[i] = 1
    }
  }
  return done
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true })
}
