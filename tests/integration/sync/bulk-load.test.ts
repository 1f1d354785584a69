// A fresh desktop's bulk load, killed with SIGKILL at several points (during the load, at the
// start of the index phase, half-way through the indexes, before search), then restarted: every
// restart finishes with verified checksums and a working search, and the store it ends with equals
// one built by incremental pulls — rows, sequences, checksums, indexes and search results.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/main/db/store';
import type { Store } from '../../../src/main/db/store';
import { SearchIndex } from '../../../src/main/db/search';
import { searchIndexForSync } from '../../../src/main/features/search/documents';
import { runSyncRound } from '../../../src/main/sync/client';
import { versionHeaders } from '../../../src/shared/sync/versions';
import { seedCountyCases } from '../../../scripts/bench/sync-data';
import { applicantRow } from './desktop-fixtures';
import { enrollDevice } from './harness';
import { useHarness } from './store-desktops';

const h = useHarness();
const dirs: string[] = [];
const stores: Store[] = [];
const CASES = 300;

afterAll(() => {
  for (const s of stores) s.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

beforeAll(async () => {
  const dev = await enrollDevice(h(), h().org.townA);
  const ap = applicantRow(h().org.townA, '福建海峡智能制造有限公司');
  const res = await fetch(new URL('/sync/push', h().url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${dev.deviceToken}`, ...versionHeaders() },
    body: JSON.stringify({ ops: [{ clientSeq: 1, opId: 'bulk-applicant', kind: 'insert', entity: 'applicants', entityId: ap.id, payload: ap, userId: h().org.users.clerkA, orgUnitId: h().org.townA }] }),
  });
  expect(res.status).toBe(200);
  // Ids in random order, as after an import: the case the bulk path is for.
  await seedCountyCases(h(), { orgUnitId: h().org.townA, cases: CASES, authorIds: [h().org.users.agentA], applicants: 40, order: 'random', tag: 'T' });
}, 120_000);

function newDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-bulk-'));
  dirs.push(dir);
  return dir;
}

/** Runs the child until it kills itself (or finishes); returns what it printed and its signal. */
async function runChild(dir: string, token: string, crashAt: string): Promise<{ out: string; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'bulk-child.ts'), dir, h().url, token, crashAt], {
    cwd: path.resolve(import.meta.dirname, '../../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, sig) => resolve(sig)));
  return { out, signal };
}

const TABLES = ['cases', 'plan_items', 'progress_entries', 'applicants', 'users', 'org_units'];
const bulkState = (s: Store) => JSON.parse((s.db.prepare("SELECT value FROM settings WHERE key = 'sync.bulkLoad'").pluck().get() as string | undefined) ?? 'null') as { phase: string } | null;
const QUERIES = ['冷链物流仓储中心', '标准化厂房', '福建海峡', '海峡', '350102-2025-T000123', '研发中心及配套'];

/** Everything a clerk or the sync client reads: rows, sequences, checksums, indexes, search. */
function snapshot(s: Store) {
  const search = new SearchIndex(s.db);
  return {
    rows: Object.fromEntries(TABLES.map((t) => [t, s.db.prepare(`SELECT * FROM ${t} ORDER BY id`).all()])),
    held: Object.fromEntries(TABLES.map((t) => [t, s.db.prepare(`SELECT id, server_seq FROM ${t} ORDER BY id`).all()])),
    checksums: s.db.prepare('SELECT * FROM sync_checksums WHERE count > 0 ORDER BY entity').all(),
    indexes: s.db.prepare("SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index' ORDER BY name").all(),
    tables: s.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name").pluck().all(),
    search: Object.fromEntries(QUERIES.map((q) => [q, search.search(q, { limit: 200 }).map((x) => x.refId).sort()])),
  };
}

describe('the bulk load of a fresh desktop', () => {
  let reference: ReturnType<typeof snapshot>;

  it('gives the same store as incremental pulls', async () => {
    const token = (await enrollDevice(h(), h().org.townA)).deviceToken;
    const inc = openStore(newDir());
    stores.push(inc);
    const r = await runSyncRound(inc, { serverUrl: h().url, deviceToken: token, verify: true, index: searchIndexForSync(inc), bulkLoad: false, pageSize: 500 });
    expect(r.ok, r.message).toBe(true);
    expect(r.checksumsVerified).toBe(true);
    reference = snapshot(inc);
    expect((reference.rows.cases as unknown[]).length).toBe(CASES);
    expect(reference.search['冷链物流仓储中心']?.length).toBeGreaterThan(0);

    const bulk = openStore(newDir());
    stores.push(bulk);
    const phases: string[] = [];
    const totals: Array<number | null> = [];
    const b = await runSyncRound(bulk, { serverUrl: h().url, deviceToken: (await enrollDevice(h(), h().org.townA)).deviceToken, verify: true, index: searchIndexForSync(bulk), pageSize: 700, commitBytes: 100_000, onProgress: (p) => (phases.push(p.phase), totals.push(p.totalRows)) });
    expect(b.ok, b.message).toBe(true);
    expect(b.checksumsVerified).toBe(true);
    // The checksums came from the request sent before the index phase: no further pull was needed.
    expect(b.pages).toBe(Math.ceil(b.pulled / 700));
    // The progress bar knew how many rows were coming (the count line, wherever it came in the first stream).
    expect(totals[totals.length - 1]).toBe(b.pulled);
    expect(phases).toContain('load');
    expect(phases[phases.length - 1]).toBe('index');
    expect(bulkState(bulk)).toBeNull();
    expect(snapshot(bulk)).toEqual(reference);
  }, 120_000);

  for (const crashAt of ['load:3', 'index:1', 'index:2', 'index:5', 'index:12']) {
    it(`killed at ${crashAt}, finishes on restart with verified checksums and working search`, async () => {
      const token = (await enrollDevice(h(), h().org.townA)).deviceToken;
      const dir = newDir();
      const { out, signal } = await runChild(dir, token, crashAt);
      expect(signal, out).toBe('SIGKILL');
      const store = openStore(dir);
      stores.push(store);
      // The crash left the load under way, in the phase it was in.
      expect(bulkState(store)?.phase).toBe(crashAt.split(':')[0]);
      const resumedFrom = store.db.prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").pluck().get();
      // Killed in the load, the batches it committed stay: the restart goes on from their cursor.
      if (crashAt.startsWith('load')) expect(resumedFrom).toBeTruthy();
      const r = await runSyncRound(store, { serverUrl: h().url, deviceToken: token, verify: true, index: searchIndexForSync(store) });
      expect(r.ok, r.message).toBe(true);
      const all = Object.values(reference.held).reduce((n, rows) => n + (rows as unknown[]).length, 0);
      if (crashAt.startsWith('load')) expect(r.pulled).toBeLessThan(all);
      expect(r.checksumsVerified).toBe(true);
      expect(bulkState(store)).toBeNull();
      expect(snapshot(store)).toEqual(reference);
    }, 120_000);
  }
});
