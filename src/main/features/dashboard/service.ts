// 工作台: what needs doing today — my cases, items due within 3 working days, overdue items,
// incoming transfers and recent activity, all within the actor's office subtree; the 好差评 and
// 政企互动 reminders (reminders.ts).
import type { ActivityDto, ApiOutput, DueItemDto } from '../../../shared/api/index.js';
import { addWorkdays, daysLeft } from '../../../shared/domain/calendar.js';
import type { Store } from '../../db/store.js';
import { AUDIT_COLUMNS, CASE_CHILD_TABLES, describeEvent, type AuditRow } from '../audit/describe.js';
import { caseSummaries } from '../cases/service.js';
import { deskWarningYears } from '../calendar/coverage.js';
import { calendarOf, hasRole, isEveryOffice, orgSubtree, sql, userName, type ServiceContext } from '../context.js';
import { dashboardReminders } from './reminders.js';

export const DUE_SOON_WORKDAYS = 3;

/** SQL condition and args restricting `c` (cases) to what the actor's offices handle; none when that is everything. */
function scopeSql(ctx: ServiceContext): { sql: string; args: unknown[] } {
  if (!ctx.actor.orgUnitId) return hasRole(ctx.actor, 'admin') ? { sql: '1', args: [] } : { sql: '0', args: [] };
  const offices = orgSubtree(ctx.store, ctx.actor.orgUnitId);
  if (isEveryOffice(ctx.store, offices)) return { sql: '1', args: [] };
  // The work on an office's desk is what it handles now (a case handed down belongs to the township).
  return { sql: `c.handling_org_unit_id IN (SELECT value FROM json_each(?))`, args: [JSON.stringify([...offices])] };
}

// Open items only, through the partial index plan_items_open_due.
const OPEN_ITEMS = `pi.status NOT IN ('approved', 'refused') AND pi.deleted_at IS NULL`;
const LIVE_CASE = `c.status NOT IN ('completed', 'withdrawn', 'suspended') AND c.deleted_at IS NULL`;

function dueItems(ctx: ServiceContext, from: string | null, to: string, limit: number): DueItemDto[] {
  const { store } = ctx;
  const scope = scopeSql(ctx);
  const rows = store.db
    .prepare(
      `SELECT pi.id, pi.case_id, c.case_no, coalesce(p.name, c.subject) AS title, pi.name, pi.due_date, c.agent_id
       FROM plan_items pi JOIN cases c ON c.id = pi.case_id LEFT JOIN projects p ON p.id = c.project_id
       WHERE pi.due_date ${from ? '>= ? AND pi.due_date <=' : '<'} ? AND ${OPEN_ITEMS} AND ${LIVE_CASE} AND ${scope.sql}
       ORDER BY pi.due_date ${from ? 'ASC' : 'DESC'} LIMIT ?`,
    )
    .all(...(from ? [from, to] : [to]), ...scope.args, limit) as Array<{ id: string; case_id: string; case_no: string; title: string; name: string; due_date: string; agent_id: string | null }>;
  const today = store.today();
  const cal = calendarOf(store);
  return rows.map((r) => ({
    planItemId: r.id,
    caseId: r.case_id,
    caseNo: r.case_no,
    caseTitle: r.title,
    itemName: r.name,
    dueDate: r.due_date,
    workingDaysLeft: daysLeft(today, r.due_date, cal),
    agentName: userName(store, r.agent_id),
  }));
}

function countDue(ctx: ServiceContext, from: string | null, to: string): number {
  const scope = scopeSql(ctx);
  return ctx.store.db
    .prepare(
      `SELECT count(*) FROM plan_items pi JOIN cases c ON c.id = pi.case_id
       WHERE pi.due_date ${from ? '>= ? AND pi.due_date <=' : '<'} ? AND ${OPEN_ITEMS} AND ${LIVE_CASE} AND ${scope.sql}`,
    )
    .pluck()
    .get(...(from ? [from, to] : [to]), ...scope.args) as number;
}

/** Entities whose events belong to a case (the case found through the record when no caseId). */
const CASE_ENTITIES = ['cases', 'projects', ...Object.keys(CASE_CHILD_TABLES)];

function recentActivity(store: Store, visible: (caseId: string) => boolean): ActivityDto[] {
  const rows = sql(store, `SELECT ${AUDIT_COLUMNS} FROM audit_events WHERE entity IN (SELECT value FROM json_each(?)) ORDER BY seq DESC LIMIT 200`)
    .all(JSON.stringify(CASE_ENTITIES)) as AuditRow[];
  const out: ActivityDto[] = [];
  for (const r of rows) {
    const e = describeEvent(store, r);
    if (!e.caseId || !visible(e.caseId)) continue;
    out.push({ id: e.id, at: e.at, who: e.userName ?? '系统', action: e.domain, caseId: e.caseId, caseNo: e.caseNo, text: e.text });
    if (out.length === 20) break;
  }
  return out;
}

export function getDashboard(ctx: ServiceContext): ApiOutput<'dashboard.get'> {
  const { store, actor } = ctx;
  const today = store.today();
  const soon = addWorkdays(today, DUE_SOON_WORKDAYS, calendarOf(store));
  const scope = scopeSql(ctx);
  const count = (where: string, ...args: unknown[]) =>
    store.db.prepare(`SELECT count(*) FROM cases c WHERE c.deleted_at IS NULL AND ${scope.sql} AND ${where}`).pluck().get(...scope.args, ...args) as number;
  const myIds = actor.userId
    ? (store.db
        .prepare(`SELECT id FROM cases WHERE agent_id = ? AND status NOT IN ('completed', 'withdrawn') AND deleted_at IS NULL ORDER BY id DESC LIMIT 30`)
        .pluck()
        .all(actor.userId) as string[])
    : [];
  const offices = actor.orgUnitId ? orgSubtree(store, actor.orgUnitId) : null;
  const pendingTransfers = offices
    ? (store.db
        .prepare(`SELECT count(*) FROM transfers WHERE status = 'sent' AND deleted_at IS NULL AND to_org_unit_id IN (SELECT value FROM json_each(?))`)
        .pluck()
        .get(JSON.stringify([...offices])) as number)
    : 0;
  const visible = (caseId: string) => {
    if (!offices) return true;
    const c = sql(store, 'SELECT org_unit_id, handling_org_unit_id FROM cases WHERE id = ?').get(caseId) as { org_unit_id: string; handling_org_unit_id: string } | undefined;
    return !!c && (offices.has(c.org_unit_id) || offices.has(c.handling_org_unit_id));
  };
  return {
    counters: {
      openCases: count(`c.status IN ('consulting', 'accepted', 'entrusted', 'inProgress', 'suspended')`),
      myCases: actor.userId ? (store.db.prepare(`SELECT count(*) FROM cases WHERE agent_id = ? AND status NOT IN ('completed', 'withdrawn') AND deleted_at IS NULL`).pluck().get(actor.userId) as number) : 0,
      dueSoon: countDue(ctx, today, soon),
      overdue: countDue(ctx, null, today),
      pendingTransfers,
      completedThisMonth: count(`c.status = 'completed' AND c.closed_at >= ?`, `${today.slice(0, 7)}-01`),
    },
    myCases: caseSummaries(store, myIds),
    dueSoon: dueItems(ctx, today, soon, 50),
    overdue: dueItems(ctx, null, today, 50),
    recent: recentActivity(store, visible),
    calendarWarningYears: deskWarningYears(store),
    reminders: actor.userId ? dashboardReminders(ctx) : { ratings: null, interactionReport: null },
  };
}
