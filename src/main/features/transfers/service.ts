// 转办/联办: a case handed down to the office with the authority (转办), or an upper office
// joined in (联办). The receiving office accepts or returns it; both keep the history
// ("变折返跑为接力办").
import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { loadCase, orgInfo, orgSubtree, requireOpenCase, authorize, requireUser, type ServiceContext } from '../context.js';
import { transferDto } from '../cases/service.js';

export function sendTransfer(ctx: ServiceContext, input: ApiParsedInput<'transfer.send'>): ApiOutput<'transfer.send'> {
  authorize(ctx, 'transfer.send');
  const userId = requireUser(ctx);
  const c = loadCase(ctx, input.caseId);
  requireOpenCase(c, '转办');
  const to = orgInfo(ctx.store, input.toOrgUnitId);
  if (!to) throw new DomainError('invalid_input', '接收机构不存在', { toOrgUnitId: '接收机构不存在' });
  if (input.toOrgUnitId === c.handlingOrgUnitId) throw new DomainError('invalid_input', '不能转给正在办理本件的机构', { toOrgUnitId: '不能转给正在办理本件的机构' });
  const pending = ctx.store.orm
    .select({ id: t.transfers.id })
    .from(t.transfers)
    .where(and(eq(t.transfers.caseId, c.id), eq(t.transfers.status, 'sent'), isNull(t.transfers.deletedAt)))
    .get();
  if (pending) throw new DomainError('conflict', '本件已有待接收的转办，请等待对方接收或退回');
  const row = ctx.store.write(
    { actor: ctx.actor, action: 'transfer.send', entity: 'cases', entityId: c.id, detail: { kind: input.kind, to: to.name } },
    (tx) =>
      tx.insert(t.transfers, {
        caseId: c.id,
        kind: input.kind,
        fromOrgUnitId: c.handlingOrgUnitId,
        toOrgUnitId: input.toOrgUnitId,
        status: 'sent',
        reason: input.reason,
        sentBy: userId,
        sentAt: ctx.store.nowIso(),
      }),
  );
  return { id: row.id };
}

function loadIncoming(ctx: ServiceContext, transferId: string) {
  const tr = ctx.store.orm.select().from(t.transfers).where(and(eq(t.transfers.id, transferId), isNull(t.transfers.deletedAt))).get();
  if (!tr) throw new DomainError('not_found', '转办记录不存在');
  if (!ctx.actor.orgUnitId || !orgSubtree(ctx.store, ctx.actor.orgUnitId).has(tr.toOrgUnitId)) {
    throw new DomainError('forbidden', '只有接收机构可以接收或退回该转办');
  }
  if (tr.status !== 'sent') throw new DomainError('invalid_transition', `该转办已${tr.status === 'accepted' ? '接收' : '退回'}`);
  return tr;
}

/** Accepting a 转办 moves the case to the receiving office; a 联办 keeps it and adds the upper office. */
export function acceptTransfer(ctx: ServiceContext, input: ApiParsedInput<'transfer.accept'>): ApiOutput<'transfer.accept'> {
  authorize(ctx, 'transfer.accept');
  const userId = requireUser(ctx);
  const tr = loadIncoming(ctx, input.transferId);
  const c = loadCase(ctx, tr.caseId);
  ctx.store.write({ actor: ctx.actor, action: 'transfer.accept', entity: 'cases', entityId: c.id, detail: { transferId: tr.id } }, (tx) => {
    tx.patch(t.transfers, tr.id, { status: 'accepted', respondedBy: userId, respondedAt: ctx.store.nowIso(), responseNote: input.note ?? null }, { name: 'transfer.accept' });
    if (tr.kind === 'down') {
      tx.patch(t.cases, c.id, { handlingOrgUnitId: tr.toOrgUnitId, agentId: null }, { name: 'transfer.accept', args: { transferId: tr.id } });
    }
  });
  return { ok: true };
}

export function returnTransfer(ctx: ServiceContext, input: ApiParsedInput<'transfer.return'>): ApiOutput<'transfer.return'> {
  authorize(ctx, 'transfer.return');
  const userId = requireUser(ctx);
  const tr = loadIncoming(ctx, input.transferId);
  ctx.store.write({ actor: ctx.actor, action: 'transfer.return', entity: 'cases', entityId: tr.caseId, detail: { transferId: tr.id, reason: input.reason } }, (tx) =>
    tx.patch(t.transfers, tr.id, { status: 'returned', respondedBy: userId, respondedAt: ctx.store.nowIso(), responseNote: input.reason }, { name: 'transfer.return' }),
  );
  return { ok: true };
}

/** Transfers sent to the actor's office (and below), newest first. */
export function transferInbox(ctx: ServiceContext, input: ApiParsedInput<'transfer.inbox'>): ApiOutput<'transfer.inbox'> {
  if (!ctx.actor.orgUnitId) return [];
  const offices = [...orgSubtree(ctx.store, ctx.actor.orgUnitId)];
  const where = [inArray(t.transfers.toOrgUnitId, offices), isNull(t.transfers.deletedAt)];
  if (input.status) where.push(eq(t.transfers.status, input.status));
  const rows = ctx.store.orm
    .select({ tr: t.transfers, caseNo: t.cases.caseNo, subject: t.cases.subject })
    .from(t.transfers)
    .innerJoin(t.cases, eq(t.cases.id, t.transfers.caseId))
    .where(and(...where))
    .orderBy(desc(t.transfers.sentAt))
    .limit(500)
    .all();
  return rows.map((r) => transferDto(ctx.store, r.tr, { caseNo: r.caseNo, subject: r.subject }));
}
