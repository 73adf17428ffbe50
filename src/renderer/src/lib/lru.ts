// Least-recently-used cache over a Map (insertion order = recency). `onEvict` frees resources
// (ImageBitmap.close) when an entry falls out or is replaced.

export class LruCache<K, V> {
  private readonly entries = new Map<K, V>()
  readonly capacity: number
  private readonly onEvict?: (value: V, key: K) => void

  constructor(capacity: number, onEvict?: (value: V, key: K) => void) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`LRU capacity must be a positive integer, got ${capacity}`)
    }
    this.capacity = capacity
    this.onEvict = onEvict
  }

  get size(): number {
    return this.entries.size
  }

  has(key: K): boolean {
    return this.entries.has(key)
  }

  /** Returns the value and marks it most recently used. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined
    const value = this.entries.get(key) as V
    this.entries.delete(key)
    this.entries.set(key, value)
    return value
  }

  set(key: K, value: V): void {
    if (this.entries.has(key)) {
      const old = this.entries.get(key) as V
      this.entries.delete(key)
      if (old !== value) this.onEvict?.(old, key)
    }
    this.entries.set(key, value)
    while (this.entries.size > this.capacity) {
      const oldestKey = this.entries.keys().next().value as K
      const oldest = this.entries.get(oldestKey) as V
      this.entries.delete(oldestKey)
      this.onEvict?.(oldest, oldestKey)
    }
  }

  delete(key: K): boolean {
    if (!this.entries.has(key)) return false
    const value = this.entries.get(key) as V
    this.entries.delete(key)
    this.onEvict?.(value, key)
    return true
  }

  clear(): void {
    for (const [key, value] of this.entries) this.onEvict?.(value, key)
    this.entries.clear()
  }

  keys(): K[] {
    return [...this.entries.keys()]
  }
}
