// 好差评台账: the period's ratings in the caller's scope, every bad one with its callbacks and
// rectifications, and the rates. Three set-based queries whatever the number of rows: the ratings,
// then the callbacks and the rectifications of the bad ones by their ids.
import type { z } from 'zod';
import type { BadRatingDto, LedgerCallbackDto, LedgerRectificationDto, RatingRowDto, RatingsLedgerDto, RatingTotalsDto } from '../../../shared/api/index.js';
import { daysLeft, workdaysBetween } from '../../../shared/domain/calendar.js';
import type { EvaluationLevel, EvaluationSource } from '../../../shared/domain/enums.js';
import { DomainError } from '../../../shared/errors.js';
import { reportParamsSchema } from '../../../shared/reports/report.js';
import { chinaDate } from '../../platform/clock.js';
import { authorize, calendarOf, orgInfo, sql, userName, type ServiceContext } from '../context.js';
import { BAD_RATING_MAX_LEVEL, isBadRating } from './rules.js';
import { ratingScope, type RatingScope } from './scope.js';

export type LedgerParams = z.input<typeof reportParamsSchema>;

interface RatingSqlRow {
  id: string;
  case_id: string;
  case_no: string;
  title: string;
  agent_id: string | null;
  org_unit_id: string;
  source: string;
  level: number;
  comment: string;
  evaluated_date: string;
}

interface CallbackSqlRow { id: string; evaluation_id: string; called_by: string; called_date: string; content: string; result: string }
interface RectificationSqlRow {
  id: string; evaluation_id: string; problem: string; measure: string; responsible_id: string;
  created_at: string; due_date: string; status: string; done_date: string | null;
}

/** Parses the ledger's parameters at the boundary: a clear Chinese error, nothing read. */
export function parseLedgerParams(raw: unknown): z.output<typeof reportParamsSchema> {
  const r = reportParamsSchema.safeParse(raw);
  if (r.success) return r.data;
  const fieldErrors: Record<string, string> = {};
  for (const issue of r.error.issues) fieldErrors[issue.path.map(String).join('.')] ??= issue.message;
  throw new DomainError('invalid_input', r.error.issues[0]?.message ?? '输入无效', fieldErrors);
}

function ratingRows(ctx: ServiceContext, scope: RatingScope, from: string, to: string): RatingSqlRow[] {
  return ctx.store.db
    .prepare(
      `SELECT e.id, e.case_id, c.case_no, coalesce(p.name, c.subject) AS title, c.agent_id, c.org_unit_id, e.source, e.level, e.comment, e.evaluated_date
       FROM evaluations e JOIN cases c ON c.id = e.case_id LEFT JOIN projects p ON p.id = c.project_id
       WHERE e.deleted_at IS NULL AND c.deleted_at IS NULL AND e.evaluated_date >= ? AND e.evaluated_date <= ? AND ${scope.sql}
       ORDER BY e.evaluated_date DESC, e.id DESC`,
    )
    .all(from, to, ...scope.args) as RatingSqlRow[];
}

function byEvaluation<R extends { evaluation_id: string }>(rows: R[]): Map<string, R[]> {
  const m = new Map<string, R[]>();
  for (const r of rows) {
    const list = m.get(r.evaluation_id);
    if (list) list.push(r);
    else m.set(r.evaluation_id, [r]);
  }
  return m;
}

/** The callbacks and rectifications of these ratings, each by rating: two queries. */
export function followUpsOf(ctx: ServiceContext, evaluationIds: string[]): { callbacks: Map<string, CallbackSqlRow[]>; rectifications: Map<string, RectificationSqlRow[]> } {
  if (evaluationIds.length === 0) return { callbacks: new Map(), rectifications: new Map() };
  const ids = JSON.stringify(evaluationIds);
  const callbacks = sql(ctx.store, `SELECT id, evaluation_id, called_by, called_date, content, result FROM callbacks
    WHERE deleted_at IS NULL AND evaluation_id IN (SELECT value FROM json_each(?)) ORDER BY called_date, id`).all(ids) as CallbackSqlRow[];
  const rectifications = sql(ctx.store, `SELECT id, evaluation_id, problem, measure, responsible_id, created_at, due_date, status, done_date FROM rectifications
    WHERE deleted_at IS NULL AND evaluation_id IN (SELECT value FROM json_each(?)) ORDER BY due_date, id`).all(ids) as RectificationSqlRow[];
  return { callbacks: byEvaluation(callbacks), rectifications: byEvaluation(rectifications) };
}

function rowDto(ctx: ServiceContext, r: RatingSqlRow): RatingRowDto {
  return {
    evaluationId: r.id,
    caseId: r.case_id,
    caseNo: r.case_no,
    title: r.title,
    agentName: userName(ctx.store, r.agent_id),
    orgUnitName: orgInfo(ctx.store, r.org_unit_id)?.name ?? '',
    source: r.source as EvaluationSource,
    level: r.level as EvaluationLevel,
    comment: r.comment,
    evaluatedDate: r.evaluated_date,
    bad: isBadRating(r.level),
  };
}

/** What keeps one bad rating below the targets (the rules of the two rates, in Chinese). */
export function missingOf(callbacks: number, rectifications: Array<{ doneDate: string | null }>): string[] {
  const missing: string[] = [];
  if (callbacks === 0) missing.push('未回访');
  if (rectifications.length === 0) missing.push('未登记整改');
  else if (rectifications.some((r) => !r.doneDate)) missing.push('整改未完成');
  return missing;
}

function badDto(ctx: ServiceContext, r: RatingSqlRow, callbacks: CallbackSqlRow[], rects: RectificationSqlRow[]): BadRatingDto {
  const today = ctx.store.today();
  const cal = calendarOf(ctx.store);
  const rectifications: LedgerRectificationDto[] = rects.map((x) => {
    const entered = chinaDate(new Date(x.created_at));
    const done = x.status === 'done' ? x.done_date : null;
    return {
      id: x.id,
      problem: x.problem,
      measure: x.measure,
      responsibleName: userName(ctx.store, x.responsible_id),
      enteredDate: entered,
      dueDate: x.due_date,
      workdaysGiven: workdaysBetween(entered, x.due_date, cal),
      doneDate: done,
      onTime: done ? done <= x.due_date : null,
      overdue: !done && x.due_date < today,
      workingDaysLeft: done ? null : daysLeft(today, x.due_date, cal),
    };
  });
  const cbs: LedgerCallbackDto[] = callbacks.map((c) => ({ id: c.id, byName: userName(ctx.store, c.called_by), calledDate: c.called_date, content: c.content, result: c.result }));
  return { ...rowDto(ctx, r), callbacks: cbs, rectifications, missing: missingOf(cbs.length, rectifications) };
}

const share = (n: number, of: number) => (of === 0 ? 1 : n / of);

/** The counts and rates of a set of ratings: the one place the 100 % targets are computed. */
export function ratingTotals(ratings: Array<{ level: number }>, bad: BadRatingDto[]): RatingTotalsDto {
  const byLevel: RatingTotalsDto['byLevel'] = [0, 0, 0, 0, 0];
  for (const r of ratings) byLevel[r.level - 1]! += 1;
  const withCallback = bad.filter((b) => b.callbacks.length > 0).length;
  const withRectification = bad.filter((b) => b.rectifications.length > 0).length;
  const rectificationsDone = bad.filter((b) => b.rectifications.length > 0 && b.rectifications.every((x) => x.doneDate)).length;
  const entries = bad.flatMap((b) => b.rectifications);
  return {
    ratings: ratings.length,
    byLevel,
    satisfactionRate: share(ratings.length - bad.length, ratings.length),
    badRatings: bad.length,
    withCallback,
    withRectification,
    rectificationsDone,
    callbackRate: share(withCallback, bad.length),
    rectificationRate: share(rectificationsDone, bad.length),
    registeredRate: share(withRectification, bad.length),
    doneOnTime: entries.filter((x) => x.onTime === true).length,
    doneLate: entries.filter((x) => x.onTime === false).length,
  };
}

/** Bad ratings keeping the rates below 100 % first (oldest first: the longest waiting), then the complete ones (oldest first). */
function badOrder(a: BadRatingDto, b: BadRatingDto): number {
  const open = Number(b.missing.length > 0) - Number(a.missing.length > 0);
  if (open !== 0) return open;
  return a.evaluatedDate < b.evaluatedDate ? -1 : a.evaluatedDate > b.evaluatedDate ? 1 : a.evaluationId < b.evaluationId ? -1 : 1;
}

/** The ledger without the role check (the report builder and followUpRates share it). */
export function ledgerOf(ctx: ServiceContext, params: { from: string; to: string; orgCode?: string | undefined }): RatingsLedgerDto {
  const scope = ratingScope(ctx, params.orgCode);
  const rows = ratingRows(ctx, scope, params.from, params.to);
  const badRows = rows.filter((r) => r.level <= BAD_RATING_MAX_LEVEL);
  const f = followUpsOf(ctx, badRows.map((r) => r.id));
  const bad = badRows.map((r) => badDto(ctx, r, f.callbacks.get(r.id) ?? [], f.rectifications.get(r.id) ?? [])).sort(badOrder);
  return {
    period: { from: params.from, to: params.to },
    office: scope.office,
    ownCasesOnly: scope.ownCasesOnly,
    totals: ratingTotals(rows, bad),
    ratings: rows.map((r) => rowDto(ctx, r)),
    bad,
  };
}

/** ratings.ledger: 好差评台账 of a period for the caller's scope. */
export function ratingsLedger(ctx: ServiceContext, raw: LedgerParams): RatingsLedgerDto {
  authorize(ctx, 'ratings.ledger');
  return ledgerOf(ctx, parseLedgerParams(raw));
}
