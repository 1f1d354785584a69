// The office a supervision page or report covers: the caller's own office by default, or an office
// within the caller's subtree by its code (机构代码). Read with the offices below it.
import { and, eq, isNull } from 'drizzle-orm';
import { DomainError } from '../../shared/errors.js';
import * as t from '../db/schema.js';
import { hasRole, orgInfo, orgSubtree, type ServiceContext } from './context.js';

export interface ReportOffice {
  id: string;
  code: string;
  /** The service office's name as printed (e.g. 鼓楼区行政服务中心代办服务中心). */
  name: string;
  /** The office and every office below it. */
  subtree: Set<string>;
}

/**
 * The office for `orgCode` (default: the caller's), refused in Chinese when the code is unknown or
 * lies outside the caller's subtree. Null for an admin of no office without a code (everything).
 */
export function reportOffice(ctx: ServiceContext, orgCode?: string): ReportOffice | null {
  const mine = ctx.actor.orgUnitId ?? null;
  if (!mine && !hasRole(ctx.actor, 'admin')) throw new DomainError('forbidden', '当前账号未设置所属机构');
  let id = mine;
  if (orgCode) {
    const row = ctx.store.orm.select({ id: t.orgUnits.id }).from(t.orgUnits).where(and(eq(t.orgUnits.code, orgCode), isNull(t.orgUnits.deletedAt))).get();
    if (!row) throw new DomainError('not_found', `机构代码“${orgCode}”不存在`, { orgCode: '机构代码不存在' });
    if (mine && !orgSubtree(ctx.store, mine).has(row.id)) throw new DomainError('forbidden', '该机构不在您所在机构及下级机构的范围内', { orgCode: '该机构不在您的管辖范围内' });
    id = row.id;
  }
  if (!id) return null;
  const info = orgInfo(ctx.store, id);
  return { id, code: info?.code ?? '', name: info?.officeName || info?.name || '', subtree: orgSubtree(ctx.store, id) };
}

/** Agents see their own cases on the supervision pages; leaders and admins their office subtree. */
export function seesOwnCasesOnly(ctx: ServiceContext): boolean {
  return ctx.actor.roles.includes('agent') && !hasRole(ctx.actor, 'leader');
}
