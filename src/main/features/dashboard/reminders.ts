// The 工作台's reminders: bad ratings (差评) still lacking a callback or a rectification entry,
// open rectifications due within 3 working days or overdue (in the 好差评台账's scope), and — in a
// quarter's first 5 working days — the previous quarter's 政企互动情况统计表 that is due.
import type { DashboardRemindersDto } from '../../../shared/api/index.js';
import { addWorkdays } from '../../../shared/domain/calendar.js';
import { interactionReportDue } from '../../../shared/domain/quarter.js';
import { calendarOf, hasRole, orgSubtree, requireUser, type ServiceContext } from '../context.js';
import { pendingFollowUpsPage, rectificationsDue } from '../evaluations/follow-ups.js';

/** Rectifications due within this many working days are shown (as the plan items are). */
export const RECTIFICATION_DUE_SOON_WORKDAYS = 3;
const LIST_LIMIT = 20;

function ratingReminders(ctx: ServiceContext): DashboardRemindersDto['ratings'] {
  const today = ctx.store.today();
  const soon = addWorkdays(today, RECTIFICATION_DUE_SOON_WORKDAYS, calendarOf(ctx.store));
  const pending = pendingFollowUpsPage(ctx, LIST_LIMIT);
  const due = rectificationsDue(ctx, soon, LIST_LIMIT);
  return {
    followUps: pending.rows.map((r) => ({
      evaluationId: r.evaluationId, caseId: r.caseId, caseNo: r.caseNo, title: r.title, level: r.level, evaluatedDate: r.evaluatedDate,
      missingCallback: r.missingCallback, missingRectification: r.missingRectification,
    })),
    followUpCount: pending.total,
    rectifications: due.rows,
    rectificationCount: due.total,
    overdueCount: due.overdue,
  };
}

function interactionReminder(ctx: ServiceContext): DashboardRemindersDto['interactionReport'] {
  const due = interactionReportDue(ctx.store.today(), calendarOf(ctx.store));
  if (!due) return null;
  const offices = ctx.actor.orgUnitId ? [...orgSubtree(ctx.store, ctx.actor.orgUnitId)] : null;
  if (!offices && !hasRole(ctx.actor, 'admin')) return null;
  const recorded = ctx.store.db
    .prepare(
      `SELECT count(*) FROM interactions WHERE deleted_at IS NULL AND withdrawn_at IS NULL AND held_date >= ? AND held_date <= ?
       ${offices ? 'AND org_unit_id IN (SELECT value FROM json_each(?))' : ''}`,
    )
    .pluck()
    .get(due.from, due.to, ...(offices ? [JSON.stringify(offices)] : [])) as number;
  return { year: due.year, quarter: due.quarter, from: due.from, to: due.to, dueBy: due.dueBy, recorded };
}

export function dashboardReminders(ctx: ServiceContext): DashboardRemindersDto {
  requireUser(ctx);
  return { ratings: ratingReminders(ctx), interactionReport: interactionReminder(ctx) };
}
