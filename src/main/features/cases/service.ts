// The case (代办件/帮办件): its file as one read, the list views, status changes through the
// shared status machine, assignment and closing; and the project's admission review, where a
// refusal needs a second person (窗口无否决权).
import { and, eq, isNull } from 'drizzle-orm';
import type {
  ApiOutput, ApiParsedInput, ApplicantDto, CaseContactDto, CaseFileDto, CaseSummaryDto, ClosingDto, MaterialDto, PlanItemDto, ProjectDto, TransferDto,
} from '../../../shared/api/index.js';
import { daysLeft } from '../../../shared/domain/calendar.js';
import { applyCaseAction, caseActionsFrom, type CaseAction, type CaseActionResult } from '../../../shared/domain/case-status.js';
import type {
  AdmissionStatus, ApplicantKind, CaseStatus, Channel, EntrustmentKind, EntrustmentStatus, EvaluationLevel, EvaluationSource,
  HandoverDirection, HelpKind, LimitUnit, Mode, PlanKind, PlanItemStatus, ProblemStatus, ProgressKind, ProjectCategory, Role, Stage,
  TransferKind, TransferStatus,
} from '../../../shared/domain/enums.js';
import { maskPhone, maskResidentId } from '../../../shared/domain/masking.js';
import { KEY_PROJECT_NEEDS_LEADER } from '../../../shared/api/cases.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { changesOf, requireChanges, withdrawalDto } from '../record-changes.js';
import type { Store } from '../../db/store.js';
import {
  calendarOf, loadCase, sql, orgInfo, requireOpenCase, authorize, requireUser, searchIndex, userName, type CaseRow, type ServiceContext,
} from '../context.js';
import { attachmentDto } from '../attachments/service.js';
import { planUncoveredYears } from '../calendar/coverage.js';
import { caseSearchDoc } from '../search/documents.js';

// ---------------------------------------------------------------- reading

type ApplicantRow = typeof t.applicants.$inferSelect;
type ProjectRow = typeof t.projects.$inferSelect;

/** Personal data is masked unless the caller asked to reveal it (and the reveal is audited). */
export function applicantDto(a: ApplicantRow, reveal = false): ApplicantDto {
  return {
    id: a.id,
    kind: a.kind as ApplicantKind,
    name: a.name,
    idNumber: a.residentId ? (reveal ? a.residentId : maskResidentId(a.residentId)) : null,
    uscc: a.uscc,
    legalRepresentative: a.legalRepresentative || null,
  };
}

/** The case's own contact (经办人), masked unless revealed. */
export function contactDto(c: Pick<CaseRow, 'contactName' | 'contactResidentId' | 'contactPhone'>, reveal = false): CaseContactDto {
  return {
    name: c.contactName || null,
    idNumber: c.contactResidentId ? (reveal ? c.contactResidentId : maskResidentId(c.contactResidentId)) : null,
    phone: c.contactPhone ? (reveal ? c.contactPhone : maskPhone(c.contactPhone)) : null,
  };
}

export function projectDto(p: ProjectRow): ProjectDto {
  return {
    id: p.id,
    name: p.name,
    code: p.projectCode,
    category: p.category as ProjectCategory,
    location: p.location || null,
    investment: p.investment,
    admissionStatus: p.admissionStatus as AdmissionStatus,
    admissionReason: p.admissionReason,
  };
}

interface SummaryRow {
  id: string;
  case_no: string;
  subject: string;
  project_name: string | null;
  applicant_name: string;
  mode: string;
  help_kind: string | null;
  channel: string;
  status: string;
  agent_id: string | null;
  handling_org_unit_id: string;
  created_at: string;
  accepted_date: string;
  next_due: string | null;
}

const SUMMARY_SELECT = `
  SELECT c.id, c.case_no, c.subject, p.name AS project_name, a.name AS applicant_name, c.mode, c.help_kind, c.channel,
         c.status, c.agent_id, c.handling_org_unit_id, c.created_at, c.accepted_date,
         (SELECT min(pi.due_date) FROM plan_items pi
          WHERE pi.case_id = c.id AND pi.status NOT IN ('approved', 'refused') AND pi.deleted_at IS NULL) AS next_due
  FROM cases c JOIN applicants a ON a.id = c.applicant_id LEFT JOIN projects p ON p.id = c.project_id`;

function summaryDto(store: Store, r: SummaryRow, today: string): CaseSummaryDto {
  const open = r.status !== 'completed' && r.status !== 'withdrawn';
  return {
    id: r.id,
    caseNo: r.case_no,
    title: r.project_name ?? r.subject,
    applicantName: r.applicant_name,
    mode: r.mode as Mode,
    helpKind: r.help_kind as HelpKind | null,
    channel: r.channel as Channel,
    status: r.status as CaseStatus,
    agentName: userName(store, r.agent_id),
    orgUnitName: orgInfo(store, r.handling_org_unit_id)?.name ?? '',
    createdAt: r.created_at,
    acceptedDate: r.accepted_date,
    nextDue: open ? r.next_due : null,
    overdue: open && r.next_due !== null && r.next_due < today,
  };
}

export function caseSummaries(store: Store, ids: string[]): CaseSummaryDto[] {
  if (ids.length === 0) return [];
  const rows = sql(store, `${SUMMARY_SELECT} WHERE c.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as SummaryRow[];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const today = store.today();
  return ids.flatMap((id) => (byId.has(id) ? [summaryDto(store, byId.get(id)!, today)] : []));
}

export { listCases, type CaseListQuery } from './list.js';

export function findCaseByNo(store: Store, caseNo: string): CaseRow | undefined {
  return store.orm.select().from(t.cases).where(and(eq(t.cases.caseNo, caseNo.trim()), isNull(t.cases.deletedAt))).get();
}

export function planItemDto(store: Store, i: typeof t.planItems.$inferSelect, today: string): PlanItemDto {
  const open = i.status !== 'approved' && i.status !== 'refused';
  return {
    id: i.id,
    stage: i.stage as Stage,
    parallelGroup: i.parallelGroup,
    catalogItemId: null,
    code: i.catalogCode,
    name: i.name,
    department: i.department,
    status: i.status as PlanItemStatus,
    limitValue: i.limitValue,
    limitUnit: i.limitUnit as LimitUnit,
    startDate: i.startDate,
    dueDate: i.dueDate,
    workingDaysLeft: open && i.dueDate ? daysLeft(today, i.dueDate, calendarOf(store)) : null,
    approvalDocNo: i.docNo,
  };
}

export function transferDto(store: Store, tr: typeof t.transfers.$inferSelect, c: Pick<CaseRow, 'caseNo' | 'subject'>): TransferDto {
  return {
    id: tr.id,
    caseId: tr.caseId,
    caseNo: c.caseNo,
    caseTitle: c.subject,
    kind: tr.kind as TransferKind,
    status: tr.status as TransferStatus,
    fromOrgUnitName: orgInfo(store, tr.fromOrgUnitId)?.name ?? '',
    toOrgUnitId: tr.toOrgUnitId,
    toOrgUnitName: orgInfo(store, tr.toOrgUnitId)?.name ?? '',
    reason: tr.reason,
    sentAt: tr.sentAt,
    sentByName: userName(store, tr.sentBy) ?? '',
    answeredAt: tr.respondedAt,
    answer: tr.responseNote,
  };
}

/** The whole case file in one read: what the 案卷 screen and the printouts show. */
export function getCaseFile(ctx: ServiceContext, caseId: string): CaseFileDto {
  const { store } = ctx;
  const c = loadCase(ctx, caseId);
  const LIVE = 'case_id = ? AND deleted_at IS NULL';
  const today = store.today();
  const applicant = store.byId(t.applicants, c.applicantId)!;
  const project = c.projectId ? store.byId(t.projects, c.projectId) : undefined;
  const items = store.rows(t.planItems, `${LIVE} ORDER BY sort_order`, c.id);
  const template = c.templateCode ? store.orm.select().from(t.planTemplates).where(eq(t.planTemplates.code, c.templateCode)).get() : undefined;
  const evaluations = store.rows(t.evaluations, `${LIVE} ORDER BY created_at DESC`, c.id);
  const callbacks = store.rows(t.callbacks, LIVE, c.id);
  const rectifications = store.rows(t.rectifications, LIVE, c.id);
  const attachments = store.rows(t.attachments, `${LIVE} ORDER BY created_at DESC`, c.id);
  const handovers = store.rows(t.handovers, `${LIVE} ORDER BY handed_at DESC`, c.id);
  const summary = caseSummaries(store, [c.id])[0]!;
  const closing: ClosingDto | null =
    c.closedAt && (c.status === 'completed' || c.status === 'suspended' || c.status === 'withdrawn')
      ? { outcome: c.status, reason: c.closeReason ?? '', at: c.closedAt, byName: closedByName(store, c.id) }
      : null;
  return {
    summary,
    description: c.subject,
    leaderName: userName(store, c.leaderId),
    agentId: c.agentId,
    leaderId: c.leaderId,
    orgUnitId: c.handlingOrgUnitId,
    applicant: applicantDto(applicant),
    contact: contactDto(c),
    project: project ? projectDto(project) : null,
    entrustments: store.rows(t.entrustments, `${LIVE} ORDER BY created_at`, c.id).map((e) => ({
      id: e.id,
      kind: e.kind as EntrustmentKind,
      status: e.status as EntrustmentStatus,
      scope: [...e.scope.stages.map((s) => `第${s}阶段`), ...e.scope.items].join('、'),
      termEnd: e.termEnd,
      authorizedPerson: e.authorizedName,
      createdAt: e.createdAt,
      signedAt: e.signedAt,
      revokedAt: e.revokedAt,
      revokeReason: e.revokeReason,
      scan: e.attachmentId ? { attachmentId: e.attachmentId, name: attachments.find((a) => a.id === e.attachmentId)?.fileName ?? '扫描件' } : null,
      scanMissing: e.status === 'signed' && !e.attachmentId,
    })),
    plan: items.length || template
      ? { id: c.id, kind: (template?.planKind ?? 'engineering') as PlanKind, templateName: template?.name ?? null, items: items.map((i) => planItemDto(store, i, today)), uncalendaredYears: planUncoveredYears(items, calendarOf(store)) }
      : null,
    progress: store.rows(t.progressEntries, `${LIVE} ORDER BY occurred_date DESC, id DESC`, c.id).map((p) => ({
      id: p.id,
      at: p.occurredDate,
      kind: p.kind as ProgressKind,
      text: p.text,
      hours: p.hours,
      authorId: p.authorId,
      authorName: userName(store, p.authorId) ?? '',
      planItemId: p.planItemId,
      ...withdrawalDto(store, p),
    })),
    problems: store.rows(t.problems, `${LIVE} ORDER BY raised_date DESC`, c.id).map((p) => ({
      id: p.id,
      department: p.department,
      description: p.description,
      status: p.status as ProblemStatus,
      raisedAt: p.raisedDate,
      resolvedAt: p.resolvedDate,
      resolution: p.resolution,
      ...withdrawalDto(store, p),
    })),
    materials: materialChecklist(store.rows(t.materials, `${LIVE} ORDER BY rowid`, c.id), items, handovers),
    handovers: handovers.map((h) => ({
      id: h.id,
      at: h.handedAt,
      direction: h.direction as HandoverDirection,
      receiptNo: h.receiptNo,
      counterpart: h.counterpartName,
      note: h.note,
      items: h.items.map(({ name, originals, copies }) => ({ name, originals, copies })),
      byName: userName(store, h.staffId) ?? '',
      ...withdrawalDto(store, h),
    })),
    attachments: attachments.map((a) => attachmentDto(store, a)),
    transfers: store.rows(t.transfers, `${LIVE} ORDER BY sent_at DESC`, c.id).map((tr) => transferDto(store, tr, c)),
    evaluations: evaluations.map((e) => ({
      id: e.id,
      level: e.level as EvaluationLevel,
      source: e.source as EvaluationSource,
      comment: e.comment || null,
      at: e.evaluatedDate,
      callbacks: callbacks.filter((cb) => cb.evaluationId === e.id).map((cb) => ({ id: cb.id, at: cb.calledDate, content: cb.content, result: cb.result, byName: userName(store, cb.calledBy) ?? '' })),
      rectifications: rectifications.filter((r) => r.evaluationId === e.id).map((r) => ({ id: r.id, measure: r.measure, deadline: r.dueDate, done: r.status === 'done', doneAt: r.doneDate })),
    })),
    closing,
    allowedActions: allowedActions(ctx, c),
  };
}

/**
 * The materials checklist grouped per plan item, in plan order (materials received outside the
 * checklist, or of a removed item, last), each with what its handovers received and returned.
 */
function materialChecklist(
  materials: Array<typeof t.materials.$inferSelect>,
  items: Array<typeof t.planItems.$inferSelect>,
  handovers: Array<typeof t.handovers.$inferSelect>,
): MaterialDto[] {
  const order = new Map(items.map((i, n) => [i.id, { n, name: i.name }]));
  const moved = new Map<string, MaterialDto['received'][]>();
  const totals = (id: string) => moved.get(id) ?? moved.set(id, [{ originals: 0, copies: 0 }, { originals: 0, copies: 0 }]).get(id)!;
  for (const h of handovers) {
    for (const line of h.items) {
      const sum = totals(line.materialId)[h.direction === 'returned' ? 1 : 0]!;
      sum.originals += line.originals;
      sum.copies += line.copies;
    }
  }
  const rank = (m: typeof t.materials.$inferSelect) => order.get(m.planItemId ?? '')?.n ?? items.length;
  return [...materials]
    .sort((a, b) => rank(a) - rank(b))
    .map((m) => {
      const [received, returned] = totals(m.id);
      return {
        id: m.id,
        planItemId: m.planItemId,
        planItemName: order.get(m.planItemId ?? '')?.name ?? null,
        name: m.name,
        required: m.originalsRequired + m.copiesRequired > 0,
        originalsRequired: m.originalsRequired,
        copiesRequired: m.copiesRequired,
        originalsHeld: m.originalsHeld,
        copiesHeld: m.copiesHeld,
        received: received!,
        returned: returned!,
      };
    });
}

function closedByName(store: Store, caseId: string): string {
  const actor = sql(store, `SELECT actor_id FROM audit_events WHERE entity_id = ? AND action LIKE 'case.%' ORDER BY seq DESC LIMIT 1`).pluck().get(caseId) as string | undefined;
  return userName(store, actor) ?? '';
}

function allowedActions(ctx: ServiceContext, c: CaseRow): CaseAction[] {
  const set = new Set<CaseAction>();
  for (const role of ctx.actor.roles) {
    for (const a of caseActionsFrom(c.status as CaseStatus, { role, mode: c.mode as Mode, helpKind: c.helpKind as HelpKind | null })) set.add(a);
  }
  return [...set];
}

// ---------------------------------------------------------------- status changes

/** Checks an action against every role the actor holds; the first that allows it wins. */
export function checkCaseAction(ctx: ServiceContext, c: CaseRow, action: string, reason?: string | null): Extract<CaseActionResult, { ok: true }> {
  let first: CaseActionResult | undefined;
  for (const role of ctx.actor.roles as Role[]) {
    const res = applyCaseAction(c.status as CaseStatus, action, { role, mode: c.mode as Mode, helpKind: c.helpKind as HelpKind | null, reason });
    if (res.ok) return res;
    first ??= res;
  }
  throw new DomainError('invalid_transition', first && !first.ok ? first.error : '无权执行该操作');
}

/** Actions that put a case to work: a key project (重点项目) needs its leader first. */
const LEADER_FIRST: readonly CaseAction[] = ['accept', 'entrust', 'start', 'resume'];

export function requireLeaderForKeyProject(ctx: ServiceContext, c: CaseRow): void {
  if (c.leaderId || !c.projectId) return;
  const p = ctx.store.byId(t.projects, c.projectId);
  if (p?.category === 'key') throw new DomainError('invalid_transition', `${KEY_PROJECT_NEEDS_LEADER}，请先在概况中指定`, { leaderId: KEY_PROJECT_NEEDS_LEADER });
}

export function caseAction(ctx: ServiceContext, input: { caseId: string; action: string; reason?: string | null }, useCase: 'case.action' | 'case.close' = 'case.action'): { status: CaseStatus } {
  authorize(ctx, useCase);
  requireUser(ctx);
  const c = loadCase(ctx, input.caseId);
  const res = checkCaseAction(ctx, c, input.action, input.reason);
  if (LEADER_FIRST.includes(res.action)) requireLeaderForKeyProject(ctx, c);
  if (res.action === 'entrust') {
    const signed = ctx.store.db
      .prepare(`SELECT 1 FROM entrustments WHERE case_id = ? AND kind = 'agreement' AND status = 'signed' AND deleted_at IS NULL`)
      .get(c.id);
    if (!signed) throw new DomainError('invalid_transition', '须先签署代办委托协议，才能转为已委托');
  }
  const closing = res.to === 'completed' || res.to === 'withdrawn' || res.to === 'suspended';
  ctx.store.write({ actor: ctx.actor, action: `case.${res.action}`, entity: 'cases', entityId: c.id, detail: { from: res.from, to: res.to, reason: res.reason } }, (tx) => {
    const row = tx.patch(
      t.cases,
      c.id,
      {
        status: res.to,
        ...(closing ? { closedAt: ctx.store.nowIso(), closeReason: res.reason ?? '' } : {}),
        ...(res.action === 'resume' ? { closedAt: null, closeReason: null } : {}),
      },
      { name: `case.${res.action}`, args: { reason: res.reason } },
    );
    refreshCaseSearch(ctx, row);
  });
  return { status: res.to };
}

const CLOSE_ACTION: Record<ApiParsedInput<'case.close'>['outcome'], CaseAction> = { completed: 'complete', suspended: 'suspend', withdrawn: 'withdraw' };

export function closeCase(ctx: ServiceContext, input: ApiParsedInput<'case.close'>): ApiOutput<'case.close'> {
  caseAction(ctx, { caseId: input.caseId, action: CLOSE_ACTION[input.outcome], reason: input.reason }, 'case.close');
  return { ok: true };
}

export function assignCase(ctx: ServiceContext, input: ApiParsedInput<'case.assign'>): ApiOutput<'case.assign'> {
  authorize(ctx, 'case.assign');
  const c = loadCase(ctx, input.caseId);
  const agent = ctx.store.orm.select().from(t.users).where(eq(t.users.id, input.agentId)).get();
  if (!agent || !agent.active || !(agent.roles.includes('agent') || agent.roles.includes('admin'))) {
    throw new DomainError('invalid_input', '所选人员不是在岗代办员', { agentId: '所选人员不是在岗代办员' });
  }
  if (input.leaderId) {
    const leader = ctx.store.orm.select().from(t.users).where(eq(t.users.id, input.leaderId)).get();
    if (!leader || !leader.active || !leader.roles.includes('leader')) throw new DomainError('invalid_input', '所选人员不是责任领导', { leaderId: '所选人员不是责任领导' });
  }
  ctx.store.write({ actor: ctx.actor, action: 'case.assign', entity: 'cases', entityId: c.id, detail: { agentId: input.agentId, leaderId: input.leaderId ?? null } }, (tx) =>
    tx.patch(t.cases, c.id, { agentId: input.agentId, ...(input.leaderId ? { leaderId: input.leaderId } : {}) }, { name: 'case.assign', args: {} }),
  );
  return { ok: true };
}

/** Sets or changes the case's responsible leader (责任领导); audited with the change. */
export function setCaseLeader(ctx: ServiceContext, input: ApiParsedInput<'case.setLeader'>): ApiOutput<'case.setLeader'> {
  authorize(ctx, 'case.setLeader');
  requireUser(ctx);
  const c = loadCase(ctx, input.caseId);
  requireOpenCase(c, '更换责任领导');
  const leader = ctx.store.byId(t.users, input.leaderId);
  if (!leader || leader.deletedAt || !leader.active || !leader.roles.includes('leader')) throw new DomainError('invalid_input', '所选人员不是在岗责任领导', { leaderId: '所选人员不是在岗责任领导' });
  const changes = changesOf(c, { leaderId: leader.id });
  requireChanges(changes);
  ctx.store.write({ actor: ctx.actor, action: 'case.setLeader', entity: 'cases', entityId: c.id, detail: { caseId: c.id, changes } }, (tx) =>
    tx.patch(t.cases, c.id, { leaderId: leader.id }),
  );
  return { ok: true };
}

export function refreshCaseSearch(ctx: ServiceContext, c: CaseRow): void {
  const applicant = ctx.store.orm.select().from(t.applicants).where(eq(t.applicants.id, c.applicantId)).get()!;
  const project = c.projectId ? ctx.store.orm.select({ name: t.projects.name }).from(t.projects).where(eq(t.projects.id, c.projectId)).get() : undefined;
  searchIndex(ctx.store).put(caseSearchDoc(c, applicant, project?.name ?? null));
}

// ---------------------------------------------------------------- admission review (准入审核)

function loadProject(ctx: ServiceContext, projectId: string): { p: ProjectRow; caseId: string | null } {
  const p = ctx.store.orm.select().from(t.projects).where(and(eq(t.projects.id, projectId), isNull(t.projects.deletedAt))).get();
  if (!p) throw new DomainError('not_found', '项目不存在');
  const c = ctx.store.orm.select({ id: t.cases.id }).from(t.cases).where(eq(t.cases.projectId, p.id)).get();
  if (c) loadCase(ctx, c.id); // scope check through the project's case
  return { p, caseId: c?.id ?? null };
}

/** Approve, or propose a refusal that a second person must confirm. */
export function reviewProject(ctx: ServiceContext, input: ApiParsedInput<'project.review'>): ApiOutput<'project.review'> {
  authorize(ctx, 'project.review');
  const userId = requireUser(ctx);
  const { p, caseId } = loadProject(ctx, input.projectId);
  if (p.admissionStatus !== 'pending') throw new DomainError('invalid_transition', '该项目已完成准入审核或正在复核');
  const fields =
    input.decision === 'approve'
      ? { admissionStatus: 'approved', admissionReason: input.reason || null, admissionBy: userId, admissionAt: ctx.store.nowIso() }
      : { admissionStatus: 'refusalPending', admissionReason: input.reason, admissionBy: userId, admissionAt: ctx.store.nowIso() };
  const detail = { caseId, changes: { admissionStatus: { from: p.admissionStatus, to: fields.admissionStatus } }, reason: input.reason };
  const row = ctx.store.write({ actor: ctx.actor, action: `admission.${input.decision}`, entity: 'projects', entityId: p.id, detail }, (tx) =>
    tx.patch(t.projects, p.id, fields, { name: 'admission.decide', args: { decision: input.decision } }),
  );
  return projectDto(row);
}

/** The second person confirms the refusal, or overturns it (the project is then admitted). */
export function confirmRefusal(ctx: ServiceContext, input: ApiParsedInput<'project.confirmRefusal'>): ApiOutput<'project.confirmRefusal'> {
  authorize(ctx, 'project.confirmRefusal');
  const userId = requireUser(ctx);
  const { p, caseId } = loadProject(ctx, input.projectId);
  if (p.admissionStatus !== 'refusalPending') throw new DomainError('invalid_transition', '该项目没有待复核的不予准入意见');
  if (p.admissionBy === userId) throw new DomainError('forbidden', '不予准入须由另一名工作人员复核，提出人不能自己确认');
  // Overturned, the project is admitted: the refusal's reason is no admission note (it stays in the
  // audit event and the case's 修改记录).
  const fields = input.confirm
    ? { admissionStatus: 'refused', admissionReviewBy: userId, admissionReviewAt: ctx.store.nowIso() }
    : { admissionStatus: 'approved', admissionReason: null, admissionReviewBy: userId, admissionReviewAt: ctx.store.nowIso() };
  const changes = {
    admissionStatus: { from: p.admissionStatus, to: fields.admissionStatus },
    ...(input.confirm ? {} : { admissionReason: { from: p.admissionReason, to: null } }),
  };
  const row = ctx.store.write(
    {
      actor: ctx.actor,
      action: input.confirm ? 'admission.refusalConfirmed' : 'admission.refusalOverturned',
      entity: 'projects',
      entityId: p.id,
      detail: { caseId, changes, refusalReason: p.admissionReason },
    },
    (tx) => tx.patch(t.projects, p.id, fields, { name: 'admission.review', args: { confirm: input.confirm } }),
  );
  return projectDto(row);
}
