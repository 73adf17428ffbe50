// Any folder of video files (optionally one level of sub-folders as groups), with optional
// per-video annotation folders beside them:
//   clip.mp4  +  clip_maps/ or maps/clip/                 per-frame GT maps (PNG/JPEG)
//             +  clip_fixations/ or fixations/clip/       per-frame fixation PNGs (or .mat)
//             +  clip.txt|csv|tsv|asc, gaze/clip.*, gaze/clip/, fixations/clip.*  raw gaze
//             +  clip.wav                                 separate audio
import { join } from 'node:path'
import type { DatasetIssue } from '../../../shared/types'
import { naturalCompare } from '../frameNumbers'
import {
  findName,
  isGazeFile,
  isImageFile,
  isMatFile,
  isVideoFile,
  isWavFile,
  listDir,
  listDirIfExists,
  mapLimit,
  stripExtension,
  type DirListing
} from '../fsScan'
import type { PlannedFixations, VideoPlan } from '../videoPlan'
import { foldOf, type LayoutScan, type ScanInput } from './layoutScan'

const MAP_FOLDERS = ['maps', 'saliency']
const FIXATION_FOLDERS = ['fixations', 'fixation']
const GAZE_FOLDERS = ['gaze']

/** What sits beside the videos of one folder, listed once for all of them. */
interface FolderContext {
  dir: string
  group: string | null
  listing: DirListing
  mapsDir: { path: string; listing: DirListing } | null
  fixationsDir: { path: string; listing: DirListing } | null
  gazeDir: { path: string; listing: DirListing } | null
}

async function folderContext(dir: string, group: string | null, listing: DirListing): Promise<FolderContext> {
  const sub = async (names: string[]): Promise<FolderContext['mapsDir']> => {
    const name = findName(listing.dirs, ...names)
    if (!name) return null
    const inner = await listDirIfExists(join(dir, name))
    return inner ? { path: join(dir, name), listing: inner } : null
  }
  return {
    dir,
    group,
    listing,
    mapsDir: await sub(MAP_FOLDERS),
    fixationsDir: await sub(FIXATION_FOLDERS),
    gazeDir: await sub(GAZE_FOLDERS)
  }
}

function isAnnotationFolder(name: string): boolean {
  const lower = name.toLowerCase()
  return (
    [...MAP_FOLDERS, ...FIXATION_FOLDERS, ...GAZE_FOLDERS].includes(lower) ||
    /_(maps|fixations|gaze)$/i.test(name) ||
    /^fold[_-]?lists$/i.test(name)
  )
}

export async function scanGeneric({ root, top, folds }: ScanInput): Promise<LayoutScan | null> {
  const contexts: FolderContext[] = []
  if (top.files.some(isVideoFile)) contexts.push(await folderContext(root, null, top))
  const subfolders = top.dirs.filter((d) => !isAnnotationFolder(d)).sort(naturalCompare)
  const subContexts = await mapLimit(subfolders, 8, async (name) => {
    const listing = await listDirIfExists(join(root, name))
    return listing && listing.files.some(isVideoFile) ? folderContext(join(root, name), name, listing) : null
  })
  for (const ctx of subContexts) if (ctx) contexts.push(ctx)
  if (contexts.length === 0) return null

  const planners: LayoutScan['planners'] = []
  const examples: string[] = []
  for (const ctx of contexts) {
    const videos = ctx.listing.files.filter(isVideoFile).sort(naturalCompare)
    for (const file of videos) {
      if (examples.length < 3) examples.push(ctx.group ? `${ctx.group}/${file}` : file)
      const name = stripExtension(file)
      planners.push({ name, group: ctx.group, plan: () => planGenericVideo(ctx, file, folds) })
    }
  }
  const more = planners.length > examples.length ? ', …' : ''
  const groups = contexts.filter((c) => c.group).map((c) => c.group)
  const groupText = groups.length > 0 ? ` in ${groups.length} sub-folder(s) (${groups.join(', ')})` : ''
  return {
    layout: 'generic',
    detail: `Generic video folder: ${planners.length} video file(s)${groupText} such as ${examples.join(', ')}${more}`,
    issues: [],
    planners
  }
}

async function planGenericVideo(ctx: FolderContext, file: string, folds: ScanInput['folds']): Promise<VideoPlan> {
  const name = stripExtension(file)
  const issues: DatasetIssue[] = []

  let maps: VideoPlan['maps'] = null
  const mapsDir = perVideoFolder(ctx, name, ctx.mapsDir, ['_maps', '_saliency'])
  if (mapsDir) maps = { dir: mapsDir, names: (await listDir(mapsDir)).files.filter(isImageFile) }

  let fixations: PlannedFixations = { kind: 'none' }
  const fixationDir = perVideoFolder(ctx, name, ctx.fixationsDir, ['_fixations', '_fixation'])
  if (fixationDir) {
    const listing = await listDir(fixationDir)
    const images = listing.files.filter(isImageFile)
    const mats = listing.files.filter(isMatFile)
    const gaze = listing.files.filter(isGazeFile)
    // a .mat of unknown origin: key '' means "the file's only 2-D variable"
    if (images.length > 0) fixations = { kind: 'png', dir: fixationDir, names: images }
    else if (mats.length > 0) fixations = { kind: 'mat', dir: fixationDir, names: mats, key: '' }
    else if (gaze.length > 0) fixations = { kind: 'gaze', file: fixationDir, description: `${gaze.length} file(s) in ${fixationDir}` }
  }
  if (fixations.kind === 'none') {
    const gazeFile = findGaze(ctx, name)
    if (gazeFile) fixations = { kind: 'gaze', file: gazeFile, description: gazeFile }
  }

  const wav = ctx.listing.files.find((f) => isWavFile(f) && stripExtension(f) === name)
  return {
    name,
    group: ctx.group,
    frames: { kind: 'file', path: join(ctx.dir, file) },
    maps,
    fixations,
    audioPath: wav ? join(ctx.dir, wav) : null,
    fold: foldOf(folds, name),
    fpsConvention: 'video files',
    issues
  }
}

/** <name><suffix>/ beside the video, else <shared folder>/<name>/. */
function perVideoFolder(
  ctx: FolderContext,
  name: string,
  shared: FolderContext['mapsDir'],
  suffixes: string[]
): string | null {
  const beside = findName(ctx.listing.dirs, ...suffixes.map((s) => `${name}${s}`))
  if (beside) return join(ctx.dir, beside)
  const inShared = shared ? findName(shared.listing.dirs, name) : null
  return shared && inShared ? join(shared.path, inShared) : null
}

/** A raw gaze file or folder for the video: beside it, in gaze/, or in fixations/. */
function findGaze(ctx: FolderContext, name: string): string | null {
  const sameStem = (f: string): boolean => isGazeFile(f) && stripExtension(f) === name
  const beside = ctx.listing.files.find(sameStem)
  if (beside) return join(ctx.dir, beside)
  const besideDir = findName(ctx.listing.dirs, `${name}_gaze`)
  if (besideDir) return join(ctx.dir, besideDir)
  for (const shared of [ctx.gazeDir, ctx.fixationsDir]) {
    if (!shared) continue
    const file = shared.listing.files.find(sameStem)
    if (file) return join(shared.path, file)
  }
  if (ctx.gazeDir) {
    const dir = findName(ctx.gazeDir.listing.dirs, name)
    if (dir) return join(ctx.gazeDir.path, dir)
  }
  return null
}
