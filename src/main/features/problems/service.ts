// 问题协调: a blocker raised with an approving department, tracked until it is resolved
// ("问题分析"). Raised on an open case, optionally against one of its plan items; resolved once,
// with what was done and when. Resolving stays possible after the case closed, so an old
// blocker can still be written off with its outcome.
import type { UseCase } from '../../../shared/policy/index.js';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import { casesContract } from '../../../shared/api/cases.js';
import { id, isoDate } from '../../../shared/api/common.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { requireNotWithdrawn, writeCorrection, writeWithdrawal } from '../record-changes.js';
import { loadCase, loadCaseChild, requireOpenCase, authorize, requireUser, type ServiceContext } from '../context.js';

export type ProblemRow = typeof t.problems.$inferSelect;

/** problem.add plus the plan item it blocks and the day it was raised (defaults: none, today). */
export const problemAddSchema = casesContract['problem.add'].input.extend({
  planItemId: id('计划事项').optional(),
  raisedDate: isoDate('提出日期').optional(),
});
export type ProblemAddInput = ApiParsedInput<'problem.add'> | z.output<typeof problemAddSchema>;

/** problem.resolve plus the day it was resolved (default today). */
export const problemResolveSchema = casesContract['problem.resolve'].input.extend({ resolvedDate: isoDate('解决日期').optional() });
export type ProblemResolveInput = ApiParsedInput<'problem.resolve'> | z.output<typeof problemResolveSchema>;

export function addProblem(ctx: ServiceContext, input: ProblemAddInput): ApiOutput<'problem.add'> {
  authorize(ctx, 'problem.add');
  const userId = requireUser(ctx);
  const c = loadCase(ctx, input.caseId);
  requireOpenCase(c, '登记协调问题');
  const extra = input as Partial<z.output<typeof problemAddSchema>>;
  const today = ctx.store.today();
  const raisedDate = extra.raisedDate ?? today;
  if (raisedDate > today) throw new DomainError('invalid_input', '提出日期不能晚于今天', { raisedDate: '提出日期不能晚于今天' });
  if (extra.planItemId) {
    const item = ctx.store.orm.select({ caseId: t.planItems.caseId, deletedAt: t.planItems.deletedAt }).from(t.planItems).where(eq(t.planItems.id, extra.planItemId)).get();
    if (!item || item.deletedAt || item.caseId !== c.id) throw new DomainError('invalid_input', '所选计划事项不属于本案卷', { planItemId: '所选计划事项不属于本案卷' });
  }
  const row = ctx.store.write(
    { actor: ctx.actor, action: 'problem.add', entity: 'cases', entityId: c.id, detail: { department: input.department } },
    (tx) =>
      tx.insert(t.problems, {
        caseId: c.id,
        planItemId: extra.planItemId ?? null,
        department: input.department,
        description: input.description,
        status: 'open',
        raisedBy: userId,
        raisedDate,
      }),
  );
  return { id: row.id };
}

export function resolveProblem(ctx: ServiceContext, input: ProblemResolveInput): ApiOutput<'problem.resolve'> {
  authorize(ctx, 'problem.resolve');
  requireUser(ctx);
  const { row: p } = loadCaseChild(ctx, ctx.store.orm.select().from(t.problems).where(eq(t.problems.id, input.problemId)).get(), '协调问题');
  requireNotWithdrawn(p, '协调问题');
  if (p.status === 'resolved') throw new DomainError('invalid_transition', `该问题已于${p.resolvedDate ?? ''}解决，不能重复登记`);
  const today = ctx.store.today();
  const resolvedDate = (input as Partial<z.output<typeof problemResolveSchema>>).resolvedDate ?? today;
  if (resolvedDate > today) throw new DomainError('invalid_input', '解决日期不能晚于今天', { resolvedDate: '解决日期不能晚于今天' });
  if (resolvedDate < p.raisedDate) throw new DomainError('invalid_input', `解决日期不能早于问题提出日期（${p.raisedDate}）`, { resolvedDate: '解决日期不能早于问题提出日期' });
  ctx.store.write({ actor: ctx.actor, action: 'problem.resolve', entity: 'problems', entityId: p.id, detail: { caseId: p.caseId } }, (tx) =>
    tx.patch(t.problems, p.id, { status: 'resolved', resolution: input.resolution, resolvedDate }, { name: 'problem.resolve', args: { resolvedDate } }),
  );
  return { ok: true };
}

function loadProblem(ctx: ServiceContext, problemId: string, useCase: UseCase) {
  authorize(ctx, useCase);
  const userId = requireUser(ctx);
  const { row, caseRow } = loadCaseChild(ctx, ctx.store.byId(t.problems, problemId), '协调问题');
  requireNotWithdrawn(row, '协调问题');
  return { row, caseRow, userId };
}

/** Corrects department and description, and the resolution once resolved (field patches with base values). */
export function editProblem(ctx: ServiceContext, input: ApiParsedInput<'problem.edit'>): ApiOutput<'problem.edit'> {
  const { row, caseRow } = loadProblem(ctx, input.problemId, 'problem.edit');
  if (input.resolution && row.status !== 'resolved') {
    throw new DomainError('invalid_input', '问题尚未解决，请用“登记解决”填写解决情况', { resolution: '问题尚未解决，不能填写解决情况' });
  }
  writeCorrection(ctx, t.problems, row, { department: input.department, description: input.description, resolution: input.resolution }, { action: 'problem.edit', caseId: caseRow.id });
  return { ok: true };
}

/** Withdraws a problem raised by mistake: it stays in the list (已撤回) and no longer counts as open. */
export function withdrawProblem(ctx: ServiceContext, input: ApiParsedInput<'problem.withdraw'>): ApiOutput<'problem.withdraw'> {
  const { row, caseRow, userId } = loadProblem(ctx, input.problemId, 'problem.withdraw');
  writeWithdrawal(ctx, t.problems, row, userId, input.reason, { action: 'problem.withdraw', caseId: caseRow.id });
  return { ok: true };
}

/** Open problems of the cases the actor may see, oldest first (统计: open problems). */
export function openProblems(ctx: ServiceContext, caseId?: string): ProblemRow[] {
  if (caseId) {
    loadCase(ctx, caseId);
    return ctx.store.orm
      .select()
      .from(t.problems)
      .where(and(eq(t.problems.caseId, caseId), eq(t.problems.status, 'open'), isNull(t.problems.deletedAt), isNull(t.problems.withdrawnAt)))
      .orderBy(asc(t.problems.raisedDate))
      .all();
  }
  const rows = ctx.store.orm.select().from(t.problems).where(eq(t.problems.status, 'open')).all().filter((p) => !p.deletedAt && !p.withdrawnAt);
  const visible = new Map<string, boolean>();
  return rows
    .filter((p) => {
      let ok = visible.get(p.caseId);
      if (ok === undefined) {
        try {
          loadCase(ctx, p.caseId);
          ok = true;
        } catch {
          ok = false;
        }
        visible.set(p.caseId, ok);
      }
      return ok;
    })
    .sort((a, b) => a.raisedDate.localeCompare(b.raisedDate));
}
