// A small in-memory cache, bounded in size, where concurrent misses of one key share one load (200
// phones scanning the same card cost one database read). A value is fresh for `ttlMs`; for
// `staleMs` after that it is still served while one background load replaces it, so a busy page
// never waits for the database; older than both, the caller waits for a fresh load. A value the
// caller knows is outdated (`current` says no) is never served: the caller waits for a new one.
export class TtlCache<V> {
  /** `staleAt`: when the value goes stale; each entry's life is jittered ±20 %, so pages loaded together are not reloaded together. */
  private entries = new Map<string, { value: V; staleAt: number }>();
  private inflight = new Map<string, Promise<V>>();
  constructor(
    private ttlMs: number,
    private staleMs = 0,
    private maxEntries = 5000,
  ) {}

  async get(key: string, load: () => Promise<V>, current: (v: V) => boolean = () => true): Promise<V> {
    const found = this.entries.get(key);
    const hit = found && current(found.value) ? found : undefined;
    const over = hit ? Date.now() - hit.staleAt : Infinity;
    if (hit && over < 0) return hit.value;
    if (hit && over < this.staleMs) {
      this.refresh(key, load).catch(() => undefined); // the next request retries
      return hit.value;
    }
    return this.refresh(key, load);
  }

  private refresh(key: string, load: () => Promise<V>): Promise<V> {
    const running = this.inflight.get(key);
    if (running) return running;
    const p = load()
      .then((value) => {
        if (this.entries.size >= this.maxEntries) this.entries.clear();
        this.entries.set(key, { value, staleAt: Date.now() + this.ttlMs * (0.8 + 0.4 * Math.random()) });
        return value;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }
}
