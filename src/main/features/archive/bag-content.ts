// What one case's archive bag holds (data/…), assembled from the store: the case record, every
// printable document regenerated, the attachments under readable names, the audit trail with its
// hash chain, the 卷内文件目录 and the 四性检测报告. Nothing is written here; the bag engine writes.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { CASE_STATUSES } from '../../../shared/domain/enums.js';
import type { AuditVerifyResult, StoredEvent } from '../../db/audit.js';
import * as t from '../../db/schema.js';
import { chinaDate, chinaDateTime } from '../../platform/clock.js';
import type { BagFile } from '../../platform/bagit/index.js';
import { buildCatalogue, buildFourCheckReport, type ArchiveCatalogue, type CatalogueEntry, type FourCheckReport } from '../../printing/archive.js';
import { countPages, printDocument, PrintError, renderPdf, type DocumentKind } from '../../printing/index.js';
import { attachmentPath } from '../attachments/service.js';
import { caseRecordIds } from '../audit/history.js';
import { loadCase, userName, type ServiceContext } from '../context.js';
import { guideBaseUrl, printableCase } from '../documents/service.js';
import { checkFile } from './file-checks.js';
import { fourChecks, type ArchivedFile } from './four-checks.js';
import { caseRecord } from './record.js';

export const RECORD_FILE = '案卷数据.json';
export const AUDIT_FILE = '审计记录.jsonl';
export const CATALOGUE_FILE = '卷内文件目录';
export const REPORT_FILE = '四性检测报告';
export const DOCUMENTS_DIR = '文书';
export const ATTACHMENTS_DIR = '附件';

export interface CaseBag {
  caseId: string;
  caseNo: string;
  bagName: string;
  files: BagFile[];
  info: Record<string, string>;
  /** Payload bytes known before writing (for the progress bar and the free-space check). */
  bytes: number;
  report: FourCheckReport;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** "350102-2026-00042-某某厂房扩建项目": case number and project, shortened for FAT's path limits. */
export function bagNameOf(caseNo: string, title: string): string {
  return `${caseNo}-${title.replace(/\s+/g, '')}`.slice(0, 60);
}

/** The documents a case prints, in the order of its volume; those without their data are left out. */
function documentPlan(ctx: ServiceContext, caseId: string): Array<{ kind: DocumentKind; handoverId?: string; label?: string }> {
  const c = loadCase(ctx, caseId);
  const entrusted = (kind: string) => Boolean(ctx.store.db.prepare('SELECT 1 FROM entrustments WHERE case_id = ? AND kind = ? AND deleted_at IS NULL').get(caseId, kind));
  const plan: Array<{ kind: DocumentKind; handoverId?: string }> = [{ kind: 'application' }];
  if (entrusted('agreement')) plan.push({ kind: 'agreement' });
  if (entrusted('authorization')) plan.push({ kind: 'authorization' });
  plan.push({ kind: 'plan' }, { kind: 'card' });
  for (const h of ctx.store.db.prepare('SELECT id FROM handovers WHERE case_id = ? AND deleted_at IS NULL AND withdrawn_at IS NULL ORDER BY handed_at, id').pluck().all(caseId) as string[]) {
    plan.push({ kind: 'receipt', handoverId: h });
  }
  const project = c.projectId ? ctx.store.byId(t.projects, c.projectId) : undefined;
  if (project?.category === 'key') plan.push({ kind: 'weekly' });
  return plan;
}

/**
 * Assembles the bag of one case. `chain` is the store's audit chain, verified once per export run
 * (it covers every event of the store, not only this case's).
 */
export async function caseBagContent(ctx: ServiceContext, caseId: string, opts: { chain: AuditVerifyResult; sourceOrganization?: string }): Promise<CaseBag> {
  const store = ctx.store;
  const c = loadCase(ctx, caseId);
  const project = c.projectId ? store.byId(t.projects, c.projectId) : undefined;
  const applicant = store.byId(t.applicants, c.applicantId);
  const office = store.byId(t.orgUnits, c.handlingOrgUnitId);
  const officeName = office?.officeName || office?.name || '';
  const by = ctx.actor.displayName ?? userName(store, ctx.actor.userId) ?? undefined;
  const printedAt = chinaDateTime(store.clock.now());
  const files: BagFile[] = [];
  const archived: ArchivedFile[] = [];
  const entries: Array<Omit<CatalogueEntry, 'no'>> = [];
  const add = (path: string, bytes: Buffer, meta: { title: string; date: string; pages: number | null; note?: string; kind: ArchivedFile['kind']; check?: Awaited<ReturnType<typeof checkFile>> }) => {
    files.push({ path, source: bytes, sha256: sha256(bytes) });
    archived.push({ path, title: meta.title, kind: meta.kind, size: bytes.length, sha256: sha256(bytes), check: meta.check ?? null });
    entries.push({ title: meta.title, date: meta.date, pages: meta.pages, responsible: officeName, file: `data/${path}`, note: meta.note ?? '' });
  };

  // 1. The record: every row, as stored.
  const record = caseRecord(store, caseId, by ?? null);
  add(RECORD_FILE, Buffer.from(`${JSON.stringify(record, null, 2)}\n`, 'utf8'), { title: '案卷数据（全部记录）', date: chinaDate(store.clock.now()), pages: null, kind: 'record' });

  // 2. The documents, regenerated from the record as they print today.
  const printable = printableCase(ctx, c);
  const base = guideBaseUrl(ctx);
  const missingDocs: Array<{ title: string; reason: string }> = [];
  let docNo = 0;
  for (const d of documentPlan(ctx, caseId)) {
    try {
      const doc = await printDocument(d.kind, printable, { printedAt, ...(by ? { printedBy: by } : {}), ...(base ? { guideBaseUrl: base } : {}), ...(d.handoverId ? { handoverId: d.handoverId } : {}) });
      const name = doc.fileName.replace(/\.pdf$/, '');
      docNo++;
      const check = await checkFile(doc.fileName, doc.pdf);
      add(`${DOCUMENTS_DIR}/${pad(docNo, 2)}-${name}.pdf`, doc.pdf, { title: doc.title, date: c.acceptedDate, pages: doc.pages, kind: 'document', check });
    } catch (e) {
      if (!(e instanceof PrintError)) throw e;
      missingDocs.push({ title: d.kind, reason: e.message });
    }
  }

  // 3. Attachments under readable names; bytes are streamed from the store by the bag engine.
  const attachmentRows = store.rows(t.attachments, 'case_id = ? AND deleted_at IS NULL ORDER BY created_at, id', caseId);
  const missingFiles: string[] = [];
  let attNo = 0;
  for (const a of attachmentRows) {
    const source = attachmentPath(store, a.sha256);
    const bytes = await readFile(source).catch(() => null);
    if (!bytes) {
      missingFiles.push(a.fileName);
      continue;
    }
    attNo++;
    const check = await checkFile(a.fileName, bytes);
    const ext = extname(a.fileName).toLowerCase();
    const stem = a.fileName.slice(0, a.fileName.length - ext.length);
    const label = a.kind && !stem.includes(a.kind) ? `${a.kind}-` : '';
    const path = `${ATTACHMENTS_DIR}/${pad(attNo, 3)}-${label}${stem}${ext}`;
    const actual = sha256(bytes);
    files.push({ path, source, sha256: actual, size: bytes.length });
    archived.push({ path, title: a.fileName, kind: 'attachment', size: bytes.length, sha256: actual, recordedSha256: a.sha256, check });
    entries.push({ title: `${a.kind ? `${a.kind}：` : ''}${a.fileName}`, date: a.createdAt.slice(0, 10), pages: check.pages, responsible: officeName, file: `data/${path}`, note: `附件（${userName(store, a.addedBy) ?? ''}上传）` });
  }

  // 4. The audit trail of the case, each event with the hash that links it into the store's chain.
  const ids = caseRecordIds(ctx, caseId, c.projectId);
  ids.push(c.applicantId);
  const events = store.db
    .prepare('SELECT * FROM audit_events WHERE entity_id IN (SELECT value FROM json_each(?)) ORDER BY seq')
    .all(JSON.stringify(ids)) as StoredEvent[];
  const chain = opts.chain;
  const auditLines = events.map((e) => JSON.stringify({ seq: e.seq, id: e.id, at: e.at, actorId: e.actor_id, actor: userName(store, e.actor_id) ?? null, action: e.action, entity: e.entity, entityId: e.entity_id, detail: e.detail, prevHash: e.prev_hash, hash: e.hash }));
  add(AUDIT_FILE, Buffer.from(auditLines.length ? `${auditLines.join('\n')}\n` : '', 'utf8'), { title: `审计记录（${events.length} 条，含哈希链）`, date: chinaDate(store.clock.now()), pages: null, kind: 'audit' });

  // 5. 卷内文件目录, then 6. the 四性检测报告 over everything before it.
  const catalogue: ArchiveCatalogue = {
    caseNo: c.caseNo,
    projectName: project?.name ?? c.subject,
    applicantName: applicant?.name ?? '',
    office: officeName,
    entries: entries.map((e, i) => ({ no: i + 1, ...e })),
  };
  const options = { printedAt, ...(by ? { printedBy: by } : {}) };
  const cataloguePdf = await renderPdf(buildCatalogue(catalogue, options));
  add(`${CATALOGUE_FILE}.json`, Buffer.from(`${JSON.stringify(catalogue, null, 2)}\n`, 'utf8'), { title: '卷内文件目录（数据）', date: chinaDate(store.clock.now()), pages: null, kind: 'catalogue' });
  add(`${CATALOGUE_FILE}.pdf`, cataloguePdf, { title: '卷内文件目录', date: chinaDate(store.clock.now()), pages: countPages(cataloguePdf), kind: 'catalogue', check: await checkFile('目录.pdf', cataloguePdf) });

  const report = fourChecks({
    caseRow: c,
    status: (CASE_STATUSES.labels as Record<string, string>)[c.status] ?? c.status,
    projectName: project?.name ?? c.subject,
    office: officeName,
    checkedAt: printedAt.replace('T', ' '),
    files: archived,
    events,
    chain,
    record,
    missingDocs,
    missingFiles,
  });
  const reportPdf = await renderPdf(buildFourCheckReport(report, options));
  files.push({ path: `${REPORT_FILE}.json`, source: Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8') });
  files.push({ path: `${REPORT_FILE}.pdf`, source: reportPdf });

  const chainHead = chain.ok ? chain.lastHash : '';
  const info: Record<string, string> = {
    'Source-Organization': opts.sourceOrganization ?? officeName,
    'External-Identifier': c.caseNo,
    'External-Description': `${project?.name ?? c.subject}（${applicant?.name ?? ''}）专属档案`,
    'Internal-Sender-Identifier': c.id,
    'Audit-Chain-Head': chainHead,
    'Audit-Chain-Events': String(chain.events),
    'Audit-Case-Events': String(events.length),
    'Four-Checks-Outcome': report.outcome === 'pass' ? 'pass（四性检测通过）' : 'fail（四性检测未通过，见 data/四性检测报告.pdf）',
    ...(by ? { 'Contact-Name': by } : {}),
  };
  const bytes = files.reduce((n, f) => n + (Buffer.isBuffer(f.source) ? f.source.length : (f.size ?? 0)), 0);
  return { caseId, caseNo: c.caseNo, bagName: bagNameOf(c.caseNo, project?.name ?? c.subject), files, info, bytes, report };
}
