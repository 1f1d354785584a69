// 案卷 list (`case.list`): one page of the cases in the caller's scope, with the total.
//
// On a 100,000-case store the old single count (`handling IN S OR org IN S OR id IN transfers`)
// made SQLite union 200,000 rowids and visit every row: 1.5–2 s for each page. The total is now
// the sum of three disjoint parts, each read from a covering index (migration 0009):
//   A  handled by an office of the scope,
//   B  registered in the scope but handled elsewhere (passed on by transfer),
//   C  transferred to the scope and neither registered nor handled there (a few rows).
// Pages are offset pages over a total order (the sort key, then the id), so ties in the sort key
// never repeat or skip a case between pages.
import type { CaseSummaryDto, Page } from '../../../shared/api/index.js';
import type { CaseStatus } from '../../../shared/domain/enums.js';
import type { Store } from '../../db/store.js';
import { hasRole, orgSubtree, requireUser, type ServiceContext } from '../context.js';
import { caseSummaries } from './service.js';

export const CASE_LIST_SORTS = ['newest', 'accepted'] as const;
export type CaseListSort = (typeof CASE_LIST_SORTS)[number];

export interface CaseListQuery {
  scope?: 'mine' | 'office' | 'all';
  status?: CaseStatus;
  overdue?: boolean;
  /** newest: registration order (the id is a UUIDv7), newest first; accepted: 受理日期, latest first. */
  sort?: CaseListSort;
  offset?: number;
  limit?: number;
}

const ORDER: Record<CaseListSort, string> = {
  newest: 'c.id DESC',
  accepted: 'c.accepted_date DESC, c.id DESC',
};

const OPEN_ITEM = `status NOT IN ('approved', 'refused') AND deleted_at IS NULL`;

interface Filter {
  /** Offices whose cases the caller sees; null: every case (a city admin's 全部可见). */
  offices: string[] | null;
  agentId: string | null;
  status: CaseStatus | null;
  overdueOn: string | null;
}

function filterOf(ctx: ServiceContext, q: CaseListQuery): Filter {
  const { store, actor } = ctx;
  const scope = q.scope ?? 'office';
  const f: Filter = { offices: null, agentId: null, status: q.status ?? null, overdueOn: q.overdue ? store.today() : null };
  if (scope === 'mine') f.agentId = requireUser(ctx);
  else if (!(scope === 'all' && hasRole(actor, 'admin') && !actor.orgUnitId) && actor.orgUnitId) f.offices = [...orgSubtree(store, actor.orgUnitId)];
  return f;
}

/** The conditions every part shares (status, agent, overdue), as SQL on alias `c`. */
function common(f: Filter, args: unknown[]): string[] {
  const where = ['c.deleted_at IS NULL'];
  if (f.status) {
    where.push('c.status = ?');
    args.push(f.status);
  }
  if (f.agentId) {
    where.push('c.agent_id = ?');
    args.push(f.agentId);
  }
  if (f.overdueOn) {
    where.push(`c.status NOT IN ('completed', 'withdrawn') AND c.id IN (SELECT case_id FROM plan_items WHERE due_date < ? AND ${OPEN_ITEM})`);
    args.push(f.overdueOn);
  }
  return where;
}

const IN_SCOPE = (col: string) => `${col} IN (SELECT value FROM json_each(?))`;
const TRANSFERRED_IN = `c.id IN (SELECT case_id FROM transfers WHERE ${IN_SCOPE('to_org_unit_id')} AND deleted_at IS NULL)`;

/**
 * The scope as one condition. `walk`: written so that SQLite cannot use the office indexes (the
 * unary +) and walks the sort order instead, stopping after one page — right for a scope holding
 * a good part of the store; a small scope (a township) is cheaper read through the office indexes
 * and sorted.
 */
function scopeSql(f: Filter, args: unknown[], walk = false): string[] {
  if (!f.offices) return [];
  const json = JSON.stringify(f.offices);
  args.push(json, json, json);
  const p = walk ? '+' : '';
  return [`(${IN_SCOPE(`${p}c.handling_org_unit_id`)} OR ${IN_SCOPE(`${p}c.org_unit_id`)} OR ${p}${TRANSFERRED_IN})`];
}

function countCases(store: Store, f: Filter): number {
  const count = (from: string, where: string[], args: unknown[]) => store.db.prepare(`SELECT count(*) FROM ${from} WHERE ${where.join(' AND ')}`).pluck().get(...args) as number;
  if (!f.offices || f.agentId) {
    // No office scope, or one agent's cases (an index range): one plain count is cheap.
    const args: unknown[] = [];
    const where = common(f, args);
    return count('cases c', [...where, ...scopeSql(f, args)], args);
  }
  const json = JSON.stringify(f.offices);
  const a: unknown[] = [];
  const partA = count('cases c', [...common(f, a), IN_SCOPE('c.handling_org_unit_id')], [...a, json]);
  const b: unknown[] = [];
  const partB = count('cases c', [...common(f, b), 'c.org_unit_id <> c.handling_org_unit_id', IN_SCOPE('c.org_unit_id'), `NOT ${IN_SCOPE('c.handling_org_unit_id')}`], [...b, json, json]);
  // C from the smaller side: when nearly every case is handled in the scope (a city office), from
  // the few cases handled elsewhere; otherwise from the transfers to the scope.
  const c: unknown[] = [];
  const offices = store.db.prepare('SELECT count(*) FROM org_units WHERE deleted_at IS NULL').pluck().get() as number;
  const nearlyAll = f.offices.length * 10 >= offices * 9;
  const partC = count(nearlyAll ? 'cases c INDEXED BY cases_handling_org' : 'cases c', [...common(f, c), `NOT ${IN_SCOPE('c.handling_org_unit_id')}`, `NOT ${IN_SCOPE('c.org_unit_id')}`, TRANSFERRED_IN], [...c, json, json, json]);
  return partA + partB + partC;
}

/** Cases in the actor's scope, one page in a total order; `overdue` keeps those with an open item past due. */
export function listCases(ctx: ServiceContext, q: CaseListQuery): Page<CaseSummaryDto> {
  const { store } = ctx;
  const f = filterOf(ctx, q);
  const limit = Math.min(q.limit ?? 50, 100_000);
  // max(rowid) is instant and close enough to the number of cases to choose a plan.
  const stored = (store.db.prepare('SELECT max(rowid) FROM cases').pluck().get() as number | null) ?? 0;
  const total = countCases(store, f);
  const args: unknown[] = [];
  const where = [...common(f, args), ...scopeSql(f, args, total * 20 > stored)];
  const ids = store.db
    .prepare(`SELECT c.id FROM cases c WHERE ${where.join(' AND ')} ORDER BY ${ORDER[q.sort ?? 'newest']} LIMIT ? OFFSET ?`)
    .pluck()
    .all(...args, limit, q.offset ?? 0) as string[];
  return { rows: caseSummaries(store, ids), total };
}
