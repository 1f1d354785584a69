// Migration 0010: the server sequence of each held row moves from the sync_rows table into a
// server_seq column of its own table. A desktop synced against the real server is turned back
// into the layout before 0010 (sync_rows, no column — or, for a first pull the upgrade cut short,
// the load's sync_rows_bulk list and no checksums yet), then opened by this build: its next round
// verifies the checksums without resyncing anything, a refused row keeps its sequence, and the
// interrupted load finishes with checksums rebuilt from the rows it holds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/main/db/store';
import type { Store } from '../../../src/main/db/store';
import { searchIndexForSync } from '../../../src/main/features/search/documents';
import { runSyncRound } from '../../../src/main/sync/client';
import { rowHash } from '../../../src/main/sync/apply';
import { CHECKSUM_MODULUS } from '../../../src/shared/sync/checksum';
import { HeldRows, SYNCED_TABLES } from '../../../src/main/sync/held';
import { seedCountyCases } from '../../../scripts/bench/sync-data';
import { enrollDevice } from './harness';
import { useHarness } from './store-desktops';

const h = useHarness();
const dirs: string[] = [];
const stores: Store[] = [];

afterAll(() => {
  for (const s of stores) s.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

beforeAll(async () => {
  await seedCountyCases(h(), { orgUnitId: h().org.townA, cases: 60, authorIds: [h().org.users.agentA], applicants: 12, order: 'random', tag: 'M' });
}, 120_000);

/** A synced desktop: its folder, token and what it holds (entity → id → sequence). */
async function syncedDesktop(): Promise<{ dir: string; token: string; held: Map<string, number> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-m0010-'));
  dirs.push(dir);
  const token = (await enrollDevice(h(), h().org.townA)).deviceToken;
  const store = openStore(dir);
  try {
    const r = await runSyncRound(store, { serverUrl: h().url, deviceToken: token, verify: true, index: searchIndexForSync(store) });
    expect(r.ok, r.message).toBe(true);
    expect(r.checksumsVerified).toBe(true);
    return { dir, token, held: heldRows(store) };
  } finally {
    store.close();
  }
}

function heldRows(store: Store): Map<string, number> {
  const out = new Map<string, number>();
  for (const [entity, table] of SYNCED_TABLES) {
    for (const r of store.db.prepare(`SELECT id, server_seq FROM "${table}" WHERE server_seq IS NOT NULL`).all() as Array<{ id: string; server_seq: number }>) out.set(`${entity}/${r.id}`, r.server_seq);
  }
  return out;
}

/** Synced tables made by migrations after 0010, with the migration that made them. */
const LATER_TABLES: Record<string, string> = { catalog_item_versions: '0012_catalog_item_versions', knowledge_articles: '0013_knowledge_articles', plan_template_versions: '0014_plan_template_versions', department_contacts: '0015_department_contacts' };

/** The store as the build before 0010 left it: sequences in `list`, no column, 0010 not applied. */
function backToLayoutBefore0010(dir: string, list: 'sync_rows' | 'sync_rows_bulk', also?: (db: Store['db']) => void): void {
  const store = openStore(dir);
  const db = store.db;
  try {
    db.transaction(() => {
      db.exec('CREATE TABLE sync_rows (entity TEXT NOT NULL, id TEXT NOT NULL, server_seq INTEGER NOT NULL, PRIMARY KEY (entity, id)) WITHOUT ROWID');
      if (list === 'sync_rows_bulk') db.exec('CREATE TABLE sync_rows_bulk (entity TEXT NOT NULL, id TEXT NOT NULL, server_seq INTEGER NOT NULL)');
      for (const [entity, table] of SYNCED_TABLES) {
        // A table a later migration made did not exist then: it goes, and is made again after 0010.
        const later = LATER_TABLES[table];
        if (later) {
          db.exec(`DROP TABLE "${table}"`);
          db.prepare('DELETE FROM _migrations WHERE name = ?').run(later);
          continue;
        }
        db.prepare(`INSERT INTO ${list} (entity, id, server_seq) SELECT ?, id, server_seq FROM "${table}" WHERE server_seq IS NOT NULL`).run(entity);
        db.exec(`ALTER TABLE "${table}" DROP COLUMN server_seq`);
      }
      db.exec("DELETE FROM _migrations WHERE name = '0010_server_seq_column'");
      also?.(db);
    })();
  } finally {
    store.close();
  }
}

describe('migration 0010: row sequences move into their rows', () => {
  it('a synced store keeps every sequence and verifies without a resync', async () => {
    const d = await syncedDesktop();
    expect(d.held.size).toBeGreaterThan(540);
    // A row refused before any version of it was stored: held only as its refusal record.
    const refusedId = '01950000-dead-7000-8000-000000000001';
    backToLayoutBefore0010(d.dir, 'sync_rows', (db) => {
      db.prepare("INSERT INTO sync_refused_rows (entity, id, server_seq, error, refused_at) VALUES ('applicants', ?, 1, '字段“name”：应为文字', '2026-12-01T00:00:00Z')").run(refusedId);
      db.prepare("INSERT INTO sync_rows (entity, id, server_seq) VALUES ('applicants', ?, 1)").run(refusedId);
      // …and counted in its checksum, as the old build did.
      db.prepare("UPDATE sync_checksums SET count = count + 1, sum = (sum + ?) % ? WHERE entity = 'applicants'").run(rowHash('applicants', refusedId, 1), CHECKSUM_MODULUS);
    });
    const store = openStore(d.dir);
    stores.push(store);
    expect(store.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name IN ('sync_rows', 'sync_rows_bulk')").pluck().get()).toBe(0);
    expect(heldRows(store)).toEqual(d.held);
    expect(new HeldRows(store.db).seqOf('applicants', refusedId)).toBe(1);
    const r = await runSyncRound(store, { serverUrl: h().url, deviceToken: d.token, verify: true, index: searchIndexForSync(store) });
    expect(r.ok, r.message).toBe(true);
    // The stray refusal (a row the server does not have) is found by the checksums and dropped by the resync.
    expect(r.mismatched).toEqual(['applicants']);
    expect(r.checksumsVerified).toBe(true);
    expect(store.db.prepare('SELECT count(*) FROM sync_refused_rows WHERE id = ?').pluck().get(refusedId)).toBe(0);
    const again = await runSyncRound(store, { serverUrl: h().url, deviceToken: d.token, verify: true, index: searchIndexForSync(store) });
    expect(again.mismatched).toEqual([]);
    expect(again.checksumsVerified).toBe(true);
  }, 120_000);

  it('a first pull cut short by the upgrade finishes with checksums rebuilt from the rows held', async () => {
    const d = await syncedDesktop();
    // As the old build's load left it: in the load phase, its checksums not yet computed.
    backToLayoutBefore0010(d.dir, 'sync_rows_bulk', (db) => {
      db.exec('DELETE FROM sync_checksums');
      db.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('sync.bulkLoad', ?)").run(JSON.stringify({ phase: 'load', indexes: [], startedAt: '2026-12-01T02:00:00.000Z' }));
    });
    const store = openStore(d.dir);
    stores.push(store);
    expect(heldRows(store)).toEqual(d.held);
    expect(JSON.parse(store.db.prepare("SELECT value FROM settings WHERE key = 'sync.bulkLoad'").pluck().get() as string)).toMatchObject({ phase: 'load', rebuildChecksums: true });
    const r = await runSyncRound(store, { serverUrl: h().url, deviceToken: d.token, verify: true, index: searchIndexForSync(store) });
    expect(r.ok, r.message).toBe(true);
    expect(r.mismatched).toEqual([]);
    expect(r.checksumsVerified).toBe(true);
    expect(store.db.prepare("SELECT count(*) FROM settings WHERE key = 'sync.bulkLoad' AND value <> 'null'").pluck().get()).toBe(0);
  }, 120_000);
});
