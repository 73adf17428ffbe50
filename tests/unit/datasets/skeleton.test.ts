import { afterAll, describe, expect, it } from 'vitest'
import { indexDataset } from '../../../src/main/datasets'
import { makeSkeleton } from '../../fixtures/datasets/makeSkeleton'
import { codes, noProbe } from './helpers'

// The benchmark indexes 1000 videos of this skeleton; here a small one checks it stays correct.
describe('indexing a generated ViNet skeleton', () => {
  const skeleton = makeSkeleton(40, { frames: 30, width: 24, height: 16, fixationMats: true })
  afterAll(() => skeleton.remove())

  it('indexes every video with aligned maps and .mat fixations, reporting progress', async () => {
    const progress: number[] = []
    const ds = await indexDataset(skeleton.root, noProbe, { concurrency: 4, onProgress: (done, total) => progress.push(done / total) })
    expect(skeleton.filesWritten).toBe(40 * 30 * 4)
    expect(ds.layout).toBe('vinet')
    expect(ds.videos.map((v) => v.name)).toEqual(skeleton.videoNames)
    for (const v of ds.videos) {
      expect(v).toMatchObject({ group: 'testing', frameCount: 30, width: 24, height: 16, mapSize: null })
      expect(v.maps?.files.every((f) => f !== null)).toBe(true)
      expect(v.fixations.kind).toBe('mat')
      expect(codes(v.issues)).toEqual(['fps-source'])
    }
    expect(progress).toHaveLength(40)
    expect(progress.at(-1)).toBe(1)
  })

  it("gives the same records in 'headers' mode", async () => {
    const quick = await indexDataset(skeleton.root, noProbe)
    const thorough = await indexDataset(skeleton.root, noProbe, { verify: 'headers' })
    expect(thorough.videos).toEqual(quick.videos)
  })
})
