// What a backup is on disk: `<target>/<kind>-<UTC stamp>/` holding `daiban.sqlite` (a single-file
// copy, rollback journal, no WAL), `attachments/ab/<sha256>` (only the files its rows reference) and
// `backup.json`, the manifest written last. A folder still being written is named `….partial` and
// holds `owner.pid`; one whose writer is gone is debris, removed by the next backup.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DomainError } from '../../../shared/errors.js';

export const BACKUP_KINDS = ['daily', 'pre-migration', 'pre-import', 'manual'] as const;
export type BackupKind = (typeof BACKUP_KINDS)[number];
export const BACKUP_KIND_LABELS: Record<BackupKind, string> = { daily: '每日', 'pre-migration': '升级前', 'pre-import': '导入前', manual: '手动' };

export const MANIFEST_FILE = 'backup.json';
export const BACKUP_DB_FILE = 'daiban.sqlite';
export const BACKUP_ATTACHMENTS = 'attachments';
export const PARTIAL_SUFFIX = '.partial';
export const OWNER_FILE = 'owner.pid';

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/);

export const manifestSchema = z.object({
  format: z.literal('daiban-backup'),
  formatVersion: z.literal(1),
  appVersion: z.string().regex(/^\d+\.\d+\.\d+/),
  kind: z.enum(BACKUP_KINDS),
  createdAt: z.string().datetime(),
  /** The schema identity: every migration applied to the copy, by name and file hash. */
  migrations: z.array(z.object({ name: z.string().min(1), sha256: z.string() })),
  /** Rows per table of the copy (the restore compares them after putting it in place). */
  tables: z.record(z.string(), z.number().int().nonnegative()),
  db: z.object({ file: z.literal(BACKUP_DB_FILE), bytes: z.number().int().nonnegative(), sha256: SHA256 }),
  attachments: z.array(z.object({ sha256: SHA256, bytes: z.number().int().nonnegative() })),
  /** Attachment rows whose file was already missing or damaged in the store when the backup ran. */
  missingInStore: z.array(SHA256),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

/** `<kind>-20261202T005000123Z`: sortable, and the time comes from the store's clock. */
export function backupName(kind: BackupKind, at: Date): string {
  return `${kind}-${at.toISOString().replace(/[-:.]/g, '')}`;
}

const NAME_RE = new RegExp(`^(${BACKUP_KINDS.join('|')})-(\\d{4})(\\d{2})(\\d{2})T(\\d{2})(\\d{2})(\\d{2})(\\d{3})Z$`);

export function parseBackupName(name: string): { kind: BackupKind; at: Date } | null {
  const m = NAME_RE.exec(name);
  if (!m) return null;
  const at = new Date(`${m[2]}-${m[3]}-${m[4]}T${m[5]}:${m[6]}:${m[7]}.${m[8]}Z`);
  return Number.isNaN(at.getTime()) ? null : { kind: m[1] as BackupKind, at };
}

export function attachmentRel(sha256: string): string {
  return join(BACKUP_ATTACHMENTS, sha256.slice(0, 2), sha256);
}

export interface BackupEntry {
  name: string;
  dir: string;
  kind: BackupKind;
  at: Date;
}

/** Finished backups in a folder (a manifest present), oldest first. */
export function listBackups(targetDir: string): BackupEntry[] {
  if (!existsSync(targetDir)) return [];
  return readdirSync(targetDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      const parsed = parseBackupName(d.name);
      const dir = join(targetDir, d.name);
      return parsed && existsSync(join(dir, MANIFEST_FILE)) ? [{ name: d.name, dir, ...parsed }] : [];
    })
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.name.localeCompare(b.name));
}

export function readManifest(backupDir: string): BackupManifest {
  const file = join(backupDir, MANIFEST_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new DomainError('invalid_input', `备份清单 ${file} 无法读取：${(e as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new DomainError('invalid_input', `备份清单 ${file} 格式不正确：${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`);
  return parsed.data;
}

/** SHA-256 of a file, read in 1 MiB pieces (a store can be hundreds of MB). */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
