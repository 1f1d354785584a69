import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/main/db/audit.js';
import * as schema from '../../../src/main/db/schema.js';
import { SearchIndex } from '../../../src/main/db/search.js';
import { DB_FILE, openStore, SYSTEM_ACTOR } from '../../../src/main/db/store.js';
import { fixedClock } from '../../../src/main/platform/clock.js';
import { appRoot } from '../../../src/main/platform/paths.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const clock = fixedClock('2026-03-02T01:00:00Z');

function addOrg(store: ReturnType<typeof openStore>, code = '350102') {
  return store.write({ actor: SYSTEM_ACTOR, action: 'org.create' }, (tx) =>
    tx.insert(schema.orgUnits, { code, name: '鼓楼区', level: 'county', officeName: '鼓楼区代办服务中心' }),
  );
}

describe('the local store', () => {
  it('opens with WAL, full sync and foreign keys on, and applies every migration once', () => {
    const dir = tempDir();
    const store = openStore(dir, { clock });
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const applied = store.db.prepare('SELECT name FROM _migrations ORDER BY name').pluck().all();
    const files = readdirSync(join(appRoot(), 'migrations/desktop')).filter((f) => f.endsWith('.sql'));
    expect(applied).toHaveLength(files.length);
    store.close();
    // Reopening applies nothing new and keeps the data.
    const again = openStore(dir, { clock });
    expect(again.db.prepare('SELECT count(*) FROM _migrations').pluck().get()).toBe(files.length);
    again.close();
  });

  it('refuses a database written by a newer app, and leaves it untouched', () => {
    const dir = tempDir();
    openStore(dir, { clock }).close();
    const raw = new Database(join(dir, DB_FILE));
    raw.prepare("INSERT INTO _migrations VALUES ('9999_from_the_future', 'x', 'now')").run();
    raw.close();
    expect(() => openStore(dir, { clock })).toThrow(/更新版本/);
    const check = new Database(join(dir, DB_FILE));
    expect(check.prepare('SELECT count(*) FROM _migrations').pluck().get()).toBeGreaterThan(1);
    check.close();
  });

  it('applies a migration added later even when its timestamp is older (by identity, not by date)', () => {
    const dir = tempDir();
    const migDir = join(dir, 'migrations');
    mkdirSync(migDir);
    for (const f of readdirSync(join(appRoot(), 'migrations/desktop')).filter((f) => f.endsWith('.sql'))) {
      copyFileSync(join(appRoot(), 'migrations/desktop', f), join(migDir, f));
    }
    openStore(join(dir, 'data'), { clock, migrationsDir: migDir }).close();
    writeFileSync(join(migDir, '0000_zz_late_branch.sql'), 'CREATE TABLE late_branch (x integer);');
    const store = openStore(join(dir, 'data'), { clock, migrationsDir: migDir });
    expect(store.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'late_branch'").pluck().get()).toBe(1);
    store.close();
  });

  it('writes each change with its audit event and outbox op in one transaction', () => {
    const store = openStore(tempDir(), { clock });
    const org = addOrg(store);
    expect(org.id).toMatch(/^[0-9a-f-]{36}$/);
    const ops = store.db.prepare('SELECT entity, entity_id, kind, payload FROM outbox').all() as Array<{ entity: string; entity_id: string; kind: string; payload: string }>;
    expect(ops).toEqual([{ entity: 'orgUnits', entity_id: org.id, kind: 'insert', payload: expect.stringContaining('鼓楼区') }]);
    const events = store.db.prepare('SELECT action, entity_id FROM audit_events').all();
    expect(events).toEqual([{ action: 'org.create', entity_id: org.id }]);

    // A failing write leaves nothing behind: no row, no audit event, no outbox op.
    expect(() =>
      store.write({ actor: SYSTEM_ACTOR, action: 'org.create' }, (tx) => {
        tx.insert(schema.orgUnits, { code: '350103', name: '台江区', level: 'county', officeName: 'x' });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.db.prepare('SELECT count(*) FROM org_units').pluck().get()).toBe(1);
    expect(store.db.prepare('SELECT count(*) FROM outbox').pluck().get()).toBe(1);
    expect(store.db.prepare('SELECT count(*) FROM audit_events').pluck().get()).toBe(1);
    store.close();
  });

  it('records field patches with their base values and soft-deletes as tombstones', () => {
    const store = openStore(tempDir(), { clock });
    const org = addOrg(store);
    store.write({ actor: SYSTEM_ACTOR, action: 'org.update' }, (tx) => tx.patch(schema.orgUnits, org.id, { phone: '0591-87654321', name: '鼓楼区' }));
    const patch = store.db.prepare("SELECT payload FROM outbox WHERE kind = 'patch'").pluck().get() as string;
    expect(JSON.parse(patch)).toEqual({ phone: { base: '', value: '0591-87654321' } });
    store.write({ actor: SYSTEM_ACTOR, action: 'org.delete' }, (tx) => tx.remove(schema.orgUnits, org.id));
    const row = store.db.prepare('SELECT deleted_at FROM org_units WHERE id = ?').get(org.id) as { deleted_at: string };
    expect(row.deleted_at).toBe('2026-03-02T01:00:00.000Z');
    expect(store.db.prepare("SELECT count(*) FROM outbox WHERE kind = 'delete'").pluck().get()).toBe(1);
    store.close();
  });

  it('keeps the audit log append-only and finds the first tampered event', () => {
    const store = openStore(tempDir(), { clock });
    for (let i = 0; i < 5; i++) addOrg(store, `35010${i}`);
    expect(verifyAuditChain(store.db)).toMatchObject({ ok: true, events: 5 });
    expect(() => store.db.prepare("UPDATE audit_events SET action = 'x' WHERE seq = 2").run()).toThrow(/只能追加/);
    expect(() => store.db.prepare('DELETE FROM audit_events WHERE seq = 2').run()).toThrow(/只能追加/);
    // Someone edits the file behind the store's back.
    store.db.exec('DROP TRIGGER audit_events_no_update');
    store.db.prepare(`UPDATE audit_events SET detail = '{"forged":true}' WHERE seq = 3`).run();
    const res = verifyAuditChain(store.db);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.brokenAt.seq).toBe(3);
    store.close();
  });

  it('finds documents by 1, 2 and 3+ characters, full-width input too, and nothing else', () => {
    const store = openStore(tempDir(), { clock });
    const search = new SearchIndex(store.db);
    store.db.transaction(() => {
      search.put({ kind: 'applicant', refId: 'a1', title: '福州闽江科技有限公司', subtitle: '', parts: ['福州闽江科技有限公司', '91350102MA2XYZ1234'] });
      search.put({ kind: 'applicant', refId: 'a2', title: '王𠮷', subtitle: '', parts: ['王𠮷', '13812345678'] });
      search.put({ kind: 'case', refId: 'c1', title: '350102-2026-00001', subtitle: '', parts: ['350102-2026-00001', '闽江科技厂房'] });
    })();
    const ids = (q: string) => search.search(q).map((h) => h.refId).sort();
    expect(ids('闽江')).toEqual(['a1', 'c1']);
    expect(ids('王𠮷')).toEqual(['a2']);
    expect(ids('科技有限')).toEqual(['a1']);
    expect(ids('ｍａ２ｘ')).toEqual(['a1']);
    expect(ids('王')).toEqual(['a2']);
    expect(ids('2026-00001')).toEqual(['c1']);
    expect(ids('上海')).toEqual([]);
    expect(ids('"OR"')).toEqual([]);
    // Replacing a document drops its old words.
    store.db.transaction(() => search.put({ kind: 'applicant', refId: 'a1', title: '福州鼓山食品有限公司', subtitle: '', parts: ['福州鼓山食品有限公司'] }))();
    expect(ids('闽江')).toEqual(['c1']);
    expect(ids('鼓山')).toEqual(['a1']);
    store.close();
  });
});
