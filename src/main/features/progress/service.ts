// 进度记录: dated entries on a case's timeline, each with its author and the hours spent.
// A saved entry is corrected (its text, kind, hours, date, item) or withdrawn (已撤回, with a reason)
// by its author or an admin; it is never deleted — the sync server takes only those patches.
import type { UseCase } from '../../../shared/policy/index.js';
import { eq } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import { hoursSchema } from '../../../shared/api/cases.js';
import { mayCorrectProgressEntry, PROGRESS_CORRECTION_RULE } from '../../../shared/domain/corrections.js';
import { PROGRESS_KINDS } from '../../../shared/domain/enums.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { requireNotWithdrawn, writeCorrection, writeWithdrawal } from '../record-changes.js';
import { loadCase, loadCaseChild, requireOpenCase, authorize, requireUser, type CaseRow, type ServiceContext } from '../context.js';

/** Hours are checked here too: the CLI and other services call in without the contract's parse. */
function checkHours(hours: number): void {
  const r = hoursSchema.safeParse(hours);
  if (!r.success) {
    const msg = r.error.issues[0]?.message ?? '工时不正确';
    throw new DomainError('invalid_input', msg, { hours: msg });
  }
}

function checkDateAndItem(ctx: ServiceContext, c: CaseRow, date: string, planItemId: string | null | undefined): void {
  if (date > ctx.store.today()) throw new DomainError('invalid_input', '进度日期不能晚于今天', { at: '进度日期不能晚于今天' });
  if (planItemId) {
    const item = ctx.store.orm.select({ caseId: t.planItems.caseId, deletedAt: t.planItems.deletedAt }).from(t.planItems).where(eq(t.planItems.id, planItemId)).get();
    if (!item || item.deletedAt || item.caseId !== c.id) throw new DomainError('invalid_input', '所选计划事项不属于本案卷', { planItemId: '所选计划事项不属于本案卷' });
  }
}

export function addProgress(ctx: ServiceContext, input: ApiParsedInput<'progress.add'>): ApiOutput<'progress.add'> {
  authorize(ctx, 'progress.add');
  const authorId = requireUser(ctx);
  const c = loadCase(ctx, input.caseId);
  requireOpenCase(c, '登记进度');
  checkHours(input.hours);
  const date = input.at ?? ctx.store.today();
  checkDateAndItem(ctx, c, date, input.planItemId);
  const row = ctx.store.write(
    { actor: ctx.actor, action: 'progress.add', entity: 'cases', entityId: c.id, detail: { kind: input.kind, hours: input.hours } },
    (tx) =>
      tx.insert(t.progressEntries, {
        caseId: c.id,
        planItemId: input.planItemId ?? null,
        kind: input.kind,
        text: input.text,
        hours: input.hours,
        occurredDate: date,
        authorId,
      }),
  );
  return { id: row.id };
}

function loadEntry(ctx: ServiceContext, entryId: string, useCase: UseCase) {
  authorize(ctx, useCase);
  const userId = requireUser(ctx);
  const { row, caseRow } = loadCaseChild(ctx, ctx.store.byId(t.progressEntries, entryId), '进度记录');
  if (!mayCorrectProgressEntry({ userId, roles: ctx.actor.roles }, row)) throw new DomainError('forbidden', PROGRESS_CORRECTION_RULE);
  requireNotWithdrawn(row, '进度记录');
  return { row, caseRow, userId };
}

/** Corrects a saved entry: only the fields that change, with their base values (tx.patch). */
export function editProgress(ctx: ServiceContext, input: ApiParsedInput<'progress.edit'>): ApiOutput<'progress.edit'> {
  const { row, caseRow } = loadEntry(ctx, input.entryId, 'progress.edit');
  checkHours(input.hours);
  const date = input.at ?? row.occurredDate;
  checkDateAndItem(ctx, caseRow, date, input.planItemId);
  writeCorrection(ctx, t.progressEntries, row, { kind: input.kind, text: input.text, hours: input.hours, occurredDate: date, planItemId: input.planItemId ?? null }, { action: 'progress.edit', caseId: caseRow.id });
  return { ok: true };
}

/** Withdraws an entry written by mistake: it stays on the timeline, struck through, with the reason. */
export function withdrawProgress(ctx: ServiceContext, input: ApiParsedInput<'progress.withdraw'>): ApiOutput<'progress.withdraw'> {
  const { row, caseRow, userId } = loadEntry(ctx, input.entryId, 'progress.withdraw');
  writeWithdrawal(ctx, t.progressEntries, row, userId, input.reason, { action: 'progress.withdraw', caseId: caseRow.id });
  return { ok: true };
}

export function progressKindLabel(kind: string): string {
  return (PROGRESS_KINDS.labels as Record<string, string>)[kind] ?? kind;
}
