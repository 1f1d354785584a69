// Backups that restore: a round trip gives back every row of every table and every attachment
// file; a backup that is damaged, incomplete or from a newer app is refused with nothing changed;
// rotation keeps what it promises; an upgrade backs the store up before its first migration.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as t from '../../../src/main/db/schema.js';
import { DB_FILE, openStore, SYSTEM_ACTOR } from '../../../src/main/db/store.js';
import { addAttachmentBytes } from '../../../src/main/features/attachments/service.js';
import { addProgress } from '../../../src/main/features/progress/service.js';
import { seedReferenceData } from '../../../src/main/features/catalog/seed.js';
import { attachmentRel, BACKUP_DB_FILE, listBackups, MANIFEST_FILE, readManifest, sha256File } from '../../../src/main/features/backup/layout.js';
import { restoreBackup, verifyBackup } from '../../../src/main/features/backup/restore.js';
import { isoWeek, planRotation } from '../../../src/main/features/backup/rotation.js';
import { backupNow, backupStore, countRows, dailyBackupIfDue, openStoreWithBackups } from '../../../src/main/features/backup/service.js';
import { createBackend } from '../../../src/main/api/backend.js';
import { fixedClock } from '../../../src/main/platform/clock.js';
import { appRoot } from '../../../src/main/platform/paths.js';
import { makeWorld, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

/** Every row of every table, in rowid order (the whole content a restore must give back). */
function dump(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`).pluck().all() as string[];
    return Object.fromEntries(names.map((n) => [n, db.prepare(`SELECT * FROM "${n}"`).all()]));
  } finally {
    db.close();
  }
}

/** Relative path → SHA-256 of every file under a folder. */
function files(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  return Object.fromEntries(
    (readdirSync(dir, { recursive: true }) as string[]).filter((p) => statSync(join(dir, p)).isFile()).sort().map((p) => [p, sha256File(join(dir, p))]),
  );
}

function worldWithFiles(dir: string): { w: World; caseId: string } {
  const w = makeWorld(dir);
  const c = registerProxyCase(w);
  addProgress(w.ctx('agent'), { caseId: c.caseId, kind: 'note', text: '已电话联系经办人', hours: 0.5 });
  addAttachmentBytes(w.ctx('clerk'), { caseId: c.caseId, name: '营业执照.pdf', bytes: Buffer.from('%PDF-1.4 营业执照扫描件') });
  addAttachmentBytes(w.ctx('clerk'), { caseId: c.caseId, name: '委托书.png', bytes: Buffer.from('PNG 委托书扫描件 ' + 'x'.repeat(5000)) });
  return { w, caseId: c.caseId };
}

describe('backup and restore', () => {
  it('a restore gives back every row of every table and every attachment, and keeps the replaced store aside', async () => {
    const root = tempDir();
    const data = join(root, 'data');
    const { w, caseId } = worldWithFiles(data);
    const backup = await backupStore(w.store, { targetDir: join(root, 'backups'), kind: 'manual' });
    expect(backup.dir).not.toMatch(/\.partial$/);
    expect(backup.manifest.attachments).toHaveLength(2);
    expect(backup.manifest.tables['cases']).toBe(1);
    const before = dump(join(backup.dir, BACKUP_DB_FILE));
    const filesBefore = files(w.store.attachmentsDir());
    // Work after the backup: a case, a scan, progress. The restore must take the store back.
    const later = registerProxyCase(w);
    addAttachmentBytes(w.ctx('clerk'), { caseId: later.caseId, name: '施工图.pdf', bytes: Buffer.from('later scan') });
    addProgress(w.ctx('agent'), { caseId, kind: 'note', text: '备份之后的进度', hours: 1 });
    const seqBeforeRestore = w.store.db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'outbox'`).pluck().get() as number;
    const unpushed = w.store.db.prepare('SELECT count(*) FROM outbox WHERE pushed_at IS NULL').pluck().get() as number;
    const countersBeforeRestore = w.store.db.prepare('SELECT * FROM case_counters ORDER BY org_unit_id, year').all();
    const replacedRows = dump(join(data, DB_FILE));
    w.store.close();

    const res = restoreBackup(data, backup.dir, { clock: fixedClock('2026-03-03T02:00:00Z') });
    const after = dump(join(data, DB_FILE));
    // sqlite_sequence and case_counters differ on purpose (the outbox sequence and case numbers
    // move on past what the replaced store handed out); everything else is the backup's.
    const { sqlite_sequence: seqAfter, case_counters: countersAfter, ...restAfter } = after;
    const { sqlite_sequence: _seqBefore, case_counters: _countersBefore, ...restBefore } = before;
    expect(restAfter).toEqual(restBefore);
    expect(countersAfter).toEqual(countersBeforeRestore);
    expect(countersAfter).not.toEqual(_countersBefore);
    expect(files(join(data, 'attachments'))).toEqual(filesBefore);
    expect((seqAfter as Array<{ name: string; seq: number }>).find((r) => r.name === 'outbox')!.seq).toBe(seqBeforeRestore);
    expect(res.outboxSeqFloor).toBe(seqBeforeRestore);
    expect(res.unpushedReplacedOps).toBe(unpushed);
    // The replaced store is whole in replaced-<stamp>/, with the later work in it.
    expect(res.replacedDir).toBe(join(data, 'replaced-20260303T020000000Z'));
    expect(dump(join(res.replacedDir!, DB_FILE))).toEqual(replacedRows);
    expect(Object.keys(files(join(res.replacedDir!, 'attachments')))).toHaveLength(3);

    // The restored store opens, and its next op gets a client sequence the server never saw.
    const store = openStore(data);
    const db = store.db;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const orgId = db.prepare('SELECT id FROM org_units ORDER BY id LIMIT 1').pluck().get() as string;
    store.write({ actor: SYSTEM_ACTOR, action: 'test.after-restore' }, (tx) => {
      tx.patch(t.orgUnits, orgId, { name: '恢复后改名的机构' });
    });
    const newSeq = db.prepare(`SELECT max(seq) FROM outbox`).pluck().get() as number;
    expect(newSeq).toBeGreaterThan(seqBeforeRestore);
    store.close();
  });

  it('refuses a damaged, incomplete or newer backup by name, and changes nothing', async () => {
    const root = tempDir();
    const data = join(root, 'data');
    const { w } = worldWithFiles(data);
    const good = await backupStore(w.store, { targetDir: join(root, 'backups'), kind: 'manual' });
    w.store.close();
    const liveHash = () => sha256File(join(data, DB_FILE));
    const untouched = { db: liveHash(), names: readdirSync(data).sort() };
    const copyOf = (name: string) => {
      const dir = join(root, name);
      for (const f of readdirSync(good.dir, { recursive: true }) as string[]) {
        const from = join(good.dir, f);
        if (statSync(from).isDirectory()) mkdirSync(join(dir, f), { recursive: true });
        else {
          mkdirSync(join(dir, f, '..'), { recursive: true });
          copyFileSync(from, join(dir, f));
        }
      }
      return dir;
    };
    const manifest = readManifest(good.dir);

    const flipped = copyOf('flipped');
    const dbFile = join(flipped, BACKUP_DB_FILE);
    const bytes = readFileSync(dbFile);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0xff;
    writeFileSync(dbFile, bytes);
    expect(() => restoreBackup(data, flipped)).toThrow(/数据库文件 daiban\.sqlite 的校验值与备份清单不符/);

    const missing = copyOf('missing');
    const gone = manifest.attachments[0]!.sha256;
    rmSync(join(missing, attachmentRel(gone)));
    expect(() => restoreBackup(data, missing)).toThrow(new RegExp(`缺少 1 个附件文件（${gone}）`));

    const damagedFile = copyOf('damaged-file');
    writeFileSync(join(damagedFile, attachmentRel(manifest.attachments[1]!.sha256)), 'not the scan');
    expect(() => restoreBackup(data, damagedFile)).toThrow(/1 个附件文件校验值不符/);

    const newerApp = copyOf('newer-app');
    writeFileSync(join(newerApp, MANIFEST_FILE), JSON.stringify({ ...manifest, appVersion: '9.0.0' }));
    expect(() => restoreBackup(data, newerApp)).toThrow(/此备份由更新版本的代办帮办工作台（9\.0\.0）生成/);

    const newerSchema = copyOf('newer-schema');
    writeFileSync(join(newerSchema, MANIFEST_FILE), JSON.stringify({ ...manifest, migrations: [...manifest.migrations, { name: '9999_future', sha256: 'x' }] }));
    expect(() => restoreBackup(data, newerSchema)).toThrow(/此备份由更新版本的代办帮办工作台写入（含本程序不认识的数据库版本 9999_future）/);

    const badManifest = copyOf('bad-manifest');
    writeFileSync(join(badManifest, MANIFEST_FILE), '{"format":"daiban-backup"');
    expect(() => restoreBackup(data, badManifest)).toThrow(/备份清单 .* 无法读取/);

    expect({ db: liveHash(), names: readdirSync(data).sort() }).toEqual(untouched);
    expect(verifyBackup(good.dir).db.sha256).toBe(manifest.db.sha256);
  });

  it('two backups of one process at once do not take each other for debris', async () => {
    const root = tempDir();
    const { w } = worldWithFiles(join(root, 'data'));
    const target = join(root, 'backups');
    const both = await Promise.all([backupStore(w.store, { targetDir: target, kind: 'daily' }), backupStore(w.store, { targetDir: target, kind: 'pre-import' })]);
    expect(listBackups(target).map((b) => b.dir).sort()).toEqual(both.map((b) => b.dir).sort());
    for (const b of both) expect(() => verifyBackup(b.dir)).not.toThrow();
    w.store.close();
  });

  it('refuses to restore while the store is open elsewhere', async () => {
    const root = tempDir();
    const { w } = worldWithFiles(join(root, 'data'));
    const b = await backupStore(w.store, { targetDir: join(root, 'backups'), kind: 'manual' });
    expect(() => restoreBackup(join(root, 'data'), b.dir)).toThrow(/数据文件正被使用.*请先关闭代办帮办工作台/);
    expect(readdirSync(join(root, 'data')).filter((n) => n.startsWith('replaced-') || n.startsWith('.restore-'))).toEqual([]);
    w.store.close();
  });

  it('shares attachment bytes with earlier backups in the folder and rotates manual backups to five', async () => {
    const root = tempDir();
    const { w } = worldWithFiles(join(root, 'data'));
    const target = join(root, 'backups');
    const made = [];
    for (let i = 0; i < 7; i++) {
      made.push(await backupNow(w.store, target));
      w.clock.advance(3600_000);
    }
    expect(made[0]!.copiedAttachments).toBe(2);
    expect(made.slice(1).map((m) => m.copiedAttachments)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(listBackups(target).map((b) => b.dir)).toEqual(made.slice(2).map((m) => m.dir));
    // The kept backups still verify after the ones they shared files with were removed.
    for (const m of made.slice(2)) expect(() => verifyBackup(m.dir)).not.toThrow();
    w.store.close();
  });
});

describe('daily backup', () => {
  it('is taken once per China date, and by the backend on start, off the request path', async () => {
    const root = tempDir();
    const data = join(root, 'data');
    const w = makeWorld(data, '2026-12-01T15:30:00Z'); // 23:30 on 12-01 in Fuzhou
    const target = join(data, 'backups');
    expect((await dailyBackupIfDue(w.store))?.manifest.kind).toBe('daily');
    expect(await dailyBackupIfDue(w.store)).toBeNull();
    w.clock.advance(3600_000); // 00:30 on 12-02 in Fuzhou: a new day
    expect(await dailyBackupIfDue(w.store)).not.toBeNull();
    expect(listBackups(target).map((b) => b.name)).toEqual(['daily-20261201T153000000Z', 'daily-20261201T163000000Z']);
    w.clock.advance(86400_000);
    const clock = w.clock;
    w.store.close();

    const backend = createBackend({ dataDir: data, clock, sync: false, log: (e) => { throw e; } });
    try {
      await expect.poll(() => listBackups(target).length).toBe(3);
    } finally {
      backend.close();
    }
    expect(listBackups(target).at(-1)!.name).toBe(`daily-${clock.now().toISOString().replace(/[-:.]/g, '')}`);
  });
});

describe('rotation', () => {
  const at = (iso: string) => new Date(iso);
  const daily = (iso: string) => ({ name: `daily-${iso}`, kind: 'daily' as const, at: at(iso) });
  /** One daily backup a day at 09:00 China time, for `days` days ending on `last`. */
  const everyDay = (last: string, days: number) => {
    const clock = fixedClock(`${last}T01:00:00Z`);
    const out = [];
    for (let i = 0; i < days; i++) {
      out.unshift(daily(clock.now().toISOString()));
      clock.advance(-86400_000);
    }
    return out;
  };
  const kept = (entries: ReturnType<typeof daily>[]) => planRotation(entries).keep.map((e) => e.at.toISOString().slice(0, 10));

  it.each([
    { name: '10 days: the last 7 days (their weeks are among them)', entries: everyDay('2026-12-02', 10), keep: ['2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'] },
    {
      name: '40 days: the last 7 days and the Sundays of the two weeks before them',
      entries: everyDay('2026-12-02', 40),
      keep: ['2026-11-15', '2026-11-22', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'],
    },
    {
      // 7 days that have a backup, not 7 calendar days; 11-08 is the newest of its week (W45).
      name: 'a gap of weeks: the days before it still count, and each week keeps its newest',
      entries: [...everyDay('2026-11-10', 4), ...everyDay('2026-12-02', 5)],
      keep: ['2026-11-08', '2026-11-09', '2026-11-10', '2026-11-28', '2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'],
    },
  ])('$name', ({ entries, keep }) => {
    expect(kept(entries)).toEqual(keep);
  });

  it('keeps the newest of two backups on one China date (01:00 in Fuzhou is the previous UTC day)', () => {
    const a = daily('2026-12-01T17:30:00.000Z'); // 2026-12-02 01:30 China
    const b = daily('2026-12-02T03:00:00.000Z'); // 2026-12-02 11:00 China
    const c = daily('2026-12-01T15:00:00.000Z'); // 2026-12-01 23:00 China
    expect(planRotation([c, a, b]).keep).toEqual([c, b]);
  });

  it('keeps five of each other kind, independently', () => {
    const clock = fixedClock('2026-12-01T00:00:00Z');
    const entries = [];
    for (let i = 0; i < 7; i++) {
      for (const kind of ['manual', 'pre-import'] as const) entries.push({ name: `${kind}-${i}`, kind, at: clock.now() });
      clock.advance(60_000);
    }
    entries.push({ name: 'pre-migration-0', kind: 'pre-migration' as const, at: clock.now() });
    const { keep, remove } = planRotation(entries);
    expect(remove.map((e) => e.name).sort()).toEqual(['manual-0', 'manual-1', 'pre-import-0', 'pre-import-1']);
    expect(keep).toHaveLength(11);
  });

  it.each([
    ['2026-12-02', '2026-W49'], ['2026-01-01', '2026-W01'], ['2027-01-01', '2026-W53'], ['2024-12-30', '2025-W01'], ['2021-01-03', '2020-W53'],
  ])('ISO week of %s is %s', (date, week) => {
    expect(isoWeek(date)).toBe(week);
  });
});

describe('pre-migration backup', () => {
  it('is taken before the first migration runs on an older store, and restores to it', () => {
    const root = tempDir();
    const data = join(root, 'data');
    const oldMigrations = join(root, 'old-migrations');
    mkdirSync(oldMigrations);
    const shipped = join(appRoot(), 'migrations/desktop');
    const newest = readdirSync(shipped).filter((f) => f.endsWith('.sql')).sort().at(-1)!;
    for (const f of readdirSync(shipped).filter((f) => f.endsWith('.sql') && f < newest)) copyFileSync(join(shipped, f), join(oldMigrations, f));
    const old = openStore(data, { migrationsDir: oldMigrations, clock: fixedClock('2026-03-01T00:00:00Z') });
    old.write({ actor: SYSTEM_ACTOR, action: 'test.seed' }, (tx) => seedReferenceData(tx, { orgTree: true }));
    const oldRows = countRows(old.db);
    old.close();

    const clock = fixedClock('2026-03-02T01:00:00Z');
    const store = openStoreWithBackups(data, { clock });
    const applied = store.db.prepare('SELECT name FROM _migrations').pluck().all();
    expect(applied).toContain(newest.replace(/\.sql$/, ''));
    store.close();
    const [backup] = listBackups(join(data, 'backups'));
    expect(backup?.kind).toBe('pre-migration');
    const m = verifyBackup(backup!.dir);
    // The copy is the store as it was: without the newest migration, with all its rows.
    expect(m.migrations.map((x) => x.name)).not.toContain(newest.replace(/\.sql$/, ''));
    expect(m.tables).toEqual(oldRows);
    // Opening again migrates nothing, so no second backup.
    openStoreWithBackups(data, { clock }).close();
    expect(listBackups(join(data, 'backups'))).toHaveLength(1);
    // A brand-new store is not backed up either.
    openStoreWithBackups(join(root, 'fresh'), { clock }).close();
    expect(existsSync(join(root, 'fresh', 'backups'))).toBe(false);
    // And it restores: the older store is put back and migrated on open.
    const res = restoreBackup(data, backup!.dir, { clock });
    expect(res.replacedDir).not.toBeNull();
    const again = openStore(data);
    expect(countRows(again.db)['org_units']).toBe(oldRows['org_units']);
    again.close();
  });
});
