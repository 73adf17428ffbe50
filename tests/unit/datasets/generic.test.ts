import { afterEach, describe, expect, it } from 'vitest'
import { indexDataset } from '../../../src/main/datasets'
import type { IndexDeps } from '../../../src/main/datasets/types'
import { fixationPng, pngBytes } from '../../fixtures/datasets/images'
import { makeTree, numbered, range, type TempTree } from '../../fixtures/datasets/tree'
import { codes, issue, probeOf, videoNamed } from './helpers'

const map = pngBytes(48, 27)
const fix = fixationPng(48, 27, [{ x: 1, y: 1 }])

const deps: IndexDeps = {
  probeVideo: async (path) => {
    if (path.endsWith('bad.avi')) throw new Error('moov atom not found')
    if (path.endsWith('third.mkv')) return probeOf({ frameCount: 5, width: 48, height: 27, fps: 24, hasAudio: true, audioCodec: 'aac' })
    return probeOf({ frameCount: 3, width: 48, height: 27, fps: 25 })
  }
}

let tree: TempTree | null = null
afterEach(() => {
  tree?.remove()
  tree = null
})

describe('generic folder of video files', () => {
  it('finds videos with sibling map, fixation, gaze and audio files', async () => {
    tree = makeTree({
      'clip.mp4': 'x',
      'clip.wav': 'RIFF',
      ...numbered('clip_maps/{n}.png', range(1, 3), 4, map),
      ...numbered('fixations/clip/{n}.png', range(1, 3), 4, fix),
      'other.webm': 'x',
      ...numbered('maps/other/frame_{n}.png', range(0, 2), 3, map),
      'other.csv': 't,x,y\n',
      'third.mkv': 'x',
      'gaze/third/viewer01.txt': '1 2 3\n',
      'bad.avi': 'x',
      'notes.txt': 'hello'
    })
    const ds = await indexDataset(tree.root, deps)
    expect(ds.layout).toBe('generic')
    expect(ds.layoutDetail).toBe('Generic video folder: 4 video file(s) such as bad.avi, clip.mp4, other.webm, …')
    expect(ds.videos.map((v) => v.name)).toEqual(['bad', 'clip', 'other', 'third'])

    const clip = videoNamed(ds.videos, 'clip')
    expect(clip).toMatchObject({ frameCount: 3, fps: 25, hasAudio: true, audioPath: tree.path('clip.wav'), group: null })
    expect(clip.maps).toEqual({ dir: tree.path('clip_maps'), files: ['0001.png', '0002.png', '0003.png'] })
    expect(clip.fixations).toEqual({ kind: 'png', dir: tree.path('fixations/clip'), files: ['0001.png', '0002.png', '0003.png'] })

    // maps numbered from 0 line up with frame index 0
    const other = videoNamed(ds.videos, 'other')
    expect(other.maps?.files).toEqual(['frame_000.png', 'frame_001.png', 'frame_002.png'])
    expect(other.fixations).toEqual({ kind: 'gaze', file: tree.path('other.csv') })
    expect(issue(other, 'raw-gaze')?.severity).toBe('info')

    const third = videoNamed(ds.videos, 'third')
    expect(third).toMatchObject({ hasAudio: true, audioPath: tree.path('third.mkv'), fps: 24, frameCount: 5, maps: null })
    expect(third.fixations).toEqual({ kind: 'gaze', file: tree.path('gaze/third') })

    const bad = videoNamed(ds.videos, 'bad')
    expect(issue(bad, 'undecodable')).toMatchObject({ severity: 'error', message: 'cannot decode video file bad.avi: moov atom not found' })
    expect(bad).toMatchObject({ frameCount: 0, width: 0, height: 0, hasAudio: false })
    expect(codes(bad.issues)).toEqual(['fps-source', 'undecodable'])
  })

  it('takes one level of sub-folders as groups', async () => {
    tree = makeTree({ 'outdoor/a.mp4': 'x', 'outdoor/a_maps/1.png': map, 'indoor/b.mov': 'x', 'maps/': '' })
    const ds = await indexDataset(tree.root, deps)
    expect(ds.layoutDetail).toBe('Generic video folder: 2 video file(s) in 2 sub-folder(s) (indoor, outdoor) such as indoor/b.mov, outdoor/a.mp4')
    expect(ds.videos.map((v) => [v.group, v.name])).toEqual([
      ['indoor', 'b'],
      ['outdoor', 'a']
    ])
    const a = videoNamed(ds.videos, 'a')
    expect(a.maps?.files).toEqual(['1.png', null, null])
    expect(issue(a, 'missing-map')?.message).toBe('no GT map for frames 2–3 (2 of 3)')
  })
})
