// A small in-memory cache, bounded in size, where concurrent misses of one key share one load (200
// phones scanning the same card cost one database read). A value is fresh for `ttlMs`; for
// `staleMs` after that it is still served while one background load replaces it, so a busy page
// never waits for the database; older than both, the caller waits for a fresh load. A value the
// caller knows is outdated (`current` says no) is never served: the caller waits for a new one.
export class TtlCache<V> {
  private entries = new Map<string, { value: V; at: number }>();
  private inflight = new Map<string, Promise<V>>();
  constructor(
    private ttlMs: number,
    private staleMs = 0,
    private maxEntries = 5000,
  ) {}

  async get(key: string, load: () => Promise<V>, current: (v: V) => boolean = () => true): Promise<V> {
    const found = this.entries.get(key);
    const hit = found && current(found.value) ? found : undefined;
    const age = hit ? Date.now() - hit.at : Infinity;
    if (hit && age < this.ttlMs) return hit.value;
    if (hit && age < this.ttlMs + this.staleMs) {
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
        this.entries.set(key, { value, at: Date.now() });
        return value;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }
}
