// ViNet / ACLNet per-video folders (UCF-Sports, Hollywood-2, the DHF1K release):
//   [<split>/]<video>/images/*.png|jpg   frames
//                    /maps/*.png         continuous GT saliency
//                    /fixation/*.png     binary fixations, and/or fixation/maps/*.mat (variable I)
import { basename, join } from 'node:path'
import type { DatasetIssue } from '../../../shared/types'
import { findName, isImageFile, isMatFile, isWavFile, listDir, listDirIfExists, mapLimit, stripExtension, type DirListing } from '../fsScan'
import { naturalCompare } from '../frameNumbers'
import type { PlannedFixations, VideoPlan } from '../videoPlan'
import { foldOf, type LayoutScan, type ScanInput } from './layoutScan'

const FRAME_DIRS = ['images', 'frames', 'imgs']
const MAP_DIRS = ['maps', 'saliency']
const FIXATION_DIRS = ['fixation', 'fixations']
/** DHF1K/ViNet store fixations in .mat files under the variable I */
const MAT_KEY = 'I'
// how many children of a candidate split are opened to decide whether it is one
const SPLIT_PROBE = 3

interface VideoFolderParts {
  images: string | null
  maps: string | null
  fixation: string | null
}

function partsOf(listing: DirListing): VideoFolderParts {
  return {
    images: findName(listing.dirs, ...FRAME_DIRS),
    maps: findName(listing.dirs, ...MAP_DIRS),
    fixation: findName(listing.dirs, ...FIXATION_DIRS)
  }
}

function describeParts(parts: VideoFolderParts): string {
  return [parts.images, parts.maps, parts.fixation]
    .filter((p): p is string => p !== null)
    .map((p) => `${p}/`)
    .join(', ')
}

/** Looks like a video folder: frames plus at least one kind of ground truth. */
function isAnnotatedVideoFolder(parts: VideoFolderParts): boolean {
  return parts.images !== null && (parts.maps !== null || parts.fixation !== null)
}

interface VideoDir {
  dir: string
  name: string
  group: string | null
}

export async function scanVinet({ root, top, folds }: ScanInput): Promise<LayoutScan | null> {
  const rootParts = partsOf(top)
  if (isAnnotatedVideoFolder(rootParts)) {
    // the folder opened is itself one video folder
    const name = basename(root)
    return {
      layout: 'vinet',
      detail: `ViNet/ACLNet per-video folder: ${name} itself has ${describeParts(rootParts)}`,
      issues: [],
      planners: [{ name, group: null, plan: () => planVinetVideo({ dir: root, name, group: null }, folds) }]
    }
  }

  const topDirs = [...top.dirs].sort(naturalCompare)
  const found = await mapLimit(topDirs, 8, (child) => classifyTopFolder(root, child))
  const videoDirs: VideoDir[] = []
  const splits: string[] = []
  let evidence: string | null = null
  for (const hit of found) {
    if (!hit) continue
    evidence ??= hit.evidence
    videoDirs.push(...hit.videos)
    if (hit.split) splits.push(hit.split)
  }
  if (videoDirs.length === 0 || evidence === null) return null

  videoDirs.sort((a, b) => naturalCompare(a.group ?? '', b.group ?? '') || naturalCompare(a.name, b.name))
  const splitText = splits.length > 0 ? `; split folders: ${splits.join(', ')}` : ''
  return {
    layout: 'vinet',
    detail: `ViNet/ACLNet per-video folders: ${evidence} (${videoDirs.length} video folder(s)${splitText})`,
    issues: [],
    planners: videoDirs.map((v) => ({ name: v.name, group: v.group, plan: () => planVinetVideo(v, folds) }))
  }
}

/** A top-level folder is a video folder, a split of video folders, or neither (null). */
async function classifyTopFolder(
  root: string,
  child: string
): Promise<{ evidence: string; videos: VideoDir[]; split: string | null } | null> {
  const listing = await listDirIfExists(join(root, child))
  if (!listing) return null
  const parts = partsOf(listing)
  if (isAnnotatedVideoFolder(parts)) {
    return { evidence: `${child} has ${describeParts(parts)}`, videos: [{ dir: join(root, child), name: child, group: null }], split: null }
  }
  const children = [...listing.dirs].sort(naturalCompare)
  for (const grandchild of children.slice(0, SPLIT_PROBE)) {
    const inner = await listDirIfExists(join(root, child, grandchild))
    if (inner && isAnnotatedVideoFolder(partsOf(inner))) {
      return {
        evidence: `${child}/${grandchild} has ${describeParts(partsOf(inner))}`,
        videos: children.map((video) => ({ dir: join(root, child, video), name: video, group: child })),
        split: child
      }
    }
  }
  return null
}

async function planVinetVideo(video: VideoDir, folds: ScanInput['folds']): Promise<VideoPlan> {
  const issues: DatasetIssue[] = []
  const note = (severity: DatasetIssue['severity'], code: string, message: string, path: string): void => {
    issues.push({ severity, code, message, video: video.name, path })
  }
  const listing = await listDir(video.dir)
  const parts = partsOf(listing)

  const imagesDir = join(video.dir, parts.images ?? 'images')
  const frameNames = parts.images ? (await listDir(imagesDir)).files : []
  if (!parts.images) note('error', 'missing-images-folder', `no images/ folder in ${video.dir}`, video.dir)

  let maps: VideoPlan['maps'] = null
  if (parts.maps) {
    const dir = join(video.dir, parts.maps)
    maps = { dir, names: (await listDir(dir)).files }
  } else {
    note('info', 'no-maps', 'no maps/ folder: this video has no GT saliency maps', video.dir)
  }

  let fixations: PlannedFixations = { kind: 'none' }
  if (parts.fixation) {
    fixations = await planFixationFolder(join(video.dir, parts.fixation))
  } else {
    note('info', 'no-fixations', 'no fixation/ folder: this video has no GT fixations', video.dir)
  }

  const wavs = listing.files.filter(isWavFile)
  const wav = wavs.find((w) => stripExtension(w) === video.name) ?? wavs[0]

  return {
    name: video.name,
    group: video.group,
    frames: { kind: 'frames', dir: imagesDir, names: frameNames },
    maps,
    fixations,
    audioPath: wav ? join(video.dir, wav) : null,
    fold: foldOf(folds, video.name),
    fpsConvention: 'ViNet/ACLNet frame folders (DHF1K/UCF convention)',
    issues
  }
}

/**
 * fixation/ holds PNG renders and, in the DHF1K release format, the original .mat files under
 * fixation/maps/. The .mat files are the source data, so they win when present.
 */
export async function planFixationFolder(dir: string): Promise<PlannedFixations> {
  const listing = await listDir(dir)
  const matDirName = findName(listing.dirs, 'maps', 'mat')
  if (matDirName) {
    const matDir = join(dir, matDirName)
    const mats = (await listDir(matDir)).files.filter(isMatFile)
    if (mats.length > 0) return { kind: 'mat', dir: matDir, names: mats, key: MAT_KEY }
  }
  const pngs = listing.files.filter(isImageFile)
  const mats = listing.files.filter(isMatFile)
  if (pngs.length === 0 && mats.length > 0) return { kind: 'mat', dir, names: mats, key: MAT_KEY }
  return { kind: 'png', dir, names: pngs }
}
