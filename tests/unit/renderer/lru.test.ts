import { describe, expect, it } from 'vitest'
import { LruCache } from '../../../src/renderer/src/lib/lru'

describe('LruCache', () => {
  it('evicts the least recently used entry and reports it', () => {
    const evicted: string[] = []
    const cache = new LruCache<string, number>(2, (_v, k) => evicted.push(k))
    cache.set('a', 1)
    cache.set('b', 2)
    expect(cache.get('a')).toBe(1) // a is now most recent
    cache.set('c', 3)
    expect(evicted).toEqual(['b'])
    expect(cache.keys()).toEqual(['a', 'c'])
    expect(cache.has('b')).toBe(false)
    expect(cache.get('b')).toBeUndefined()
    expect(cache.size).toBe(2)
  })

  it('frees a replaced value but not one set again', () => {
    const evicted: number[] = []
    const cache = new LruCache<string, number>(3, (v) => evicted.push(v))
    cache.set('a', 1)
    cache.set('a', 1)
    expect(evicted).toEqual([])
    cache.set('a', 5)
    expect(evicted).toEqual([1])
    expect(cache.get('a')).toBe(5)
  })

  it('delete and clear free their values', () => {
    const evicted: number[] = []
    const cache = new LruCache<string, number>(3, (v) => evicted.push(v))
    cache.set('a', 1)
    cache.set('b', 2)
    cache.set('c', 3)
    expect(cache.delete('b')).toBe(true)
    expect(cache.delete('b')).toBe(false)
    cache.clear()
    expect(evicted).toEqual([2, 1, 3])
    expect(cache.size).toBe(0)
  })

  it('keeps falsy values', () => {
    const cache = new LruCache<string, number | null>(2)
    cache.set('zero', 0)
    cache.set('none', null)
    expect(cache.has('none')).toBe(true)
    expect(cache.get('zero')).toBe(0)
    expect(cache.get('none')).toBeNull()
  })

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new LruCache(0)).toThrow(RangeError)
    expect(() => new LruCache(2.5)).toThrow(/positive integer, got 2.5/)
  })
})
