// Batches of pulled rows left open between network chunks: a clerk's write in that moment commits
// the batch first and is its own transaction, so undoing a later batch (a crash, a bad row) can
// never take the clerk's write with it; and a batch commits with the cursor of its last row.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE, openStore } from '../../../src/main/db/store.js';
import { PageApplier } from '../../../src/main/sync/apply.js';
import { PullWriter } from '../../../src/main/sync/pull-writer.js';
import * as t from '../../../src/main/db/schema.js';
import type { Change } from '../../../src/shared/sync/protocol.js';
import { applicantRow } from '../../integration/sync/desktop-fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const ORG = '01950000-aaaa-7000-8000-000000000001';
const change = (data: Record<string, unknown>, serverSeq: number): Change => ({ entity: 'applicants', id: data.id as string, serverSeq, orgUnitId: ORG, caseId: null, deleted: false, data });

/** A writer on a fresh store that commits at 250 bytes and records each batch's rows. */
function countingWriter() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-writer-'));
  dirs.push(dir);
  const store = openStore(dir);
  const commits: number[] = [];
  const writer = new PullWriter(store, new PageApplier(store.db), { saveCursor: true, commitBytes: 250, onCommit: (b) => commits.push(b.rows) });
  return { store, writer, commits };
}

describe('PullWriter', () => {
  it('commits its open batch before a local write, which a later rollback leaves alone', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-writer-'));
    dirs.push(dir);
    const store = openStore(dir);
    const other = new Database(path.join(dir, DB_FILE), { readonly: true });
    try {
      const writer = new PullWriter(store, new PageApplier(store.db), { saveCursor: true, commitBytes: Number.POSITIVE_INFINITY });
      const a = applicantRow(ORG, '先到的企业');
      writer.row(change(a, 11), 100);
      expect(store.db.inTransaction).toBe(true);
      // Not visible elsewhere while the batch is open.
      expect(other.prepare('SELECT count(*) FROM applicants').pluck().get()).toBe(0);

      const actor = { userId: 'u1', roles: ['clerk' as const], orgUnitId: ORG };
      store.write({ actor, action: 'test.write' }, (tx) => tx.insert(t.applicants, { orgUnitId: ORG, kind: 'enterprise', name: '窗口录入的企业', uscc: null, residentId: null, legalRepresentative: '', address: '' }));
      // The batch went first, with the cursor of its last row; then the clerk's write alone.
      expect(store.db.inTransaction).toBe(false);
      expect(other.prepare("SELECT name FROM applicants ORDER BY name").pluck().all()).toEqual(['先到的企业', '窗口录入的企业'].sort());
      expect(other.prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").pluck().get()).toBe('"s11"');

      // The next batch is undone (a crash, a failure): the clerk's write stays.
      writer.row(change(applicantRow(ORG, '后到的企业'), 12), 100);
      writer.rollback();
      expect(other.prepare('SELECT name FROM applicants ORDER BY name').pluck().all()).toEqual(['先到的企业', '窗口录入的企业'].sort());
      expect(other.prepare("SELECT count(*) FROM outbox WHERE entity = 'applicants'").pluck().get()).toBe(1);
    } finally {
      other.close();
      store.close();
    }
  });

  it('commits by bytes, each batch with the cursor of its last row', () => {
    const { store, writer, commits } = countingWriter();
    try {
      for (let i = 1; i <= 7; i++) writer.row(change(applicantRow(ORG, `企业${i}`), 100 + i), 100);
      expect(commits).toEqual([3, 3]);
      expect(store.db.prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").pluck().get()).toBe('"s106"');
      writer.commit('s200');
      expect(commits).toEqual([3, 3, 1]);
      expect(store.db.prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").pluck().get()).toBe('"s200"');
      expect(store.db.prepare('SELECT count(*) FROM applicants WHERE server_seq BETWEEN 101 AND 107').pluck().get()).toBe(7);
      expect(store.db.prepare("SELECT count FROM sync_checksums WHERE entity = 'applicants'").pluck().get()).toBe(7);
    } finally {
      store.close();
    }
  });

  it('in a bulk load, grows its batches with what is loaded and keeps a batch open across a stream end', () => {
    const { store, writer, commits } = countingWriter();
    try {
      writer.bulk(200);
      for (let i = 1; i <= 20; i++) writer.row(change(applicantRow(ORG, `企业${i}`), 100 + i), 100);
      // budget max(200 B, half the bytes loaded): 2 rows, 2, 2, then 3 (600 loaded), 5 (900) — 6 left open (1,350)
      expect(commits).toEqual([2, 2, 2, 3, 5]);
      writer.carry('s150');
      expect(commits).toHaveLength(5);
      const cursor = () => store.db.prepare("SELECT value FROM settings WHERE key = 'sync.cursor'").pluck().get();
      expect(cursor()).toBe('"s114"');
      // No row after the stream's end: the batch commits with that end's cursor.
      writer.commit(null);
      expect(commits).toEqual([2, 2, 2, 3, 5, 6]);
      expect(cursor()).toBe('"s150"');
      // A row after it: the batch's cursor is that row's.
      writer.row(change(applicantRow(ORG, '企业21'), 151), 100);
      writer.carry('s160');
      writer.row(change(applicantRow(ORG, '企业22'), 161), 100);
      writer.commit(null);
      expect(cursor()).toBe('"s161"');
      expect(store.db.prepare('SELECT count(*) FROM applicants').pluck().get()).toBe(22);
    } finally {
      store.close();
    }
  });
});
