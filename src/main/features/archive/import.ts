// `daiban archive import PATH`: puts an archived case back into a store that lacks it (an empty
// one, or a desktop that lost it). The bag must verify; the record must parse; nothing in the store
// is overwritten (an applicant or project already here is kept as it is, and said so). The store is
// backed up first. The rows come back exactly as archived (ids, times, who) and stay on this
// desktop: they are the official record, not new edits, so nothing goes to the sync outbox.
import { readFile } from 'node:fs/promises';
import { DomainError } from '../../../shared/errors.js';
import { CASE_NO_RE } from '../../../shared/guide/card-link.js';
import * as t from '../../db/schema.js';
import type { Actor, Store } from '../../db/store.js';
import { BagError, readBag } from '../../platform/bagit/index.js';
import { storeBytes } from '../attachments/service.js';
import { backupBeforeImport } from '../backup/service.js';
import { reindexSynced } from '../search/documents.js';
import { RECORD_FILE } from './bag-content.js';
import { caseRecordSchema, RECORD_TABLE_NAMES, RECORD_TABLES, type CaseRecord } from './record.js';

export interface ImportResult {
  caseId: string;
  caseNo: string;
  rows: number;
  attachments: number;
  /** Shared records already in the store, kept as they were. */
  kept: string[];
  /** Attachment rows whose file the bag does not hold (it was missing when exported). */
  missingFiles: string[];
  backupDir: string | null;
}

export async function importCaseBag(store: Store, bagDir: string, actor: Actor, opts: { backupsDir?: string } = {}): Promise<ImportResult> {
  const bag = await readBag(bagDir);
  const recordFile = bag.files.find((f) => f.path === `data/${RECORD_FILE}`);
  if (!recordFile) throw new BagError(`档案包中没有 data/${RECORD_FILE}，不是本程序导出的专属档案，不能导入`, 'invalid-bag');
  let record: CaseRecord;
  try {
    const parsed = caseRecordSchema.safeParse(JSON.parse(await readFile(recordFile.absolutePath, 'utf8')));
    if (!parsed.success) throw new Error(parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('；'));
    record = parsed.data;
  } catch (e) {
    throw new BagError(`${RECORD_FILE} 无法读取：${(e as Error).message}。未导入任何内容。`, 'invalid-bag');
  }
  const c = record.rows.cases[0];
  if (!c || record.rows.cases.length !== 1) throw new BagError(`${RECORD_FILE} 应恰好包含一个案卷`, 'invalid-bag');
  const caseNo = bag.info.find((f) => f.name.toLowerCase() === 'external-identifier')?.value;
  if (caseNo !== c.caseNo) throw new BagError(`bag-info.txt 的 External-Identifier（${caseNo ?? '无'}）与案卷编号 ${c.caseNo} 不符，未导入`, 'invalid-bag');
  if (store.byId(t.cases, c.id) || store.db.prepare('SELECT 1 FROM cases WHERE case_no = ?').get(c.caseNo)) {
    throw new DomainError('conflict', `本机已有案卷 ${c.caseNo}，不会覆盖。导入只用于恢复本机没有的案卷。`);
  }
  const clash = RECORD_TABLE_NAMES.filter((n) => n !== 'applicants' && n !== 'projects' && n !== 'cases')
    .flatMap((n) => (record.rows[n] as Array<{ id: string }>).filter((r) => store.byId(RECORD_TABLES[n], r.id)).map((r) => `${n}:${r.id}`));
  if (clash.length) throw new DomainError('conflict', `本机已有该案卷的 ${clash.length} 条记录（${clash.slice(0, 3).join('、')}），未导入`);

  // Attachment bytes first, by their content (an orphan file is harmless; a row without its file is not).
  const bySha = new Map(bag.files.map((f) => [f.digests.sha256, f.absolutePath]));
  const missingFiles: string[] = [];
  const backup = await backupBeforeImport(store, opts.backupsDir);
  let attachments = 0;
  for (const a of record.rows.attachments) {
    const path = bySha.get(a.sha256);
    if (!path) {
      if (!a.deletedAt) missingFiles.push(a.fileName);
      continue;
    }
    storeBytes(store, await readFile(path));
    attachments++;
  }

  // Shared records (an applicant with other cases here) are kept as this store has them.
  const kept: string[] = [];
  const skip = new Set<string>();
  for (const name of ['applicants', 'projects'] as const) {
    for (const row of record.rows[name]) {
      if (!store.byId(RECORD_TABLES[name], row.id)) continue;
      skip.add(row.id);
      kept.push(`${name === 'applicants' ? '申请人' : '项目'}“${row.name}”`);
    }
  }
  const rows = RECORD_TABLE_NAMES.reduce((n, name) => n + record.rows[name].length, 0) - skip.size;
  const changes: Array<{ entity: string; id: string; deleted: boolean }> = [];
  store.write({ actor, action: 'archive.import', entity: 'cases', entityId: c.id, detail: { caseId: c.id, caseNo: c.caseNo, bag: bagDir, rows, attachments, kept, missingFiles, backup: backup.dir } }, () => {
    for (const name of RECORD_TABLE_NAMES) {
      const codec = store.codec(RECORD_TABLES[name]);
      for (const row of record.rows[name] as Array<{ id: string; deletedAt?: string | null }>) {
        if (skip.has(row.id)) continue;
        codec.insert(codec.complete(row as Record<string, unknown>));
        changes.push({ entity: name, id: row.id, deleted: Boolean(row.deletedAt) });
      }
    }
    carryCaseCounter(store, c.caseNo, c.orgUnitId);
    reindexSynced(store, changes);
  });
  store.committed(changes.map((ch) => ({ entity: ch.entity, id: ch.id, caseId: c.id })));
  return { caseId: c.id, caseNo: c.caseNo, rows, attachments, kept, missingFiles, backupDir: backup.dir };
}

/** A number this office issued must never be issued again: its counter moves past the imported one. */
function carryCaseCounter(store: Store, caseNo: string, orgUnitId: string): void {
  const m = CASE_NO_RE.exec(caseNo);
  if (!m) return;
  const year = Number(m[2]);
  const serial = Number(m[4]);
  store.db
    .prepare('INSERT INTO case_counters (org_unit_id, year, next) VALUES (?, ?, ?) ON CONFLICT(org_unit_id, year) DO UPDATE SET next = max(next, excluded.next)')
    .run(orgUnitId, year, serial);
}
