// 政企互动: government–enterprise interaction events (visits, forums, 联审会办 with enterprises),
// reported per quarter (Meizhou annex 2 table: date, place, enterprises, content). Recorded for the
// actor's office; listed per quarter for the office and the offices below it.
// No contract entry yet: the schemas below are the boundary (the UI engineer can lift them into
// src/shared/api when the page exists).
import type { UseCase } from '../../../shared/policy/index.js';
import { and, asc, eq, gte, inArray, isNull, lte } from 'drizzle-orm';
import { z } from 'zod';
import { isoDate } from '../../../shared/api/common.js';
import { quarterBounds, type Quarter } from '../../../shared/domain/quarter.js';
import { textSchema } from '../../../shared/domain/validators.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { changesOf, requireChanges, requireNotWithdrawn, valuesOf, withdrawalDto, writeWithdrawal } from '../record-changes.js';
import { orgInfo, orgSubtree, authorize, requireUser, userName, type ServiceContext } from '../context.js';
import type { InteractionDto } from '../../../shared/api/index.js';

export type InteractionRow = typeof t.interactions.$inferSelect;

const enterpriseList = z
  .union([textSchema('参与企业', 500), z.array(textSchema('企业名称', 100)).min(1, { error: '请填写参与企业' }).max(50, { error: '参与企业过多' })])
  .transform((v) => (Array.isArray(v) ? [...new Set(v)].join('、') : v));

export const interactionAddSchema = z.object({
  heldDate: isoDate('活动日期'),
  place: textSchema('活动地点', 100),
  enterprises: enterpriseList,
  content: textSchema('活动内容', 1000, 2),
});
export type InteractionAddInput = z.input<typeof interactionAddSchema>;

export const interactionListSchema = z.object({
  year: z.coerce.number({ error: '年份应为数字' }).int().min(2000, { error: '年份不正确' }).max(2100, { error: '年份不正确' }),
  quarter: z.coerce.number({ error: '季度应为1至4' }).int().min(1, { error: '季度应为1至4' }).max(4, { error: '季度应为1至4' }),
});
export type InteractionListInput = z.input<typeof interactionListSchema>;

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of r.error.issues) fieldErrors[issue.path.map(String).join('.')] ??= issue.message;
  throw new DomainError('invalid_input', r.error.issues[0]?.message ?? '输入无效', fieldErrors);
}

export { quarterOf } from '../../../shared/domain/quarter.js';

function dto(ctx: ServiceContext, r: InteractionRow): InteractionDto {
  const org = orgInfo(ctx.store, r.orgUnitId);
  return {
    id: r.id,
    heldDate: r.heldDate,
    place: r.place,
    enterprises: r.enterprises,
    content: r.content,
    orgUnitId: r.orgUnitId,
    orgUnitName: org?.officeName || org?.name || '',
    recordedByName: userName(ctx.store, r.recordedBy) ?? '',
    ...withdrawalDto(ctx.store, r),
  };
}

export function addInteraction(ctx: ServiceContext, raw: InteractionAddInput): InteractionDto {
  authorize(ctx, 'interaction.add');
  const userId = requireUser(ctx);
  const orgUnitId = ctx.actor.orgUnitId;
  if (!orgUnitId) throw new DomainError('forbidden', '当前账号未设置所属机构，不能登记政企互动');
  const input = parse(interactionAddSchema, raw);
  if (input.heldDate > ctx.store.today()) throw new DomainError('invalid_input', '活动日期不能晚于今天', { heldDate: '活动日期不能晚于今天' });
  // The same event saved twice (a double submit) is refused, not stored as a second row.
  const same = ctx.store.orm
    .select({ id: t.interactions.id })
    .from(t.interactions)
    .where(and(eq(t.interactions.orgUnitId, orgUnitId), eq(t.interactions.heldDate, input.heldDate), eq(t.interactions.place, input.place), eq(t.interactions.content, input.content), isNull(t.interactions.deletedAt), isNull(t.interactions.withdrawnAt)))
    .get();
  if (same) throw new DomainError('duplicate', '该政企互动已登记（同一日期、地点和内容），未重复保存');
  const row = ctx.store.write(
    { actor: ctx.actor, action: 'interaction.add', detail: { heldDate: input.heldDate, place: input.place } },
    (tx) => tx.insert(t.interactions, { orgUnitId, heldDate: input.heldDate, place: input.place, enterprises: input.enterprises, content: input.content, recordedBy: userId }),
  );
  return dto(ctx, row);
}

export const interactionEditSchema = interactionAddSchema.extend({ interactionId: z.string().min(1, { error: '缺少政企互动记录' }) });
export const interactionWithdrawSchema = z.object({ interactionId: z.string().min(1, { error: '缺少政企互动记录' }), reason: textSchema('撤回原因', 300, 2) });

/** A record of the actor's office (or an office below it) that is still live. */
function loadInteraction(ctx: ServiceContext, id: string, useCase: UseCase): InteractionRow & { userId: string } {
  authorize(ctx, useCase);
  const userId = requireUser(ctx);
  const row = ctx.store.byId(t.interactions, id);
  if (!row || row.deletedAt) throw new DomainError('not_found', '政企互动记录不存在或已删除');
  const mine = ctx.actor.orgUnitId ? orgSubtree(ctx.store, ctx.actor.orgUnitId).has(row.orgUnitId) : ctx.actor.roles.includes('admin');
  if (!mine) throw new DomainError('forbidden', '只能更正本机构及下级机构的政企互动记录');
  requireNotWithdrawn(row, '政企互动记录');
  return { ...row, userId };
}

export function editInteraction(ctx: ServiceContext, raw: z.input<typeof interactionEditSchema>): InteractionDto {
  authorize(ctx, 'interaction.edit');
  const input = parse(interactionEditSchema, raw);
  const row = loadInteraction(ctx, input.interactionId, 'interaction.edit');
  if (input.heldDate > ctx.store.today()) throw new DomainError('invalid_input', '活动日期不能晚于今天', { heldDate: '活动日期不能晚于今天' });
  const changes = changesOf(row, { heldDate: input.heldDate, place: input.place, enterprises: input.enterprises, content: input.content });
  requireChanges(changes);
  const next = ctx.store.write({ actor: ctx.actor, action: 'interaction.edit', entity: 'interactions', entityId: row.id, detail: { changes } }, (tx) =>
    tx.patch(t.interactions, row.id, valuesOf(changes)),
  );
  return dto(ctx, next);
}

/** Withdraws a record saved by mistake: it stays in the quarter's list, struck through, with the reason. */
export function withdrawInteraction(ctx: ServiceContext, raw: z.input<typeof interactionWithdrawSchema>): { ok: true } {
  authorize(ctx, 'interaction.withdraw');
  const input = parse(interactionWithdrawSchema, raw);
  const row = loadInteraction(ctx, input.interactionId, 'interaction.withdraw');
  writeWithdrawal(ctx, t.interactions, row, row.userId, input.reason, { action: 'interaction.withdraw', caseId: null });
  return { ok: true };
}

/** The quarter's events of the actor's office and the offices below it, by date. */
export function listInteractions(ctx: ServiceContext, raw: InteractionListInput): InteractionDto[] {
  authorize(ctx, 'interaction.list');
  const { year, quarter } = parse(interactionListSchema, raw);
  const { from, to } = quarterBounds({ year, quarter: quarter as Quarter['quarter'] });
  const where = [isNull(t.interactions.deletedAt), gte(t.interactions.heldDate, from), lte(t.interactions.heldDate, to)];
  if (ctx.actor.orgUnitId) where.push(inArray(t.interactions.orgUnitId, [...orgSubtree(ctx.store, ctx.actor.orgUnitId)]));
  else if (!ctx.actor.roles.includes('admin')) return [];
  return ctx.store.orm
    .select()
    .from(t.interactions)
    .where(and(...where))
    .orderBy(asc(t.interactions.heldDate), asc(t.interactions.id))
    .all()
    .map((r) => dto(ctx, r));
}
