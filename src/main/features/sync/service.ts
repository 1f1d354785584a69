// The sync center (同步): what waits for a person after sync. Refused changes come back from the
// server on their outbox rows (push_status 'rejected' with the server's Chinese reason); the queue
// never waits for them, so they are shown here with what the clerk entered until someone re-enters
// the change or dismisses it. Same-field conflicts on controlled fields arrive as `conflicts` rows
// from the server; an agent keeps the server's value or submits the local value again as a fresh,
// normal change (a workflow step where there is one) that the server validates anew.
import { isPlainHttpOverNetwork } from '../../../shared/sync/transport';
import type { SyncLoadDto, SyncStatusDto } from '../../../shared/api/dto.js';
import type {
  RefusedPulledRowDto, RejectedChangeDto, SyncCaseRefDto, SyncConflictDto, SyncDeviceDto, SyncFieldDto, SyncOverviewDto, SyncRoundDto, SyncStripDto,
} from '../../../shared/api/dto.js';
import { CASE_TRANSITIONS, caseActionOptions } from '../../../shared/domain/case-status.js';
import type { CaseAction } from '../../../shared/domain/case-status.js';
import type { CaseStatus, HelpKind, Mode } from '../../../shared/domain/enums.js';
import { DomainError } from '../../../shared/errors.js';
import { normalizeIntentFields } from '../../../shared/sync/rules.js';
import * as t from '../../db/schema.js';
import type { Store, SyncedTable } from '../../db/store.js';
import type { OutboxRow as PendingOutboxRow } from '../../sync/client.js';
import type { SyncSummary } from '../../sync/index.js';
import { listRefusedRows } from '../../sync/apply.js';
import { bulkState, rowsHeld } from '../../sync/bulk.js';
import { assignCase, caseAction } from '../cases/service.js';
import { mayUse } from '../../../shared/policy/index.js';
import { canSeeCase, hasRole, loadCase, orgInfo, orgSubtree, authorize, requireUser, sql, userName } from '../context.js';
import type { CaseRow, ServiceContext } from '../context.js';
import { actionLabel, caseTabOf, entityLabel, fieldLabel, formatValue, isHiddenField, isSetOnCreate, syncErrorText } from './labels.js';

/** What the backend's sync control tells this feature (a subset of BackendDeps['sync']). */
export interface SyncState {
  status(): SyncStatusDto;
  device(): Omit<SyncDeviceDto, 'orgUnitName' | 'insecure'> | null;
  lastRound(): SyncSummary | null;
}

// ---------------------------------------------------------------- counts and state

export function syncCounts(store: Store): { pending: number; openConflicts: number; openRejections: number } {
  // Each count reads an index: outbox_pending, conflicts_status, the partial outbox_rejected_open.
  return {
    pending: sql(store, 'SELECT count(*) FROM outbox WHERE pushed_at IS NULL').pluck().get() as number,
    openConflicts: sql(store, "SELECT count(*) FROM conflicts WHERE status = 'open' AND deleted_at IS NULL").pluck().get() as number,
    openRejections: sql(store, "SELECT count(*) FROM outbox WHERE push_status = 'rejected' AND acknowledged_at IS NULL").pluck().get() as number,
  };
}

export function syncStrip(store: Store, sync: SyncState): SyncStripDto {
  const s = sync.status();
  const n = syncCounts(store);
  // The scheduler counts pending ops only after a round; the outbox knows right now.
  const state = s.state === 'online' && n.pending > 0 ? 'pending' : s.state;
  // The scheduler's conflict note counts at the last round; the strip shows the live count instead.
  const message = s.message?.includes('冲突') ? null : s.message;
  return { ...s, state, message, pendingChanges: n.pending, openConflicts: n.openConflicts, openRejections: n.openRejections, enrolled: sync.device() !== null, load: s.load ?? waitingLoad(store) };
}

/** A first pull cut short (offline, closed, crashed) goes on with the next round: say so meanwhile. */
function waitingLoad(store: Store): SyncLoadDto | null {
  const state = bulkState(store.db);
  if (!state) return null;
  const rows = state.phase === 'load' ? rowsHeld(store.db) : 0;
  return { phase: state.phase, running: false, rows, totalRows: null, bytes: 0, remainingMs: null };
}

export function roundDto(s: SyncSummary): SyncRoundDto {
  return {
    ok: s.ok,
    message: s.ok ? null : (s.message || s.failure) ? syncErrorText({ failure: s.failure ?? null, message: s.message ?? null }) : '同步未完成',
    pushed: s.pushed.applied + s.pushed.duplicate,
    rejected: s.pushed.rejected,
    conflicts: s.pushed.conflicts,
    pulled: s.pulled,
    pending: s.pending,
    ms: s.ms,
  };
}

export function deviceDto(store: Store, d: Omit<SyncDeviceDto, 'orgUnitName' | 'insecure'>): SyncDeviceDto {
  return { deviceId: d.deviceId, serverUrl: d.serverUrl, orgUnitId: d.orgUnitId, orgUnitName: orgInfo(store, d.orgUnitId)?.name ?? null, expiresAt: d.expiresAt, insecure: isPlainHttpOverNetwork(d.serverUrl) };
}

export function syncOverview(ctx: ServiceContext, sync: SyncState): SyncOverviewDto {
  requireUser(ctx);
  const device = sync.device();
  const last = sync.lastRound();
  return {
    status: syncStrip(ctx.store, sync),
    device: device ? deviceDto(ctx.store, device) : null,
    lastRound: last ? roundDto(last) : null,
    rejections: listRejections(ctx),
    conflicts: listConflicts(ctx),
    refusedRows: listRefusedPulledRows(ctx),
  };
}

/** Rows from the server this desktop would not store (src/main/sync/apply.ts PageApplier.refuse). */
export function listRefusedPulledRows(ctx: ServiceContext): RefusedPulledRowDto[] {
  return listRefusedRows(ctx.store.db).map((r) => ({ entity: r.entity, entityLabel: entityLabel(r.entity), id: r.id, reason: r.error, refusedAt: r.refusedAt }));
}

// ---------------------------------------------------------------- refused changes (被拒绝的修改)

/** An outbox row with what the push recorded on it and whether someone dismissed its refusal. */
interface OutboxRow extends PendingOutboxRow {
  pushed_at: string | null;
  push_status: string | null;
  push_error: string | null;
  acknowledged_at: string | null;
}

const OUTBOX_COLUMNS = 'seq, op_id, entity, entity_id, kind, intent, payload, user_id, org_unit_id, created_at, pushed_at, push_status, push_error, acknowledged_at';

function parsePayload(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function caseRef(c: Pick<CaseRow, 'id' | 'caseNo' | 'subject'>): SyncCaseRefDto {
  return { id: c.id, caseNo: c.caseNo, title: c.subject };
}

/** The case an op belongs to: the local row when it is still here, else what the op itself carried. */
function caseOfOp(store: Store, r: OutboxRow, payload: Record<string, unknown>): { row: CaseRow | null; ref: SyncCaseRefDto | null } {
  let caseId: string | null = null;
  if (r.entity === 'cases') caseId = r.entity_id;
  else if (typeof payload.caseId === 'string') caseId = payload.caseId;
  else {
    const table = (t.SCHEMA_TABLES as Record<string, SyncedTable | undefined>)[r.entity];
    const local = table ? (store.byId(table, r.entity_id) as Record<string, unknown> | undefined) : undefined;
    if (typeof local?.caseId === 'string') caseId = local.caseId;
  }
  if (!caseId) return { row: null, ref: null };
  const row = store.byId(t.cases, caseId);
  if (row && !row.deletedAt) return { row, ref: caseRef(row) };
  // A registration the server refused: the case may be gone locally, its number and title are in the op.
  if (r.entity === 'cases' && r.kind === 'insert' && typeof payload.caseNo === 'string') {
    return { row: null, ref: { id: caseId, caseNo: payload.caseNo, title: String(payload.subject ?? '') } };
  }
  return { row: null, ref: null };
}

/** The values the op carried, labelled and formatted (what the clerk typed). */
function opFields(store: Store, r: OutboxRow, payload: Record<string, unknown>): SyncFieldDto[] {
  const out: SyncFieldDto[] = [];
  const push = (field: string, value: unknown, label = fieldLabel(r.entity, field)) => {
    if (isHiddenField(field) || value === undefined || value === null || value === '') return;
    out.push({ field, label, value: formatValue(store, r.entity, field, value) });
  };
  if (r.kind === 'insert') {
    for (const [f, v] of Object.entries(payload)) if (!isSetOnCreate(f)) push(f, v);
  } else if (r.kind === 'patch') {
    for (const [f, v] of Object.entries(payload)) push(f, (v as { value?: unknown } | null)?.value);
  } else if (r.kind === 'intent') {
    const fields = payload.fields && typeof payload.fields === 'object' ? (payload.fields as Record<string, unknown>) : {};
    for (const [f, v] of Object.entries(normalizeIntentFields(fields))) push(f, v.value);
    const args = payload.args && typeof payload.args === 'object' ? (payload.args as Record<string, unknown>) : {};
    const action = r.intent?.startsWith('case.') ? (r.intent.slice(5) as CaseAction) : null;
    const reasonLabel = action && action in CASE_TRANSITIONS ? CASE_TRANSITIONS[action].reasonLabel : undefined;
    for (const [k, v] of Object.entries(args)) {
      if (typeof v !== 'string' || out.some((o) => o.field === k)) continue;
      // A workflow reason also lands in a column (closeReason): shown once, under the step's own word.
      const dup = out.findIndex((o) => o.value === v);
      if (dup >= 0) out.splice(dup, 1);
      push(k, v, k === 'reason' && reasonLabel ? reasonLabel : fieldLabel(r.entity, k));
    }
  }
  return out;
}

/** New records whose case-file form can be filled again with what was typed: entity → form and its fields. */
const REFILL_FORMS: Record<string, { form: NonNullable<RejectedChangeDto['refill']>['form']; fields: readonly string[] }> = {
  transfers: { form: 'transfer', fields: ['kind', 'toOrgUnitId', 'reason'] },
  progressEntries: { form: 'progress', fields: ['kind', 'text', 'hours', 'planItemId'] },
  problems: { form: 'problem', fields: ['department', 'description'] },
};

function refillOf(r: OutboxRow, payload: Record<string, unknown>): RejectedChangeDto['refill'] {
  const spec = REFILL_FORMS[r.entity];
  if (!spec || r.kind !== 'insert') return null;
  const values: Record<string, string | number | null> = {};
  for (const f of spec.fields) {
    const v = payload[f];
    if (typeof v === 'string' || typeof v === 'number') values[f] = v;
  }
  return { form: spec.form, values };
}

/** Refused changes are shown to the office's staff who may see the case (or, without a case, the office). */
function mayHandleOp(ctx: ServiceContext, r: OutboxRow, c: CaseRow | null): boolean {
  if (r.user_id && r.user_id === ctx.actor.userId) return true;
  if (c) return canSeeCase(ctx, c);
  if (hasRole(ctx.actor, 'admin')) return true;
  return Boolean(ctx.actor.orgUnitId && r.org_unit_id && orgSubtree(ctx.store, ctx.actor.orgUnitId).has(r.org_unit_id));
}

function rejectionDto(ctx: ServiceContext, r: OutboxRow): RejectedChangeDto | null {
  const payload = parsePayload(r.payload);
  const { row, ref } = caseOfOp(ctx.store, r, payload);
  if (!mayHandleOp(ctx, r, row)) return null;
  return {
    seq: r.seq,
    entity: r.entity,
    entityLabel: entityLabel(r.entity),
    entityId: r.entity_id,
    action: actionLabel(r.entity, r.kind, r.intent),
    case: ref,
    caseTab: row ? caseTabOf(r.entity) : null,
    fields: opFields(ctx.store, r, payload),
    refill: row ? refillOf(r, payload) : null,
    reason: r.push_error ?? '服务器拒绝了该修改',
    authorName: userName(ctx.store, r.user_id),
    madeAt: r.created_at,
    rejectedAt: r.pushed_at,
  };
}

export function listRejections(ctx: ServiceContext): RejectedChangeDto[] {
  const rows = sql(ctx.store, `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE push_status = 'rejected' AND acknowledged_at IS NULL ORDER BY seq`).all() as OutboxRow[];
  return rows.map((r) => rejectionDto(ctx, r)).filter((x): x is RejectedChangeDto => x !== null);
}

/** 已处理/忽略: the refused change leaves the list; who and when stay on the outbox row and in the audit log. */
export function dismissRejection(ctx: ServiceContext, input: { seq: number }): { ok: true } {
  const userId = requireUser(ctx);
  const r = sql(ctx.store, `SELECT ${OUTBOX_COLUMNS} FROM outbox WHERE seq = ?`).get(input.seq) as OutboxRow | undefined;
  if (!r || r.push_status !== 'rejected') throw new DomainError('not_found', '没有找到这条被拒绝的修改');
  if (r.acknowledged_at) throw new DomainError('conflict', '这条被拒绝的修改已经处理过了');
  const dto = rejectionDto(ctx, r);
  if (!dto) throw new DomainError('forbidden', '这条修改不属于您所在机构的办理范围');
  ctx.store.write(
    {
      actor: ctx.actor,
      action: 'sync.dismissRejection',
      entity: r.entity,
      entityId: r.entity_id,
      detail: { seq: r.seq, opId: r.op_id, change: dto.action, caseNo: dto.case?.caseNo ?? null, reason: dto.reason },
    },
    () => {
      ctx.store.db.prepare('UPDATE outbox SET acknowledged_at = ?, acknowledged_by = ? WHERE seq = ? AND acknowledged_at IS NULL').run(ctx.store.nowIso(), userId, r.seq);
    },
  );
  return { ok: true };
}

// ---------------------------------------------------------------- conflicts (冲突待处理)

type ConflictRow = typeof t.conflicts.$inferSelect;

interface Resubmit {
  /** Why the local value cannot be submitted again from the sync page (null: it can). */
  blocked: string | null;
  reasonLabel: string | null;
  run?: (reason: string | undefined) => void;
}

const BLOCKED_FIELDS: Record<string, string> = {
  'cases.handlingOrgUnitId': '承办机构只能通过转办改变，请在案卷“转办联办”中重新发起转办',
  'projects.admissionStatus': '准入审核结果请在案卷“概况”中重新审核',
  'transfers.status': '转办的接收或退回请在“转办联办”中重新办理',
  'entrustments.status': '委托文书的签署或撤销请在案卷“委托”中重新办理',
};

/** How the local value of a conflict would be submitted again: through the case workflow or the normal services. */
function resubmitPlan(ctx: ServiceContext, c: ConflictRow): Resubmit {
  const key = `${c.entity}.${c.field}`;
  const caseRow = c.entity === 'cases' ? ctx.store.byId(t.cases, c.entityId) : undefined;
  if (key === 'cases.status' && caseRow) {
    const target = c.localValue as CaseStatus;
    if (caseRow.status === target) return { blocked: null, reasonLabel: null, run: () => undefined };
    if (!mayUse('case.action', ctx.actor.roles)) return { blocked: '责任领导不办理状态变更：可保留服务器的值，或请代办员在案卷中按流程办理', reasonLabel: null };
    const options = ctx.actor.roles.flatMap((role) =>
      caseActionOptions(caseRow.status as CaseStatus, { role, mode: caseRow.mode as Mode, helpKind: caseRow.helpKind as HelpKind | null }),
    );
    const step = options.find((o) => o.to === target);
    if (!step) {
      return {
        blocked: `办件现为“${formatValue(ctx.store, 'cases', 'status', caseRow.status)}”，不能直接改为“${formatValue(ctx.store, 'cases', 'status', target)}”，请在案卷中按流程办理`,
        reasonLabel: null,
      };
    }
    return {
      blocked: null,
      reasonLabel: step.reason === 'required' ? (step.reasonLabel ?? '原因') : null,
      run: (reason) => void caseAction(ctx, { caseId: caseRow.id, action: step.action, reason: reason ?? null }),
    };
  }
  if (key === 'cases.agentId' && caseRow) {
    if (typeof c.localValue !== 'string') return { blocked: '不能以“未分派”重新提交，请在案卷中重新分派代办员', reasonLabel: null };
    if (!mayUse('case.assign', ctx.actor.roles)) return { blocked: '分派代办员须由窗口人员、责任领导或管理员办理', reasonLabel: null };
    const agentId = c.localValue;
    return { blocked: null, reasonLabel: null, run: () => void assignCase(ctx, { caseId: caseRow.id, agentId } as Parameters<typeof assignCase>[1]) };
  }
  return { blocked: BLOCKED_FIELDS[key] ?? '该项不能在同步页重新提交，请在案卷中重新办理', reasonLabel: null };
}

function conflictCase(ctx: ServiceContext, c: ConflictRow): CaseRow | null {
  if (!c.caseId) return null;
  const row = ctx.store.byId(t.cases, c.caseId);
  return row && !row.deletedAt ? row : null;
}

export function listConflicts(ctx: ServiceContext): SyncConflictDto[] {
  const rows = ctx.store.rows(t.conflicts, "status = 'open' AND deleted_at IS NULL ORDER BY created_at, id");
  const mayResolve = mayUse('sync.resolveConflict', ctx.actor.roles);
  const out: SyncConflictDto[] = [];
  for (const c of rows) {
    const kase = conflictCase(ctx, c);
    if (kase && !canSeeCase(ctx, kase)) continue;
    const plan = mayResolve ? resubmitPlan(ctx, c) : { blocked: '只有代办员、责任领导或管理员可以处理冲突', reasonLabel: null };
    out.push({
      id: c.id,
      entity: c.entity,
      entityLabel: entityLabel(c.entity),
      entityId: c.entityId,
      field: c.field,
      fieldLabel: fieldLabel(c.entity, c.field),
      serverText: formatValue(ctx.store, c.entity, c.field, c.serverValue),
      localText: formatValue(ctx.store, c.entity, c.field, c.localValue),
      case: kase ? caseRef(kase) : null,
      caseTab: kase ? caseTabOf(c.entity) : null,
      createdAt: c.createdAt,
      canResolve: mayResolve,
      resubmitBlocked: plan.blocked,
      resubmitReasonLabel: plan.reasonLabel,
    });
  }
  return out;
}

/**
 * Resolve a conflict: keep the server's value, or submit the local value again. Either way the
 * conflict row is marked resolved through store.write (it syncs as intent 'conflict.resolve'), in
 * the same transaction as the fresh change, which carries today's server value as its base.
 */
export function resolveConflict(ctx: ServiceContext, input: { conflictId: string; keep: 'server' | 'local'; reason?: string | undefined }): { ok: true } {
  const userId = requireUser(ctx);
  authorize(ctx, 'sync.resolveConflict');
  const c = ctx.store.byId(t.conflicts, input.conflictId);
  if (!c || c.deletedAt) throw new DomainError('not_found', '冲突记录不存在');
  if (c.status !== 'open') throw new DomainError('conflict', '该冲突已经处理过了');
  if (c.caseId) loadCase(ctx, c.caseId);
  const plan = input.keep === 'local' ? resubmitPlan(ctx, c) : null;
  if (plan?.blocked) throw new DomainError('invalid_transition', plan.blocked);
  const reason = input.reason?.trim() || undefined;
  if (plan?.reasonLabel && !reason) throw new DomainError('invalid_input', `请填写${plan.reasonLabel}`, { reason: `请填写${plan.reasonLabel}` });
  ctx.store.write(
    {
      actor: ctx.actor,
      action: 'conflict.resolve',
      entity: 'conflicts',
      entityId: c.id,
      detail: { keep: input.keep, entity: c.entity, entityId: c.entityId, field: c.field, serverValue: c.serverValue, localValue: c.localValue },
    },
    (tx) => {
      plan?.run?.(reason);
      tx.patch(t.conflicts, c.id, { status: 'resolved', resolvedBy: userId }, { name: 'conflict.resolve', args: { keep: input.keep } });
    },
  );
  return { ok: true };
}
