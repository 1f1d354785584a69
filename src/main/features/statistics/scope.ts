// Whose work a supervision figure covers: an office and the offices below it (the caller's own by
// default; another only when it lies inside the caller's subtree), grouped for the office breakdown
// by the chosen office's direct children — and, for an agent who is neither leader nor admin, only
// the cases they are the agent of ("agents see their own").
import { and, eq, isNull } from 'drizzle-orm';
import type { ReportParams } from '../../../shared/reports/report.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { isEveryOffice, orgInfo, orgSubtree, requireUser, topOffice, type ServiceContext } from '../context.js';
import { reportOffice, seesOwnCasesOnly } from '../report-office.js';

export interface StatsScope {
  /** The office chosen, with its subtree. */
  officeId: string;
  officeName: string;
  offices: Set<string>;
  /** JSON array of `offices`, for `IN (SELECT value FROM json_each(?))`. */
  officesJson: string;
  /** Each office of the subtree → the breakdown group it counts in (the chosen office itself = 本级). */
  groupOf: Map<string, string>;
  /** Groups in display order: 本级 first, then the children by code. */
  groups: Array<{ id: string; name: string }>;
  /** The subtree is every office: no office condition is needed (and the indexes are read alone). */
  everyOffice: boolean;
  /** Set when the caller sees only their own cases (an agent). */
  agentId: string | null;
  from: string;
  to: string;
}

export function statsScope(ctx: ServiceContext, params: ReportParams): StatsScope {
  // A root admin without an office stands for the top of the tree.
  const officeId = reportOffice(ctx, params.orgCode)?.id ?? topOffice(ctx.store);
  if (!officeId) throw new DomainError('not_found', '尚未设置机构');
  const offices = orgSubtree(ctx.store, officeId);
  const info = orgInfo(ctx.store, officeId);
  const children = ctx.store.orm
    .select({ id: t.orgUnits.id, name: t.orgUnits.name, code: t.orgUnits.code })
    .from(t.orgUnits)
    .where(and(eq(t.orgUnits.parentId, officeId), isNull(t.orgUnits.deletedAt)))
    .all()
    .sort((a, b) => a.code.localeCompare(b.code));
  const groupOf = new Map<string, string>([[officeId, officeId]]);
  for (const c of children) for (const id of orgSubtree(ctx.store, c.id)) groupOf.set(id, c.id);
  const agentOnly = seesOwnCasesOnly(ctx);
  return {
    officeId,
    officeName: info?.officeName || info?.name || '',
    offices,
    officesJson: JSON.stringify([...offices]),
    everyOffice: isEveryOffice(ctx.store, offices),
    groupOf,
    groups: [{ id: officeId, name: `${info?.name ?? ''}（本级）` }, ...children.map((c) => ({ id: c.id, name: c.name }))],
    agentId: agentOnly ? requireUser(ctx) : null,
    from: params.from,
    to: params.to,
  };
}

/** China-time day bounds as UTC ISO instants, for timestamp columns (closed_at, sent_at). */
export function instantBounds(from: string, to: string): { start: string; end: string } {
  const start = new Date(`${from}T00:00:00+08:00`).toISOString();
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();
  return { start, end };
}
