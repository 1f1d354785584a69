// Putting a backup back: verified first (manifest, hashes, integrity, every attachment its rows
// need), refused if a newer app made it, done only while nothing has the store open. The current
// store and attachments are moved aside to `<data>/replaced-<stamp>/`, never deleted.
//
// Sync after a restore onto an enrolled desktop. The device credentials (sync-device.json) are not
// in a backup and stay as they are: the desktop keeps its identity. Three things make the next
// round lose nothing and apply nothing twice:
//  - The outbox is the backup's: ops not yet pushed when it was taken are pushed again; those the
//    replaced store pushed meanwhile come back as 'duplicate' (the server matches their op id).
//  - The server's idempotency key is (device, client sequence) = the outbox seq. The restored
//    outbox would hand out seqs the replaced store already used, and the server would answer a new
//    op with 'duplicate' and drop it. So the outbox sequence is moved past the highest seq the
//    replaced store ever used (or, when that store cannot be read, a million further on).
//  - Case numbers (case_counters) are local counters too, and numbers issued after the backup are
//    printed on cards and known to the server: each counter is carried forward to the larger of
//    the backup's and the replaced store's, so no number is issued twice.
//  - The sync cursor is the backup's, older than the server's: the next pull fetches everything
//    since, including what this desktop pushed after the backup.
// What the replaced store wrote after the backup and never pushed is only in replaced-<stamp>/:
// `unpushedReplacedOps` counts it so the admin is told.
import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '../../../shared/errors.js';
import { APP_VERSION } from '../../../shared/sync/versions.js';
import { loadMigrations, refuseNewer } from '../../db/migrate.js';
import { attachmentsDirOf, DB_FILE, desktopMigrationsDir, openStore } from '../../db/store.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { attachmentRel, BACKUP_ATTACHMENTS, BACKUP_DB_FILE, readManifest, sha256File, type BackupManifest } from './layout.js';
import { countRows, fsyncDir, referencedAttachments, requireIntegrity } from './service.js';

/** How far the outbox sequence jumps when the replaced store's own cannot be read. */
const SEQ_MARGIN_UNKNOWN = 1_000_000;

export interface RestoreOptions {
  clock?: Clock;
  migrationsDir?: string;
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** Where the store that was in place now lives (null: the folder held no store). */
  replacedDir: string | null;
  /** The outbox sequence the restored store continues after. */
  outboxSeqFloor: number;
  /** Ops the replaced store had not pushed yet (they are not in the restored store). */
  unpushedReplacedOps: number | null;
}

/** Proves a backup whole: the manifest parses, the db and every attachment match their hashes. */
export function verifyBackup(backupDir: string, migrationsDir = desktopMigrationsDir()): BackupManifest {
  if (!existsSync(backupDir) || !statSync(backupDir).isDirectory()) throw new DomainError('not_found', `找不到备份文件夹 ${backupDir}`);
  const manifest = readManifest(backupDir);
  if (compareVersions(manifest.appVersion, APP_VERSION) > 0) {
    throw new DomainError('store_newer', `此备份由更新版本的代办帮办工作台（${manifest.appVersion}）生成，本程序为 ${APP_VERSION}，不能恢复。请升级程序后再恢复。`);
  }
  refuseNewer(manifest.migrations.map((m) => m.name), loadMigrations(migrationsDir), '此备份');
  const dbFile = join(backupDir, BACKUP_DB_FILE);
  if (!existsSync(dbFile)) throw new DomainError('invalid_input', `备份不完整：缺少数据库文件 ${dbFile}`);
  if (sha256File(dbFile) !== manifest.db.sha256) throw new DomainError('invalid_input', `备份已损坏：数据库文件 ${BACKUP_DB_FILE} 的校验值与备份清单不符，不能恢复。`);
  const missing: string[] = [];
  const damaged: string[] = [];
  for (const a of manifest.attachments) {
    const file = join(backupDir, attachmentRel(a.sha256));
    if (!existsSync(file)) missing.push(a.sha256);
    else if (sha256File(file) !== a.sha256) damaged.push(a.sha256);
  }
  if (missing.length) throw new DomainError('invalid_input', `备份不完整：缺少 ${missing.length} 个附件文件（${missing.slice(0, 3).join('、')}${missing.length > 3 ? '…' : ''}），不能恢复。`);
  if (damaged.length) throw new DomainError('invalid_input', `备份已损坏：${damaged.length} 个附件文件校验值不符（${damaged.slice(0, 3).join('、')}${damaged.length > 3 ? '…' : ''}），不能恢复。`);
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    requireIntegrity(db, dbFile);
    const listed = new Set([...manifest.attachments.map((a) => a.sha256), ...manifest.missingInStore]);
    const unlisted = referencedAttachments(db).filter((h) => !listed.has(h));
    if (unlisted.length) throw new DomainError('invalid_input', `备份不完整：${unlisted.length} 个附件未收入备份（${unlisted.slice(0, 3).join('、')}），不能恢复。`);
    const rows = countRows(db);
    const differ = Object.keys({ ...rows, ...manifest.tables }).filter((t) => rows[t] !== manifest.tables[t]);
    if (differ.length) throw new DomainError('invalid_input', `备份与其清单不符：表 ${differ.join('、')} 的行数不同，不能恢复。`);
  } finally {
    db.close();
  }
  return manifest;
}

export function restoreBackup(dataDir: string, backupDir: string, options: RestoreOptions = {}): RestoreResult {
  const clock = options.clock ?? systemClock;
  const migrationsDir = options.migrationsDir ?? desktopMigrationsDir();
  const manifest = verifyBackup(backupDir, migrationsDir);
  mkdirSync(dataDir, { recursive: true });
  const liveDb = join(dataDir, DB_FILE);
  // Held from the check until the store is moved aside: nobody opens the store in between.
  const lock = existsSync(liveDb) ? lockStore(liveDb) : null;
  const stamp = clock.now().toISOString().replace(/[-:.]/g, '');
  const staging = join(dataDir, `.restore-${stamp}.partial`);
  let seqFloor = 0;
  let counters: CaseCounter[] = [];
  let unpushed: number | null = null;
  let replacedDir: string | null = null;
  try {
    // Debris of an interrupted restore: never in use, the store it staged was not yet in place.
    for (const n of readdirSync(dataDir)) if (/^\.restore-.*\.partial$/.test(n)) rmSync(join(dataDir, n), { recursive: true, force: true });
    mkdirSync(staging);
    cpSync(join(backupDir, BACKUP_DB_FILE), join(staging, DB_FILE));
    if (existsSync(join(backupDir, BACKUP_ATTACHMENTS))) cpSync(join(backupDir, BACKUP_ATTACHMENTS), join(staging, 'attachments'), { recursive: true });
    const backupSeq = outboxSeqOf(join(staging, DB_FILE));
    if (lock) {
      try {
        seqFloor = Math.max(backupSeq, (lock.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'outbox'`).pluck().get() as number | undefined) ?? 0);
        unpushed = lock.prepare('SELECT count(*) FROM outbox WHERE pushed_at IS NULL').pluck().get() as number;
        counters = lock.prepare('SELECT org_unit_id AS orgUnitId, year, next FROM case_counters').all() as CaseCounter[];
      } catch {
        seqFloor = backupSeq + SEQ_MARGIN_UNKNOWN;
      }
    } else {
      seqFloor = backupSeq;
    }
    carryForward(join(staging, DB_FILE), seqFloor, counters);
  } catch (e) {
    lock?.close();
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  // Closing the last connection checkpoints the WAL into the file, so what moves aside is whole.
  lock?.close();
  const moved: Array<[string, string]> = [];
  try {
    const present = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, 'attachments'].filter((n) => existsSync(join(dataDir, n)));
    if (present.length) {
      replacedDir = join(dataDir, `replaced-${stamp}`);
      mkdirSync(replacedDir);
      for (const n of present) {
        renameSync(join(dataDir, n), join(replacedDir, n));
        moved.push([join(dataDir, n), join(replacedDir, n)]);
      }
    }
    renameSync(join(staging, DB_FILE), liveDb);
    if (existsSync(join(staging, 'attachments'))) renameSync(join(staging, 'attachments'), attachmentsDirOf(dataDir));
    fsyncDir(dataDir);
    // Prove it opens (and is migrated, if the backup is older than this app).
    openStore(dataDir, { clock, migrationsDir }).close();
  } catch (e) {
    // Put the replaced store back as it was; the staged copy is dropped.
    for (const n of [DB_FILE, 'attachments']) if (moved.length && existsSync(join(dataDir, n))) rmSync(join(dataDir, n), { recursive: true, force: true });
    for (const [from, to] of moved.reverse()) renameSync(to, from);
    if (replacedDir && moved.length) rmSync(replacedDir, { recursive: true, force: true });
    rmSync(staging, { recursive: true, force: true });
    throw new DomainError('storage', `恢复失败，原数据已放回原处：${(e as Error).message}`);
  }
  rmSync(staging, { recursive: true, force: true });
  return { manifest, replacedDir, outboxSeqFloor: seqFloor, unpushedReplacedOps: unpushed };
}

/** An exclusive lock on the store, or a refusal: a backend (or anything) has it open. */
function lockStore(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { timeout: 0, fileMustExist: true });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return db;
  } catch (e) {
    db?.close();
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') throw new DomainError('locked', '数据文件正被使用（工作台或其他程序正在运行）。请先关闭代办帮办工作台，再恢复备份。');
    throw new DomainError('storage', `无法打开现有数据文件 ${file}：${(e as Error).message}`);
  }
}

function outboxSeqOf(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'outbox'`).pluck().get() as number | undefined) ?? 0;
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

interface CaseCounter {
  orgUnitId: string;
  year: number;
  next: number;
}

/** Moves the restored store's local counters past what the replaced store already handed out. */
function carryForward(file: string, seqFloor: number, counters: CaseCounter[]): void {
  const db = new Database(file);
  const has = (table: string) => Boolean(db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table));
  try {
    db.transaction(() => {
      if (has('outbox') && seqFloor > 0) {
        const updated = db.prepare(`UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'outbox'`).run(seqFloor).changes;
        if (updated === 0) db.prepare(`INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)`).run(seqFloor);
      }
      if (has('case_counters')) {
        const upsert = db.prepare(`INSERT INTO case_counters (org_unit_id, year, next) VALUES (?, ?, ?) ON CONFLICT(org_unit_id, year) DO UPDATE SET next = max(next, excluded.next)`);
        for (const c of counters) upsert.run(c.orgUnitId, c.year, c.next);
      }
    })();
  } finally {
    db.close();
  }
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).slice(0, 3).map(Number);
  const pb = b.split(/[.-]/).slice(0, 3).map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}
