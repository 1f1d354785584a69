// Backups taken while the store is in use. A separate process keeps committing cases and progress
// through the services while this one backs the store up: the clerk's writes go on during the
// backup, the copy is one consistent snapshot holding every write acknowledged before it began,
// and it restores. A backup killed with SIGKILL leaves only a `.partial`, removed by the next one.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../src/main/db/audit.js';
import { DB_FILE, openStore } from '../../../src/main/db/store.js';
import { BACKUP_DB_FILE, listBackups, PARTIAL_SUFFIX } from '../../../src/main/features/backup/layout.js';
import { restoreBackup, verifyBackup } from '../../../src/main/features/backup/restore.js';
import { backupStore } from '../../../src/main/features/backup/service.js';
import { makeWorld, PASSWORD } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const root = join(import.meta.dirname, '../../..');
const program = (name: string) => join(root, 'tests/fixtures/programs', name);

/** Ballast so that copying the store takes long enough to overlap the writer (and to be killed). */
function addBallast(dir: string, megabytes: number): void {
  const db = new Database(join(dir, DB_FILE));
  db.exec(`CREATE TABLE test_ballast (id INTEGER PRIMARY KEY, data BLOB NOT NULL)`);
  db.prepare(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) INSERT INTO test_ballast (data) SELECT randomblob(65536) FROM n`).run(megabytes * 16);
  db.close();
}

function start(args: string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Waits (polling the state, no fixed sleep) until `ready()` holds. */
async function until(ready: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(2);
  }
}

const acked = (output: string) => [...output.matchAll(/^(case|progress) ([0-9a-f-]{36})$/gm)].map((m) => ({ kind: m[1]!, id: m[2]! }));

describe('hot backup', () => {
  it('takes a consistent backup while another process keeps writing, and it restores', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    makeWorld(data).store.close();
    addBallast(data, 48);
    const writer = start([program('write-loop.ts'), data, 'townClerk', PASSWORD]);
    await until(() => acked(writer.output()).length >= 40 || writer.child.exitCode !== null, 'the writer to commit 40 writes');
    expect(writer.child.exitCode, writer.output()).toBeNull();

    const store = openStore(data);
    const before = acked(writer.output());
    const backup = await backupStore(store, { targetDir: join(dir, 'backups'), kind: 'manual' });
    const duringOrAfter = acked(writer.output()).length - before.length;
    store.close();
    // The writer was never blocked for the length of the backup: its writes went on meanwhile.
    expect(duringOrAfter).toBeGreaterThan(0);

    const copy = new Database(join(backup.dir, BACKUP_DB_FILE), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const { kind, id } of before) {
      const table = kind === 'case' ? 'cases' : 'progress_entries';
      expect(copy.prepare(`SELECT count(*) FROM ${table} WHERE id = ?`).pluck().get(id), `${kind} ${id}`).toBe(1);
    }
    // No torn write: every case and progress entry in the copy came with its outbox op, and the
    // audit chain (one event per write, hash-chained) is whole.
    for (const [table, entity] of [['cases', 'cases'], ['progress_entries', 'progressEntries']] as const) {
      const orphans = copy.prepare(`SELECT count(*) FROM ${table} r WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = ? AND o.entity_id = r.id AND o.kind = 'insert')`).pluck().get(entity);
      expect(orphans, table).toBe(0);
    }
    expect(verifyAuditChain(copy).ok).toBe(true);
    const casesInCopy = copy.prepare('SELECT count(*) FROM cases').pluck().get() as number;
    copy.close();

    // While the writer has the store open, a restore is refused and nothing moves.
    expect(() => restoreBackup(data, backup.dir)).toThrow(/数据文件正被使用/);
    writer.child.kill('SIGKILL');
    await writer.exited;
    const casesLive = (() => {
      const db = new Database(join(data, DB_FILE), { readonly: true });
      const n = db.prepare('SELECT count(*) FROM cases').pluck().get() as number;
      db.close();
      return n;
    })();
    expect(casesLive).toBeGreaterThan(casesInCopy);

    const res = restoreBackup(data, backup.dir);
    const restored = openStore(data);
    expect(restored.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(restored.db.prepare('SELECT count(*) FROM cases').pluck().get()).toBe(casesInCopy);
    expect(verifyAuditChain(restored.db).ok).toBe(true);
    restored.close();
    expect(existsSync(join(res.replacedDir!, DB_FILE))).toBe(true);
  }, 120_000);

  it('a backup killed mid-way leaves only a .partial, which the next backup removes', async () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const target = join(dir, 'backups');
    makeWorld(data).store.close();
    addBallast(data, 96);
    const run = start([program('backup-once.ts'), data, target]);
    const partial = () => (existsSync(target) ? readdirSync(target).filter((n) => n.endsWith(PARTIAL_SUFFIX)) : []);
    await until(() => {
      const [p] = partial();
      const file = p && join(target, p, BACKUP_DB_FILE);
      return Boolean(file && existsSync(file) && statSync(file).size > 0) || run.child.exitCode !== null;
    }, 'the backup to start writing');
    run.child.kill('SIGKILL');
    await run.exited;
    expect(run.output()).not.toContain('done');
    expect(readdirSync(target)).toEqual(partial());
    expect(partial()).toHaveLength(1);
    expect(listBackups(target)).toEqual([]);

    const store = openStore(data);
    const next = await backupStore(store, { targetDir: target, kind: 'manual' });
    store.close();
    expect(readdirSync(target)).toEqual([next.dir.slice(target.length + 1)]);
    expect(() => verifyBackup(next.dir)).not.toThrow();
  }, 120_000);
});
