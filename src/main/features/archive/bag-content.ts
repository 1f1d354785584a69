// What one case's archive bag holds (data/…), assembled from the store: the case record, every
// printable document regenerated, the attachments under readable names, the audit trail with its
// hash chain, the 卷内文件目录 and the 四性检测报告. Nothing is written here; the bag engine writes.
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { CASE_STATUSES } from '../../../shared/domain/enums.js';
import type { AuditVerifyResult, StoredEvent } from '../../db/audit.js';
import * as t from '../../db/schema.js';
import { chinaDate, chinaDateTime } from '../../platform/clock.js';
import { SharedReadBuffer, type BagFile } from '../../platform/bagit/index.js';
import { buildCatalogue, buildFourCheckReport, type ArchiveCatalogue, type CatalogueEntry } from '../../printing/archive.js';
import { countPages, printDocument, PrintError, renderPdf, type DocumentKind } from '../../printing/index.js';
import { attachmentPath } from '../attachments/service.js';
import { caseRecordIds } from '../audit/history.js';
import { loadCase, userName, type ServiceContext } from '../context.js';
import { guideBaseUrl, printableCase } from '../documents/service.js';
import { checkFile } from './file-checks.js';
import { fourChecks, type ArchivedFile, type FourCheckReportFile } from './four-checks.js';
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
  /** bag-info fields; read after the payload is written (they name the 四性 outcome). */
  info: () => Record<string, string>;
  /** Payload bytes known before writing (for the progress bar and the free-space check). */
  bytes: number;
  /** The 四性检测报告, once the bag's payload has been written (it covers every file before it). */
  report: () => FourCheckReportFile | null;
  /** To pass to writeBag: the digests of each file as written, for the report. */
  onFileWritten: (f: { from: string; sha256: string }) => void;
}

/** Room the catalogue and the report take, before they exist. */
const REPORT_BYTES_ESTIMATE = 256 * 1024;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Reads a whole file into `buf` (reused between files); a file that changed size is an error. */
async function readInto(buf: SharedReadBuffer, path: string, size: number): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const bytes = buf.of(size);
    let off = 0;
    while (off < size) {
      const { bytesRead } = await fh.read(bytes, off, size - off, off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    if (off !== size || (await fh.stat()).size !== size) throw new Error(`附件文件在导出过程中被改动：${path}`);
    return bytes;
  } finally {
    await fh.close();
  }
}

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
  type Meta = { title: string; date: string; pages: number | null; note?: string; kind: ArchivedFile['kind']; check?: Awaited<ReturnType<typeof checkFile>> };
  /** Notes a file the bag holds for the report; returns what the bag engine needs. */
  const made = (path: string, bytes: Buffer, meta: Meta) => {
    const digest = sha256(bytes);
    archived.push({ path, title: meta.title, kind: meta.kind, size: bytes.length, sha256: digest, check: meta.check ?? null });
    return { bytes, sha256: digest };
  };
  const add = (path: string, bytes: Buffer, meta: Meta) => {
    files.push({ path, source: bytes, sha256: made(path, bytes, meta).sha256 });
    entries.push({ title: meta.title, date: meta.date, pages: meta.pages, responsible: officeName, file: `data/${path}`, note: meta.note ?? '' });
  };

  // 1. The record: every row, as stored.
  const record = caseRecord(store, caseId, by ?? null);
  add(RECORD_FILE, Buffer.from(`${JSON.stringify(record, null, 2)}\n`, 'utf8'), { title: '案卷数据（全部记录）', date: chinaDate(store.clock.now()), pages: null, kind: 'record' });

  // 2. The documents, regenerated from the record as they print today.
  // The archive is the record: its forms as signed, in full (exports are admins' alone).
  const printable = printableCase(ctx, c, 'full');
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

  // 3. Attachments under readable names. Each is read once, when the bag engine comes to it:
  // checked (opens? safe?), hashed, handed over; the catalogue gets its page count then.
  const attachmentRows = store.rows(t.attachments, 'case_id = ? AND deleted_at IS NULL ORDER BY created_at, id', caseId);
  const missingFiles: string[] = [];
  const readBuffer = new SharedReadBuffer();
  const pendingDigest = new Map<string, ArchivedFile>();
  let attNo = 0;
  for (const a of attachmentRows) {
    const source = attachmentPath(store, a.sha256);
    const size = (await stat(source).catch(() => null))?.size;
    if (size === undefined) {
      missingFiles.push(a.fileName);
      continue;
    }
    attNo++;
    const ext = extname(a.fileName).toLowerCase();
    const stem = a.fileName.slice(0, a.fileName.length - ext.length);
    const label = a.kind && !stem.includes(a.kind) ? `${a.kind}-` : '';
    const path = `${ATTACHMENTS_DIR}/${pad(attNo, 3)}-${label}${stem}${ext}`;
    const entry = { title: `${a.kind ? `${a.kind}：` : ''}${a.fileName}`, date: a.createdAt.slice(0, 10), pages: null as number | null, responsible: officeName, file: `data/${path}`, note: `附件（${userName(store, a.addedBy) ?? ''}上传）` };
    entries.push(entry);
    files.push({
      path,
      size,
      source: async () => {
        // Into reused buffers (two, in turn: the engine writes one file while the next is read).
        const bytes = await readInto(readBuffer, source, size);
        const check = await checkFile(a.fileName, bytes);
        entry.pages = check.pages;
        // Its SHA-256 comes from the engine, which hashes while writing (onFileWritten).
        const file: ArchivedFile = { path, title: a.fileName, kind: 'attachment', size: bytes.length, sha256: '', recordedSha256: a.sha256, check };
        archived.push(file);
        pendingDigest.set(path, file);
        return { bytes };
      },
    });
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

  // 5. 卷内文件目录, then 6. the 四性检测报告 over everything before it: made when the bag engine
  // reaches them, after the attachments they describe.
  const options = { printedAt, ...(by ? { printedBy: by } : {}) };
  const today = chinaDate(store.clock.now());
  const catalogue = (): ArchiveCatalogue => ({
    caseNo: c.caseNo,
    projectName: project?.name ?? c.subject,
    applicantName: applicant?.name ?? '',
    office: officeName,
    entries: entries.map((e, i) => ({ no: i + 1, ...e })),
  });
  files.push({
    path: `${CATALOGUE_FILE}.json`,
    afterPrevious: true,
    source: async () => made(`${CATALOGUE_FILE}.json`, Buffer.from(`${JSON.stringify(catalogue(), null, 2)}\n`, 'utf8'), { title: '卷内文件目录（数据）', date: today, pages: null, kind: 'catalogue' }),
  });
  files.push({
    path: `${CATALOGUE_FILE}.pdf`,
    afterPrevious: true,
    source: async () => {
      const pdf = await renderPdf(buildCatalogue(catalogue(), options));
      return made(`${CATALOGUE_FILE}.pdf`, pdf, { title: '卷内文件目录', date: today, pages: countPages(pdf), kind: 'catalogue', check: await checkFile('目录.pdf', pdf) });
    },
  });
  let report: FourCheckReportFile | null = null;
  const makeReport = (): FourCheckReportFile => (report ??= fourChecks({
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
  }));
  files.push({ path: `${REPORT_FILE}.json`, afterPrevious: true, source: async () => ({ bytes: Buffer.from(`${JSON.stringify(makeReport(), null, 2)}\n`, 'utf8') }) });
  files.push({ path: `${REPORT_FILE}.pdf`, afterPrevious: true, source: async () => ({ bytes: await renderPdf(buildFourCheckReport(makeReport(), options)) }) });

  const chainHead = chain.ok ? chain.lastHash : '';
  const info = (): Record<string, string> => ({
    'Source-Organization': opts.sourceOrganization ?? officeName,
    'External-Identifier': c.caseNo,
    'External-Description': `${project?.name ?? c.subject}（${applicant?.name ?? ''}）专属档案`,
    'Internal-Sender-Identifier': c.id,
    'Audit-Chain-Head': chainHead,
    'Audit-Chain-Events': String(chain.events),
    'Audit-Case-Events': String(events.length),
    'Four-Checks-Outcome': makeReport().outcome === 'pass' ? 'pass（四性检测通过）' : 'fail（四性检测未通过，见 data/四性检测报告.pdf）',
    ...(by ? { 'Contact-Name': by } : {}),
  });
  const bytes = files.reduce((n, f) => n + (Buffer.isBuffer(f.source) ? f.source.length : (f.size ?? 0)), REPORT_BYTES_ESTIMATE);
  // Attachments get their SHA-256 from the engine, which hashes while writing.
  const onFileWritten = (f: { from: string; sha256: string }) => {
    const a = pendingDigest.get(f.from);
    if (a) a.sha256 = f.sha256;
  };
  return { caseId, caseNo: c.caseNo, bagName: bagNameOf(c.caseNo, project?.name ?? c.subject), files, info, bytes, report: () => report, onFileWritten };
}
