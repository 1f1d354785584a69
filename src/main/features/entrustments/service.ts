// 委托: the paper trail of a proxy (代办) case — the service application (代办服务申请表), the
// agreement (代办委托协议: scope, term, "代办不包办") and the enterprise's authorization
// (授权委托书: the named person who acts for it). Each is drafted, printed, signed on paper,
// scanned back as an attachment (登记已签署 asks for the scan), and can be revoked. Help (帮办) cases need none.
//
// Rules:
// - only on an open proxy case; at most one live (draft or signed) document of each kind per case —
//   to change the scope or term, revoke the old one and draft a new one;
// - signing the agreement of an `accepted` case moves the case to `entrusted` in the same
//   transaction (intent 'case.entrust'); a refused admission review blocks signing;
// - a revoked document cannot be signed; revoking the signed agreement of a case already
//   entrusted or in progress is allowed (the applicant may withdraw the mandate at any time) and
//   is flagged in the audit event so a supervisor sees it.
import { and, eq, isNull, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import { entrustmentFieldsSchema, entrustmentKindIssues, type scanFileSchema } from '../../../shared/api/cases.js';
import { isoDate } from '../../../shared/api/common.js';
import { ENTRUSTMENT_KINDS, type EntrustmentKind } from '../../../shared/domain/enums.js';
import { phoneSchema, residentIdSchema, textSchema, validateResidentId } from '../../../shared/domain/validators.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { decodeBase64, stageAttachment } from '../attachments/service.js';
import { checkCaseAction, refreshCaseSearch, requireLeaderForKeyProject } from '../cases/service.js';
import { loadCase, loadCaseChild, requireOpenCase, authorize, requireUser, type CaseRow, type ServiceContext } from '../context.js';

export type EntrustmentRow = typeof t.entrustments.$inferSelect;
type ScanFile = z.output<typeof scanFileSchema>;
/** The contract's input; callers inside the backend (tests, CLI) may leave `withoutScan` out. */
export type SignInput = Omit<ApiParsedInput<'entrustment.sign'>, 'withoutScan'> & { withoutScan?: boolean };
export interface EntrustmentScope { stages: number[]; items: string[] }

const STAGE_WORDS: Record<string, number> = { '1': 1, '2': 2, '3': 3, '4': 4, 一: 1, 二: 2, 三: 3, 四: 4 };
const WHOLE_WAY = /^(全程|全程代办|全部阶段|全流程)$/;

/**
 * Reads a scope as a clerk types it: "第1阶段、第二阶段、消防设计审查" → stages [1, 2] and the item
 * "消防设计审查"; "全程代办" → all four stages. Separators: 、，,；;/ and new lines. The case file
 * renders it back the same way ("第1阶段、第2阶段、消防设计审查").
 */
export function parseScope(text: string): EntrustmentScope {
  const stages = new Set<number>();
  const items: string[] = [];
  for (const raw of text.split(/[、，,；;/\n]+/)) {
    const part = raw.trim();
    if (!part) continue;
    if (WHOLE_WAY.test(part)) {
      [1, 2, 3, 4].forEach((s) => stages.add(s));
      continue;
    }
    const m = /^第?([1-4一二三四])阶段$/.exec(part);
    if (m) stages.add(STAGE_WORDS[m[1]!]!);
    else if (!items.includes(part)) items.push(part);
  }
  return { stages: [...stages].sort(), items };
}

const structuredScope = z.object({
  stages: z.array(z.number().int().min(1, { error: '阶段应为1至4' }).max(4, { error: '阶段应为1至4' })).default([]),
  items: z.array(textSchema('委托事项', 100)).max(100, { error: '委托事项过多' }).default([]),
});

/**
 * The contract's entrustment.create plus what the paper forms need and the contract does not carry
 * yet: a structured scope, the term start and the authorized person's ID number and phone.
 */
export const entrustmentCreateSchema = entrustmentFieldsSchema.extend({
  scope: z.union([textSchema('委托范围', 300), structuredScope]),
  termStart: isoDate('委托起始日期').optional(),
  authorizedIdNumber: residentIdSchema.optional(),
  authorizedPhone: phoneSchema.optional(),
});
export type EntrustmentCreateInput = ApiParsedInput<'entrustment.create'> | z.output<typeof entrustmentCreateSchema>;

function kindLabel(kind: string): string {
  return (ENTRUSTMENT_KINDS.labels as Record<string, string>)[kind] ?? kind;
}

export function createEntrustment(ctx: ServiceContext, input: EntrustmentCreateInput): ApiOutput<'entrustment.create'> {
  authorize(ctx, 'entrustment.create');
  requireUser(ctx);
  const c = loadCase(ctx, input.caseId);
  requireOpenCase(c, '办理委托');
  if (c.mode !== 'proxy') throw new DomainError('invalid_input', '帮办件无需签订代办委托');
  const extra = input as Partial<z.output<typeof entrustmentCreateSchema>>;
  const kind = input.kind as EntrustmentKind;

  const scope: EntrustmentScope = typeof input.scope === 'string' ? parseScope(input.scope) : input.scope;
  if (scope.stages.length === 0 && scope.items.length === 0) {
    throw new DomainError('invalid_input', '请填写委托范围（阶段或事项）', { scope: '请填写委托范围（阶段或事项）' });
  }
  const today = ctx.store.today();
  const termStart = extra.termStart ?? today;
  // The contract refuses these too; checked again for callers that skip it (CLI, other services).
  const [issue] = entrustmentKindIssues({ kind, termStart, termEnd: input.termEnd, authorizedPerson: input.authorizedPerson });
  if (issue) throw new DomainError('invalid_input', issue.message, { [issue.path]: issue.message });
  if (input.termEnd && input.termEnd < today) throw new DomainError('invalid_input', '委托期限已过，请重新填写', { termEnd: '委托期限已过，请重新填写' });

  // The authorized person (受托人): named for an authorization; by default the case's contact
  // (经办人), who is usually the one the enterprise authorizes.
  let authorizedName: string | null = input.authorizedPerson ?? null;
  let authorizedResidentId: string | null = extra.authorizedIdNumber ?? null;
  let authorizedPhone: string | null = extra.authorizedPhone ?? null;
  if (kind === 'authorization') {
    if (!authorizedName && c.contactName) {
      authorizedName = c.contactName;
      authorizedResidentId ??= c.contactResidentId;
      authorizedPhone ??= c.contactPhone || null;
    }
    if (!authorizedName) throw new DomainError('invalid_input', '授权委托书须填写受托人姓名', { authorizedPerson: '授权委托书须填写受托人姓名' });
    if (authorizedResidentId) {
      const r = validateResidentId(authorizedResidentId);
      if (!r.ok) throw new DomainError('invalid_input', `受托人身份证号码：${r.error}`, { authorizedIdNumber: r.error });
      authorizedResidentId = r.value;
    }
  }

  const live = ctx.store.orm
    .select({ id: t.entrustments.id, status: t.entrustments.status })
    .from(t.entrustments)
    .where(and(eq(t.entrustments.caseId, c.id), eq(t.entrustments.kind, kind), ne(t.entrustments.status, 'revoked'), isNull(t.entrustments.deletedAt)))
    .get();
  if (live) {
    throw new DomainError('conflict', `本件已有${live.status === 'signed' ? '已签署' : '待签署'}的${kindLabel(kind)}；如需变更，请先撤销原文书再重新填写`);
  }

  const row = ctx.store.write(
    { actor: ctx.actor, action: 'entrustment.create', entity: 'cases', entityId: c.id, detail: { kind, scope, termEnd: input.termEnd ?? null } },
    (tx) =>
      tx.insert(t.entrustments, {
        caseId: c.id,
        kind,
        status: 'draft',
        scope,
        termStart,
        termEnd: input.termEnd ?? null,
        authorizedName,
        authorizedResidentId,
        authorizedPhone,
      }),
  );
  return { id: row.id };
}

function loadEntrustment(ctx: ServiceContext, id: string) {
  const row = ctx.store.orm.select().from(t.entrustments).where(eq(t.entrustments.id, id)).get();
  return loadCaseChild(ctx, row, '委托文书');
}

const NEEDS_SCAN = '请上传签字盖章后的扫描件；暂时无法扫描的，请选择“稍后补传扫描件”';

/** The scan sent with a step: decoded, checked and on disk; its row is inserted by the step's write. */
function stageScan(ctx: ServiceContext, c: CaseRow, e: EntrustmentRow, scan: ScanFile) {
  return stageAttachment(ctx, c, { name: scan.name, mime: scan.mime, bytes: decodeBase64(scan.dataBase64), label: `${kindLabel(e.kind)}签署扫描件`, ownerId: e.id });
}

/**
 * Records the paper signature with its scan: an attachment already on the case, or the file sent
 * with this step (stored and linked in the same transaction). The domain wants every signed form
 * scanned back; a window without a scanner at hand may still record the signature with
 * `withoutScan` — the case is not held up, the document shows 待补扫描件 and the audit event says
 * so. The signed agreement makes an accepted case entrusted.
 */
export function signEntrustment(ctx: ServiceContext, input: SignInput): ApiOutput<'entrustment.sign'> {
  authorize(ctx, 'entrustment.sign');
  requireUser(ctx);
  const { row: e, caseRow: c } = loadEntrustment(ctx, input.entrustmentId);
  requireOpenCase(c, '签署委托');
  if (e.status === 'revoked') throw new DomainError('invalid_transition', `该${kindLabel(e.kind)}已撤销，不能再签署；请重新填写`);
  if (e.status === 'signed') throw new DomainError('invalid_transition', `该${kindLabel(e.kind)}已签署`);
  if (e.termEnd && e.termEnd < ctx.store.today()) throw new DomainError('invalid_transition', '委托期限已过，不能再签署；请撤销后重新填写');
  if (input.attachmentId) {
    const a = ctx.store.orm.select().from(t.attachments).where(eq(t.attachments.id, input.attachmentId)).get();
    // The link is kept on the entrustment: attachments are append-only for the sync (never patched).
    if (!a || a.deletedAt || a.caseId !== c.id) {
      throw new DomainError('invalid_input', '所选扫描件不属于本案卷', { attachmentId: '所选扫描件不属于本案卷' });
    }
  }
  if (e.kind === 'agreement' && c.projectId) {
    const p = ctx.store.orm.select({ s: t.projects.admissionStatus }).from(t.projects).where(eq(t.projects.id, c.projectId)).get();
    if (p?.s === 'refused' || p?.s === 'refusalPending') {
      throw new DomainError('invalid_transition', p.s === 'refused' ? '项目未通过准入审核，不能签订代办委托协议' : '项目的不予准入意见正在复核，复核前不能签订代办委托协议');
    }
  }
  if (!input.attachmentId && !input.scan && !input.withoutScan) throw new DomainError('invalid_input', NEEDS_SCAN, { scan: NEEDS_SCAN });
  // The signed agreement is what makes a proxy case entrusted (受理 → 已委托).
  const entrust = e.kind === 'agreement' && c.status === 'accepted' ? checkCaseAction(ctx, c, 'entrust') : null;
  if (entrust) requireLeaderForKeyProject(ctx, c);
  const staged = !input.attachmentId && input.scan ? stageScan(ctx, c, e, input.scan) : null;
  const signedAt = ctx.store.nowIso();
  ctx.store.write(
    {
      actor: ctx.actor,
      action: 'entrustment.sign',
      entity: 'entrustments',
      entityId: e.id,
      detail: { caseId: c.id, kind: e.kind, attachmentId: input.attachmentId ?? null, scan: staged?.name ?? null, scanMissing: !input.attachmentId && !staged, caseEntrusted: entrust !== null },
    },
    (tx) => {
      const attachmentId = input.attachmentId ?? (staged ? staged.insert(tx).id : null);
      tx.patch(t.entrustments, e.id, { status: 'signed', signedAt, attachmentId: attachmentId ?? e.attachmentId }, { name: 'entrustment.sign', args: { attachmentId } });
      if (entrust) {
        const row = tx.patch(t.cases, c.id, { status: entrust.to }, { name: 'case.entrust', args: { entrustmentId: e.id } });
        refreshCaseSearch(ctx, row);
      }
    },
  );
  return { ok: true };
}

/** 补传扫描件: the scan of a document signed without it, linked to it in one write. */
export function attachEntrustmentScan(ctx: ServiceContext, input: ApiParsedInput<'entrustment.attachScan'>): ApiOutput<'entrustment.attachScan'> {
  authorize(ctx, 'entrustment.attachScan');
  requireUser(ctx);
  const { row: e, caseRow: c } = loadEntrustment(ctx, input.entrustmentId);
  requireOpenCase(c, '补传扫描件');
  if (e.status !== 'signed') throw new DomainError('invalid_transition', `该${kindLabel(e.kind)}${e.status === 'revoked' ? '已撤销' : '尚未签署'}，不能补传签署扫描件`);
  if (e.attachmentId) throw new DomainError('conflict', `该${kindLabel(e.kind)}已有签署扫描件；其他文件请在“附件”中上传`);
  const staged = stageScan(ctx, c, e, input.scan);
  const attachmentId = ctx.store.write(
    { actor: ctx.actor, action: 'entrustment.attachScan', entity: 'entrustments', entityId: e.id, detail: { caseId: c.id, kind: e.kind, scan: staged.name } },
    (tx) => {
      const a = staged.insert(tx);
      tx.patch(t.entrustments, e.id, { attachmentId: a.id });
      return a.id;
    },
  );
  return { attachmentId };
}

/** Revokes a draft or signed document; the reason is kept on it and in the audit log. */
export function revokeEntrustment(ctx: ServiceContext, input: ApiParsedInput<'entrustment.revoke'>): ApiOutput<'entrustment.revoke'> {
  authorize(ctx, 'entrustment.revoke');
  requireUser(ctx);
  const { row: e, caseRow: c } = loadEntrustment(ctx, input.entrustmentId);
  requireOpenCase(c, '撤销委托');
  if (e.status === 'revoked') throw new DomainError('invalid_transition', `该${kindLabel(e.kind)}已于${e.revokedAt?.slice(0, 10) ?? ''}撤销`);
  // Withdrawing the mandate of a case being worked on is the applicant's right, but a supervisor
  // must see it: the audit event says so.
  const activeMandate = e.kind === 'agreement' && e.status === 'signed' && (c.status === 'entrusted' || c.status === 'inProgress');
  ctx.store.write(
    {
      actor: ctx.actor,
      action: 'entrustment.revoke',
      entity: 'entrustments',
      entityId: e.id,
      detail: { caseId: c.id, kind: e.kind, wasSigned: e.status === 'signed', caseStatus: c.status, activeMandateRevoked: activeMandate, reason: input.reason },
    },
    (tx) => tx.patch(t.entrustments, e.id, { status: 'revoked', revokedAt: ctx.store.nowIso(), revokeReason: input.reason }, { name: 'entrustment.revoke', args: { reason: input.reason } }),
  );
  return { ok: true };
}

/** The entrustments of a case, for printing the forms (the case file has a display version). */
export function entrustmentsOf(ctx: ServiceContext, caseId: string): EntrustmentRow[] {
  loadCase(ctx, caseId);
  return ctx.store.orm.select().from(t.entrustments).where(and(eq(t.entrustments.caseId, caseId), isNull(t.entrustments.deletedAt))).all();
}
