// Fold lists ("name nframes fps" per line, e.g. DIEM_list_test_fps.txt) as shipped with STAViS,
// ViNet and AViNet. They carry the authors' fps, which beats any guess, and the split membership.
import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { DatasetIssue } from '../../shared/types'
import { findName, listDirIfExists } from './fsScan'

export interface FoldEntry {
  name: string
  frameCount: number
  fps: number
  /** the list file this entry came from */
  list: string
}

export interface FoldList {
  path: string
  /** the sub-database the list is for: the file-name part before '_list_' ('Coutrot_db1', 'DIEM') */
  database: string | null
  entries: FoldEntry[]
}

const LIST_NAME = /_list_.*\.txt$/i

export function isFoldListName(name: string): boolean {
  return LIST_NAME.test(name)
}

export function databaseOfList(fileName: string): string | null {
  const at = fileName.toLowerCase().indexOf('_list_')
  return at > 0 ? fileName.slice(0, at) : null
}

/** Parses one list; malformed lines become warnings naming file and line, the rest is kept. */
export function parseFoldList(text: string, path: string): { list: FoldList; issues: DatasetIssue[] } {
  const entries: FoldEntry[] = []
  const issues: DatasetIssue[] = []
  const lines = text.split(/\r?\n/)
  lines.forEach((line, i) => {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    const [name, framesText, fpsText] = trimmed.split(/\s+/)
    const frameCount = Number(framesText)
    const fps = Number(fpsText)
    if (!Number.isInteger(frameCount) || frameCount < 0 || !Number.isFinite(fps) || fps <= 0) {
      issues.push({
        severity: 'warning',
        code: 'bad-fold-list-line',
        message: `${basename(path)} line ${i + 1}: expected "name nframes fps", found "${trimmed}"`,
        path
      })
      return
    }
    entries.push({ name, frameCount, fps, list: path })
  })
  return { list: { path, database: databaseOfList(basename(path)), entries }, issues }
}

/** Lists in the root itself and in a fold_lists/ (or fold-lists/, lists/) folder. */
export async function findFoldLists(root: string, rootFiles: readonly string[], rootDirs: readonly string[]): Promise<string[]> {
  const found = rootFiles.filter(isFoldListName).map((f) => join(root, f))
  const folder = findName(rootDirs, 'fold_lists', 'fold-lists', 'foldlists', 'lists')
  if (folder) {
    const listing = await listDirIfExists(join(root, folder))
    if (listing) found.push(...listing.files.filter(isFoldListName).map((f) => join(root, folder, f)))
  }
  return found.sort()
}

export class FoldIndex {
  readonly lists: FoldList[]
  private readonly byDatabase = new Map<string, Map<string, FoldEntry>>()
  private readonly byName = new Map<string, FoldEntry>()

  constructor(lists: FoldList[]) {
    this.lists = lists
    for (const list of lists) {
      const db = (list.database ?? '').toLowerCase()
      let names = this.byDatabase.get(db)
      if (!names) this.byDatabase.set(db, (names = new Map()))
      for (const entry of list.entries) {
        if (!names.has(entry.name)) names.set(entry.name, entry)
        if (!this.byName.has(entry.name)) this.byName.set(entry.name, entry)
      }
    }
  }

  get isEmpty(): boolean {
    return this.byName.size === 0
  }

  /** The entry for a video: within its sub-database when given, else any list naming it. */
  lookup(name: string, database?: string | null): FoldEntry | null {
    if (database) {
      const hit = this.byDatabase.get(database.toLowerCase())?.get(name)
      if (hit) return hit
    }
    return this.byName.get(name) ?? null
  }

  /** Sub-databases named by the lists, with their video names (train and test folds merged). */
  databases(): Map<string, { label: string; names: Map<string, FoldEntry> }> {
    const out = new Map<string, { label: string; names: Map<string, FoldEntry> }>()
    for (const list of this.lists) {
      if (!list.database) continue
      const key = list.database.toLowerCase()
      out.set(key, { label: list.database, names: this.byDatabase.get(key) ?? new Map() })
    }
    return out
  }
}

export async function loadFoldLists(paths: readonly string[]): Promise<{ index: FoldIndex; issues: DatasetIssue[] }> {
  const lists: FoldList[] = []
  const issues: DatasetIssue[] = []
  for (const path of paths) {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (err) {
      issues.push({
        severity: 'warning',
        code: 'unreadable',
        message: `cannot read fold list ${basename(path)}: ${(err as Error).message}`,
        path
      })
      continue
    }
    const parsed = parseFoldList(text, path)
    lists.push(parsed.list)
    issues.push(...parsed.issues)
  }
  return { index: new FoldIndex(lists), issues }
}
