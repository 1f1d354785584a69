// The 档案导出 page's reads: what a selection exports, a bag's verification, the store's backups.
import { statSync } from 'node:fs';
import type { ApiOutput, ApiParsedInput, BackupDto } from '../../../shared/api/index.js';
import { CASE_STATUSES } from '../../../shared/domain/enums.js';
import { BagError, readBag } from '../../platform/bagit/index.js';
import { BACKUP_KIND_LABELS, listBackups, readManifest } from '../backup/layout.js';
import { backupFoldersOf, backupNow, type BackupResult } from '../backup/service.js';
import { authorize, type ServiceContext } from '../context.js';
import { attachmentTotals, estimateBytes, selectedCaseIds } from './export.js';

const PREVIEW_ROWS = 200;

export function previewExport(ctx: ServiceContext, input: ApiParsedInput<'archive.preview'>): ApiOutput<'archive.preview'> {
  authorize(ctx, 'archive.preview');
  const ids = selectedCaseIds(ctx, input.selection);
  const totals = attachmentTotals(ctx, ids);
  const rows = ctx.store.db
    .prepare(
      `SELECT c.id, c.case_no AS caseNo, coalesce(p.name, c.subject) AS title, a.name AS applicant, c.status, c.closed_at AS closedAt,
         (SELECT count(*) FROM attachments x WHERE x.case_id = c.id AND x.deleted_at IS NULL) AS attachments
       FROM cases c JOIN applicants a ON a.id = c.applicant_id LEFT JOIN projects p ON p.id = c.project_id
       WHERE c.id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids.slice(0, PREVIEW_ROWS))) as ApiOutput<'archive.preview'>['cases'];
  const order = new Map(ids.map((id, i) => [id, i]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  for (const r of rows) r.status = (CASE_STATUSES.labels as Record<string, string>)[r.status] ?? r.status;
  return { total: ids.length, cases: rows, attachmentBytes: totals.bytes, estimatedBytes: estimateBytes(ids.length, totals.bytes) };
}

export async function verifyArchive(ctx: ServiceContext, path: string): Promise<ApiOutput<'archive.verify'>> {
  authorize(ctx, 'archive.verify');
  // One read of every file: readBag verifies, and names the findings when it refuses.
  try {
    return { path, valid: true, findings: [], info: (await readBag(path)).info };
  } catch (e) {
    if (e instanceof BagError && e.code === 'invalid-bag') return { path, valid: false, findings: e.findings, info: [] };
    throw e;
  }
}

function backupDto(dir: string, name: string): BackupDto {
  const m = readManifest(dir);
  return {
    name,
    dir,
    kind: BACKUP_KIND_LABELS[m.kind],
    takenAt: m.createdAt,
    appVersion: m.appVersion,
    bytes: m.db.bytes + m.attachments.reduce((n, a) => n + a.bytes, 0),
    attachments: m.attachments.length,
  };
}

export function listStoreBackups(ctx: ServiceContext): BackupDto[] {
  authorize(ctx, 'backup.list');
  // The current folder and the built-in one (older backups), newest first.
  return backupFoldersOf(ctx.store)
    .flatMap((dir) => listBackups(dir))
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.name.localeCompare(a.name))
    .flatMap((b) => {
      try {
        return [backupDto(b.dir, b.name)];
      } catch {
        return [];
      }
    });
}

export async function backupStoreNow(ctx: ServiceContext): Promise<BackupDto> {
  authorize(ctx, 'backup.now');
  const r: BackupResult = await backupNow(ctx.store);
  ctx.store.audit({ actor: ctx.actor, action: 'backup.create', detail: { dir: r.dir, bytes: statSync(r.dir).size, tables: r.manifest.tables } });
  return backupDto(r.dir, r.dir.split(/[\\/]/).pop()!);
}
