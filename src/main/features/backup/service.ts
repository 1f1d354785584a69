// Backups of the local store that restore: a consistent copy of the SQLite file taken while clerks
// keep writing, the attachment files its rows reference, and a manifest with the hashes to prove
// it later. Written under `….partial`, flushed, verified, then renamed: a backup folder without
// `.partial` is complete. See layout.ts for the shape, rotation.ts for what is kept.
import Database from 'better-sqlite3';
import checkDiskSpace from 'check-disk-space';
import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DomainError } from '../../../shared/errors.js';
import { APP_VERSION } from '../../../shared/sync/versions.js';
import { attachmentsDirOf, DB_FILE, openStore, type OpenStoreOptions, type Store } from '../../db/store.js';
import { chinaDate, systemClock, type Clock } from '../../platform/clock.js';
import {
  attachmentRel, BACKUP_DB_FILE, backupName, listBackups, MANIFEST_FILE, OWNER_FILE, PARTIAL_SUFFIX, sha256File,
  type BackupKind, type BackupManifest,
} from './layout.js';
import { rotateBackups } from './rotation.js';
import { referencedFileHashes } from '../../db/files.js';

export interface BackupOptions {
  targetDir: string;
  kind: BackupKind;
}

export interface BackupResult {
  dir: string;
  manifest: BackupManifest;
  /** Attachment files copied now; the others were hard-linked from an earlier backup in the folder. */
  copiedAttachments: number;
  ms: number;
}

/** Where a data folder's backups go unless told otherwise. */
export function defaultBackupsDir(dataDir: string): string {
  return join(dataDir, 'backups');
}

/** Settings key of the admin's backup folder (系统设置 → 本机设置; local to this desktop). */
export const BACKUP_FOLDER_SETTING = 'backupFolder';

/** The admin's backup folder, or null (the built-in location). */
export function configuredBackupFolder(store: Pick<Store, 'getSetting'>): string | null {
  const v = store.getSetting<unknown>(BACKUP_FOLDER_SETTING);
  return typeof v === 'string' && v.trim() ? v : null;
}

/** Where this store's daily and manual backups go: the admin's folder, else the built-in location. */
export function backupsDirOf(store: Store): string {
  return configuredBackupFolder(store) ?? defaultBackupsDir(store.dataDir);
}

/**
 * Every folder this store's backups may be in, the current one first: the built-in location stays
 * listed after the admin picks another (older backups, and the pre-migration ones, are there).
 */
export function backupFoldersOf(store: Store): string[] {
  return [...new Set([backupsDirOf(store), defaultBackupsDir(store.dataDir)])];
}

/** The same for a data folder no store is open on (the CLI): read from the store file, read-only. */
export function backupsDirOfDataDir(dataDir: string): string {
  const file = join(dataDir, DB_FILE);
  if (!existsSync(file)) return defaultBackupsDir(dataDir);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const raw = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(BACKUP_FOLDER_SETTING) as string | undefined;
    const v = raw === undefined ? null : (JSON.parse(raw) as unknown);
    return typeof v === 'string' && v.trim() ? v : defaultBackupsDir(dataDir);
  } catch {
    return defaultBackupsDir(dataDir);
  } finally {
    db?.close();
  }
}

/** Pages copied per step of the online backup; between steps the event loop (and the app) runs. */
const PAGES_PER_STEP = 2000;

/**
 * A consistent online backup of an open store. The copy is read through its own read-only
 * connection holding one read transaction, so it is one snapshot however long it takes, and
 * writers (this process or another) are never blocked: WAL readers do not block writers.
 */
export async function backupStore(store: Store, opts: BackupOptions): Promise<BackupResult> {
  const started = Date.now();
  const job = beginBackup(opts, store.clock);
  try {
    const source = new Database(join(store.dataDir, DB_FILE), { readonly: true, fileMustExist: true });
    try {
      source.exec('BEGIN');
      // Starts the read transaction: from here on every step reads this one snapshot.
      source.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
      const pageBytes = (source.pragma('page_size', { simple: true }) as number) * (source.pragma('page_count', { simple: true }) as number);
      requireFreeSpace(opts.targetDir, pageBytes * 2 + attachmentBytes(source), (await checkDiskSpace(existingParent(opts.targetDir))).free);
      await source.backup(job.dbFile, { progress: () => PAGES_PER_STEP });
      source.exec('COMMIT');
    } finally {
      source.close();
    }
    return finishBackup(job, attachmentsDirOf(store.dataDir), opts, started);
  } catch (e) {
    abandon(job);
    throw e;
  }
}

/**
 * The pre-migration backup: taken synchronously on the connection that is about to migrate (the
 * store is being opened, nobody else writes through it yet), with VACUUM INTO — a consistent copy
 * in one statement.
 */
export function backupBeforeMigrations(db: Database.Database, dataDir: string, clock: Clock = systemClock, targetDir = defaultBackupsDir(dataDir)): BackupResult {
  const started = Date.now();
  const opts: BackupOptions = { targetDir, kind: 'pre-migration' };
  const job = beginBackup(opts, clock);
  try {
    const pageBytes = (db.pragma('page_size', { simple: true }) as number) * (db.pragma('page_count', { simple: true }) as number);
    const fs = statfsSync(existingParent(targetDir));
    requireFreeSpace(targetDir, pageBytes * 2 + attachmentBytes(db), fs.bavail * fs.bsize);
    db.prepare('VACUUM INTO ?').run(job.dbFile);
    const result = finishBackup(job, attachmentsDirOf(dataDir), opts, started);
    rotateBackups(targetDir);
    return result;
  } catch (e) {
    abandon(job);
    throw e;
  }
}

/** For the archive import: a backup to fall back on before an import changes the store. */
export async function backupBeforeImport(store: Store, targetDir = backupsDirOf(store)): Promise<BackupResult> {
  const result = await backupStore(store, { targetDir, kind: 'pre-import' });
  rotateBackups(targetDir);
  return result;
}

/** A manual backup (`daiban backup`), rotated like the others. */
export async function backupNow(store: Store, targetDir = backupsDirOf(store)): Promise<BackupResult> {
  const result = await backupStore(store, { targetDir, kind: 'manual' });
  rotateBackups(targetDir);
  return result;
}

/** The daily backup on backend start: taken when the folder has none dated today (China time). */
export async function dailyBackupIfDue(store: Store, targetDir = backupsDirOf(store)): Promise<BackupResult | null> {
  const today = chinaDate(store.clock.now());
  if (listBackups(targetDir).some((b) => b.kind === 'daily' && chinaDate(b.at) === today)) return null;
  const result = await backupStore(store, { targetDir, kind: 'daily' });
  rotateBackups(targetDir);
  return result;
}

/**
 * The hook for openStore: a pre-migration backup into the data folder's built-in `backups` (always
 * there, not the admin's folder: an upgrade must not wait for a drive that is not plugged in).
 */
export function preMigrationBackupHook(dataDir: string, clock: Clock = systemClock): (db: Database.Database, pending: string[]) => void {
  return (db) => {
    backupBeforeMigrations(db, dataDir, clock);
  };
}

// ---------------------------------------------------------------- the steps shared by both copies

interface Job {
  partialDir: string;
  finalDir: string;
  dbFile: string;
  at: Date;
}

/** Partial folders this process is writing now (two backups of one backend may overlap). */
const activeJobs = new Set<string>();

function beginBackup(opts: BackupOptions, clock: Clock): Job {
  try {
    mkdirSync(opts.targetDir, { recursive: true });
  } catch (e) {
    throw new DomainError('storage', `无法创建备份文件夹 ${opts.targetDir}：${(e as Error).message}`);
  }
  removeDebris(opts.targetDir);
  const at = clock.now();
  const finalDir = join(opts.targetDir, backupName(opts.kind, at));
  if (existsSync(finalDir)) throw new DomainError('conflict', `备份 ${finalDir} 已存在（同一时刻只能备份一次），请稍后重试。`);
  const partialDir = finalDir + PARTIAL_SUFFIX;
  mkdirSync(partialDir);
  activeJobs.add(partialDir);
  writeFileSync(join(partialDir, OWNER_FILE), String(process.pid));
  return { partialDir, finalDir, dbFile: join(partialDir, BACKUP_DB_FILE), at };
}

/** `.partial` folders whose writer is no longer running: an interrupted backup, never a usable one. */
export function removeDebris(targetDir: string): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(targetDir)) {
    if (!name.endsWith(PARTIAL_SUFFIX)) continue;
    const dir = join(targetDir, name);
    if (writerAlive(dir)) continue;
    rmSync(dir, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function writerAlive(partialDir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(partialDir, OWNER_FILE), 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return activeJobs.has(partialDir); // ours: alive only if still being written
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

function abandon(job: Job): void {
  activeJobs.delete(job.partialDir);
  rmSync(job.partialDir, { recursive: true, force: true });
}

function finishBackup(job: Job, storeAttachments: string, opts: BackupOptions, started: number): BackupResult {
  // Settle the copy into one file (no WAL beside it), then prove it whole before anything else.
  const copy = new Database(job.dbFile);
  let tables: Record<string, number>;
  let migrations: Array<{ name: string; sha256: string }>;
  let hashes: string[];
  try {
    copy.pragma('journal_mode = DELETE');
    requireIntegrity(copy, job.dbFile);
    tables = countRows(copy);
    migrations = copy.prepare('SELECT name, sha256 FROM _migrations ORDER BY name').all() as typeof migrations;
    hashes = referencedAttachments(copy);
  } finally {
    copy.close();
  }
  fsyncFile(job.dbFile);
  const earlier = listBackups(opts.targetDir).map((b) => b.dir).reverse();
  const attachments: BackupManifest['attachments'] = [];
  const missingInStore: string[] = [];
  let copied = 0;
  for (const sha256 of hashes) {
    const rel = attachmentRel(sha256);
    const dest = join(job.partialDir, rel);
    mkdirSync(dirname(dest), { recursive: true });
    if (linkFromEarlier(earlier, rel, dest, sha256)) {
      attachments.push({ sha256, bytes: statSync(dest).size });
      continue;
    }
    const src = join(storeAttachments, sha256.slice(0, 2), sha256);
    if (!existsSync(src) || sha256File(src) !== sha256) {
      missingInStore.push(sha256);
      continue;
    }
    copyFileSync(src, dest);
    fsyncFile(dest);
    if (sha256File(dest) !== sha256) throw new DomainError('storage', `附件 ${sha256} 复制到备份后校验不符，备份未完成。`);
    attachments.push({ sha256, bytes: statSync(dest).size });
    copied++;
  }
  const manifest: BackupManifest = {
    format: 'daiban-backup',
    formatVersion: 1,
    appVersion: APP_VERSION,
    kind: opts.kind,
    createdAt: job.at.toISOString(),
    migrations,
    tables,
    db: { file: BACKUP_DB_FILE, bytes: statSync(job.dbFile).size, sha256: sha256File(job.dbFile) },
    attachments,
    missingInStore,
  };
  const manifestFile = join(job.partialDir, MANIFEST_FILE);
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  fsyncFile(manifestFile);
  rmSync(join(job.partialDir, OWNER_FILE));
  for (const d of new Set([...attachments.map((a) => dirname(join(job.partialDir, attachmentRel(a.sha256)))), join(job.partialDir, 'attachments'), job.partialDir])) {
    if (existsSync(d)) fsyncDir(d);
  }
  renameSync(job.partialDir, job.finalDir);
  activeJobs.delete(job.partialDir);
  fsyncDir(opts.targetDir);
  return { dir: job.finalDir, manifest, copiedAttachments: copied, ms: Date.now() - started };
}

/** An earlier backup in the same folder already holds these bytes: share them (files are immutable). */
function linkFromEarlier(earlier: string[], rel: string, dest: string, sha256: string): boolean {
  for (const dir of earlier) {
    const src = join(dir, rel);
    if (!existsSync(src)) continue;
    try {
      linkSync(src, dest);
      return true;
    } catch {
      // Another file system or no hard links there (FAT32 sticks): fall back to a verified copy.
      if (sha256File(src) !== sha256) continue;
      copyFileSync(src, dest);
      fsyncFile(dest);
      return true;
    }
  }
  return false;
}

export function requireIntegrity(db: Database.Database, file: string): void {
  const check = db.pragma('integrity_check', { simple: true });
  if (check !== 'ok') throw new DomainError('storage', `数据库副本 ${file} 未通过完整性检查（${String(check)}）。`);
}

/** Rows of every ordinary table (FTS shadow tables included: they are data like any other). */
export function countRows(db: Database.Database): Record<string, number> {
  const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`).pluck().all() as string[];
  return Object.fromEntries(names.map((n) => [n, db.prepare(`SELECT count(*) FROM "${n.replace(/"/g, '""')}"`).pluck().get() as number]));
}

export function referencedAttachments(db: Database.Database): string[] {
  return referencedFileHashes(db, { live: false });
}

function attachmentBytes(db: Database.Database): number {
  const has = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments'`).get();
  return has ? ((db.prepare('SELECT coalesce(sum(size), 0) FROM (SELECT sha256, max(size) AS size FROM attachments GROUP BY sha256)').pluck().get() as number) ?? 0) : 0;
}

/** The one free-space rule of backups: refuse before writing when the folder cannot hold it. */
export function requireFreeSpace(dir: string, needed: number, free: number): void {
  if (free < needed) {
    const mb = (n: number) => (n / 1048576).toFixed(1);
    throw new DomainError('storage', `备份位置 ${dir} 剩余空间不足：需要约 ${mb(needed)} MB，仅剩 ${mb(free)} MB。未进行备份，请清理磁盘或换一个位置。`);
  }
}

export function existingParent(dir: string): string {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function fsyncDir(path: string): void {
  // Windows cannot open a folder for fsync; its rename is durable enough there.
  if (process.platform === 'win32') return;
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** openStore with the pre-migration backup: how the hosts (backend, CLI) open a data folder. */
export function openStoreWithBackups(dataDir: string, options: Omit<OpenStoreOptions, 'beforeMigrations'> = {}): Store {
  return openStore(dataDir, { ...options, beforeMigrations: preMigrationBackupHook(dataDir, options.clock) });
}
