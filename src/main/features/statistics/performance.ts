// 代办员绩效: per agent of the office subtree and period — cases handled and completed, hours
// logged (progress entries), on-time rate, satisfaction and the bad ratings' rectification state.
// One grouped query per measure, keyed by agent; an agent (not leader or admin) sees their own row.
import type { AgentPerformanceDto, CaseSummaryDto } from '../../../shared/api/index.js';
import type { ReportParams } from '../../../shared/reports/report.js';
import { BAD_RATING_MAX_LEVEL } from '../evaluations/service.js';
import { caseSummaries } from '../cases/service.js';
import { authorize, orgInfo, type ServiceContext } from '../context.js';
import { completedWhere, inOffices, LATE_CASE_IDS } from './measures.js';
import { instantBounds, statsScope, type StatsScope } from './scope.js';

const IN_SCOPE = `IN (SELECT value FROM json_each(?))`;

/** Cases of an agent open at some time in the period: received by its end, not closed before its start. */
function handledWhere(scope: StatsScope): { sql: string; args: unknown[] } {
  const { start } = instantBounds(scope.from, scope.to);
  const o = inOffices(scope, 'c.handling_org_unit_id');
  return {
    sql: `c.deleted_at IS NULL AND c.agent_id IS NOT NULL AND c.accepted_date <= ? AND (c.closed_at IS NULL OR c.closed_at >= ?)${o.sql}${scope.agentId ? ' AND c.agent_id = ?' : ''}`,
    args: [scope.to, start, ...o.args, ...(scope.agentId ? [scope.agentId] : [])],
  };
}

type Counts = Map<string, Record<string, number | null>>;

function byAgent(rows: Array<Record<string, unknown> & { agent: string }>): Counts {
  return new Map(rows.map((r) => [r.agent, r as unknown as Record<string, number | null>]));
}

export function listPerformance(ctx: ServiceContext, params: ReportParams): AgentPerformanceDto[] {
  authorize(ctx, 'performance.list');
  const scope = statsScope(ctx, params);
  const db = ctx.store.db;
  const h = handledWhere(scope);
  const handled = byAgent(db.prepare(`SELECT c.agent_id AS agent, count(*) AS n FROM cases c WHERE ${h.sql} GROUP BY 1`).all(...h.args) as never);
  const cw = completedWhere(scope);
  const completed = byAgent(db.prepare(`SELECT c.agent_id AS agent, count(*) AS n FROM cases c WHERE ${cw.sql} AND c.agent_id IS NOT NULL GROUP BY 1`).all(...cw.args) as never);
  // The late ones are few: from the late items (plan_items_late) to their cases.
  const lateCompleted = byAgent(db.prepare(`SELECT c.agent_id AS agent, count(*) AS n FROM (${LATE_CASE_IDS}) l CROSS JOIN cases c ON c.id = l.case_id WHERE ${cw.sql} AND c.agent_id IS NOT NULL GROUP BY 1`).all(...cw.args) as never);
  // Hours: what each agent logged in the period on cases the scope handles (over every office, the
  // partial index progress_hours alone, deleted cases taken out as a set; else from the offices'
  // cases to their entries).
  const ho = inOffices(scope, 'c.handling_org_unit_id');
  const hours = byAgent(
    db
      .prepare(
        scope.everyOffice
          ? `SELECT pe.author_id AS agent, sum(pe.hours) AS h FROM progress_entries pe
             WHERE pe.deleted_at IS NULL AND pe.withdrawn_at IS NULL AND pe.occurred_date >= ? AND pe.occurred_date <= ?
               AND pe.case_id NOT IN (SELECT id FROM cases WHERE deleted_at IS NOT NULL)${scope.agentId ? ' AND pe.author_id = ?' : ''} GROUP BY 1`
          : `SELECT pe.author_id AS agent, sum(pe.hours) AS h FROM cases c CROSS JOIN progress_entries pe ON pe.case_id = c.id
             WHERE pe.deleted_at IS NULL AND pe.withdrawn_at IS NULL AND pe.occurred_date >= ? AND pe.occurred_date <= ?
               AND c.deleted_at IS NULL${ho.sql}${scope.agentId ? ' AND pe.author_id = ?' : ''} GROUP BY 1`,
      )
      .all(scope.from, scope.to, ...(scope.everyOffice ? [] : ho.args), ...(scope.agentId ? [scope.agentId] : [])) as never,
  );
  // Ratings given in the period on the agent's cases, and the state of each bad one's rectification.
  const ratings = byAgent(
    db
      .prepare(
        `SELECT c.agent_id AS agent, count(*) AS n, avg(e.level) AS avg, sum(e.level >= 4) AS satisfied, sum(e.level <= ${BAD_RATING_MAX_LEVEL}) AS bad,
                sum(e.level <= ${BAD_RATING_MAX_LEVEL} AND r.total > 0 AND r.open = 0) AS done,
                sum(e.level <= ${BAD_RATING_MAX_LEVEL} AND r.open > 0) AS open,
                sum(e.level <= ${BAD_RATING_MAX_LEVEL} AND coalesce(r.total, 0) = 0) AS missing
         FROM evaluations e JOIN cases c ON c.id = e.case_id
         LEFT JOIN (SELECT evaluation_id, count(*) AS total, sum(status != 'done') AS open FROM rectifications WHERE deleted_at IS NULL GROUP BY 1) r ON r.evaluation_id = e.id
         WHERE e.deleted_at IS NULL AND e.evaluated_date >= ? AND e.evaluated_date <= ? AND c.deleted_at IS NULL AND c.agent_id IS NOT NULL
           AND c.handling_org_unit_id ${IN_SCOPE}${scope.agentId ? ' AND c.agent_id = ?' : ''} GROUP BY 1`,
      )
      .all(scope.from, scope.to, scope.officesJson, ...(scope.agentId ? [scope.agentId] : [])) as never,
  );
  // Every agent of the subtree is listed (an agent with nothing this period shows zeros), and
  // anyone else whose name is on a case of the scope.
  const agents = db
    .prepare(
      `SELECT id, display_name, org_unit_id, agent_kind FROM users
       WHERE deleted_at IS NULL AND ((org_unit_id ${IN_SCOPE} AND EXISTS (SELECT 1 FROM json_each(users.roles) WHERE value = 'agent')) OR id IN (SELECT value FROM json_each(?)))`,
    )
    .all(scope.officesJson, JSON.stringify([...new Set([...handled.keys(), ...completed.keys(), ...hours.keys(), ...ratings.keys()])])) as Array<{
    id: string;
    display_name: string;
    org_unit_id: string;
    agent_kind: string | null;
  }>;
  const num = (m: Counts, id: string, k: string) => Number(m.get(id)?.[k] ?? 0);
  return agents
    .filter((a) => !scope.agentId || a.id === scope.agentId)
    .map((a): AgentPerformanceDto => {
      const done = num(completed, a.id, 'n');
      const rated = num(ratings, a.id, 'n');
      const info = orgInfo(ctx.store, a.org_unit_id);
      return {
        userId: a.id,
        name: a.display_name,
        officeName: info?.name ?? '',
        agentKind: a.agent_kind === 'fullTime' ? 'fullTime' : a.agent_kind === 'partTime' ? 'partTime' : null,
        handled: num(handled, a.id, 'n'),
        completed: done,
        hours: Math.round(num(hours, a.id, 'h') * 10) / 10,
        onTimeRate: done ? (done - num(lateCompleted, a.id, 'n')) / done : null,
        ratings: rated,
        avgLevel: rated ? Math.round(num(ratings, a.id, 'avg') * 100) / 100 : null,
        satisfiedRate: rated ? num(ratings, a.id, 'satisfied') / rated : null,
        badRatings: num(ratings, a.id, 'bad'),
        rectificationsDone: num(ratings, a.id, 'done'),
        rectificationsOpen: num(ratings, a.id, 'open'),
        rectificationsMissing: num(ratings, a.id, 'missing'),
      };
    })
    .sort((x, y) => y.completed - x.completed || y.handled - x.handled || x.name.localeCompare(y.name, 'zh-CN'));
}

/** The cases one agent had open in the period (the row's drill-down). */
export function performanceCases(ctx: ServiceContext, input: ReportParams & { userId: string }): CaseSummaryDto[] {
  authorize(ctx, 'performance.cases');
  const scope = statsScope(ctx, input);
  if (scope.agentId && scope.agentId !== input.userId) return [];
  const h = handledWhere(scope);
  const ids = ctx.store.db
    .prepare(`SELECT c.id FROM cases c WHERE ${h.sql} AND c.agent_id = ? ORDER BY c.accepted_date DESC, c.id DESC LIMIT 500`)
    .pluck()
    .all(...h.args, input.userId) as string[];
  return caseSummaries(ctx.store, ids);
}
