// 准入审核 queue: the cases of a leader's offices whose project awaits its admission review
// (待审核) or a second person's look at a proposed refusal (拒绝待复核, "窗口无否决权").
import type { AdmissionQueueItemDto, ApiOutput } from '../../../shared/api/index.js';
import { hasRole, orgInfo, orgSubtree, authorize, sql, userName, type ServiceContext } from '../context.js';

export const ADMISSION_QUEUE_LIMIT = 200;

interface QueueRow {
  case_id: string;
  case_no: string;
  project_id: string;
  project_name: string;
  applicant_name: string;
  org_unit_id: string;
  handling_org_unit_id: string;
  admission_status: 'pending' | 'refusalPending';
  admission_reason: string | null;
  admission_by: string | null;
  created_at: string;
}

export function admissionQueue(ctx: ServiceContext): ApiOutput<'admission.queue'> {
  authorize(ctx, 'admission.queue');
  // The offices the leader answers for: their own and those below (an admin without an office: all).
  const offices = ctx.actor.orgUnitId ? orgSubtree(ctx.store, ctx.actor.orgUnitId) : hasRole(ctx.actor, 'admin') ? null : new Set<string>();
  // Few projects await review: start from them (CROSS JOIN keeps that order; the planner would
  // otherwise walk every case of a city's offices) and keep the leader's offices' cases.
  const rows = sql(
    ctx.store,
    `SELECT c.id AS case_id, c.case_no, p.id AS project_id, p.name AS project_name, a.name AS applicant_name, c.org_unit_id, c.handling_org_unit_id,
            p.admission_status, p.admission_reason, p.admission_by, c.created_at
     FROM projects p CROSS JOIN cases c ON c.project_id = p.id JOIN applicants a ON a.id = c.applicant_id
     WHERE p.admission_status IN ('pending', 'refusalPending') AND p.deleted_at IS NULL AND c.deleted_at IS NULL
       AND c.status NOT IN ('completed', 'withdrawn')
     ORDER BY p.admission_status = 'refusalPending' DESC, c.created_at, c.id`,
  )
    .all()
    .filter((r) => !offices || offices.has((r as QueueRow).org_unit_id) || offices.has((r as QueueRow).handling_org_unit_id)) as QueueRow[];
  return {
    total: rows.length,
    rows: rows.slice(0, ADMISSION_QUEUE_LIMIT).map((r): AdmissionQueueItemDto => ({
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
