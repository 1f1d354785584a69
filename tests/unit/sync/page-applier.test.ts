import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/main/db/store.js';
import { PageApplier, rowHash } from '../../../src/main/sync/apply.js';
import { CHECKSUM_MODULUS, formatChecksumHash } from '../../../src/shared/sync/checksum.js';
import type { Change } from '../../../src/shared/sync/protocol.js';
import { applicantRow } from '../../integration/sync/desktop-fixtures.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function change(data: Record<string, unknown>, serverSeq: number): Change {
  return { entity: 'applicants', id: data.id as string, serverSeq, orgUnitId: data.orgUnitId as string, caseId: null, deleted: false, data } as Change;
}

function applyPage(db: Database.Database, changes: Change[], opts: { bulk?: boolean; ok?: boolean[] } = {}): PageApplier {
  const a = new PageApplier(db);
  a.setBulk(opts.bulk ?? false);
  db.pragma('foreign_keys = OFF');
  db.transaction(() => {
    a.loadPending();
    changes.forEach((c, i) => expect(a.apply(c)).toBe(opts.ok?.[i] ?? true));
    a.flush();
  })();
  db.pragma('foreign_keys = ON');
  return a;
}

describe('PageApplier bookkeeping across pages', () => {
  it('replaces a held row’s hash when it comes again inside a later page’s id range (fresh-range shortcut must not skip it)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-applier-'));
    dirs.push(dir);
    const store = openStore(dir);
    try {
      const org = '01950000-aaaa-7000-8000-000000000001';
      const rows = ['01', '05', '09'].map((n): Record<string, unknown> => ({ ...applicantRow(org, `申请人${n}`), id: `01950000-0000-7000-8000-0000000000${n}` }));
      const [r1, r2, r3] = rows as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
      applyPage(store.db, [change(r2, 10)]);
      // Next page: ids on both sides of the held one, and the held one updated.
      const a = applyPage(store.db, [change(r1, 11), change({ ...r2, name: '改名后' }, 12), change(r3, 13)]);
      const expected = [[r1.id, 11], [r2.id, 12], [r3.id, 13]].reduce((s, [id, seq]) => (s + rowHash('applicants', id as string, seq as number)) % CHECKSUM_MODULUS, 0);
      expect(a.localChecksums().applicants).toEqual({ count: 3, hash: formatChecksumHash(expected) });
      expect(store.db.prepare('SELECT name FROM applicants WHERE id = ?').pluck().get(r2.id)).toBe('改名后');
      expect(store.db.prepare('SELECT server_seq FROM applicants WHERE id = ?').pluck().get(r2.id)).toBe(12);
    } finally {
      store.close();
    }
  });

  it('the bulk path: a row sent twice keeps its later version, a refused row its sequence until a good one comes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-applier-'));
    dirs.push(dir);
    const store = openStore(dir);
    try {
      const org = '01950000-aaaa-7000-8000-000000000001';
      const [r1, r2, r3] = ['07', '03', '11'].map((n): Record<string, unknown> => ({ ...applicantRow(org, `企业${n}`), id: `01950000-0000-7000-8000-0000000000${n}` })) as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
      const bad = { ...r3, name: 123 };
      // One load: r1 twice (the server sent it again in a later stream), r3 malformed.
      applyPage(store.db, [change(r1, 20), change(r2, 21), change(bad, 22), change({ ...r1, name: '企业07（更名）' }, 30)], { bulk: true, ok: [true, true, false, true] });
      const sum = (pairs: Array<[Record<string, unknown>, number]>) => formatChecksumHash(pairs.reduce((s, [r, seq]) => (s + rowHash('applicants', r.id as string, seq)) % CHECKSUM_MODULUS, 0));
      let a = new PageApplier(store.db);
      expect(a.localChecksums().applicants).toEqual({ count: 3, hash: sum([[r1, 30], [r2, 21], [r3, 22]]) });
      expect(store.db.prepare('SELECT name, server_seq FROM applicants WHERE id = ?').get(r1.id)).toEqual({ name: '企业07（更名）', server_seq: 30 });
      expect(store.db.prepare('SELECT count(*) FROM applicants WHERE id = ?').pluck().get(r3.id)).toBe(0);
      // The corrected row arrives, still in bulk: stored, its refusal gone, counted once.
      applyPage(store.db, [change({ ...r3, name: '企业11' }, 31)], { bulk: true });
      a = new PageApplier(store.db);
      expect(a.localChecksums().applicants).toEqual({ count: 3, hash: sum([[r1, 30], [r2, 21], [r3, 31]]) });
      expect(store.db.prepare('SELECT count(*) FROM sync_refused_rows').pluck().get()).toBe(0);
      // What the incremental rebuild computes from the rows held agrees.
      store.db.transaction(() => a.rebuildAllChecksums())();
      expect(new PageApplier(store.db).localChecksums().applicants).toEqual({ count: 3, hash: sum([[r1, 30], [r2, 21], [r3, 31]]) });
    } finally {
      store.close();
    }
  });
});
