import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { indexDataset } from '../../../src/main/datasets'
import type { IndexDeps } from '../../../src/main/datasets/types'
import { fixationPng, pngBytes } from '../../fixtures/datasets/images'
import { makeTree, numbered, range, type TempTree } from '../../fixtures/datasets/tree'
import { fixationMat } from '../../fixtures/datasets/writeMat'
import { codes, issue, probeOf, videoNamed } from './helpers'
import { dataPath, describeWithData } from '../../support/sharedData'

const SAMPLE = dataPath('dhf1k-sample')

const map = pngBytes(64, 36, (x) => x * 4)
const fix = fixationPng(64, 36, [{ x: 10, y: 5 }])

function annotation(id: string, frames: number[], fixFrames: number[] = frames) {
  return {
    ...numbered(`annotation/${id}/maps/{n}.png`, frames, 4, map),
    ...numbered(`annotation/${id}/fixation/{n}.png`, fixFrames, 4, fix)
  }
}

/** probe answers keyed by the video file's base name; a missing key throws like ffprobe would */
function probes(table: Record<string, ReturnType<typeof probeOf>>): IndexDeps {
  return {
    probeVideo: async (path) => {
      const name = path.split('/').pop() ?? path
      const hit = table[name]
      if (!hit) throw new Error(`Invalid data found when processing input (${name})`)
      return hit
    }
  }
}

let tree: TempTree | null = null
afterEach(() => {
  tree?.remove()
  tree = null
})

describe('DHF1K', () => {
  it('pairs video/001.AVI with annotation/0001 and aligns maps to frame indices', async () => {
    tree = makeTree({
      'video/001.AVI': 'avi',
      'video/002.AVI': 'avi',
      ...annotation('0001', range(1, 6)),
      ...annotation('0002', range(1, 4))
    })
    const deps = probes({
      '001.AVI': probeOf({ frameCount: 6, fps: 30, width: 64, height: 36, hasAudio: true, audioCodec: 'mp3' }),
      '002.AVI': probeOf({ frameCount: 4, fps: 29.97, width: 64, height: 36 })
    })
    const ds = await indexDataset(tree.root, deps)
    expect(ds.layout).toBe('dhf1k')
    expect(ds.layoutDetail).toBe('DHF1K: annotation/0001 has maps/, fixation/; video/ holds 2 numbered video file(s) such as 001.AVI')
    const v1 = videoNamed(ds.videos, '0001')
    expect(v1).toMatchObject({
      group: 'train',
      frameCount: 6,
      fps: 30,
      width: 64,
      height: 36,
      hasAudio: true,
      audioPath: tree.path('video/001.AVI'),
      frames: { kind: 'file', path: tree.path('video/001.AVI') },
      mapSize: null
    })
    expect(v1.maps?.files).toEqual(range(1, 6).map((n) => `${String(n).padStart(4, '0')}.png`))
    expect(v1.fixations).toMatchObject({ kind: 'png', dir: tree.path('annotation/0001/fixation') })
    expect(issue(v1, 'fps-source')?.message).toBe('fps 30 from the video file')
    expect(videoNamed(ds.videos, '0002')).toMatchObject({ fps: 29.97, hasAudio: false, audioPath: null })
  })

  it('reports maps missing for frames of the video', async () => {
    tree = makeTree({ 'video/001.AVI': 'avi', ...annotation('0001', [1, 2, 3, 5], range(1, 6)) })
    const v = (await indexDataset(tree.root, probes({ '001.AVI': probeOf({ frameCount: 6, width: 64, height: 36 }) }))).videos[0]
    expect(v.maps?.files).toEqual(['0001.png', '0002.png', '0003.png', null, '0005.png', null])
    expect(issue(v, 'missing-map')?.message).toBe('no GT map for frames 4, 6 (2 of 6)')
  })

  it('keeps an undecodable video with an error, sized from its maps', async () => {
    tree = makeTree({ 'video/001.AVI': 'not really a video', ...annotation('0001', range(1, 5)) })
    const ds = await indexDataset(tree.root, probes({}))
    expect(ds.videos).toHaveLength(1)
    const v = ds.videos[0]
    expect(issue(v, 'undecodable')).toMatchObject({
      severity: 'error',
      message: 'cannot decode video file 001.AVI: Invalid data found when processing input (001.AVI)',
      path: tree.path('video/001.AVI')
    })
    expect(v).toMatchObject({ frameCount: 5, width: 64, height: 36, fps: 30, hasAudio: false })
    expect(v.maps?.files.every((f) => f !== null)).toBe(true)
  })

  it('reads frame folders and .mat fixations (variable I) in place of a video file', async () => {
    const frame = pngBytes(64, 36)
    tree = makeTree({
      ...numbered('frames/0003/{n}.png', range(1, 4), 4, frame),
      ...numbered('annotation/0003/maps/{n}.png', range(1, 4), 4, map),
      ...numbered('annotation/0003/fixation/maps/{n}.mat', range(1, 4), 4, fixationMat('I', 64, 36, [{ x: 2, y: 2 }]))
    })
    const v = (await indexDataset(tree.root, probes({}))).videos[0]
    expect(v).toMatchObject({ name: '0003', frameCount: 4, width: 64, height: 36, fps: 30 })
    expect(v.frames).toMatchObject({ kind: 'frames', dir: tree.path('frames/0003') })
    expect(v.fixations).toMatchObject({ kind: 'mat', key: 'I', dir: tree.path('annotation/0003/fixation/maps') })
    expect(issue(v, 'fps-source')?.message).toBe('no fps recorded for DHF1K frame folders: assuming 30 fps')
  })

  it('lists test videos without annotation and warns about annotation without video', async () => {
    tree = makeTree({ 'video/001.AVI': 'avi', 'video/701.AVI': 'avi', ...annotation('0001', range(1, 2)), ...annotation('0005', range(1, 2)) })
    const ds = await indexDataset(
      tree.root,
      probes({ '001.AVI': probeOf({ frameCount: 2 }), '701.AVI': probeOf({ frameCount: 3 }) })
    )
    expect(ds.videos.map((v) => [v.name, v.group])).toEqual([
      ['0001', 'train'],
      ['0701', 'test']
    ])
    const test = videoNamed(ds.videos, '0701')
    expect(test.maps).toBeNull()
    expect(test.fixations).toEqual({ kind: 'none' })
    expect(issue(test, 'no-annotation')?.severity).toBe('info')
    expect(issue(ds, 'missing-video')).toMatchObject({
      severity: 'warning',
      video: '0005',
      message: 'annotation for 0005 has no video: expected video/005.AVI or a frame folder'
    })
  })

  it('takes fps from a DHF1K fold list over the file', async () => {
    tree = makeTree({ 'video/601.AVI': 'avi', ...annotation('0601', range(1, 2)), 'DHF1K_list_test_1_fps.txt': '0601 2 24.0\n' })
    const v = (await indexDataset(tree.root, probes({ '601.AVI': probeOf({ frameCount: 2, fps: 30 }) }))).videos[0]
    expect(v).toMatchObject({ group: 'val', fps: 24 })
    expect(issue(v, 'fps-source')?.message).toBe('fps 24 from fold list DHF1K_list_test_1_fps.txt; the file reports 30')
  })
})

describeWithData('dhf1k-sample', 'the real DHF1K sample (video + raw eye-tracker exports)', () => {
  it('finds video 002 with its 17 viewers of raw gaze as a gaze import hook', async () => {
    const seen: string[] = []
    const ds = await indexDataset(SAMPLE, {
      probeVideo: async (path) => {
        seen.push(path)
        return probeOf({ width: 640, height: 360, fps: 30, frameCount: 783, hasAudio: true, audioCodec: 'mp3' })
      }
    })
    expect(seen).toEqual([join(SAMPLE, 'video/002.AVI')])
    expect(ds.layout).toBe('dhf1k')
    expect(ds.layoutDetail).toBe('DHF1K: video/ holds 1 numbered video file(s) such as 002.AVI; exportdata_train holds 17 raw eye-tracker export(s)')
    const v = ds.videos[0]
    expect(v).toMatchObject({ name: '0002', frameCount: 783, width: 640, height: 360, hasAudio: true, maps: null })
    expect(v.fixations).toEqual({ kind: 'gaze', file: join(SAMPLE, 'exportdata_train') })
    expect(issue(v, 'raw-gaze')?.message).toBe(
      'raw gaze found (17 viewer file(s) such as P01/P01_Trail002.txt); importing it turns it into fixations'
    )
    expect(codes(v.issues)).toEqual(['fps-source', 'raw-gaze'])
  })
})
