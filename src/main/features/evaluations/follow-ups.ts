// What is still missing on bad ratings (差评), set-based: the ratings lacking a callback or a
// rectification entry, the open rectifications coming due, and the rates of a period. Each is a
// fixed number of queries whatever the number of ratings (the scope is one SQL condition).
import type { RectificationReminderDto } from '../../../shared/api/index.js';
import { daysLeft } from '../../../shared/domain/calendar.js';
import type { EvaluationLevel } from '../../../shared/domain/enums.js';
import type { RatingTotalsDto } from '../../../shared/api/index.js';
import { calendarOf, requireUser, userName, type ServiceContext } from '../context.js';
import { ledgerOf } from './ledger.js';
import { BAD_RATING_MAX_LEVEL } from './rules.js';
import { ratingScope } from './scope.js';

export interface PendingFollowUp {
  evaluationId: string;
  caseId: string;
  caseNo: string;
  title: string;
  level: EvaluationLevel;
  comment: string;
  evaluatedDate: string;
  missingCallback: boolean;
  missingRectification: boolean;
  /** Rectifications entered but not yet done, with their deadline. */
  openRectifications: Array<{ id: string; dueDate: string; overdue: boolean }>;
}

interface PendingRow {
  id: string; case_id: string; case_no: string; title: string; level: number; comment: string; evaluated_date: string;
  has_callback: number; has_rectification: number;
}

/** Bad ratings in the actor's scope that still lack a callback or a rectification entry (oldest first). */
export function pendingFollowUps(ctx: ServiceContext): PendingFollowUp[] {
  return pendingFollowUpsPage(ctx, Number.MAX_SAFE_INTEGER).rows;
}

/** The first `limit` of pendingFollowUps, and how many there are in all. */
export function pendingFollowUpsPage(ctx: ServiceContext, limit: number): { rows: PendingFollowUp[]; total: number } {
  requireUser(ctx);
  const scope = ratingScope(ctx);
  const where = `e.level <= ? AND e.deleted_at IS NULL AND c.deleted_at IS NULL AND ${scope.sql}
    AND (NOT EXISTS (SELECT 1 FROM callbacks cb WHERE cb.evaluation_id = e.id AND cb.deleted_at IS NULL)
      OR NOT EXISTS (SELECT 1 FROM rectifications r WHERE r.evaluation_id = e.id AND r.deleted_at IS NULL))`;
  const rows = ctx.store.db
    .prepare(
      `SELECT e.id, e.case_id, c.case_no, coalesce(p.name, c.subject) AS title, e.level, e.comment, e.evaluated_date,
              EXISTS (SELECT 1 FROM callbacks cb WHERE cb.evaluation_id = e.id AND cb.deleted_at IS NULL) AS has_callback,
              EXISTS (SELECT 1 FROM rectifications r WHERE r.evaluation_id = e.id AND r.deleted_at IS NULL) AS has_rectification
       FROM evaluations e JOIN cases c ON c.id = e.case_id LEFT JOIN projects p ON p.id = c.project_id
       WHERE ${where}
       ORDER BY e.evaluated_date, e.id LIMIT ?`,
    )
    .all(BAD_RATING_MAX_LEVEL, ...scope.args, limit) as PendingRow[];
  const total = rows.length < limit ? rows.length
    : (ctx.store.db.prepare(`SELECT count(*) FROM evaluations e JOIN cases c ON c.id = e.case_id WHERE ${where}`).pluck().get(BAD_RATING_MAX_LEVEL, ...scope.args) as number);
  const today = ctx.store.today();
  const open = new Map<string, PendingFollowUp['openRectifications']>();
  const withRect = rows.filter((r) => r.has_rectification).map((r) => r.id);
  if (withRect.length) {
    const list = ctx.store.db
      .prepare(`SELECT id, evaluation_id, due_date FROM rectifications WHERE status = 'open' AND deleted_at IS NULL AND evaluation_id IN (SELECT value FROM json_each(?)) ORDER BY due_date, id`)
      .all(JSON.stringify(withRect)) as Array<{ id: string; evaluation_id: string; due_date: string }>;
    for (const x of list) {
      const entry = { id: x.id, dueDate: x.due_date, overdue: x.due_date < today };
      const l = open.get(x.evaluation_id);
      if (l) l.push(entry);
      else open.set(x.evaluation_id, [entry]);
    }
  }
  const out = rows.map((r): PendingFollowUp => ({
    evaluationId: r.id,
    caseId: r.case_id,
    caseNo: r.case_no,
    title: r.title,
    level: r.level as EvaluationLevel,
    comment: r.comment,
    evaluatedDate: r.evaluated_date,
    missingCallback: !r.has_callback,
    missingRectification: !r.has_rectification,
    openRectifications: open.get(r.id) ?? [],
  }));
  return { rows: out, total };
}

/** Open rectifications of bad ratings in the actor's scope due on or before `until` (overdue ones included), by deadline. */
export function rectificationsDue(ctx: ServiceContext, until: string, limit = 50): { rows: RectificationReminderDto[]; total: number; overdue: number } {
  requireUser(ctx);
  const scope = ratingScope(ctx);
  const from = `FROM rectifications r JOIN evaluations e ON e.id = r.evaluation_id JOIN cases c ON c.id = r.case_id
    WHERE r.status = 'open' AND r.deleted_at IS NULL AND e.deleted_at IS NULL AND c.deleted_at IS NULL AND r.due_date <= ? AND ${scope.sql}`;
  const rows = ctx.store.db
    .prepare(
      `SELECT r.id, r.evaluation_id, r.case_id, c.case_no, coalesce(p.name, c.subject) AS title, r.measure, r.responsible_id, r.due_date
       ${from.replace('JOIN cases c ON c.id = r.case_id', 'JOIN cases c ON c.id = r.case_id LEFT JOIN projects p ON p.id = c.project_id')}
       ORDER BY r.due_date, r.id LIMIT ?`,
    )
    .all(until, ...scope.args, limit) as Array<{ id: string; evaluation_id: string; case_id: string; case_no: string; title: string; measure: string; responsible_id: string; due_date: string }>;
  const today = ctx.store.today();
  const counts = ctx.store.db.prepare(`SELECT count(*) AS total, coalesce(sum(r.due_date < ?), 0) AS overdue ${from}`).get(today, until, ...scope.args) as { total: number; overdue: number };
  const cal = calendarOf(ctx.store);
  return {
    rows: rows.map((r) => ({
      rectificationId: r.id,
      evaluationId: r.evaluation_id,
      caseId: r.case_id,
      caseNo: r.case_no,
      title: r.title,
      measure: r.measure,
      responsibleName: userName(ctx.store, r.responsible_id),
      dueDate: r.due_date,
      workingDaysLeft: daysLeft(today, r.due_date, cal),
    })),
    total: counts.total,
    overdue: counts.overdue,
  };
}

export type FollowUpRates = Pick<RatingTotalsDto, 'badRatings' | 'withCallback' | 'withRectification' | 'rectificationsDone' | 'callbackRate' | 'rectificationRate' | 'registeredRate'>;

/**
 * The 100 % targets over a period (default: every rating) in the actor's scope: 回访率 (bad ratings
 * with a callback), 整改率 (bad ratings whose rectifications are entered and all done) and the share
 * with a rectification entered (已登记整改). The same numbers as the 好差评台账's.
 */
export function followUpRates(ctx: ServiceContext, period?: { from?: string; to?: string }): FollowUpRates {
  const { totals } = ledgerOf(ctx, { from: period?.from ?? '0000-01-01', to: period?.to ?? '9999-12-31' });
  const { badRatings, withCallback, withRectification, rectificationsDone, callbackRate, rectificationRate, registeredRate } = totals;
  return { badRatings, withCallback, withRectification, rectificationsDone, callbackRate, rectificationRate, registeredRate };
}
