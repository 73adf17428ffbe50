// The contract every layout module fulfils: detect cheaply from the top-level listing, then
// hand back one planner per video so the indexer can run them under its concurrency limit.
import type { DatasetIssue, LayoutKind } from '../../../shared/types'
import type { FoldIndex } from '../foldLists'
import type { DirListing } from '../fsScan'
import type { VideoPlan } from '../videoPlan'

export interface LayoutScan {
  layout: LayoutKind
  /** which layout and the evidence, as one sentence */
  detail: string
  issues: DatasetIssue[]
  /** one planner per video, in display order */
  planners: { name: string; group: string | null; plan: () => Promise<VideoPlan> }[]
}

export interface ScanInput {
  root: string
  top: DirListing
  folds: FoldIndex
}

/** A layout's scanner: null when the folder does not follow that layout. */
export type LayoutScanner = (input: ScanInput) => Promise<LayoutScan | null>

/** A fold-list entry as a VideoPlan's `fold`. */
export function foldOf(folds: FoldIndex, name: string, database?: string | null): VideoPlan['fold'] {
  const entry = folds.lookup(name, database)
  return entry ? { fps: entry.fps, frameCount: entry.frameCount, list: entry.list } : null
}
