/**
 * Raw gaze import for one video: read a folder of per-viewer files, parse each (pure
 * parsers in dhf1k.ts / diem.ts), merge into frame → points. One point per viewer per frame.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { parseDhf1kExport, type Dhf1kOptions } from './dhf1k'
import { parseDiemEvents, type DiemOptions } from './diem'
import { groupPointsByFrame } from './fixationMaps'
import type { GazeImport, ViewerGaze } from './types'
import { formatError } from '../../formats/errors'

export type { GazeImport, FramePoint, SampleFilter, VideoGeometry, ViewerGaze } from './types'
export { parseDhf1kExport, fitVideoOnScreen, screenToVideo, DHF1K_SCREEN, type Dhf1kOptions } from './dhf1k'
export { parseDiemEvents, centredOffset, DIEM_FLAG, type DiemOptions, type DiemEye } from './diem'
export { fixationMap, saliencyMap, gaussianBlur, gaussianKernel, groupPointsByFrame, DHF1K_SIGMA_PX, DHF1K_FWHM_PX } from './fixationMaps'

export interface Dhf1kImportOptions extends Dhf1kOptions {
  /** trial (= DHF1K video number) to pick from `P01_Trail002.txt`-style names; needed when viewers have several */
  trial?: string | number
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch {
    return false
  }
}

async function listTxt(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.txt')).sort()
}

/** Trial number from DHF1K names (they spell it "Trail"); null when the name has none. */
function trialOf(file: string): number | null {
  const m = /_tr(?:ail|ial)0*(\d+)\.txt$/i.exec(file)
  return m ? Number(m[1]) : null
}

/** One line for a drop counted across viewers, naming the viewers that lost the most. */
function summariseDrops(parsed: ViewerGaze[], count: (v: ViewerGaze) => number, what: string): string[] {
  const total = parsed.reduce((n, v) => n + count(v), 0)
  if (total === 0) return []
  const worst = parsed
    .filter((v) => count(v) > 0)
    .sort((a, b) => count(b) - count(a))
    .slice(0, 3)
    .map((v) => `${v.viewer} ${count(v)}`)
  return [`${total} samples ${what} dropped (most: ${worst.join(', ')})`]
}

function merge(parsed: ViewerGaze[], extraWarnings: string[], geometry: { videoWidth: number; videoHeight: number; frameCount?: number }): GazeImport {
  const frames = groupPointsByFrame(parsed.flatMap((v) => v.points))
  return {
    frames,
    viewers: parsed.map((v) => v.viewer).sort(),
    samplesRead: parsed.reduce((n, v) => n + v.samplesRead, 0),
    samplesKept: parsed.reduce((n, v) => n + v.samplesKept, 0),
    warnings: [
      ...extraWarnings,
      ...parsed.flatMap((v) => v.warnings),
      ...summariseDrops(parsed, (v) => v.droppedNoGaze, 'without a gaze position (0,0)'),
      ...summariseDrops(parsed, (v) => v.droppedOutside, `outside the ${geometry.videoWidth}×${geometry.videoHeight} video`),
      ...summariseDrops(parsed, (v) => v.droppedAfterEnd, `after the last frame (${geometry.frameCount})`)
    ]
  }
}

function checkGeometry(o: { videoWidth: number; videoHeight: number; fps?: number }, kind: string): void {
  if (!(o.videoWidth > 0 && o.videoHeight > 0)) throw new RangeError(`${kind} gaze import needs the video size, got ${o.videoWidth}×${o.videoHeight}`)
  if (o.fps !== undefined && !(o.fps > 0)) throw new RangeError(`${kind} gaze import needs a positive fps, got ${o.fps}`)
}

/**
 * DHF1K exports: `dir` holds one folder per viewer (`P01/P01_Trail002.txt`, …) or the
 * viewers' .txt files directly. Viewer names are the folder names (or the file name up
 * to the first '_').
 * Errors: AppError 'gaze-no-files', 'gaze-ambiguous-trial', 'gaze-not-dhf1k'.
 */
export async function importDhf1kGaze(dir: string, options: Dhf1kImportOptions): Promise<GazeImport> {
  checkGeometry(options, 'DHF1K')
  const wantTrial = options.trial === undefined ? null : Number(options.trial)
  const candidates: { viewer: string; files: string[] }[] = []
  const entries = (await readdir(dir)).sort()
  for (const entry of entries) {
    const full = join(dir, entry)
    if (await isDirectory(full)) {
      const files = (await listTxt(full)).map((f) => join(full, f))
      if (files.length) candidates.push({ viewer: entry, files })
    } else if (entry.toLowerCase().endsWith('.txt')) {
      candidates.push({ viewer: entry.replace(/_.*$|\.txt$/i, ''), files: [full] })
    }
  }
  if (!candidates.length) throw formatError('gaze-no-files', 'no gaze exports: expected P01/ … folders or .txt files', dir)

  const warnings: string[] = []
  const picked: { viewer: string; file: string }[] = []
  for (const c of candidates) {
    const files = wantTrial === null ? c.files : c.files.filter((f) => trialOf(basename(f)) === wantTrial)
    if (files.length === 1) picked.push({ viewer: c.viewer, file: files[0] })
    else if (files.length === 0) warnings.push(`${c.viewer}: no export for trial ${wantTrial}`)
    else {
      const trials = files.map((f) => trialOf(basename(f)) ?? basename(f)).join(', ')
      throw formatError('gaze-ambiguous-trial', `viewer ${c.viewer} has several exports (trials ${trials}); pass the trial (video number)`, dir)
    }
  }
  if (!picked.length) throw formatError('gaze-no-files', `no viewer has an export for trial ${wantTrial}`, dir)

  const parsed: ViewerGaze[] = []
  for (const { viewer, file } of picked) {
    parsed.push(parseDhf1kExport(await readFile(file, 'utf8'), viewer, options, file))
  }
  return merge(parsed, warnings, options)
}

/**
 * DIEM event files: `dir` is the video folder (holding `event_data/`) or `event_data/` itself.
 * Viewer names are the file names up to the first '.' (`diem5s01`).
 * Errors: AppError 'gaze-no-files', 'gaze-not-diem'.
 */
export async function importDiemGaze(dir: string, options: DiemOptions): Promise<GazeImport> {
  checkGeometry(options, 'DIEM')
  const eventDir = (await isDirectory(join(dir, 'event_data'))) ? join(dir, 'event_data') : dir
  const files = await listTxt(eventDir)
  if (!files.length) throw formatError('gaze-no-files', 'no DIEM event files (*.txt) found', eventDir)
  const parsed: ViewerGaze[] = []
  const warnings: string[] = []
  const seen = new Set<string>()
  for (const file of files) {
    let viewer = file.replace(/\..*$/, '')
    if (seen.has(viewer)) {
      warnings.push(`${file}: viewer ${viewer} appears twice; kept as ${file}`)
      viewer = file
    }
    seen.add(viewer)
    const path = join(eventDir, file)
    parsed.push(parseDiemEvents(await readFile(path, 'utf8'), viewer, options, path))
  }
  return merge(parsed, warnings, options)
}
