// Scope that shrinks: when a transfer (转办/联办) is returned, the receiving office loses the case
// (and the applicant/project it saw only through it). Desktops of that office learn it from a
// scope-exit record in the change stream and drop the case once their own edits to it are pushed.
// A later grant to the same office tombstones the exit, and the case's re-stamped rows follow it.
import { sql } from 'drizzle-orm';
import type { Tx } from '../store/db';
import { rows } from '../store/db';
import { SCOPE_EXIT_ENTITY, scopeExitId } from '../../shared/sync/rules';
import { loadRecords, recKey } from './records';
import type { Rec } from './records';

export interface ScopeBatch {
  tx: Tx;
  recs: Map<string, Rec>;
  caseScopes: Map<string, Set<string>>;
  newScopes: Array<{ caseId: string; orgUnitId: string; reason: string }>;
  /** Offices whose transfer of a case was returned in this batch. */
  scopeExits: Array<{ caseId: string; orgUnitId: string }>;
  touch(r: Rec): void;
}

/** Office records a case brings along to the offices it is transferred to. */
const SHARED_WITH_CASE = [
  ['applicantId', 'applicants'],
  ['projectId', 'projects'],
] as const;

/** Apply this batch's scope exits and grants (before its records are flushed). */
export async function settleScopeChanges(b: ScopeBatch): Promise<void> {
  const exitKeys = [...b.scopeExits, ...b.newScopes].map((s): [string, string] => [SCOPE_EXIT_ENTITY, scopeExitId(s.caseId, s.orgUnitId)]);
  if (!exitKeys.length) return;
  await loadRecords(b.tx, exitKeys, b.recs);
  for (const e of dedupe(b.scopeExits)) await leaveScope(b, e.caseId, e.orgUnitId);
  for (const g of b.newScopes) {
    const exit = b.recs.get(recKey(SCOPE_EXIT_ENTITY, scopeExitId(g.caseId, g.orgUnitId)));
    if (exit && !exit.deleted) {
      exit.deleted = true;
      b.touch(exit);
    }
  }
}

function dedupe(list: Array<{ caseId: string; orgUnitId: string }>) {
  return [...new Map(list.map((e) => [scopeExitId(e.caseId, e.orgUnitId), e])).values()];
}

async function leaveScope(b: ScopeBatch, caseId: string, office: string): Promise<void> {
  const c = b.recs.get(recKey('cases', caseId));
  if (!c || c.orgUnitId === office || c.data.handlingOrgUnitId === office) return;
  if (b.newScopes.some((s) => s.caseId === caseId && s.orgUnitId === office)) return;
  if (await stillTransferredTo(b, caseId, office)) return;

  await b.tx.execute(sql`DELETE FROM case_scope WHERE case_id = ${caseId} AND org_unit_id = ${office}`);
  b.caseScopes.get(caseId)?.delete(office);
  const dropped: Array<[string, string]> = [];
  for (const [field, entity] of SHARED_WITH_CASE) {
    const id = c.data[field];
    if (typeof id !== 'string') continue;
    const other = await rows<{ one: number }>(
      b.tx,
      sql`SELECT 1 AS one FROM case_scope cs JOIN records oc ON oc.entity = 'cases' AND oc.id = cs.case_id
          WHERE cs.org_unit_id = ${office} AND cs.case_id <> ${caseId} AND oc.data->>${field} = ${id} LIMIT 1`,
    );
    if (other.length) continue;
    const removed = await rows<{ one: number }>(
      b.tx,
      sql`DELETE FROM record_shares WHERE entity = ${entity} AND record_id = ${id} AND org_unit_id = ${office} RETURNING 1 AS one`,
    );
    if (removed.length) dropped.push([entity, id]);
  }
  const id = scopeExitId(caseId, office);
  const key = recKey(SCOPE_EXIT_ENTITY, id);
  const data = { id, caseId, orgUnitId: office, records: dropped };
  const existing = b.recs.get(key);
  const exit: Rec = existing ?? { entity: SCOPE_EXIT_ENTITY, id, orgUnitId: office, caseId: null, isRef: false, data, deleted: false, serverSeq: 0, createdSeq: 0, exists: false, dirty: false };
  exit.data = data;
  exit.deleted = false;
  b.recs.set(key, exit);
  b.touch(exit);
}

/** Another open or accepted transfer of the case to the same office keeps it in scope. */
async function stillTransferredTo(b: ScopeBatch, caseId: string, office: string): Promise<boolean> {
  const found = await rows<{ id: string }>(b.tx, sql`SELECT id FROM records WHERE entity = 'transfers' AND case_id = ${caseId} AND NOT deleted`);
  await loadRecords(b.tx, found.map((r): [string, string] => ['transfers', r.id]), b.recs);
  for (const r of b.recs.values()) {
    if (r.entity !== 'transfers' || r.caseId !== caseId || r.deleted) continue;
    if (r.data.toOrgUnitId === office && (r.data.status === 'sent' || r.data.status === 'accepted')) return true;
  }
  return false;
}
