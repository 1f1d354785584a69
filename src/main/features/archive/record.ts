// The case record (案卷数据) in an archive bag: every row of the case as the store holds it, table
// by table, plus the names of the people and offices the rows refer to (so a reader of the JSON
// sees who did what without the store). `importCase` writes the same rows back, so the file is
// both the archivist's evidence and the restore's source; its schema is derived from the store's
// tables (drizzle-zod), so a column added to the store is in the file and checked on the way in.
import { createInsertSchema } from 'drizzle-zod';
import { z } from 'zod';
import * as t from '../../db/schema.js';
import type { Store } from '../../db/store.js';

export const CASE_RECORD_FORMAT = 'daiban-case-record';
export const CASE_RECORD_VERSION = 1;

/** The case's tables in the order an import writes them (parents first). */
export const RECORD_TABLES = {
  applicants: t.applicants,
  projects: t.projects,
  cases: t.cases,
  entrustments: t.entrustments,
  planItems: t.planItems,
  progressEntries: t.progressEntries,
  problems: t.problems,
  materials: t.materials,
  handovers: t.handovers,
  attachments: t.attachments,
  transfers: t.transfers,
  evaluations: t.evaluations,
  callbacks: t.callbacks,
  rectifications: t.rectifications,
} as const;
export type RecordTable = keyof typeof RECORD_TABLES;
export const RECORD_TABLE_NAMES = Object.keys(RECORD_TABLES) as RecordTable[];

/** What each table is called in the file catalogue and the report. */
export const RECORD_TABLE_LABELS: Record<RecordTable, string> = {
  applicants: '申请人', projects: '项目', cases: '案卷', entrustments: '委托', planItems: '代办事项', progressEntries: '进度记录',
  problems: '问题协调', materials: '材料清单', handovers: '材料交接', attachments: '附件', transfers: '移交', evaluations: '评价',
  callbacks: '回访', rectifications: '整改',
};

type Rows<K extends RecordTable> = Array<(typeof RECORD_TABLES)[K]['$inferSelect']>;
export type CaseRows = { [K in RecordTable]: Rows<K> };

const rowSchemas = Object.fromEntries(
  RECORD_TABLE_NAMES.map((name) => [name, z.array(createInsertSchema(RECORD_TABLES[name]).strict())]),
) as unknown as { [K in RecordTable]: z.ZodType<Rows<K>> };

export const caseRecordSchema = z.object({
  format: z.literal(CASE_RECORD_FORMAT, { error: '不是代办帮办案卷数据文件' }),
  version: z.literal(CASE_RECORD_VERSION, { error: '案卷数据文件的版本不受支持，请升级本程序' }),
  caseNo: z.string().min(1),
  exportedAt: z.string(),
  exportedBy: z.string().nullable(),
  rows: z.object(rowSchemas).strict(),
  /** user id → name, org unit id → name: for readers; never written back. */
  people: z.record(z.string(), z.string()),
  offices: z.record(z.string(), z.string()),
}).strict();
export type CaseRecord = z.infer<typeof caseRecordSchema>;

/** Every row of the case, withdrawn and deleted ones included: the archive is the whole history. */
export function caseRows(store: Store, caseId: string): CaseRows {
  const c = store.byId(t.cases, caseId);
  if (!c) throw new Error(`case ${caseId} not found`);
  const byCase = <K extends Exclude<RecordTable, 'applicants' | 'projects' | 'cases'>>(k: K) =>
    store.rows(RECORD_TABLES[k], 'case_id = ? ORDER BY created_at, id', caseId) as Rows<K>;
  const applicant = store.byId(t.applicants, c.applicantId);
  const project = c.projectId ? store.byId(t.projects, c.projectId) : undefined;
  return {
    applicants: applicant ? [applicant] : [],
    projects: project ? [project] : [],
    cases: [c],
    entrustments: byCase('entrustments'),
    planItems: byCase('planItems'),
    progressEntries: byCase('progressEntries'),
    problems: byCase('problems'),
    materials: byCase('materials'),
    handovers: byCase('handovers'),
    attachments: byCase('attachments'),
    transfers: byCase('transfers'),
    evaluations: byCase('evaluations'),
    callbacks: byCase('callbacks'),
    rectifications: byCase('rectifications'),
  };
}

const PERSON_FIELDS = ['agentId', 'leaderId', 'registeredBy', 'authorId', 'raisedBy', 'staffId', 'addedBy', 'sentBy', 'respondedBy', 'calledBy', 'responsibleId', 'admissionBy', 'admissionReviewBy', 'withdrawnBy'];
const OFFICE_FIELDS = ['orgUnitId', 'handlingOrgUnitId', 'fromOrgUnitId', 'toOrgUnitId'];

function namesOf(store: Store, rows: CaseRows, fields: string[], query: string): Record<string, string> {
  const ids = new Set<string>();
  for (const list of Object.values(rows) as Array<Array<Record<string, unknown>>>) {
    for (const r of list) for (const f of fields) if (typeof r[f] === 'string' && r[f]) ids.add(r[f] as string);
  }
  const stmt = store.db.prepare(query).pluck();
  const out: Record<string, string> = {};
  for (const id of [...ids].sort()) {
    const name = stmt.get(id) as string | undefined;
    if (name) out[id] = name;
  }
  return out;
}

export function caseRecord(store: Store, caseId: string, exportedBy: string | null): CaseRecord {
  const rows = caseRows(store, caseId);
  return {
    format: CASE_RECORD_FORMAT,
    version: CASE_RECORD_VERSION,
    caseNo: rows.cases[0]!.caseNo,
    exportedAt: store.nowIso(),
    exportedBy,
    rows,
    people: namesOf(store, rows, PERSON_FIELDS, 'SELECT display_name FROM users WHERE id = ?'),
    offices: namesOf(store, rows, OFFICE_FIELDS, 'SELECT name FROM org_units WHERE id = ?'),
  };
}
