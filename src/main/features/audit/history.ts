// 修改记录 of a case: every audit event of the case and of its own records, newest first.
// Events name the record they changed (entity_id, indexed); events from before the caseId
// convention are found the same way, through the ids of the case's child rows.
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import { loadCase, sql, type ServiceContext } from '../context.js';
import { AUDIT_COLUMNS, CASE_CHILD_TABLES, describeEvent, registrationWindowEnd, registrationWindowStart, type AuditRow } from './describe.js';

/** Child rows found through a parent record rather than their own case_id index. */
const VIA_EVALUATION = new Set(['callbacks', 'rectifications']);

/** The ids of everything that belongs to the case alone: the case, its project and its child rows. */
export function caseRecordIds(ctx: ServiceContext, caseId: string, projectId: string | null): string[] {
  const ids = [caseId];
  if (projectId) ids.push(projectId);
  for (const [entity, table] of Object.entries(CASE_CHILD_TABLES)) {
    const query = VIA_EVALUATION.has(entity)
      ? `SELECT id FROM ${table} WHERE evaluation_id IN (SELECT id FROM evaluations WHERE case_id = ?)`
      : `SELECT id FROM ${table} WHERE case_id = ?`;
    ids.push(...(sql(ctx.store, query).pluck().all(caseId) as string[]));
  }
  return ids;
}

export function caseHistory(ctx: ServiceContext, input: ApiParsedInput<'case.history'>): ApiOutput<'case.history'> {
  const c = loadCase(ctx, input.caseId);
  const known = { id: c.id, caseNo: c.caseNo };
  const own = sql(ctx.store, `SELECT ${AUDIT_COLUMNS}, seq FROM audit_events WHERE entity_id IN (SELECT value FROM json_each(?))`)
    .all(JSON.stringify(caseRecordIds(ctx, c.id, c.projectId))) as Array<AuditRow & { seq: number }>;
  // The applicant may be shared by several cases: its own events (corrections, 查看证件号) belong to
  // each; a registration that named it belongs only to the case it created.
  const applicant = (sql(ctx.store, `SELECT ${AUDIT_COLUMNS}, seq FROM audit_events WHERE entity_id = ?`).all(c.applicantId) as Array<AuditRow & { seq: number }>)
    .filter((r) => r.action !== 'case.register' || (r.at >= registrationWindowStart(c.createdAt) && r.at <= registrationWindowEnd(c.createdAt)));
  return [...own.map((r) => ({ r, mine: true })), ...applicant.map((r) => ({ r, mine: r.action === 'case.register' }))]
    .sort((a, b) => b.r.seq - a.r.seq)
    .map(({ r, mine }) => describeEvent(ctx.store, r, mine ? known : undefined));
}
