// Keeping frames and overlays consistent. Every request for a frame index gets a sequence
// number; its results (frame + all maps of that same index) are painted together, and only
// if nothing newer is already on screen. So a late answer never overwrites a newer paint, and
// a panel never shows the map of one frame over the pixels of another.
import { AppError } from '../../../shared/errors'
import { LruCache } from './lru'

export class PaintSequencer {
  private issued = 0
  private painted = 0

  /** Sequence number for a new request (1, 2, 3, …). */
  begin(): number {
    this.issued += 1
    return this.issued
  }

  /** The newest request issued so far. */
  get latest(): number {
    return this.issued
  }

  /** Sequence number of what is on screen (0 = nothing yet). */
  get onScreen(): number {
    return this.painted
  }

  /** A completed request may be painted only if it is newer than what is on screen. */
  shouldPaint(seq: number): boolean {
    return seq > this.painted && seq <= this.issued
  }

  markPainted(seq: number): void {
    if (seq > this.painted) this.painted = seq
  }

  /** Forget everything on screen (new video): later results of old requests are dropped. */
  reset(): void {
    this.issued += 1
    this.painted = this.issued
  }
}

/**
 * Loads values by key through an LRU cache, sharing one promise between concurrent callers
 * (the playhead and the prefetcher ask for the same frames).
 */
export class KeyedLoader<V> {
  private readonly pending = new Map<string, Promise<V>>()
  private generation = 0

  constructor(
    private readonly cache: LruCache<string, V>,
    private readonly load: (key: string) => Promise<V>
  ) {}

  get inFlight(): number {
    return this.pending.size
  }

  peek(key: string): V | undefined {
    return this.cache.has(key) ? this.cache.get(key) : undefined
  }

  has(key: string): boolean {
    return this.cache.has(key) || this.pending.has(key)
  }

  get(key: string): Promise<V> {
    if (this.cache.has(key)) return Promise.resolve(this.cache.get(key) as V)
    const running = this.pending.get(key)
    if (running) return running
    const generation = this.generation
    const promise = this.load(key).then(
      (value) => {
        if (this.pending.get(key) === promise) this.pending.delete(key)
        // a result loaded before clear() belongs to the old video: hand it over, don't cache it
        if (generation === this.generation) this.cache.set(key, value)
        return value
      },
      (err: unknown) => {
        if (this.pending.get(key) === promise) this.pending.delete(key)
        throw err
      }
    )
    this.pending.set(key, promise)
    return promise
  }

  /** Drop every cached value and forget loads in flight. */
  clear(): void {
    this.generation += 1
    this.pending.clear()
    this.cache.clear()
  }
}

export const frameKey = (videoId: number, index: number): string => `f:${videoId}:${index}`
export const mapKey = (videoId: number, layerId: string, index: number): string => `m:${videoId}:${layerId}:${index}`
export const fixationKey = (videoId: number, index: number): string => `x:${videoId}:${index}`

function badKey(key: string, expected: string): AppError {
  return new AppError('bad-key', `cache key "${key}" is not ${expected}`)
}

/** Parses the keys above back into their parts (the loaders receive only the key). */
export function parseKey(key: string):
  | { kind: 'frame'; videoId: number; index: number }
  | { kind: 'map'; videoId: number; layerId: string; index: number }
  | { kind: 'fixations'; videoId: number; index: number } {
  const first = key.indexOf(':')
  const second = key.indexOf(':', first + 1)
  const last = key.lastIndexOf(':')
  const kind = key.slice(0, first)
  const videoId = Number(key.slice(first + 1, second))
  const index = Number(key.slice(last + 1))
  if (!Number.isInteger(videoId) || !Number.isInteger(index) || first < 0 || second < 0) {
    throw badKey(key, 'kind:videoId[:layer]:index')
  }
  if (kind === 'f' && second === last) return { kind: 'frame', videoId, index }
  if (kind === 'x' && second === last) return { kind: 'fixations', videoId, index }
  if (kind === 'm' && last > second) return { kind: 'map', videoId, layerId: key.slice(second + 1, last), index }
  throw badKey(key, 'a frame (f:), map (m:) or fixation (x:) key')
}
