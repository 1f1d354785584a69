// A small in-memory cache with a time to live, bounded in size, where concurrent misses of one key
// share one load (200 phones scanning the same card cost one database read).
export class TtlCache<V> {
  private entries = new Map<string, { value: V; at: number }>();
  private inflight = new Map<string, Promise<V>>();
  constructor(
    private ttlMs: number,
    private maxEntries = 5000,
  ) {}

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
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

  clear(): void {
    this.entries.clear();
  }
}
