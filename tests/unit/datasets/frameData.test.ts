import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { indexDataset, nonzeroPoints, readFixationPoints } from '../../../src/main/datasets'
import type { FixationSource } from '../../../src/shared/types'
import { fixationPng } from '../../fixtures/datasets/images'
import { makeTree } from '../../fixtures/datasets/tree'
import { fixationMat, writeMat } from '../../fixtures/datasets/writeMat'
import { noProbe } from './helpers'
import { AppError } from '../../../src/shared/errors'
import { dataPath, describeWithData } from '../../support/sharedData'

const UCF = dataPath('ucf-sports')

const points = [
  { x: 4, y: 0 },
  { x: 1, y: 3 },
  { x: 7, y: 5 }
]
const tree = makeTree({
  'fix/0001.png': fixationPng(8, 6, points),
  'fix/0002.png': fixationPng(4, 3, [{ x: 3, y: 1 }]),
  'mat/0001.mat': fixationMat('I', 8, 6, points),
  'mat/eye.mat': fixationMat('eyeMap', 8, 6, [{ x: 2, y: 2 }]),
  'mat/two.mat': writeMat([
    { name: 'labels', rows: 1, cols: 2, values: [1, 2], type: 'double' },
    { name: 'other', rows: 1, cols: 1, values: [0], type: 'double' }
  ])
})
afterAll(() => tree.remove())

function video(fixations: FixationSource, size = { width: 8, height: 6 }) {
  return { name: 'v', frameCount: 3, ...size, fixations }
}

const byPosition = (a: { x: number; y: number }, b: { x: number; y: number }) => a.y - b.y || a.x - b.x

describe('readFixationPoints', () => {
  it('returns the nonzero pixels of a fixation PNG', async () => {
    const got = await readFixationPoints(video({ kind: 'png', dir: tree.path('fix'), files: ['0001.png', null, null] }), 0)
    expect(got).toEqual([...points].sort(byPosition))
  })

  it('scales points of a smaller fixation map onto the frame', async () => {
    // 4×3 map on an 8×6 frame: cell (3,1) has its centre at (7, 3) in frame pixels
    const got = await readFixationPoints(video({ kind: 'png', dir: tree.path('fix'), files: [null, '0002.png', null] }), 1)
    expect(got).toEqual([{ x: 7, y: 3 }])
  })

  it('reads the variable I of a .mat, row-major, as x = column and y = row', async () => {
    const got = await readFixationPoints(video({ kind: 'mat', dir: tree.path('mat'), files: ['0001.mat', null, null], key: 'I' }), 0)
    expect(got).toEqual([...points].sort(byPosition))
  })

  it('reads the variable eyeMap for STAViS', async () => {
    const got = await readFixationPoints(video({ kind: 'mat', dir: tree.path('mat'), files: ['eye.mat', null, null], key: 'eyeMap' }), 0)
    expect(got).toEqual([{ x: 2, y: 2 }])
  })

  it('names the keys present when the variable is missing', async () => {
    const read = readFixationPoints(video({ kind: 'mat', dir: tree.path('mat'), files: ['two.mat', null, null], key: 'I' }), 0)
    await expect(read).rejects.toBeInstanceOf(AppError)
    await expect(read).rejects.toMatchObject({
      code: 'mat-key-missing',
      message: `${tree.path('mat/two.mat')}: expected the fixation variable 'I', found 'labels', 'other'`,
      details: ['labels', 'other']
    })
  })

  it("with key '' takes the file's first 2-D variable", async () => {
    const got = await readFixationPoints(
      video({ kind: 'mat', dir: tree.path('mat'), files: ['two.mat', null, null], key: '' }, { width: 2, height: 1 }),
      0
    )
    expect(got).toEqual([
      { x: 0, y: 0 },
      { x: 1, y: 0 }
    ])
  })

  it('gives no points for a frame without a file, or a video without fixations', async () => {
    expect(await readFixationPoints(video({ kind: 'png', dir: tree.path('fix'), files: ['0001.png', null, null] }), 2)).toEqual([])
    expect(await readFixationPoints(video({ kind: 'none' }), 0)).toEqual([])
  })

  it('refuses raw gaze, out-of-range frames and vanished files with specific codes', async () => {
    await expect(readFixationPoints(video({ kind: 'gaze', file: '/g' }), 0)).rejects.toMatchObject({ code: 'fixations-not-imported' })
    await expect(readFixationPoints(video({ kind: 'none' }), 3)).rejects.toMatchObject({
      code: 'frame-out-of-range',
      message: 'frame index 3 is outside video v (frames 0–2)'
    })
    const gone = readFixationPoints(video({ kind: 'png', dir: tree.path('fix'), files: ['0009.png', null, null] }), 0)
    await expect(gone).rejects.toMatchObject({ code: 'fixation-file-missing' })
  })
})

describe('nonzeroPoints', () => {
  it('ignores alpha and NaN', () => {
    // 2×1 RGBA: pixel 0 is transparent black with alpha 255, pixel 1 has red
    const rgba = { width: 2, height: 1, data: [0, 0, 0, 255, 9, 0, 0, 0], stride: 4, valuesPerCell: 3 }
    expect(nonzeroPoints(rgba, { width: 2, height: 1 })).toEqual([{ x: 1, y: 0 }])
    const withNaN = { width: 2, height: 1, data: [Number.NaN, 1], stride: 1, valuesPerCell: 1 }
    expect(nonzeroPoints(withNaN, { width: 2, height: 1 })).toEqual([{ x: 1, y: 0 }])
  })

  it('drops points that land on the same frame pixel when the map is larger', () => {
    const grid = { width: 4, height: 2, data: [1, 1, 0, 0, 0, 0, 0, 0], stride: 1, valuesPerCell: 1 }
    expect(nonzeroPoints(grid, { width: 2, height: 1 })).toEqual([{ x: 0, y: 0 }])
  })
})

describeWithData('ucf-sports', 'fixations of the real UCF-Sports sample', () => {
  it('the .mat (variable I) and the PNG render give the same points', async () => {
    const ds = await indexDataset(UCF, noProbe)
    const v = { ...ds.videos[0], id: 1, datasetId: 1 }
    expect(v.fixations.kind).toBe('mat')
    const pngDir = join(UCF, 'testing/Diving-Side-001/fixation')
    const pngFiles = readdirSync(pngDir).filter((f) => f.endsWith('.png')).sort()
    const asPng = { ...v, fixations: { kind: 'png' as const, dir: pngDir, files: pngFiles } }
    for (const index of [0, 10, 53]) {
      const fromMat = await readFixationPoints(v, index)
      const fromPng = await readFixationPoints(asPng, index)
      expect(fromMat.length, `frame ${index}`).toBeGreaterThan(0)
      expect(fromMat).toEqual(fromPng)
      for (const p of fromMat) {
        expect(p.x).toBeLessThan(720)
        expect(p.y).toBeLessThan(404)
      }
    }
  })
})
