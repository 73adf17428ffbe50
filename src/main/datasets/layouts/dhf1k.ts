// DHF1K as released:
//   video/001.AVI … 1000.AVI          (or frame folders video/0001/, frames/0001/, annotation/0001/images/)
//   annotation/0001/maps/0001.png     continuous GT saliency, one per frame
//   annotation/0001/fixation/0001.png binary fixations (or fixation/maps/*.mat, variable I)
//   exportdata_train/P01/P01_Trail001.txt  raw eye-tracker exports (the gaze importer reads them)
// Video files and annotation folders are matched by number: 001.AVI ↔ annotation/0001.
import { join } from 'node:path'
import type { DatasetIssue } from '../../../shared/types'
import { naturalCompare } from '../frameNumbers'
import { findName, isImageFile, isVideoFile, isWavFile, listDir, listDirIfExists, stripExtension } from '../fsScan'
import type { PlannedFixations, PlannedFrames, VideoPlan } from '../videoPlan'
import { foldOf, type LayoutScan, type ScanInput } from './layoutScan'
import { planFixationFolder } from './vinet'

const NUMERIC = /^\d+$/
/** DHF1K raw export of one viewer and one video: P01_Trail002.txt */
const TRAIL_FILE = /trail0*(\d+)\.txt$/i

interface Dhf1kVideo {
  id: number
  /** 4-digit name, as the annotation folders and the DHF1K fold lists spell it */
  name: string
  videoFile: string | null
  frameDir: string | null
  annotationDir: string | null
  /** raw export files of this video, relative to their exportdata folder */
  gaze: { folder: string; files: string[] } | null
}

/** DHF1K's own split by video number: 1–600 train, 601–700 val, 701–1000 test (annotations withheld). */
function dhf1kSplit(id: number): string {
  if (id <= 600) return 'train'
  if (id <= 700) return 'val'
  return 'test'
}

export async function scanDhf1k({ root, top, folds }: ScanInput): Promise<LayoutScan | null> {
  const annotationName = findName(top.dirs, 'annotation')
  const videoFolderName = findName(top.dirs, 'video', 'videos')
  const framesFolderName = findName(top.dirs, 'frames')
  const gazeFolders = top.dirs.filter((d) => /^exportdata/i.test(d)).sort(naturalCompare)

  const annotation = annotationName ? await listDirIfExists(join(root, annotationName)) : null
  const annotationIds = (annotation?.dirs ?? []).filter((d) => NUMERIC.test(d)).sort(naturalCompare)
  let annotationEvidence: string | null = null
  if (annotationName && annotationIds.length > 0) {
    const first = await listDirIfExists(join(root, annotationName, annotationIds[0]))
    const parts = ['maps', 'fixation'].filter((p) => first && findName(first.dirs, p))
    if (parts.length > 0) annotationEvidence = `${annotationName}/${annotationIds[0]} has ${parts.map((p) => `${p}/`).join(', ')}`
  }

  const videoListing = videoFolderName ? await listDirIfExists(join(root, videoFolderName)) : null
  const numberedVideoFiles = (videoListing?.files ?? []).filter((f) => isVideoFile(f) && NUMERIC.test(stripExtension(f)))
  const numberedFrameDirs = (videoListing?.dirs ?? []).filter((d) => NUMERIC.test(d))

  // Without annotation folders, numbered videos next to DHF1K's raw exports still say DHF1K.
  const gazeEvidence = gazeFolders.length > 0 && numberedVideoFiles.length > 0
  if (!annotationEvidence && !gazeEvidence) return null

  const videos = new Map<number, Dhf1kVideo>()
  const entry = (id: number): Dhf1kVideo => {
    let v = videos.get(id)
    if (!v) {
      v = { id, name: String(id).padStart(4, '0'), videoFile: null, frameDir: null, annotationDir: null, gaze: null }
      videos.set(id, v)
    }
    return v
  }
  if (annotationName) for (const d of annotationIds) entry(Number(d)).annotationDir = join(root, annotationName, d)
  if (videoFolderName) {
    for (const f of numberedVideoFiles) entry(Number(stripExtension(f))).videoFile = join(root, videoFolderName, f)
    for (const d of numberedFrameDirs) entry(Number(d)).frameDir ??= join(root, videoFolderName, d)
  }
  if (framesFolderName) {
    const frames = await listDirIfExists(join(root, framesFolderName))
    for (const d of (frames?.dirs ?? []).filter((x) => NUMERIC.test(x))) {
      entry(Number(d)).frameDir ??= join(root, framesFolderName, d)
    }
  }
  // raw exports attach to videos that exist; exports of videos not on disk are not listed
  const gazeCount = await collectGazeFiles(root, gazeFolders, (id) => videos.get(id))

  const evidence: string[] = []
  if (annotationEvidence) evidence.push(annotationEvidence)
  if (numberedVideoFiles.length > 0) {
    const example = numberedVideoFiles.sort(naturalCompare)[0]
    evidence.push(`${videoFolderName}/ holds ${numberedVideoFiles.length} numbered video file(s) such as ${example}`)
  }
  if (gazeFolders.length > 0) {
    const verb = gazeFolders.length === 1 ? 'holds' : 'hold'
    evidence.push(`${gazeFolders.join(', ')} ${verb} ${gazeCount} raw eye-tracker export(s)`)
  }

  const issues: DatasetIssue[] = []
  const planners: LayoutScan['planners'] = []
  for (const video of [...videos.values()].sort((a, b) => a.id - b.id)) {
    const group = dhf1kSplit(video.id)
    if (!video.videoFile && !video.frameDir && !(await hasImagesFolder(video.annotationDir))) {
      issues.push({
        severity: 'warning',
        code: 'missing-video',
        message:
          `annotation for ${video.name} has no video: ` +
          `expected ${videoFolderName ?? 'video'}/${String(video.id).padStart(3, '0')}.AVI or a frame folder`,
        video: video.name,
        path: video.annotationDir ?? undefined
      })
      continue
    }
    planners.push({ name: video.name, group, plan: () => planDhf1kVideo(video, group, folds) })
  }

  return { layout: 'dhf1k', detail: `DHF1K: ${evidence.join('; ')}`, issues, planners }
}

async function hasImagesFolder(annotationDir: string | null): Promise<boolean> {
  if (!annotationDir) return false
  const listing = await listDirIfExists(annotationDir)
  return listing !== null && findName(listing.dirs, 'images') !== null
}

/** exportdata_x/P01/P01_Trail002.txt → video 2. Returns how many files were attached. */
async function collectGazeFiles(
  root: string,
  gazeFolders: string[],
  videoById: (id: number) => Dhf1kVideo | undefined
): Promise<number> {
  let count = 0
  for (const folder of gazeFolders) {
    const viewers = await listDirIfExists(join(root, folder))
    if (!viewers) continue
    for (const viewer of viewers.dirs.sort(naturalCompare)) {
      const files = await listDirIfExists(join(root, folder, viewer))
      for (const file of files?.files ?? []) {
        const match = TRAIL_FILE.exec(file)
        if (!match) continue
        const video = videoById(Number(match[1]))
        if (!video) continue
        video.gaze ??= { folder: join(root, folder), files: [] }
        video.gaze.files.push(join(viewer, file))
        count++
      }
    }
  }
  return count
}

async function planDhf1kVideo(video: Dhf1kVideo, group: string, folds: ScanInput['folds']): Promise<VideoPlan> {
  const issues: DatasetIssue[] = []
  const annotation = video.annotationDir ? await listDir(video.annotationDir) : null

  let frames: PlannedFrames
  // a WAV beside a frame folder is its audio; a video file carries its own track
  let audioPath: string | null = null
  if (video.videoFile) {
    frames = { kind: 'file', path: video.videoFile }
  } else {
    const dir = video.frameDir ?? join(video.annotationDir ?? '', findName(annotation?.dirs ?? [], 'images') ?? 'images')
    const listing = await listDir(dir)
    frames = { kind: 'frames', dir, names: listing.files.filter(isImageFile) }
    const wav = listing.files.find(isWavFile)
    if (wav) audioPath = join(dir, wav)
  }

  let maps: VideoPlan['maps'] = null
  let fixations: PlannedFixations = { kind: 'none' }
  if (video.annotationDir && annotation) {
    const mapsName = findName(annotation.dirs, 'maps')
    if (mapsName) maps = { dir: join(video.annotationDir, mapsName), names: (await listDir(join(video.annotationDir, mapsName))).files }
    const fixationName = findName(annotation.dirs, 'fixation', 'fixations')
    if (fixationName) fixations = await planFixationFolder(join(video.annotationDir, fixationName))
  } else if (!video.gaze) {
    issues.push({
      severity: 'info',
      code: 'no-annotation',
      message: `no annotation folder for ${video.name} (DHF1K withholds the test annotations, videos 701–1000)`,
      video: video.name
    })
  }
  if (fixations.kind === 'none' && video.gaze) {
    fixations = {
      kind: 'gaze',
      file: video.gaze.folder,
      description: `${video.gaze.files.length} viewer file(s) such as ${video.gaze.files[0]}`
    }
  }

  return {
    name: video.name,
    group,
    frames,
    maps,
    fixations,
    audioPath,
    fold: foldOf(folds, video.name) ?? foldOf(folds, String(video.id).padStart(3, '0')),
    fpsConvention: 'DHF1K frame folders',
    issues
  }
}
