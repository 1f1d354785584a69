// 准入审核 queue: the cases of a leader's offices whose project awaits its admission review
// (待审核) or a second person's look at a proposed refusal (拒绝待复核, "窗口无否决权").
import type { AdmissionQueueItemDto, ApiOutput } from '../../../shared/api/index.js';
import { hasRole, orgInfo, orgSubtree, requireRole, userName, type ServiceContext } from '../context.js';

export const ADMISSION_QUEUE_LIMIT = 200;

interface QueueRow {
  case_id: string;
  case_no: string;
  project_id: string;
  project_name: string;
  applicant_name: string;
  handling_org_unit_id: string;
  admission_status: 'pending' | 'refusalPending';
  admission_reason: string | null;
  admission_by: string | null;
  created_at: string;
}

export function admissionQueue(ctx: ServiceContext): ApiOutput<'admission.queue'> {
  requireRole(ctx, ['leader'], '查看准入审核待办');
  // The offices the leader answers for: their own and those below (an admin without an office: all).
  const offices = ctx.actor.orgUnitId ? [...orgSubtree(ctx.store, ctx.actor.orgUnitId)] : hasRole(ctx.actor, 'admin') ? null : [];
  const scope = offices ? `AND (c.org_unit_id IN (SELECT value FROM json_each(@offices)) OR c.handling_org_unit_id IN (SELECT value FROM json_each(@offices)))` : '';
  const from = `FROM projects p JOIN cases c ON c.project_id = p.id JOIN applicants a ON a.id = c.applicant_id
    WHERE p.admission_status IN ('pending', 'refusalPending') AND p.deleted_at IS NULL AND c.deleted_at IS NULL
      AND c.status NOT IN ('completed', 'withdrawn') ${scope}`;
  const args = offices ? { offices: JSON.stringify(offices) } : {};
  const total = ctx.store.db.prepare(`SELECT count(*) ${from}`).pluck().get(args) as number;
  const rows = ctx.store.db
    .prepare(
      `SELECT c.id AS case_id, c.case_no, p.id AS project_id, p.name AS project_name, a.name AS applicant_name, c.handling_org_unit_id,
              p.admission_status, p.admission_reason, p.admission_by, c.created_at
       ${from} ORDER BY p.admission_status = 'refusalPending' DESC, c.created_at, c.id LIMIT ${ADMISSION_QUEUE_LIMIT}`,
    )
    .all(args) as QueueRow[];
  return {
    total,
    rows: rows.map((r): AdmissionQueueItemDto => ({
      caseId: r.case_id,
      caseNo: r.case_no,
      projectId: r.project_id,
      projectName: r.project_name,
      applicantName: r.applicant_name,
      orgUnitName: orgInfo(ctx.store, r.handling_org_unit_id)?.name ?? null,
      admissionStatus: r.admission_status,
      reason: r.admission_status === 'refusalPending' ? r.admission_reason : null,
      proposedBy: r.admission_status === 'refusalPending' ? userName(ctx.store, r.admission_by) : null,
      proposedByMe: r.admission_status === 'refusalPending' && r.admission_by === ctx.actor.userId,
      registeredAt: r.created_at,
    })),
  };
}
