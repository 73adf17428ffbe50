import { describe, expect, it } from 'vitest'
import {
  fixationKey,
  frameKey,
  KeyedLoader,
  mapKey,
  PaintSequencer,
  parseKey
} from '../../../src/renderer/src/lib/frameSync'
import { LruCache } from '../../../src/renderer/src/lib/lru'

function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('PaintSequencer', () => {
  it('paints results that are newer than the screen, drops older ones', () => {
    const s = new PaintSequencer()
    const a = s.begin() // request frame 100
    const b = s.begin() // user moved on to frame 50
    expect(s.latest).toBe(b)
    // b completes first: painted
    expect(s.shouldPaint(b)).toBe(true)
    s.markPainted(b)
    // a completes late: would overwrite a newer paint, dropped
    expect(s.shouldPaint(a)).toBe(false)
    expect(s.onScreen).toBe(b)
  })

  it('lets an older request paint while a newer one is still loading (playback keeps moving)', () => {
    const s = new PaintSequencer()
    const a = s.begin()
    const b = s.begin()
    expect(s.shouldPaint(a)).toBe(true)
    s.markPainted(a)
    expect(s.shouldPaint(b)).toBe(true)
  })

  it('never paints the same request twice, and reset drops everything in flight', () => {
    const s = new PaintSequencer()
    const a = s.begin()
    s.markPainted(a)
    expect(s.shouldPaint(a)).toBe(false)
    const b = s.begin()
    s.reset()
    expect(s.shouldPaint(b)).toBe(false)
    expect(s.shouldPaint(s.begin())).toBe(true)
    expect(s.shouldPaint(999)).toBe(false)
  })
})

describe('KeyedLoader', () => {
  it('shares one load between concurrent callers and caches the value', async () => {
    let calls = 0
    const d = deferred<string>()
    const loader = new KeyedLoader(new LruCache<string, string>(4), () => {
      calls += 1
      return d.promise
    })
    const p1 = loader.get('k')
    const p2 = loader.get('k')
    expect(loader.inFlight).toBe(1)
    expect(loader.has('k')).toBe(true)
    d.resolve('v')
    expect(await p1).toBe('v')
    expect(await p2).toBe('v')
    expect(await loader.get('k')).toBe('v')
    expect(calls).toBe(1)
    expect(loader.inFlight).toBe(0)
    expect(loader.peek('k')).toBe('v')
  })

  it('does not cache failures: the next get tries again', async () => {
    let calls = 0
    const loader = new KeyedLoader(new LruCache<string, number>(4), async () => {
      calls += 1
      if (calls === 1) throw new Error('not ready')
      return 7
    })
    await expect(loader.get('k')).rejects.toThrow('not ready')
    expect(await loader.get('k')).toBe(7)
    expect(calls).toBe(2)
  })

  it('caches null results (a frame without a map is an answer, not a miss)', async () => {
    let calls = 0
    const loader = new KeyedLoader(new LruCache<string, null>(4), async () => {
      calls += 1
      return null
    })
    expect(await loader.get('m')).toBeNull()
    expect(await loader.get('m')).toBeNull()
    expect(calls).toBe(1)
  })

  it('after clear, a load started before it is not cached', async () => {
    const d = deferred<string>()
    const cache = new LruCache<string, string>(4)
    const loader = new KeyedLoader(cache, () => d.promise)
    const p = loader.get('old')
    loader.clear()
    expect(loader.inFlight).toBe(0)
    d.resolve('stale')
    expect(await p).toBe('stale')
    expect(cache.has('old')).toBe(false)
  })
})

describe('cache keys', () => {
  it('round-trip, including layer ids with colons', () => {
    expect(parseKey(frameKey(3, 41))).toEqual({ kind: 'frame', videoId: 3, index: 41 })
    expect(parseKey(fixationKey(3, 0))).toEqual({ kind: 'fixations', videoId: 3, index: 0 })
    expect(parseKey(mapKey(3, 'pred:vinet:run 2', 9))).toEqual({
      kind: 'map',
      videoId: 3,
      layerId: 'pred:vinet:run 2',
      index: 9
    })
  })

  it('name what a bad key should look like', () => {
    expect(() => parseKey('nonsense')).toThrow(/cache key "nonsense" is not/)
    expect(() => parseKey('q:1:2')).toThrow(/frame \(f:\), map \(m:\) or fixation \(x:\)/)
    expect(() => parseKey('f:x:2')).toThrow(/kind:videoId/)
  })
})
