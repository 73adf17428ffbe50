import { afterEach, describe, expect, it } from 'vitest'
import { indexDataset } from '../../../src/main/datasets'
import { jpegBytes } from '../../fixtures/datasets/images'
import { makeTree, numbered, range, type TempTree } from '../../fixtures/datasets/tree'
import { fixationMat } from '../../fixtures/datasets/writeMat'
import { codes, issue, noProbe, videoNamed } from './helpers'

const frame = jpegBytes(40, 30)
const eyeMap = jpegBytes(20, 15, [200, 200, 200])
const fixMap = fixationMat('eyeMap', 20, 15, [{ x: 5, y: 5 }])

function stavisVideo(db: string, name: string, frames: number[], opts: { wav?: boolean; matsInMaps?: boolean } = {}) {
  const matFolder = opts.matsInMaps ? `annotations/${db}/${name}/maps` : `annotations/${db}/${name}`
  return {
    ...numbered(`video_frames/${db}/${name}/img_{n}.jpg`, frames, 5, frame),
    ...numbered(`annotations/${db}/${name}/maps/eyeMap_{n}.jpg`, frames, 5, eyeMap),
    ...numbered(`${matFolder}/fixMap_{n}.mat`, frames, 5, fixMap),
    ...(opts.wav === false ? {} : { [`video_audio/${db}/${name}/${name}.wav`]: 'RIFF' })
  }
}

let tree: TempTree | null = null
afterEach(() => {
  tree?.remove()
  tree = null
})

describe('STAViS-style audio-visual sets', () => {
  it('reads frames, eyeMaps, fixMap .mat (variable eyeMap), WAV audio and fold-list fps', async () => {
    tree = makeTree({
      ...stavisVideo('DIEM', 'clipA', range(1, 5)),
      ...stavisVideo('DIEM', 'clipB', range(1, 4), { wav: false, matsInMaps: true }),
      ...stavisVideo('Coutrot_db1', 'clip1', range(1, 3)),
      'fold_lists/DIEM_list_test_fps.txt': 'clipA 5 29.970030\nclipB 6 25\nclipC 100 30\n',
      'fold_lists/AVAD_list_test_1_fps.txt': 'V1_Speech 10 30\n'
    })
    const ds = await indexDataset(tree.root, noProbe)
    expect(ds.layout).toBe('stavis')
    expect(ds.layoutDetail).toBe(
      'STAViS-style audio-visual set: video_frames/Coutrot_db1/clip1/ holds img_00001.jpg… with annotations/ and video_audio/ (databases: Coutrot_db1, DIEM, 2 fold list(s))'
    )
    expect(ds.videos.map((v) => [v.group, v.name])).toEqual([
      ['Coutrot_db1', 'clip1'],
      ['DIEM', 'clipA'],
      ['DIEM', 'clipB']
    ])

    const a = videoNamed(ds.videos, 'clipA')
    expect(a).toMatchObject({
      frameCount: 5,
      fps: 29.97003,
      width: 40,
      height: 30,
      hasAudio: true,
      audioPath: tree.path('video_audio/DIEM/clipA/clipA.wav'),
      mapSize: { width: 20, height: 15 }
    })
    expect(a.maps).toEqual({ dir: tree.path('annotations/DIEM/clipA/maps'), files: range(1, 5).map((n) => `eyeMap_0000${n}.jpg`) })
    expect(a.fixations).toEqual({
      kind: 'mat',
      dir: tree.path('annotations/DIEM/clipA'),
      files: range(1, 5).map((n) => `fixMap_0000${n}.mat`),
      key: 'eyeMap'
    })
    expect(issue(a, 'fps-source')?.message).toBe('fps 29.97003 from fold list DIEM_list_test_fps.txt')
    expect(codes(a.issues)).toEqual(['fps-source', 'map-size-mismatch'])

    const b = videoNamed(ds.videos, 'clipB')
    expect(b).toMatchObject({ fps: 25, hasAudio: false, audioPath: null })
    expect(b.fixations).toMatchObject({ kind: 'mat', dir: tree.path('annotations/DIEM/clipB/maps'), key: 'eyeMap' })
    expect(issue(b, 'missing-audio')?.message).toBe(`no audio: expected ${tree.path('video_audio/DIEM/clipB/clipB.wav')}`)
    expect(issue(b, 'frame-count-mismatch')?.message).toBe('fold list DIEM_list_test_fps.txt says 6 frames, the folder has 4')

    // no list for Coutrot_db1 here: the default fps, said so
    const c = videoNamed(ds.videos, 'clip1')
    expect(c.fps).toBe(30)
    expect(issue(c, 'fps-source')?.message).toBe('no fps recorded for STAViS frame folders without a fold-list entry: assuming 30 fps')

    expect(issue(ds, 'missing-video')).toMatchObject({
      severity: 'warning',
      video: 'clipC',
      message: 'clipC is in fold list DIEM_list_test_fps.txt but video_frames/DIEM/clipC/ does not exist'
    })
    expect(issue(ds, 'database-absent')?.message).toBe('fold lists name database AVAD (1 videos) but video_frames/AVAD/ is absent')
  })

  it('finds fold lists in the root too', async () => {
    tree = makeTree({ ...stavisVideo('SumMe', 'Jumps', range(1, 2)), 'SumMe_list_test_1_fps.txt': 'Jumps 2 29.970030\n' })
    const v = (await indexDataset(tree.root, noProbe)).videos[0]
    expect(v.fps).toBe(29.97003)
  })

  it('flags missing eye maps and missing frames by number', async () => {
    tree = makeTree({
      ...numbered('video_frames/ETMD_av/CHI_1_color/img_{n}.jpg', [1, 2, 3, 5], 5, frame),
      ...numbered('annotations/ETMD_av/CHI_1_color/maps/eyeMap_{n}.jpg', [1, 2], 5, eyeMap),
      ...numbered('annotations/ETMD_av/CHI_1_color/fixMap_{n}.mat', [1, 2, 3, 5], 5, fixMap),
      'video_audio/ETMD_av/CHI_1_color/CHI_1_color.wav': 'RIFF'
    })
    const v = (await indexDataset(tree.root, noProbe)).videos[0]
    expect(issue(v, 'missing-frame')?.message).toBe('frame 4 is missing from the numbering 1–5')
    expect(issue(v, 'missing-map')?.message).toBe('no GT map for frames 3, 5 (2 of 4)')
    expect(v.maps?.files).toEqual(['eyeMap_00001.jpg', 'eyeMap_00002.jpg', null, null])
  })
})
