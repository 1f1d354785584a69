// What every service function receives, and the checks they share: the permission policy, office scope,
// loading a case the actor may see, and the effective working-day calendar.
import type Database from 'better-sqlite3';
import { BUILTIN_CALENDAR, type WorkCalendar } from '../../shared/domain/calendar.js';
import type { Role } from '../../shared/domain/enums.js';
import { DomainError } from '../../shared/errors.js';
import { mayUse, refusalOf, ruleOf, type Capability, type UseCase } from '../../shared/policy/index.js';
import * as t from '../db/schema.js';
import { SearchIndex } from '../db/search.js';
import type { Actor, Store } from '../db/store.js';

export interface ServiceContext {
  store: Store;
  actor: Actor;
}

export type CaseRow = typeof t.cases.$inferSelect;

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.includes('admin') || actor.roles.some((r) => roles.includes(r));
}

/**
 * The permission policy's check for a use case (or a capability inside one); returns what it is
 * called in Chinese, for the service's own messages. Refuses with 您的角色无权….
 */
export function authorize(ctx: ServiceContext, name: UseCase | Capability): string {
  if (!mayUse(name, ctx.actor.roles)) throw new DomainError('forbidden', refusalOf(name));
  return ruleOf(name).what;
}

export function requireUser(ctx: ServiceContext): string {
  if (!ctx.actor.userId) throw new DomainError('unauthenticated', '请先登录');
  return ctx.actor.userId;
}

/**
 * Per-store caches of small, rarely changed tables. They follow the store's commit hook, so a
 * local write and a pulled sync page invalidate them alike; nobody invalidates by hand.
 */
interface StoreCaches {
  statements: Map<string, Database.Statement>;
  subtree: Map<string, Set<string>>;
  calendar?: WorkCalendar;
  userNames?: Map<string, string>;
  orgNames?: Map<string, { name: string; code: string; level: string; officeName: string }>;
  search?: SearchIndex;
}
const caches = new WeakMap<Store, StoreCaches>();

function cacheOf(store: Store): StoreCaches {
  let c = caches.get(store);
  if (!c) {
    const fresh: StoreCaches = { subtree: new Map(), statements: new Map() };
    store.onCommit(({ entities }) => {
      if (entities.includes('orgUnits')) {
        fresh.subtree.clear();
        fresh.orgNames = undefined;
      }
      if (entities.includes('calendarYears')) fresh.calendar = undefined;
      if (entities.includes('users')) fresh.userNames = undefined;
    });
    caches.set(store, (c = fresh));
  }
  return c;
}

/** A prepared statement for fixed SQL, prepared once per store (preparing costs more than running). */
export function sql(store: Store, text: string): Database.Statement {
  const c = cacheOf(store);
  let st = c.statements.get(text);
  if (!st) c.statements.set(text, (st = store.db.prepare(text)));
  return st;
}

export function searchIndex(store: Store): SearchIndex {
  const c = cacheOf(store);
  return (c.search ??= new SearchIndex(store.db));
}

/** The ids of an office and every office below it. */
export function orgSubtree(store: Store, orgUnitId: string): Set<string> {
  const c = cacheOf(store);
  let ids = c.subtree.get(orgUnitId);
  if (!ids) {
    const rows = store.db
      .prepare(
        `WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT o.id FROM org_units o JOIN sub ON o.parent_id = sub.id WHERE o.deleted_at IS NULL)
         SELECT id FROM sub`,
      )
      .pluck()
      .all(orgUnitId) as string[];
    ids = new Set(rows);
    c.subtree.set(orgUnitId, ids);
  }
  return ids;
}

/** Whether a subtree is every office (then a query needs no office condition). */
export function isEveryOffice(store: Store, offices: ReadonlySet<string>): boolean {
  return offices.size >= (sql(store, 'SELECT count(*) FROM org_units WHERE deleted_at IS NULL').pluck().get() as number);
}

/** The office at the top of the tree (the centre), if the tree has been set up. */
export function topOffice(store: Store): string | null {
  return (sql(store, 'SELECT id FROM org_units WHERE parent_id IS NULL AND deleted_at IS NULL LIMIT 1').pluck().get() as string | undefined) ?? null;
}

export function orgInfo(store: Store, orgUnitId: string | null | undefined) {
  if (!orgUnitId) return undefined;
  const c = cacheOf(store);
  if (!c.orgNames) {
    c.orgNames = new Map(
      store.orm.select().from(t.orgUnits).all().map((o) => [o.id, { name: o.name, code: o.code, level: o.level, officeName: o.officeName }]),
    );
  }
  return c.orgNames.get(orgUnitId);
}

export function userName(store: Store, userId: string | null | undefined): string | null {
  if (!userId) return null;
  const c = cacheOf(store);
  if (!c.userNames) {
    c.userNames = new Map(store.orm.select({ id: t.users.id, name: t.users.displayName }).from(t.users).all().map((u) => [u.id, u.name]));
  }
  return c.userNames.get(userId) ?? null;
}

/** The official calendar shipped with the app, with the years an admin entered or the centre published. */
export function calendarOf(store: Store): WorkCalendar {
  const c = cacheOf(store);
  if (!c.calendar) {
    const years = { ...BUILTIN_CALENDAR.years };
    for (const row of store.orm.select().from(t.calendarYears).all()) {
      years[String(row.year)] = { ...(years[String(row.year)] ?? {}), ...row.data } as (typeof years)[string];
    }
    c.calendar = { years };
  }
  return c.calendar;
}

/** Whether the actor's office may see this case: its own subtree, or a transfer/joint to it. */
export function canSeeCase(ctx: ServiceContext, c: CaseRow): boolean {
  const { actor, store } = ctx;
  if (!actor.orgUnitId) return hasRole(actor, 'admin');
  const mine = orgSubtree(store, actor.orgUnitId);
  if (mine.has(c.orgUnitId) || mine.has(c.handlingOrgUnitId)) return true;
  const toUs = sql(store, 'SELECT to_org_unit_id FROM transfers WHERE case_id = ? AND deleted_at IS NULL').pluck().all(c.id) as string[];
  return toUs.some((o) => mine.has(o));
}

/** Loads a live case the actor may see, or throws a Chinese not-found / forbidden error. */
export function loadCase(ctx: ServiceContext, caseId: string): CaseRow {
  const c = ctx.store.byId(t.cases, caseId);
  if (!c || c.deletedAt) throw new DomainError('not_found', '案卷不存在或已删除');
  if (!canSeeCase(ctx, c)) throw new DomainError('forbidden', '该案卷不属于您所在机构的办理范围');
  return c;
}

/** Cases whose status no longer takes new work. */
export function requireOpenCase(c: CaseRow, what: string): void {
  if (c.status === 'completed' || c.status === 'withdrawn') {
    throw new DomainError('invalid_transition', `案卷已${c.status === 'completed' ? '办结' : '退件'}，不能再${what}`);
  }
}

/** A row of a case's child table, checked to belong to a case the actor may see. */
export function loadCaseChild<T extends { caseId: string; deletedAt: string | null }>(
  ctx: ServiceContext,
  row: T | undefined,
  label: string,
): { row: T; caseRow: CaseRow } {
  if (!row || row.deletedAt) throw new DomainError('not_found', `${label}不存在或已删除`);
  return { row, caseRow: loadCase(ctx, row.caseId) };
}
