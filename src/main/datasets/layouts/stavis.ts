// STAViS-style audio-visual sets (DIEM, Coutrot 1/2, AVAD, ETMD, SumMe):
//   video_frames/<DB>/<video>/img_00001.jpg
//   video_audio/<DB>/<video>/<video>.wav
//   annotations/<DB>/<video>/maps/eyeMap_00001.jpg   continuous GT saliency
//   annotations/<DB>/<video>/fixMap_00001.mat        binary fixations, variable eyeMap
//                                                    (some copies keep them under maps/)
//   fold_lists/<DB>_list_{train,test}_<k>_fps.txt    "name nframes fps"
import { join } from 'node:path'
import type { DatasetIssue } from '../../../shared/types'
import { naturalCompare } from '../frameNumbers'
import { findName, isImageFile, isMatFile, isWavFile, listDirIfExists, mapLimit, stripExtension } from '../fsScan'
import type { PlannedFixations, VideoPlan } from '../videoPlan'
import { foldOf, type LayoutScan, type ScanInput } from './layoutScan'

/** STAViS stores fixations in .mat files under the variable eyeMap */
const MAT_KEY = 'eyeMap'

interface StavisVideo {
  database: string
  name: string
  framesDir: string
  annotationDir: string | null
  /** where the WAV lives (or would live: the warning names it) */
  audioDir: string
}

export async function scanStavis({ root, top, folds }: ScanInput): Promise<LayoutScan | null> {
  const framesName = findName(top.dirs, 'video_frames')
  if (!framesName) return null
  const annotationsName = findName(top.dirs, 'annotations')
  const audioName = findName(top.dirs, 'video_audio')
  const framesRoot = join(root, framesName)
  const databases = ((await listDirIfExists(framesRoot))?.dirs ?? []).sort(naturalCompare)

  const perDatabase = await mapLimit(databases, 4, async (database) => {
    const videos = ((await listDirIfExists(join(framesRoot, database)))?.dirs ?? []).sort(naturalCompare)
    return { database, videos }
  })

  // evidence: the first video folder that holds frame images
  let evidence: string | null = null
  for (const { database, videos } of perDatabase) {
    for (const video of videos.slice(0, 3)) {
      const listing = await listDirIfExists(join(framesRoot, database, video))
      const firstImage = listing?.files.filter(isImageFile).sort(naturalCompare)[0]
      if (firstImage) {
        evidence = `${framesName}/${database}/${video}/ holds ${firstImage}…`
        break
      }
    }
    if (evidence) break
  }
  if (!evidence) return null

  const extras = [annotationsName && `${annotationsName}/`, audioName && `${audioName}/`].filter(Boolean)
  const listText = folds.lists.length > 0 ? `, ${folds.lists.length} fold list(s)` : ''
  const detail =
    `STAViS-style audio-visual set: ${evidence}` +
    (extras.length > 0 ? ` with ${extras.join(' and ')}` : '') +
    ` (databases: ${databases.join(', ')}${listText})`

  const videos: StavisVideo[] = []
  for (const { database, videos: names } of perDatabase) {
    for (const name of names) {
      videos.push({
        database,
        name,
        framesDir: join(framesRoot, database, name),
        annotationDir: annotationsName ? join(root, annotationsName, database, name) : null,
        audioDir: join(root, audioName ?? 'video_audio', database, name)
      })
    }
  }

  return {
    layout: 'stavis',
    detail,
    issues: foldListCoverage(perDatabase, folds, framesName),
    planners: videos.map((v) => ({ name: v.name, group: v.database, plan: () => planStavisVideo(v, folds, audioName) }))
  }
}

/** Videos a fold list names but the disk lacks; lists for databases that are absent altogether. */
function foldListCoverage(
  perDatabase: { database: string; videos: string[] }[],
  folds: ScanInput['folds'],
  framesName: string
): DatasetIssue[] {
  const issues: DatasetIssue[] = []
  const onDisk = new Map(perDatabase.map((d) => [d.database.toLowerCase(), d]))
  for (const [key, { label, names }] of folds.databases()) {
    const present = onDisk.get(key)
    if (!present) {
      issues.push({
        severity: 'info',
        code: 'database-absent',
        message: `fold lists name database ${label} (${names.size} videos) but ${framesName}/${label}/ is absent`
      })
      continue
    }
    const have = new Set(present.videos)
    for (const [name, entry] of names) {
      if (have.has(name)) continue
      issues.push({
        severity: 'warning',
        code: 'missing-video',
        message: `${name} is in fold list ${entry.list.split(/[\\/]/).pop()} but ${framesName}/${present.database}/${name}/ does not exist`,
        video: name,
        path: entry.list
      })
    }
  }
  return issues
}

async function planStavisVideo(video: StavisVideo, folds: ScanInput['folds'], audioName: string | null): Promise<VideoPlan> {
  const issues: DatasetIssue[] = []
  const frames = await listDirIfExists(video.framesDir)

  let maps: VideoPlan['maps'] = null
  let fixations: PlannedFixations = { kind: 'none' }
  const annotation = video.annotationDir ? await listDirIfExists(video.annotationDir) : null
  if (video.annotationDir && annotation) {
    const mapsName = findName(annotation.dirs, 'maps')
    const mapsListing = mapsName ? await listDirIfExists(join(video.annotationDir, mapsName)) : null
    if (mapsName && mapsListing) {
      maps = { dir: join(video.annotationDir, mapsName), names: mapsListing.files.filter((f) => isImageFile(f)) }
    }
    const matsHere = annotation.files.filter(isMatFile)
    const matsInMaps = (mapsListing?.files ?? []).filter(isMatFile)
    if (matsHere.length > 0) fixations = { kind: 'mat', dir: video.annotationDir, names: matsHere, key: MAT_KEY }
    else if (mapsName && matsInMaps.length > 0) {
      fixations = { kind: 'mat', dir: join(video.annotationDir, mapsName), names: matsInMaps, key: MAT_KEY }
    }
  } else {
    issues.push({
      severity: 'warning',
      code: 'no-annotation',
      message: `no annotation folder: expected ${video.annotationDir ?? `annotations/${video.database}/${video.name}`}`,
      video: video.name
    })
  }

  let audioPath: string | null = null
  if (audioName) {
    const wavs = ((await listDirIfExists(video.audioDir))?.files ?? []).filter(isWavFile)
    const wav = wavs.find((w) => stripExtension(w) === video.name) ?? wavs[0]
    if (wav) audioPath = join(video.audioDir, wav)
  }

  return {
    name: video.name,
    group: video.database,
    frames: { kind: 'frames', dir: video.framesDir, names: frames?.files ?? [] },
    maps,
    fixations,
    audioPath,
    expectedAudioPath: join(video.audioDir, `${video.name}.wav`),
    fold: foldOf(folds, video.name, video.database),
    fpsConvention: 'STAViS frame folders without a fold-list entry',
    issues
  }
}
