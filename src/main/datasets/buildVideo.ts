// Turns a VideoPlan into a video record: orders and checks the frames, aligns maps and
// fixations to frame numbers, reads image headers (never pixels) and probes video files.
import { readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { DatasetIssue, FixationSource } from '../../shared/types'
import { alignByNumber, compactRanges, findGaps, numberFiles, type NumberedFile } from './frameNumbers'
import { readMat } from '../formats/mat'
import { isImageFile, isMatFile, mapLimit } from './fsScan'
import { isImageHeaderError, readImageHeader, type ImageHeader } from './imageHeader'
import type { IndexDeps, NewVideo, VideoProbe } from './types'
import type { VideoPlan } from './videoPlan'

export interface BuildContext {
  deps: IndexDeps
  defaultFps: number
  verify: 'quick' | 'headers'
}

interface FrameFacts {
  frames: NewVideo['frames']
  numbers: number[]
  width: number
  height: number
  fps: number
  hasOwnAudio: boolean
}

type IssueSink = (severity: DatasetIssue['severity'], code: string, message: string, path?: string) => void

export async function buildVideo(plan: VideoPlan, ctx: BuildContext): Promise<NewVideo> {
  const issues: DatasetIssue[] = [...plan.issues]
  const report: IssueSink = (severity, code, message, path) =>
    issues.push({ severity, code, message, video: plan.name, ...(path ? { path } : {}) })

  const mapFiles = plan.maps ? numberImages(plan.maps.names, plan.maps.dir, 'map', report) : []
  const fixationFiles =
    plan.fixations.kind === 'png' || plan.fixations.kind === 'mat'
      ? numberFixations(plan.fixations.names, plan.fixations.kind, plan.fixations.dir, report)
      : []

  const facts =
    plan.frames.kind === 'frames'
      ? await frameFolderFacts(plan, plan.frames.dir, plan.frames.names, ctx, report)
      : await videoFileFacts(plan, plan.frames.path, mapFiles, fixationFiles, ctx, report)

  let maps: NewVideo['maps'] = null
  let mapSize: NewVideo['mapSize'] = null
  if (plan.maps) {
    const aligned = alignFiles('GT map', plan.maps.dir, facts.numbers, mapFiles, report)
    maps = { dir: plan.maps.dir, files: aligned }
    const firstMap = aligned.find((f): f is string => f !== null)
    if (firstMap) {
      const header = await headerOrIssue(join(plan.maps.dir, firstMap), 'corrupt-map', 'GT map', report)
      if (header && facts.width > 0 && (header.width !== facts.width || header.height !== facts.height)) {
        mapSize = { width: header.width, height: header.height }
        report(
          'warning',
          'map-size-mismatch',
          `maps are ${header.width}×${header.height}, frames ${facts.width}×${facts.height}: maps are resized for display and scoring`,
          plan.maps.dir
        )
      }
    } else if (mapFiles.length === 0) {
      report('warning', 'no-maps', `the maps folder holds no image files`, plan.maps.dir)
    }
  }

  const fixations = alignFixations(plan, facts.numbers, fixationFiles, report)
  if (fixations.kind === 'mat') await checkMatKey(fixations, report)

  let audioPath: string | null = plan.audioPath
  if (!audioPath && facts.hasOwnAudio && plan.frames.kind === 'file') audioPath = plan.frames.path
  if (!audioPath && plan.expectedAudioPath) {
    report('warning', 'missing-audio', `no audio: expected ${plan.expectedAudioPath}`, plan.expectedAudioPath)
  }

  return {
    name: plan.name,
    group: plan.group,
    frameCount: facts.numbers.length,
    fps: facts.fps,
    width: facts.width,
    height: facts.height,
    hasAudio: audioPath !== null,
    audioPath,
    frames: facts.frames,
    maps,
    fixations,
    mapSize,
    issues
  }
}

function numberImages(names: string[], dir: string, what: string, report: IssueSink): NumberedFile[] {
  const numbered = numberFiles(names.filter(isImageFile))
  reportNumberingProblems(numbered.duplicates, numbered.unnumbered, dir, what, report)
  return numbered.files
}

function numberFixations(names: string[], kind: 'png' | 'mat', dir: string, report: IssueSink): NumberedFile[] {
  const accepted = names.filter(kind === 'mat' ? isMatFile : isImageFile)
  const numbered = numberFiles(accepted)
  reportNumberingProblems(numbered.duplicates, numbered.unnumbered, dir, 'fixation', report)
  return numbered.files
}

function reportNumberingProblems(
  duplicates: string[],
  unnumbered: string[],
  dir: string,
  what: string,
  report: IssueSink
): void {
  if (duplicates.length > 0) {
    report(
      'warning',
      `duplicate-${what}`,
      `${duplicates.length} ${what} file(s) repeat a frame number already taken and are ignored: ${listNames(duplicates)}`,
      dir
    )
  }
  if (unnumbered.length > 0) {
    report('warning', `unnumbered-${what}`, `${what} file(s) without a frame number are ignored: ${listNames(unnumbered)}`, dir)
  }
}

/** "frame 4" or "frames 12–14, 40" */
function framesPhrase(numbers: readonly number[]): string {
  return `${numbers.length === 1 ? 'frame' : 'frames'} ${compactRanges(numbers)}`
}

function listNames(names: readonly string[], max = 5): string {
  const shown = names.slice(0, max).join(', ')
  return names.length > max ? `${shown} and ${names.length - max} more` : shown
}

async function frameFolderFacts(
  plan: VideoPlan,
  dir: string,
  names: string[],
  ctx: BuildContext,
  report: IssueSink
): Promise<FrameFacts> {
  const numbered = numberImages(names, dir, 'frame', report)
  const numbers = numbered.map((f) => f.number)
  const frames: NewVideo['frames'] = { kind: 'frames', dir, files: numbered.map((f) => f.name) }
  if (numbered.length === 0) {
    report('error', 'no-frames', `no frame images (PNG/JPEG/BMP) in ${dir}`, dir)
    return { frames, numbers, width: 0, height: 0, fps: plan.fold?.fps ?? ctx.defaultFps, hasOwnAudio: false }
  }

  const gaps = findGaps(numbers)
  if (gaps.length > 0) {
    report(
      'warning',
      'missing-frame',
      `${framesPhrase(gaps)} ${gaps.length === 1 ? 'is' : 'are'} missing from the numbering ${numbers[0]}–${numbers[numbers.length - 1]}`,
      dir
    )
  }

  const { size, damaged } = await checkFrameFiles(dir, numbered, ctx.verify)
  if (damaged.length > 0) {
    report(
      'error',
      'corrupt-frame',
      `${damaged.length} frame file(s) are empty or damaged: ${listNames(damaged.map((d) => `${d.name} (${d.reason})`))}`,
      dir
    )
  }
  if (size.varies) {
    report('warning', 'frame-size-varies', `frame sizes differ within the video: ${size.varies}`, dir)
  }

  let fps: number
  if (plan.fold) {
    fps = plan.fold.fps
    report('info', 'fps-source', `fps ${fps} from fold list ${basename(plan.fold.list)}`, plan.fold.list)
    if (plan.fold.frameCount !== numbered.length) {
      report(
        'warning',
        'frame-count-mismatch',
        `fold list ${basename(plan.fold.list)} says ${plan.fold.frameCount} frames, the folder has ${numbered.length}`,
        dir
      )
    }
  } else {
    fps = ctx.defaultFps
    report('info', 'fps-source', `no fps recorded for ${plan.fpsConvention}: assuming ${fps} fps`)
  }
  return { frames, numbers, width: size.width, height: size.height, fps, hasOwnAudio: false }
}

interface FrameCheck {
  size: { width: number; height: number; varies: string | null }
  damaged: { name: string; number: number; reason: string }[]
}

/**
 * Quick mode: the size of every frame file (an empty file is damaged) and the header of the
 * first readable one. Headers mode: every header, so damaged headers and size changes show.
 */
async function checkFrameFiles(dir: string, frames: NumberedFile[], verify: 'quick' | 'headers'): Promise<FrameCheck> {
  const damaged: FrameCheck['damaged'] = []
  let header: ImageHeader | null = null
  const sizes = new Map<string, number>()

  if (verify === 'headers') {
    const headers = await mapLimit(frames, 16, async (f) => {
      try {
        return await readImageHeader(join(dir, f.name))
      } catch (err) {
        damaged.push({ name: f.name, number: f.number, reason: describeHeaderError(err) })
        return null
      }
    })
    for (const h of headers) {
      if (!h) continue
      header ??= h
      const key = `${h.width}×${h.height}`
      sizes.set(key, (sizes.get(key) ?? 0) + 1)
    }
  } else {
    const byteSizes = await mapLimit(frames, 16, async (f) => {
      try {
        return (await stat(join(dir, f.name))).size
      } catch (err) {
        return err as Error
      }
    })
    byteSizes.forEach((s, i) => {
      const { name, number } = frames[i]
      if (s instanceof Error) damaged.push({ name, number, reason: s.message })
      else if (s === 0) damaged.push({ name, number, reason: 'file is empty (0 bytes)' })
    })
    const bad = new Set(damaged.map((d) => d.name))
    for (const f of frames) {
      if (bad.has(f.name)) continue
      try {
        header = await readImageHeader(join(dir, f.name))
        break
      } catch (err) {
        damaged.push({ name: f.name, number: f.number, reason: describeHeaderError(err) })
      }
    }
  }
  damaged.sort((a, b) => a.number - b.number)
  const varies = sizes.size > 1 ? [...sizes].map(([size, n]) => `${n} at ${size}`).join(', ') : null
  return { size: { width: header?.width ?? 0, height: header?.height ?? 0, varies }, damaged }
}

function describeHeaderError(err: unknown): string {
  if (isImageHeaderError(err)) return err.message.replace(/^.*?: /, '')
  return err instanceof Error ? err.message : String(err)
}

async function headerOrIssue(path: string, code: string, what: string, report: IssueSink): Promise<ImageHeader | null> {
  try {
    return await readImageHeader(path)
  } catch (err) {
    report('error', code, `${what} ${basename(path)} is empty or damaged: ${describeHeaderError(err)}`, path)
    return null
  }
}

async function videoFileFacts(
  plan: VideoPlan,
  path: string,
  mapFiles: NumberedFile[],
  fixationFiles: NumberedFile[],
  ctx: BuildContext,
  report: IssueSink
): Promise<FrameFacts> {
  const frames: NewVideo['frames'] = { kind: 'file', path }
  // Per-frame annotation files of a video file are numbered from 1 (DHF1K) unless one is numbered 0.
  const base = [...mapFiles, ...fixationFiles].some((f) => f.number === 0) ? 0 : 1
  let probe: VideoProbe | null = null
  try {
    probe = await ctx.deps.probeVideo(path)
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err)
    report('error', 'undecodable', `cannot decode video file ${basename(path)}: ${reason}`, path)
  }

  let frameCount = probe?.frameCount ?? 0
  if (!probe || frameCount <= 0) {
    // no count from the container: the annotations are the best evidence of the length
    const last = Math.max(0, ...mapFiles.map((f) => f.number), ...fixationFiles.map((f) => f.number))
    frameCount = plan.fold?.frameCount ?? (last > 0 ? last - base + 1 : 0)
  }
  let width = probe?.width ?? 0
  let height = probe?.height ?? 0
  if (!probe && plan.maps && mapFiles.length > 0) {
    // frame size unknown: the GT maps are the closest stand-in for display
    const header = await headerOrIssue(join(plan.maps.dir, mapFiles[0].name), 'corrupt-map', 'GT map', report)
    width = header?.width ?? 0
    height = header?.height ?? 0
  }

  let fps: number
  if (plan.fold) {
    fps = plan.fold.fps
    const probed = probe ? `; the file reports ${round3(probe.fps)}` : ''
    report('info', 'fps-source', `fps ${fps} from fold list ${basename(plan.fold.list)}${probed}`, plan.fold.list)
  } else if (probe && probe.fps > 0) {
    fps = probe.fps
    report('info', 'fps-source', `fps ${round3(fps)} from the video file`, path)
  } else {
    fps = ctx.defaultFps
    report('info', 'fps-source', `the video file gives no fps: assuming ${fps} fps`, path)
  }

  const numbers = Array.from({ length: frameCount }, (_, i) => i + base)
  return { frames, numbers, width, height, fps, hasOwnAudio: probe?.hasAudio ?? false }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000
}

function alignFiles(
  what: 'GT map' | 'fixation',
  dir: string,
  frameNumbers: number[],
  files: NumberedFile[],
  report: IssueSink
): (string | null)[] {
  const alignment = alignByNumber(frameNumbers, files)
  const code = what === 'GT map' ? 'map' : 'fixation'
  if (alignment.offset !== 0) {
    report(
      'info',
      `${code}-numbering-offset`,
      `${what} files are numbered from ${files[0].number}, frames from ${frameNumbers[0]}: matched with a shift of ${alignment.offset}`,
      dir
    )
  }
  if (alignment.missing.length > 0 && files.length > 0) {
    report(
      'warning',
      `missing-${code}`,
      `no ${what} for ${framesPhrase(alignment.missing)} (${alignment.missing.length} of ${frameNumbers.length})`,
      dir
    )
  }
  if (alignment.extra.length > 0) {
    report('info', `extra-${code}`, `${what} files for ${framesPhrase(alignment.extra)} match no frame`, dir)
  }
  return alignment.files
}

/** Opens the first fixation .mat so a wrong variable name shows when the folder is opened. */
async function checkMatKey(source: Extract<FixationSource, { kind: 'mat' }>, report: IssueSink): Promise<void> {
  const first = source.files.find((f): f is string => f !== null)
  if (!first) return
  const path = join(source.dir, first)
  let keys: string[]
  try {
    keys = [...readMat(await readFile(path), path).keys()]
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(`${path}: `, '') : String(err)
    report('error', 'corrupt-fixation', `fixation file ${first} cannot be read: ${reason}`, path)
    return
  }
  if (source.key !== '' && !keys.includes(source.key)) {
    const present = keys.length > 0 ? keys.map((k) => `'${k}'`).join(', ') : 'no variables'
    report('error', 'mat-key-missing', `fixation file ${first} has no variable '${source.key}' (found ${present})`, path)
  }
}

function alignFixations(
  plan: VideoPlan,
  frameNumbers: number[],
  files: NumberedFile[],
  report: IssueSink
): FixationSource {
  const source = plan.fixations
  switch (source.kind) {
    case 'none':
      return { kind: 'none' }
    case 'gaze':
      report('info', 'raw-gaze', `raw gaze found (${source.description}); importing it turns it into fixations`, source.file)
      return { kind: 'gaze', file: source.file }
    case 'png':
    case 'mat': {
      if (files.length === 0) {
        report('warning', 'no-fixations', `the fixation folder holds no ${source.kind === 'mat' ? '.mat' : 'image'} files`, source.dir)
      }
      const aligned = alignFiles('fixation', source.dir, frameNumbers, files, report)
      return source.kind === 'png'
        ? { kind: 'png', dir: source.dir, files: aligned }
        : { kind: 'mat', dir: source.dir, files: aligned, key: source.key }
    }
  }
}
