// Directory listing helpers: one readdir (withFileTypes) per folder, symlinks resolved only
// when met, and a small concurrency limit so a 1000-video dataset does not open 1000 folders at once.
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

export interface DirListing {
  dirs: string[]
  files: string[]
}

export async function listDir(path: string): Promise<DirListing> {
  const entries = await readdir(path, { withFileTypes: true })
  const dirs: string[] = []
  const files: string[] = []
  for (const entry of entries) {
    if (entry.isDirectory()) dirs.push(entry.name)
    else if (entry.isFile()) files.push(entry.name)
    else if (entry.isSymbolicLink()) {
      // datasets are often assembled from links into a shared store
      const target = await stat(join(path, entry.name)).catch(() => null)
      if (target?.isDirectory()) dirs.push(entry.name)
      else if (target?.isFile()) files.push(entry.name)
    }
  }
  return { dirs, files }
}

/** Like listDir, but a folder that does not exist (or is a file) gives null. */
export async function listDirIfExists(path: string): Promise<DirListing | null> {
  try {
    return await listDir(path)
  } catch (err) {
    const code = (err as { code?: unknown }).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return null
    throw err
  }
}

/** The entry whose name equals one of the candidates, ignoring case (first candidate wins). */
export function findName(names: readonly string[], ...candidates: string[]): string | null {
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase()
    const hit = names.find((n) => n.toLowerCase() === lower)
    if (hit !== undefined) return hit
  }
  return null
}

export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i], i)
    }
  }
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker)
  await Promise.all(workers)
  return results
}

const IMAGE_EXT = /\.(png|jpe?g|bmp)$/i
const VIDEO_EXT = /\.(mp4|m4v|avi|mkv|webm|mov|mpe?g|wmv|flv|ogv|3gp|ts|mts|m2ts|y4m)$/i
const GAZE_EXT = /\.(txt|csv|tsv|asc|json)$/i

export const isImageFile = (name: string): boolean => IMAGE_EXT.test(name)
export const isVideoFile = (name: string): boolean => VIDEO_EXT.test(name)
export const isMatFile = (name: string): boolean => /\.mat$/i.test(name)
export const isWavFile = (name: string): boolean => /\.wav$/i.test(name)
export const isGazeFile = (name: string): boolean => GAZE_EXT.test(name)

export function stripExtension(name: string): string {
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(0, dot) : name
}
