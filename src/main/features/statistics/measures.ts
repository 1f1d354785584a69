// The SQL behind every figure of 统计分析, in one place: the counts and the list of cases a chart
// opens are the same conditions (a drill-down can never disagree with the bar it came from).
//
// Attribution: a case counts as received (受理) by the office that registered it, and as
// completed (办结) by the office that handled it to the end; 补正, problems and transfers count for
// the handling office. Dates are China dates; closed_at and sent_at are UTC instants.
import type { DrillMeasure } from '../../../shared/api/statistics.js';
import type { Period } from '../../../shared/reports/period.js';
import { instantBounds, type StatsScope } from './scope.js';

export interface Fragment {
  sql: string;
  args: unknown[];
}

const IN_SCOPE = `IN (SELECT value FROM json_each(?))`;

/** `AND <column> IN (the scope's offices)`, or nothing when the scope is every office. */
export function inOffices(scope: StatsScope, column: string): Fragment {
  return scope.everyOffice ? { sql: '', args: [] } : { sql: ` AND ${column} ${IN_SCOPE}`, args: [scope.officesJson] };
}

function agentClause(scope: StatsScope): Fragment {
  return scope.agentId ? { sql: ' AND c.agent_id = ?', args: [scope.agentId] } : { sql: '', args: [] };
}

/** Cases registered in the period by an office of the scope. Over `cases c LEFT JOIN projects p`. */
export function receivedWhere(scope: StatsScope, period: Period = scope): Fragment {
  const a = agentClause(scope);
  const o = inOffices(scope, 'c.org_unit_id');
  return {
    sql: `c.deleted_at IS NULL AND c.accepted_date >= ? AND c.accepted_date <= ?${o.sql}${a.sql}`,
    args: [period.from, period.to, ...o.args, ...a.args],
  };
}

/** Cases completed (办结) in the period by an office of the scope. */
export function completedWhere(scope: StatsScope, period: Period = scope): Fragment {
  const { start, end } = instantBounds(period.from, period.to);
  const a = agentClause(scope);
  const o = inOffices(scope, 'c.handling_org_unit_id');
  return {
    sql: `c.deleted_at IS NULL AND c.status = 'completed' AND c.closed_at >= ? AND c.closed_at < ?${o.sql}${a.sql}`,
    args: [start, end, ...o.args, ...a.args],
  };
}

/**
 * A completed case is late when one of its items was finished after its due date. Written as a
 * set (the partial index plan_items_late holds just those few items), not a lookup per case.
 */
export const LATE_CASE_IDS = `SELECT DISTINCT case_id FROM plan_items
  WHERE status IN ('approved', 'refused') AND deleted_at IS NULL AND completed_date > due_date`;
export const CASE_LATE = `c.id IN (${LATE_CASE_IDS})`;

/** Plan items approved in the period on cases the scope handles. Over `plan_items pi JOIN cases c`. */
export function itemsDoneWhere(scope: StatsScope, period: Period = scope): Fragment {
  const a = agentClause(scope);
  const o = inOffices(scope, 'c.handling_org_unit_id');
  return {
    sql: `pi.deleted_at IS NULL AND pi.status = 'approved' AND pi.completed_date >= ? AND pi.completed_date <= ?
      AND c.deleted_at IS NULL${o.sql}${a.sql}`,
    args: [period.from, period.to, ...o.args, ...a.args],
  };
}

/** Items in 补正 now, on live cases the scope handles. */
export function correctingWhere(scope: StatsScope): Fragment {
  const a = agentClause(scope);
  const o = inOffices(scope, 'c.handling_org_unit_id');
  return {
    sql: `pi.status = 'correcting' AND pi.deleted_at IS NULL AND c.deleted_at IS NULL
      AND c.status NOT IN ('completed', 'withdrawn')${o.sql}${a.sql}`,
    args: [...o.args, ...a.args],
  };
}

/** Problems still being coordinated (协调中), on cases the scope handles. Over `problems pr JOIN cases c`. */
export function openProblemsWhere(scope: StatsScope): Fragment {
  const a = agentClause(scope);
  const o = inOffices(scope, 'c.handling_org_unit_id');
  return {
    sql: `pr.deleted_at IS NULL AND pr.withdrawn_at IS NULL AND pr.status = 'open' AND c.deleted_at IS NULL${o.sql}${a.sql}`,
    args: [...o.args, ...a.args],
  };
}

/** Transfers sent in the period from or to an office of the scope. Over `transfers tr JOIN cases c`. */
export function transfersWhere(scope: StatsScope, period: Period = scope): Fragment {
  const { start, end } = instantBounds(period.from, period.to);
  const a = agentClause(scope);
  return {
    sql: `tr.deleted_at IS NULL AND tr.sent_at >= ? AND tr.sent_at < ? AND c.deleted_at IS NULL
      AND (tr.from_org_unit_id ${IN_SCOPE} OR tr.to_org_unit_id ${IN_SCOPE})${a.sql}`,
    args: [start, end, scope.officesJson, scope.officesJson, ...a.args],
  };
}

// ---------------------------------------------------------------- drill-down: the cases behind a figure

/** What a received case is broken down by (the key is `dimension:value`). */
export const RECEIVED_DIMENSIONS = { channel: 'c.channel', mode: 'c.mode', helpKind: `coalesce(c.help_kind, 'none')`, category: `coalesce(p.category, 'none')` } as const;

export interface Drill { measure: DrillMeasure; key?: string | undefined }

function splitKey(key: string | undefined): [string, string] | null {
  if (!key) return null;
  const i = key.indexOf(':');
  return i > 0 ? [key.slice(0, i), key.slice(i + 1)] : null;
}

/** Members of an office-breakdown group (the chosen office alone, or a child's whole subtree). */
function groupMembers(scope: StatsScope, groupId: string): string {
  if (groupId === scope.officeId) return JSON.stringify([groupId]);
  return JSON.stringify([...scope.groupOf].filter(([, g]) => g === groupId).map(([id]) => id));
}

/** A SELECT of the distinct case ids behind a figure, or null when the key does not belong to the measure. */
export function drillQuery(scope: StatsScope, drill: Drill): Fragment | null {
  const k = splitKey(drill.key);
  const dim = (allowed: string[]) => (k === null ? true : allowed.includes(k[0]));
  switch (drill.measure) {
    case 'received':
    case 'completed':
    case 'onTime':
    case 'late': {
      const base = drill.measure === 'received' ? receivedWhere(scope) : completedWhere(scope);
      const late = drill.measure === 'onTime' ? ` AND NOT ${CASE_LATE}` : drill.measure === 'late' ? ` AND ${CASE_LATE}` : '';
      if (!dim(drill.measure === 'received' ? [...Object.keys(RECEIVED_DIMENSIONS), 'office'] : ['office'])) return null;
      let extra: Fragment = { sql: '', args: [] };
      if (k?.[0] === 'office') extra = { sql: ` AND ${drill.measure === 'received' ? 'c.org_unit_id' : 'c.handling_org_unit_id'} ${IN_SCOPE}`, args: [groupMembers(scope, k[1])] };
      else if (k) extra = { sql: ` AND ${RECEIVED_DIMENSIONS[k[0] as keyof typeof RECEIVED_DIMENSIONS]} = ?`, args: [k[1]] };
      return { sql: `SELECT c.id FROM cases c LEFT JOIN projects p ON p.id = c.project_id WHERE ${base.sql}${late}${extra.sql}`, args: [...base.args, ...extra.args] };
    }
    case 'itemsDone':
    case 'itemsLate':
    case 'correcting': {
      if (!dim(['stage', 'code', 'department'])) return null;
      const base = drill.measure === 'correcting' ? correctingWhere(scope) : itemsDoneWhere(scope);
      const late = drill.measure === 'itemsLate' ? ' AND pi.due_date IS NOT NULL AND pi.completed_date > pi.due_date' : '';
      const col = k ? { stage: 'pi.stage', code: 'pi.catalog_code', department: 'pi.department' }[k[0]] : null;
      const extra: Fragment = col && k ? { sql: ` AND ${col} = ?`, args: [k[0] === 'stage' ? Number(k[1]) : k[1]] } : { sql: '', args: [] };
      return { sql: `SELECT DISTINCT c.id FROM plan_items pi JOIN cases c ON c.id = pi.case_id WHERE ${base.sql}${late}${extra.sql}`, args: [...base.args, ...extra.args] };
    }
    case 'problems': {
      if (!dim(['department'])) return null;
      const base = openProblemsWhere(scope);
      const extra: Fragment = k ? { sql: ' AND pr.department = ?', args: [k[1]] } : { sql: '', args: [] };
      return { sql: `SELECT DISTINCT c.id FROM problems pr JOIN cases c ON c.id = pr.case_id WHERE ${base.sql}${extra.sql}`, args: [...base.args, ...extra.args] };
    }
    case 'transfers': {
      if (!dim(['status', 'kind'])) return null;
      const base = transfersWhere(scope);
      const extra: Fragment = k ? { sql: ` AND tr.${k[0] === 'status' ? 'status' : 'kind'} = ?`, args: [k[1]] } : { sql: '', args: [] };
      return { sql: `SELECT DISTINCT c.id FROM transfers tr JOIN cases c ON c.id = tr.case_id WHERE ${base.sql}${extra.sql}`, args: [...base.args, ...extra.args] };
    }
  }
}
