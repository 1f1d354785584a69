// What every route handler shares: the store, the clock, the version policy, the org tree cache.
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerVersionPolicy } from '../shared/sync/versions';
import type { Store } from './store/db';
import { rows } from './store/db';
import type { LoginThrottle } from './auth/login-throttle';

export type Clock = () => Date;

export interface ServerOptions {
  deviceTokenTtlMs: number | null;
  enrollmentCodeTtlMs: number;
  adminSessionTtlMs: number;
  maxBodyBytes: number;
  maxChunkBytes: number;
  /** The address applicants' phones reach the guide pages at (--public-url); desktops print it on cards. */
  publicUrl: string | null;
  /** How long a closed case keeps its public progress page before it shows only 已办结. */
  closedCaseRetentionDays: number;
  /** /admin/login and /enroll requests per client address per minute (guessing passwords and codes). */
  authRequestsPerMinute: number;
}

export const DEFAULT_OPTIONS: ServerOptions = {
  deviceTokenTtlMs: 365 * 24 * 3600 * 1000,
  enrollmentCodeTtlMs: 24 * 3600 * 1000,
  adminSessionTtlMs: 12 * 3600 * 1000,
  maxBodyBytes: 16 * 1024 * 1024,
  maxChunkBytes: 8 * 1024 * 1024,
  publicUrl: null,
  closedCaseRetentionDays: 180,
  authRequestsPerMinute: 20,
};

/** The org unit tree, read from the published orgUnits records and cached until one changes. */
export class OrgTree {
  private parents = new Map<string, string | null>();
  private children = new Map<string, string[]>();
  private loaded = false;

  invalidate(): void {
    this.loaded = false;
  }

  async ensure(store: Store): Promise<void> {
    if (this.loaded) return;
    const list = await rows<{ id: string; parent_id: string | null }>(
      store.db,
      sql`SELECT id, data->>'parentId' AS parent_id FROM records WHERE entity = 'orgUnits' AND NOT deleted`,
    );
    this.parents = new Map(list.map((r) => [r.id, r.parent_id]));
    this.children = new Map();
    for (const r of list) {
      if (r.parent_id) {
        const c = this.children.get(r.parent_id) ?? [];
        c.push(r.id);
        this.children.set(r.parent_id, c);
      }
    }
    this.loaded = true;
  }

  /** Put an office under its parent until the next reload (a batch that publishes it, before its commit). */
  place(id: string, parentId: string | null): void {
    const before = this.parents.get(id);
    if (before) this.children.set(before, (this.children.get(before) ?? []).filter((c) => c !== id));
    this.parents.set(id, parentId);
    if (parentId) this.children.set(parentId, [...(this.children.get(parentId) ?? []), id]);
  }

  has(id: string): boolean {
    return this.parents.has(id);
  }

  parentOf(id: string): string | null | undefined {
    return this.parents.get(id);
  }

  /** The office and every office below it. */
  subtree(id: string): string[] {
    if (!this.parents.has(id)) return [];
    const out: string[] = [];
    const stack = [id];
    const seen = new Set<string>();
    while (stack.length) {
      const cur = stack.pop() as string;
      if (seen.has(cur)) continue;
      seen.add(cur);
      out.push(cur);
      for (const c of this.children.get(cur) ?? []) stack.push(c);
    }
    return out;
  }

  /** Is `id` the office `root` or below it? */
  contains(root: string, id: string | null | undefined): boolean {
    let cur: string | null | undefined = id;
    const seen = new Set<string>();
    while (cur && !seen.has(cur)) {
      if (cur === root) return true;
      seen.add(cur);
      cur = this.parents.get(cur);
    }
    return false;
  }
}

/**
 * The last server sequence known committed. Writers in this process raise it right after their
 * commit; readers refresh it from sync_state when it is older than a second (another server process
 * may write too). An empty poll at or past it needs no database transaction.
 */
export class Watermark {
  seq = 0;
  at = 0;
  raise(seq: number): void {
    if (seq > this.seq) this.seq = seq;
  }
  private refreshing: Promise<number> | null = null;
  async fresh(store: Store, maxAgeMs = 1000): Promise<number> {
    if (Date.now() - this.at <= maxAgeMs) return this.seq;
    // Hundreds of desktops polling at once share one read instead of queueing one each for the pool.
    this.refreshing ??= (async () => {
      try {
        const r = await rows<{ last_seq: string | number }>(store.db, sql`SELECT last_seq FROM sync_state WHERE id = 1`);
        this.seq = Math.max(this.seq, Number(r[0]?.last_seq ?? 0));
        this.at = Date.now();
        return this.seq;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }
}

/**
 * Which cases this process has changed, by key (`case:<id>`, `no:<case number>`, `tok:<token>`),
 * with a counter: a public page rendered from a case stays valid until one of its keys moves, so
 * a phone sees the sync that just landed. (Other server processes' changes reach it by the
 * page cache's time limit.)
 */
export class CaseChanges {
  private counter = 0;
  private marks = new Map<string, number>();
  mark(keys: Iterable<string>): void {
    this.counter++;
    for (const k of keys) {
      this.marks.delete(k); // re-insert: the map stays in age order, the oldest dropped first
      this.marks.set(k, this.counter);
    }
    for (const k of this.marks.keys()) {
      if (this.marks.size <= 100_000) break;
      this.marks.delete(k);
    }
  }
  /** The counter now: a page rendered from reads made after this is current until a key passes it. */
  now(): number {
    return this.counter;
  }
  /** The latest change of any of the keys (0: none seen). */
  version(keys: readonly string[]): number {
    let v = 0;
    for (const k of keys) v = Math.max(v, this.marks.get(k) ?? 0);
    return v;
  }
}

/** The keys of a case record for CaseChanges. */
export function caseKeys(id: string, data: Record<string, unknown>): string[] {
  const keys = [`case:${id}`];
  if (typeof data.caseNo === 'string') keys.push(`no:${data.caseNo}`);
  if (typeof data.publicToken === 'string') keys.push(`tok:${data.publicToken}`);
  return keys;
}

export interface Ctx {
  store: Store;
  watermark: Watermark;
  caseChanges: CaseChanges;
  clock: Clock;
  log: FastifyBaseLogger;
  versions: ServerVersionPolicy;
  options: ServerOptions;
  orgTree: OrgTree;
  blobDir: string;
  /** Wrong admin passwords per username (lockout). */
  logins: LoginThrottle;
}
