import { chmodSync, mkdirSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { indexDataset } from '../../../src/main/datasets'
import { rootAccessError } from '../../../src/main/datasets/errors'
import { makeTree, type TempTree } from '../../fixtures/datasets/tree'
import { noProbe } from './helpers'
import { AppError } from '../../../src/shared/errors'

let tree: TempTree | null = null
afterEach(() => {
  tree?.remove()
  tree = null
})

async function errorOf(root: string): Promise<AppError> {
  try {
    await indexDataset(root, noProbe)
  } catch (err) {
    if (err instanceof AppError) return err
    throw err
  }
  throw new Error(`indexing ${root} was expected to fail`)
}

const isRoot = process.getuid?.() === 0

describe('bad dataset roots', () => {
  it("a missing folder is 'not-found'", async () => {
    tree = makeTree({})
    const err = await errorOf(tree.path('nope'))
    expect(err.code).toBe('not-found')
    expect(err.message).toBe(`Dataset folder not found: ${tree.path('nope')}`)
  })

  it("a file is 'not-a-directory'", async () => {
    tree = makeTree({ 'clip.mp4': 'x' })
    const err = await errorOf(tree.path('clip.mp4'))
    expect(err.code).toBe('not-a-directory')
    expect(err.message).toContain(tree.path('clip.mp4'))
  })

  it("a folder with no known layout is 'no-layout', listing what was looked for and found", async () => {
    tree = makeTree({ 'readme.md': '# hi', 'pictures/a.png': 'x', 'data.csv': '1,2' })
    const err = await errorOf(tree.root)
    expect(err.code).toBe('no-layout')
    expect(err.message).toBe(`No known dataset layout in ${tree.root}`)
    expect(err.details).toHaveLength(5)
    expect(err.details?.[0]).toMatch(/^looked for STAViS-style AV set: video_frames/)
    expect(err.details?.[3]).toMatch(/^looked for generic: video files/)
    expect(err.details?.[4]).toBe('found: data.csv, pictures/, readme.md')
  })

  it("an empty folder says it is empty", async () => {
    tree = makeTree({})
    expect((await errorOf(tree.root)).details?.at(-1)).toBe('found: the folder is empty')
  })

  it("permission errors map to 'unreadable' with the reason", () => {
    const eacces = Object.assign(new Error("EACCES: permission denied, scandir '/d'"), { code: 'EACCES' })
    const err = rootAccessError(eacces, '/d')
    expect(err.code).toBe('unreadable')
    expect(err.message).toBe("Cannot read dataset folder /d: EACCES: permission denied, scandir '/d'")
  })

  it.skipIf(isRoot)("an unreadable folder on disk is 'unreadable'", async () => {
    tree = makeTree({})
    const locked = tree.path('locked')
    mkdirSync(locked)
    chmodSync(locked, 0o000)
    try {
      expect((await errorOf(locked)).code).toBe('unreadable')
    } finally {
      chmodSync(locked, 0o755)
    }
  })
})
if (isRoot) console.warn('skipped: the on-disk unreadable-folder check (running as root, which reads any folder)')
