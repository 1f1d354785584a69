// Migration 0011: smaller search indexes (no per-document sizes; the pair index without positions).
// A demo store on the migrations before it answers 1-, 2-, 3- and 4-character queries; after the
// migration it answers them the same, the indexes pass FTS5's integrity check and take less room,
// and a store whose rebuild was cut short (the setting still there) rebuilds at its next open.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/main/db/store.js';
import type { Store } from '../../../src/main/db/store.js';
import { SearchIndex } from '../../../src/main/db/search.js';
import { generateDemo } from '../../../src/main/features/demo/generate.js';
import { fixedClock } from '../../../src/main/platform/clock.js';
import { migrationsBefore } from '../../helpers/migrations.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const clock = fixedClock('2026-03-02T01:00:00Z');

const searchBytes = (s: Store) => s.db.prepare("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_trigram%' OR name LIKE 'search_bigram%'").pluck().get() as number;

/** Queries of every length the search handles, from the store's own documents. */
function queriesOf(s: Store): string[] {
  const titles = s.db.prepare('SELECT title FROM search_docs ORDER BY rowid LIMIT 40').pluck().all() as string[];
  const out = new Set<string>();
  for (const t of titles) {
    const chars = Array.from(t.replace(/\s+/g, ''));
    for (const n of [1, 2, 3, 4]) if (chars.length >= n + 2) out.add(chars.slice(2, 2 + n).join(''));
  }
  return [...out, '不存在的词'];
}

function answers(s: Store, queries: string[]): Record<string, string[]> {
  const idx = new SearchIndex(s.db);
  return Object.fromEntries(queries.map((q) => [q, idx.search(q, { limit: 200 }).map((h) => h.refId).sort()]));
}

describe('migration 0011: smaller search indexes', () => {
  it('answers every query as before, passes the integrity check, takes less room; a cut-short rebuild is finished at the next open', () => {
    const root = tempDir();
    const data = join(root, 'data');
    const old = openStore(data, { clock, migrationsDir: migrationsBefore(join(root, 'old'), '0011') });
    generateDemo(old, { cases: 300, seed: 11 } as never);
    const queries = queriesOf(old);
    expect(queries.filter((q) => Array.from(q).length === 2).length).toBeGreaterThan(5);
    const before = answers(old, queries);
    expect(Object.values(before).filter((ids) => ids.length > 0).length).toBeGreaterThan(queries.length / 2);
    const bytesBefore = searchBytes(old);
    old.close();

    let s = openStore(data, { clock });
    expect(s.db.prepare("SELECT count(*) FROM settings WHERE key = 'search.rebuild'").pluck().get()).toBe(0);
    expect(answers(s, queries)).toEqual(before);
    expect(() => s.db.exec("INSERT INTO search_trigram(search_trigram) VALUES ('integrity-check')")).not.toThrow();
    expect(searchBytes(s)).toBeLessThan(bytesBefore);

    // Killed after the migration, before the rebuild committed: the pair index is empty, the setting there.
    s.db.exec("DELETE FROM search_bigram; INSERT INTO settings (key, value) VALUES ('search.rebuild', 'true')");
    s.close();
    s = openStore(data, { clock });
    expect(answers(s, queries)).toEqual(before);
    expect(s.db.prepare("SELECT count(*) FROM settings WHERE key = 'search.rebuild'").pluck().get()).toBe(0);
    s.close();
  }, 120_000);
});
