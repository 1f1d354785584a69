// 好差评: a finished service can be rated on five levels (非常满意 5 … 非常不满意 1) by QR scan, SMS, a
// rating device or phone. Every bad rating (level ≤ 2: 不满意, 非常不满意) gets a callback (回访) and a
// rectification entry (整改台账) — target 100% of both; `pendingFollowUps` lists what is missing
// (follow-ups.ts), the 好差评台账 shows it all (ledger.ts).
//
// Which cases can be rated: a service that has ended — completed (办结) and also withdrawn or
// refused (退件/不予受理). The 好差评 system rates every service, and an applicant whose request was
// turned away is exactly the one whose rating and callback matter most. Open and suspended cases
// cannot be rated yet. One rating per case ("一事一评"); the rating's date is the day it was given.
import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import { casesContract } from '../../../shared/api/cases.js';
import { id, isoDate } from '../../../shared/api/common.js';
import { addWorkdays } from '../../../shared/domain/calendar.js';
import { EVALUATION_LEVELS } from '../../../shared/domain/enums.js';
import { textSchema } from '../../../shared/domain/validators.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { chinaDate } from '../../platform/clock.js';
import { calendarOf, loadCase, loadCaseChild, authorize, requireUser, type CaseRow, type ServiceContext } from '../context.js';
import { BAD_RATING_MAX_LEVEL, DEFAULT_RECTIFICATION_WORKDAYS, isBadRating } from './rules.js';

export type EvaluationRow = typeof t.evaluations.$inferSelect;

export { BAD_RATING_MAX_LEVEL, DEFAULT_RECTIFICATION_WORKDAYS, isBadRating };

function levelLabel(level: number): string {
  return (EVALUATION_LEVELS.labels as Record<string, string>)[String(level)] ?? String(level);
}

const RATEABLE = new Set(['completed', 'withdrawn']);

/** evaluation.add plus the day the rating was given (default today). */
export const evaluationAddSchema = casesContract['evaluation.add'].input.extend({ evaluatedDate: isoDate('评价日期').optional() });
export type EvaluationAddInput = ApiParsedInput<'evaluation.add'> | z.output<typeof evaluationAddSchema>;

export function addEvaluation(ctx: ServiceContext, input: EvaluationAddInput): ApiOutput<'evaluation.add'> & { needsFollowUp: boolean } {
  authorize(ctx, 'evaluation.add');
  requireUser(ctx);
  const c = loadCase(ctx, input.caseId);
  if (!RATEABLE.has(c.status)) throw new DomainError('invalid_transition', '只有已办结或已退件的服务才能评价');
  const today = ctx.store.today();
  const date = (input as Partial<z.output<typeof evaluationAddSchema>>).evaluatedDate ?? today;
  if (date > today) throw new DomainError('invalid_input', '评价日期不能晚于今天', { evaluatedDate: '评价日期不能晚于今天' });
  const closedOn = c.closedAt ? chinaDate(new Date(c.closedAt)) : null;
  if (closedOn && date < closedOn) {
    throw new DomainError('invalid_input', `评价日期不能早于${c.status === 'completed' ? '办结' : '退件'}日期（${closedOn}）`, { evaluatedDate: '评价日期不能早于结案日期' });
  }
  const existing = ctx.store.orm.select({ id: t.evaluations.id, level: t.evaluations.level }).from(t.evaluations).where(and(eq(t.evaluations.caseId, c.id), isNull(t.evaluations.deletedAt))).get();
  if (existing) throw new DomainError('duplicate', `本件已有评价（${levelLabel(existing.level)}），一事一评，不能重复登记`);
  const bad = isBadRating(input.level);
  const row = ctx.store.write(
    { actor: ctx.actor, action: 'evaluation.add', entity: 'cases', entityId: c.id, detail: { level: input.level, source: input.source, bad } },
    (tx) => tx.insert(t.evaluations, { caseId: c.id, level: input.level, source: input.source, comment: input.comment ?? '', evaluatedDate: date }),
  );
  return { id: row.id, needsFollowUp: bad };
}

function loadEvaluation(ctx: ServiceContext, evaluationId: string): { row: EvaluationRow; caseRow: CaseRow } {
  return loadCaseChild(ctx, ctx.store.orm.select().from(t.evaluations).where(eq(t.evaluations.id, evaluationId)).get(), '评价');
}

/** callback.add plus the day of the call (default today). */
export const callbackAddSchema = casesContract['callback.add'].input.extend({ calledDate: isoDate('回访日期').optional() });
export type CallbackAddInput = ApiParsedInput<'callback.add'> | z.output<typeof callbackAddSchema>;

/**
 * Records a callback (回访) on a rating: what was said and its outcome.
 */
export function addCallback(ctx: ServiceContext, input: CallbackAddInput): ApiOutput<'callback.add'> {
  authorize(ctx, 'callback.add');
  const userId = requireUser(ctx);
  const { row: e, caseRow: c } = loadEvaluation(ctx, input.evaluationId);
  const today = ctx.store.today();
  const date = (input as Partial<z.output<typeof callbackAddSchema>>).calledDate ?? today;
  if (date > today) throw new DomainError('invalid_input', '回访日期不能晚于今天', { calledDate: '回访日期不能晚于今天' });
  if (date < e.evaluatedDate) throw new DomainError('invalid_input', `回访日期不能早于评价日期（${e.evaluatedDate}）`, { calledDate: '回访日期不能早于评价日期' });
  const row = ctx.store.write(
    { actor: ctx.actor, action: 'callback.add', entity: 'evaluations', entityId: e.id, detail: { caseId: c.id, result: input.result } },
    (tx) => tx.insert(t.callbacks, { caseId: c.id, evaluationId: e.id, calledBy: userId, calledDate: date, content: input.content, result: input.result }),
  );
  return { id: row.id };
}

/** rectification.add plus the problem found (default: the rating's comment) and who is responsible (default: the actor). */
export const rectificationAddSchema = casesContract['rectification.add'].input.extend({
  problem: textSchema('存在问题', 500, 2).optional(),
  responsibleId: id('整改责任人').optional(),
});
export type RectificationAddInput = ApiParsedInput<'rectification.add'> | z.output<typeof rectificationAddSchema>;

export function addRectification(ctx: ServiceContext, input: RectificationAddInput): ApiOutput<'rectification.add'> {
  authorize(ctx, 'rectification.add');
  const userId = requireUser(ctx);
  const { row: e, caseRow: c } = loadEvaluation(ctx, input.evaluationId);
  if (!isBadRating(e.level)) throw new DomainError('invalid_input', `该评价为“${levelLabel(e.level)}”，只有差评（不满意、非常不满意）需要登记整改`);
  const extra = input as Partial<z.output<typeof rectificationAddSchema>>;
  const today = ctx.store.today();
  const dueDate = input.deadline ?? addWorkdays(today, DEFAULT_RECTIFICATION_WORKDAYS, calendarOf(ctx.store));
  if (dueDate < today) throw new DomainError('invalid_input', '整改期限不能早于今天', { deadline: '整改期限不能早于今天' });
  const responsibleId = extra.responsibleId ?? userId;
  if (extra.responsibleId) {
    const u = ctx.store.orm.select({ active: t.users.active, deletedAt: t.users.deletedAt }).from(t.users).where(eq(t.users.id, extra.responsibleId)).get();
    if (!u || !u.active || u.deletedAt) throw new DomainError('invalid_input', '整改责任人不存在或已停用', { responsibleId: '整改责任人不存在或已停用' });
  }
  const problem = extra.problem ?? (e.comment.trim() || `好差评“${levelLabel(e.level)}”`);
  const row = ctx.store.write(
    { actor: ctx.actor, action: 'rectification.add', entity: 'evaluations', entityId: e.id, detail: { caseId: c.id, dueDate } },
    (tx) => tx.insert(t.rectifications, { caseId: c.id, evaluationId: e.id, problem, measure: input.measure, responsibleId, dueDate, status: 'open', doneDate: null }),
  );
  return { id: row.id };
}

export function completeRectification(ctx: ServiceContext, input: ApiParsedInput<'rectification.complete'>): ApiOutput<'rectification.complete'> {
  authorize(ctx, 'rectification.complete');
  requireUser(ctx);
  const { row: r } = loadCaseChild(ctx, ctx.store.orm.select().from(t.rectifications).where(eq(t.rectifications.id, input.rectificationId)).get(), '整改记录');
  if (r.status === 'done') throw new DomainError('invalid_transition', `该整改已于${r.doneDate ?? ''}完成，不能重复确认`);
  const doneDate = ctx.store.today();
  ctx.store.write({ actor: ctx.actor, action: 'rectification.complete', entity: 'rectifications', entityId: r.id, detail: { caseId: r.caseId, onTime: doneDate <= r.dueDate } }, (tx) =>
    tx.patch(t.rectifications, r.id, { status: 'done', doneDate }, { name: 'rectification.complete', args: { doneDate } }),
  );
  return { ok: true };
}

export { followUpRates, pendingFollowUps, type FollowUpRates, type PendingFollowUp } from './follow-ups.js';
