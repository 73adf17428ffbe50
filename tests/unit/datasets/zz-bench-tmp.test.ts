import { test, expect } from 'vitest'
import { indexDataset } from '../../../src/main/datasets'
import { makeSkeleton } from '../../fixtures/datasets/makeSkeleton'
test('bench', async () => {
  let t = performance.now()
  const sk = makeSkeleton(1000, { frames: 100 })
  console.log('create s', ((performance.now() - t) / 1000).toFixed(2), sk.filesWritten)
  const deps = { probeVideo: async () => { throw new Error('no') } }
  for (const [verify, concurrency] of [['quick', 8], ['quick', 8], ['quick', 8], ['headers', 8], ['headers', 8]] as const) {
    t = performance.now()
    const ds = await indexDataset(sk.root, deps, { verify, concurrency })
    console.log(verify, concurrency, 'index s', ((performance.now() - t) / 1000).toFixed(2), ds.videos.length, ds.videos[0].frameCount)
    expect(ds.videos.length).toBe(1000)
  }
  sk.remove()
}, 600_000)
