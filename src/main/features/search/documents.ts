// What each kind of record can be found by. Written in the same transaction as the record.
import { CASE_STATUSES } from '../../../shared/domain/enums.js';
import * as t from '../../db/schema.js';
import { SearchIndex, type SearchDoc } from '../../db/search.js';
import type { Store } from '../../db/store.js';
import { contactSearchDoc } from '../contacts/search-doc.js';
import { orgInfo } from '../context.js';
import { articleSearchDoc } from '../knowledge/search-doc.js';

type Applicant = Pick<typeof t.applicants.$inferSelect, 'id' | 'name' | 'uscc' | 'residentId' | 'legalRepresentative'>;
type Project = Pick<typeof t.projects.$inferSelect, 'id' | 'name' | 'projectCode' | 'location'>;
/** A case is found by its own contact (经办人), not by whoever acted on another case of the applicant. */
type Case = Pick<typeof t.cases.$inferSelect, 'id' | 'caseNo' | 'subject' | 'status' | 'contactName' | 'contactPhone'>;

export function applicantSearchDoc(a: Applicant): SearchDoc {
  return {
    kind: 'applicant',
    refId: a.id,
    title: a.name,
    subtitle: [a.uscc ?? '', a.legalRepresentative].filter(Boolean).join(' · '),
    parts: [a.name, a.uscc, a.residentId, a.legalRepresentative],
  };
}

export function projectSearchDoc(p: Project, applicantName: string): SearchDoc {
  return {
    kind: 'project',
    refId: p.id,
    title: p.name,
    subtitle: [p.projectCode ?? '', applicantName].filter(Boolean).join(' · '),
    parts: [p.name, p.projectCode, p.location, applicantName],
  };
}

export function caseSearchDoc(c: Case, applicant: Pick<Applicant, 'name'>, projectName: string | null): SearchDoc {
  return {
    kind: 'case',
    refId: c.id,
    title: `${c.caseNo} ${projectName ?? c.subject}`,
    subtitle: `${applicant.name} · ${(CASE_STATUSES.labels as Record<string, string>)[c.status] ?? c.status}`,
    parts: [c.caseNo, projectName, c.subject, applicant.name, c.contactName, c.contactPhone],
  };
}

/**
 * Keeps search in step with rows that arrived by sync (called inside the page's transaction):
 * cases, applicants, projects and knowledge articles get their document rebuilt from the stored rows, tombstones drop it.
 */
export function reindexSynced(store: Store, changes: ReadonlyArray<{ entity: string; id: string; deleted: boolean }>): void {
  const index = new SearchIndex(store.db);
  const caseIds = new Set<string>();
  for (const ch of changes) {
    if (ch.entity === 'knowledgeArticles') {
      const a = ch.deleted ? undefined : store.byId(t.knowledgeArticles, ch.id);
      if (a && !a.deletedAt) index.put(articleSearchDoc(a));
      else index.remove(ch.id);
      continue;
    }
    if (ch.entity === 'departmentContacts') {
      const c = ch.deleted ? undefined : store.byId(t.departmentContacts, ch.id);
      if (c && !c.deletedAt) index.put(contactSearchDoc(c, orgInfo(store, c.orgUnitId)?.name ?? ''));
      else index.remove(ch.id);
      continue;
    }
    if (ch.entity !== 'cases' && ch.entity !== 'applicants' && ch.entity !== 'projects') continue;
    if (ch.deleted) {
      index.remove(ch.id);
      continue;
    }
    if (ch.entity === 'applicants') {
      const a = store.byId(t.applicants, ch.id);
      if (a) index.put(applicantSearchDoc(a));
      // Its name is in the documents of its projects and cases too (a corrected name must be found).
      if (a) {
        for (const p of store.rows(t.projects, 'applicant_id = ? AND deleted_at IS NULL', a.id)) index.put(projectSearchDoc(p, a.name));
        for (const c of store.rows(t.cases, 'applicant_id = ? AND deleted_at IS NULL', a.id)) caseIds.add(c.id);
      }
    } else if (ch.entity === 'projects') {
      const p = store.byId(t.projects, ch.id);
      const a = p && store.byId(t.applicants, p.applicantId);
      if (p && a) index.put(projectSearchDoc(p, a.name));
    } else {
      caseIds.add(ch.id);
    }
  }
  for (const id of caseIds) {
    const c = store.byId(t.cases, id);
    const a = c && store.byId(t.applicants, c.applicantId);
    if (!c || !a) continue;
    const p = c.projectId ? store.byId(t.projects, c.projectId) : undefined;
    index.put(caseSearchDoc(c, a, p?.name ?? null));
  }
}

/**
 * Rows of a query in pages by rowid (the query selects `rowid AS _rowid` and takes `WHERE … _rowid > ?
 * ORDER BY _rowid LIMIT ?`): a city desktop's 100,000 cases are never all in memory at once, and
 * nothing is iterated while the index is written (better-sqlite3 forbids writing mid-iteration).
 */
function* paged<T>(db: Store['db'], query: string): Generator<T> {
  const st = db.prepare(query);
  for (let after = 0; ; ) {
    const rows = st.all(after, 5000) as Array<T & { _rowid: number }>;
    yield* rows;
    const last = rows[rows.length - 1];
    if (!last || rows.length < 5000) return;
    after = last._rowid;
  }
}

/** Every search document built again from the stored rows (after a fresh sync pull, or a repair). */
export function rebuildSearchDocs(store: Store): void {
  const db = store.db;
  new SearchIndex(db).replaceAll((put) => {
    for (const a of paged<Applicant>(db, `SELECT rowid AS _rowid, id, name, uscc, resident_id AS residentId, legal_representative AS legalRepresentative
       FROM applicants WHERE deleted_at IS NULL AND rowid > ? ORDER BY rowid LIMIT ?`)) put(applicantSearchDoc(a));
    for (const p of paged<Project & { applicantName: string }>(db, `SELECT p.rowid AS _rowid, p.id, p.name, p.project_code AS projectCode, p.location, a.name AS applicantName
       FROM projects p JOIN applicants a ON a.id = p.applicant_id WHERE p.deleted_at IS NULL AND p.rowid > ? ORDER BY p.rowid LIMIT ?`)) put(projectSearchDoc(p, p.applicantName));
    for (const c of paged<Case & { applicantName: string; projectName: string | null }>(db, `SELECT c.rowid AS _rowid, c.id, c.case_no AS caseNo, c.subject, c.status, c.contact_name AS contactName, c.contact_phone AS contactPhone, a.name AS applicantName, p.name AS projectName
       FROM cases c JOIN applicants a ON a.id = c.applicant_id LEFT JOIN projects p ON p.id = c.project_id WHERE c.deleted_at IS NULL AND c.rowid > ? ORDER BY c.rowid LIMIT ?`)) {
      put(caseSearchDoc(c, { name: c.applicantName }, c.projectName));
    }
    for (const a of store.rows(t.knowledgeArticles, 'deleted_at IS NULL')) put(articleSearchDoc(a));
    for (const c of store.rows(t.departmentContacts, 'deleted_at IS NULL')) put(contactSearchDoc(c, orgInfo(store, c.orgUnitId)?.name ?? ''));
  });
}

/** The search index as the sync client keeps it: per page, or rebuilt once after a fresh pull. */
export function searchIndexForSync(store: Store) {
  return {
    changed: (changes: ReadonlyArray<{ entity: string; id: string; deleted: boolean }>) => reindexSynced(store, changes),
    rebuild: () => rebuildSearchDocs(store),
  };
}
