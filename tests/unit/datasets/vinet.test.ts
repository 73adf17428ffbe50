import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { indexDataset } from '../../../src/main/datasets'
import { fixationPng, jpegBytes, pngBytes } from '../../fixtures/datasets/images'
import { makeTree, numbered, range, type TempTree } from '../../fixtures/datasets/tree'
import { fixationMat } from '../../fixtures/datasets/writeMat'
import { codes, issue, noProbe, videoNamed } from './helpers'
import { dataPath, describeWithData } from '../../support/sharedData'

const UCF = dataPath('ucf-sports')

const frame = pngBytes(32, 18, (x, y) => x + y)
const map = pngBytes(32, 18, (x) => x * 8)
const smallMap = pngBytes(16, 9, (x) => x * 16)
const fix = fixationPng(32, 18, [{ x: 3, y: 4 }])

/** one ViNet video folder with frames, maps and fixation PNGs for the given numbers */
function video(prefix: string, name: string, frames: number[], extra: Record<string, Buffer | string> = {}) {
  const base = `${prefix}${name}`
  return {
    ...numbered(`${base}/images/${name}_{n}.png`, frames, 3, frame),
    ...numbered(`${base}/maps/${name}_{n}.png`, frames, 3, map),
    ...numbered(`${base}/fixation/${name}_{n}.png`, frames, 3, fix),
    ...extra
  }
}

let tree: TempTree | null = null
afterEach(() => {
  tree?.remove()
  tree = null
})

describe('ViNet/ACLNet per-video folders', () => {
  it('detects <split>/<video>/{images,maps,fixation} and says why', async () => {
    tree = makeTree({ ...video('testing/', 'walk', range(1, 10)), ...video('training/', 'run', range(1, 4)) })
    const ds = await indexDataset(tree.root, noProbe)
    expect(ds.layout).toBe('vinet')
    expect(ds.layoutDetail).toBe(
      'ViNet/ACLNet per-video folders: testing/walk has images/, maps/, fixation/ (2 video folder(s); split folders: testing, training)'
    )
    expect(ds.videos.map((v) => [v.group, v.name, v.frameCount])).toEqual([
      ['testing', 'walk', 10],
      ['training', 'run', 4]
    ])
    const walk = videoNamed(ds.videos, 'walk')
    expect(walk).toMatchObject({ width: 32, height: 18, fps: 30, hasAudio: false, audioPath: null, mapSize: null })
    expect(walk.frames).toEqual({ kind: 'frames', dir: tree.path('testing/walk/images'), files: range(1, 10).map((n) => `walk_${String(n).padStart(3, '0')}.png`) })
    expect(walk.maps?.files.every((f, i) => f === `walk_${String(i + 1).padStart(3, '0')}.png`)).toBe(true)
    expect(walk.fixations).toMatchObject({ kind: 'png', dir: tree.path('testing/walk/fixation') })
    expect(codes(walk.issues)).toEqual(['fps-source'])
    expect(issue(walk, 'fps-source')).toMatchObject({ severity: 'info', message: expect.stringContaining('assuming 30 fps') })
  })

  it('detects <video>/{images,maps,fixation} without a split level', async () => {
    tree = makeTree({ ...video('', 'a', range(1, 3)), ...video('', 'b', range(1, 3)) })
    const ds = await indexDataset(tree.root, noProbe)
    expect(ds.layout).toBe('vinet')
    expect(ds.layoutDetail).toContain('a has images/, maps/, fixation/ (2 video folder(s))')
    expect(ds.videos.map((v) => [v.group, v.name])).toEqual([
      [null, 'a'],
      [null, 'b']
    ])
  })

  it('opens a single video folder as a dataset of one', async () => {
    tree = makeTree(video('', 'solo', range(1, 3)))
    const ds = await indexDataset(join(tree.root, 'solo'), noProbe)
    expect(ds.layoutDetail).toBe('ViNet/ACLNet per-video folder: solo itself has images/, maps/, fixation/')
    expect(ds.videos[0]).toMatchObject({ name: 'solo', frameCount: 3 })
  })

  it('matches frames by number whatever their extension', async () => {
    tree = makeTree({
      ...video('s/', 'mix', [1, 2, 4]),
      's/mix/images/mix_003.jpg': jpegBytes(32, 18),
      's/mix/maps/mix_003.png': map,
      's/mix/fixation/mix_003.png': fix
    })
    const v = (await indexDataset(tree.root, noProbe)).videos[0]
    expect(v.frames.kind === 'frames' && v.frames.files).toEqual(['mix_001.png', 'mix_002.png', 'mix_003.jpg', 'mix_004.png'])
    expect(v.maps?.files).toEqual(['mix_001.png', 'mix_002.png', 'mix_003.png', 'mix_004.png'])
    expect(codes(v.issues)).toEqual(['fps-source'])
  })

  it('reports gaps in the frame numbering', async () => {
    tree = makeTree(video('s/', 'gappy', [1, 2, 3, 6, 7, 9]))
    const v = (await indexDataset(tree.root, noProbe)).videos[0]
    expect(v.frameCount).toBe(6)
    expect(issue(v, 'missing-frame')).toMatchObject({
      severity: 'warning',
      message: 'frames 4–5, 8 are missing from the numbering 1–9',
      video: 'gappy'
    })
    // maps follow the frames that exist
    expect(v.maps?.files).toHaveLength(6)
    expect(v.maps?.files.every((f) => f !== null)).toBe(true)
  })

  it('aligns maps with holes as null and lists the frames compactly', async () => {
    const frames = range(1, 40)
    const withMaps = frames.filter((n) => !(n >= 12 && n <= 14) && n !== 40)
    tree = makeTree({
      ...numbered('s/holes/images/{n}.png', frames, 4, frame),
      ...numbered('s/holes/maps/{n}.png', withMaps, 4, map),
      ...numbered('s/holes/fixation/{n}.png', frames, 4, fix)
    })
    const v = (await indexDataset(tree.root, noProbe)).videos[0]
    expect(v.maps?.files[10]).toBe('0011.png')
    expect(v.maps?.files.slice(11, 14)).toEqual([null, null, null])
    expect(v.maps?.files[39]).toBeNull()
    expect(issue(v, 'missing-map')).toMatchObject({ severity: 'warning', message: 'no GT map for frames 12–14, 40 (4 of 40)' })
  })

  it('sets mapSize and warns when maps and frames differ in size', async () => {
    tree = makeTree({
      ...numbered('s/v/images/{n}.png', range(1, 3), 3, frame),
      ...numbered('s/v/maps/{n}.png', range(1, 3), 3, smallMap),
      ...numbered('s/v/fixation/{n}.png', range(1, 3), 3, fix)
    })
    const v = (await indexDataset(tree.root, noProbe)).videos[0]
    expect(v.mapSize).toEqual({ width: 16, height: 9 })
    expect(issue(v, 'map-size-mismatch')).toMatchObject({
      severity: 'warning',
      message: 'maps are 16×9, frames 32×18: maps are resized for display and scoring'
    })
  })

  it('names empty and damaged frame files, and takes the size from the first good one', async () => {
    tree = makeTree({
      ...video('s/', 'bad', range(1, 8)),
      's/bad/images/bad_001.png': Buffer.from('this is not a png'),
      's/bad/images/bad_005.png': Buffer.alloc(0)
    })
    const v = (await indexDataset(tree.root, noProbe)).videos[0]
    expect(v.frameCount).toBe(8)
    expect(v.width).toBe(32)
    const corrupt = issue(v, 'corrupt-frame')
    expect(corrupt?.severity).toBe('error')
    expect(corrupt?.message).toMatch(/^2 frame file\(s\) are empty or damaged: bad_001\.png \(not a PNG, JPEG or BMP.*\), bad_005\.png \(file is empty \(0 bytes\)\)$/)
  })

  it("in 'headers' mode also catches damaged headers past the first frame", async () => {
    const truncated = pngBytes(32, 18).subarray(0, 20)
    tree = makeTree({ ...video('s/', 'cut', range(1, 5)), 's/cut/images/cut_004.png': truncated })
    const quick = (await indexDataset(tree.root, noProbe)).videos[0]
    expect(issue(quick, 'corrupt-frame')).toBeUndefined()
    const thorough = (await indexDataset(tree.root, noProbe, { verify: 'headers' })).videos[0]
    expect(issue(thorough, 'corrupt-frame')?.message).toContain('cut_004.png (PNG header cut short at 20 bytes)')
  })

  it('prefers fixation/maps/*.mat (variable I) and flags a .mat without that variable', async () => {
    const good = fixationMat('I', 32, 18, [{ x: 1, y: 1 }])
    const wrongKey = fixationMat('eyeMap', 32, 18, [{ x: 1, y: 1 }])
    tree = makeTree({
      ...video('s/', 'mats', range(1, 3)),
      ...numbered('s/mats/fixation/maps/mats_{n}.mat', range(1, 3), 3, good),
      ...video('s/', 'wrongkey', range(1, 3)),
      ...numbered('s/wrongkey/fixation/maps/wrongkey_{n}.mat', range(1, 3), 3, wrongKey)
    })
    const ds = await indexDataset(tree.root, noProbe)
    const mats = videoNamed(ds.videos, 'mats')
    expect(mats.fixations).toEqual({ kind: 'mat', dir: tree.path('s/mats/fixation/maps'), files: ['mats_001.mat', 'mats_002.mat', 'mats_003.mat'], key: 'I' })
    expect(issue(mats, 'mat-key-missing')).toBeUndefined()
    const wrong = videoNamed(ds.videos, 'wrongkey')
    expect(issue(wrong, 'mat-key-missing')).toMatchObject({
      severity: 'error',
      message: "fixation file wrongkey_001.mat has no variable 'I' (found 'eyeMap')"
    })
  })

  it('reports missing fixations and a missing maps/ folder', async () => {
    tree = makeTree({
      ...numbered('s/nomaps/images/{n}.png', range(1, 4), 3, frame),
      ...numbered('s/nomaps/fixation/{n}.png', [1, 2], 3, fix)
    })
    const v = (await indexDataset(tree.root, noProbe)).videos[0]
    expect(v.maps).toBeNull()
    expect(issue(v, 'no-maps')?.severity).toBe('info')
    expect(v.fixations.kind === 'png' && v.fixations.files).toEqual(['001.png', '002.png', null, null])
    expect(issue(v, 'missing-fixation')?.message).toBe('no fixation for frames 3–4 (2 of 4)')
  })

  it('takes a WAV in the video folder as its audio and fps from a fold list', async () => {
    tree = makeTree({
      ...video('s/', 'talk', range(1, 3)),
      's/talk/talk.wav': 'RIFF',
      'fold_lists/UCF_list_test_fps.txt': 'talk 3 10.0\n'
    })
    const ds = await indexDataset(tree.root, noProbe)
    const v = ds.videos[0]
    expect(v).toMatchObject({ hasAudio: true, audioPath: tree.path('s/talk/talk.wav'), fps: 10 })
    expect(issue(v, 'fps-source')?.message).toBe('fps 10 from fold list UCF_list_test_fps.txt')
    expect(codes(ds.issues)).toEqual(['fold-lists'])
  })
})

describeWithData('ucf-sports', 'the real UCF-Sports sample', () => {
  it('reports Diving-Side-001: 54 frames, 720×404, maps aligned, fixation .mat', async () => {
    const ds = await indexDataset(UCF, noProbe)
    expect(ds.layout).toBe('vinet')
    expect(ds.layoutDetail).toContain('testing/Diving-Side-001 has images/, maps/, fixation/')
    expect(ds.videos).toHaveLength(1)
    const v = ds.videos[0]
    expect(v).toMatchObject({ name: 'Diving-Side-001', group: 'testing', frameCount: 54, width: 720, height: 404, mapSize: null })
    const files = v.frames.kind === 'frames' ? v.frames.files : []
    expect(files[10]).toBe('Diving-Side_001_011.jpg')
    expect(files[15]).toBe('Diving-Side_001_016.jpg')
    expect(files[53]).toBe('Diving-Side_001_054.png')
    expect(v.maps?.files).toEqual(range(1, 54).map((n) => `Diving-Side_001_${String(n).padStart(3, '0')}.png`))
    expect(v.fixations).toMatchObject({ kind: 'mat', key: 'I', dir: join(UCF, 'testing/Diving-Side-001/fixation/maps') })
    expect(v.fixations.kind === 'mat' && v.fixations.files.every((f) => f !== null)).toBe(true)
    expect(codes(v.issues)).toEqual(['fps-source'])
  })
})
