// Opens a dataset folder: checks the root, reads fold lists, detects the layout (most specific
// first) and builds every video record under a small concurrency limit.
import { stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import type { DatasetIssue } from '../../shared/types'
import { buildVideo, type BuildContext } from './buildVideo'
import { rootAccessError } from './errors'
import { findFoldLists, loadFoldLists } from './foldLists'
import { listDir, mapLimit, type DirListing } from './fsScan'
import { scanDhf1k } from './layouts/dhf1k'
import { scanGeneric } from './layouts/generic'
import type { LayoutScan, LayoutScanner } from './layouts/layoutScan'
import { scanStavis } from './layouts/stavis'
import { scanVinet } from './layouts/vinet'
import type { IndexDeps, IndexOptions, IndexedDataset, NewVideo } from './types'
import { AppError } from '../../shared/errors'

// Most specific first: a DHF1K root also holds video files, which the generic scanner would take.
const SCANNERS: { scanner: LayoutScanner; lookedFor: string }[] = [
  { scanner: scanStavis, lookedFor: 'STAViS-style AV set: video_frames/<DB>/<video>/img_00001.jpg (with annotations/, video_audio/)' },
  { scanner: scanDhf1k, lookedFor: 'DHF1K: annotation/0001/ with maps/ or fixation/ (with video/001.AVI)' },
  { scanner: scanVinet, lookedFor: 'ViNet/ACLNet: [<split>/]<video>/images/ with maps/ or fixation/' },
  { scanner: scanGeneric, lookedFor: 'generic: video files (.mp4 .avi .mkv .webm .mov …) in the folder or one sub-folder down' }
]

const DEFAULT_CONCURRENCY = 8
const DEFAULT_FPS = 30

export async function indexDataset(root: string, deps: IndexDeps, opts: IndexOptions = {}): Promise<IndexedDataset> {
  const absRoot = resolve(root)
  const top = await readRoot(absRoot)

  const { index: folds, issues: foldIssues } = await loadFoldLists(await findFoldLists(absRoot, top.files, top.dirs))
  let scan: LayoutScan | null = null
  for (const { scanner } of SCANNERS) {
    scan = await scanner({ root: absRoot, top, folds })
    if (scan) break
  }
  if (!scan) throw noLayoutError(absRoot, top)

  const ctx: BuildContext = { deps, defaultFps: opts.defaultFps ?? DEFAULT_FPS, verify: opts.verify ?? 'quick' }
  const issues: DatasetIssue[] = [...foldIssues, ...scan.issues]
  if (folds.lists.length > 0) {
    issues.push({
      severity: 'info',
      code: 'fold-lists',
      message: `${folds.lists.length} fold list(s) read; their fps wins over the default and the files' own`
    })
  }

  let done = 0
  const total = scan.planners.length
  const built = await mapLimit(scan.planners, opts.concurrency ?? DEFAULT_CONCURRENCY, async (planner): Promise<NewVideo | null> => {
    try {
      return await buildVideo(await planner.plan(), ctx)
    } catch (err) {
      // a folder that cannot be listed costs that video, not the dataset
      issues.push({
        severity: 'error',
        code: 'unreadable',
        message: `cannot read video ${planner.name}: ${err instanceof Error ? err.message : String(err)}`,
        video: planner.name
      })
      return null
    } finally {
      opts.onProgress?.(++done, total)
    }
  })

  return {
    name: basename(absRoot),
    root: absRoot,
    layout: scan.layout,
    layoutDetail: scan.detail,
    issues,
    videos: built.filter((v): v is NewVideo => v !== null)
  }
}

async function readRoot(root: string): Promise<DirListing> {
  try {
    const info = await stat(root)
    if (!info.isDirectory()) {
      throw new AppError('not-a-directory', `Not a folder: ${root} (a dataset is opened by its folder)`, { path: root })
    }
    return await listDir(root)
  } catch (err) {
    if (err instanceof AppError) throw err
    throw rootAccessError(err, root)
  }
}

const SHOWN_ENTRIES = 20

function noLayoutError(root: string, top: DirListing): AppError {
  const entries = [...top.dirs.map((d) => `${d}/`), ...top.files].sort()
  const shown = entries.slice(0, SHOWN_ENTRIES).join(', ')
  const found =
    entries.length === 0
      ? 'found: the folder is empty'
      : `found: ${shown}${entries.length > SHOWN_ENTRIES ? ` and ${entries.length - SHOWN_ENTRIES} more` : ''}`
  return new AppError('no-layout', `No known dataset layout in ${root}`, {
    path: root,
    details: [...SCANNERS.map((s) => `looked for ${s.lookedFor}`), found]
  })
}
