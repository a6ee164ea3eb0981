/**
 * A small cache of recent answers from a platform: each entry lives `ttlMs`, and past `maxEntries` the oldest
 * go first, so a flood of distinct keys (many users, many channels) costs bounded memory. Values may be promises:
 * callers asking the same thing at once share one request. A rejected promise is dropped, never cached.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V): V {
    this.entries.delete(key);
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    if (value instanceof Promise) value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    return value;
  }

  /** The cached value, or `load()`'s, cached. */
  getOrLoad(key: string, load: () => V): V {
    return this.get(key) ?? this.set(key, load());
  }

  get size(): number {
    return this.entries.size;
  }
}
