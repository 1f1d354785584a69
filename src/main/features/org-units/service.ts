// 机构: the four-level office tree (市 → 县区 → 乡镇街道 → 村社区).
import { asc, isNull } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput, OrgUnitDto } from '../../../shared/api/index.js';
import type { OrgLevel } from '../../../shared/domain/enums.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { orgInfo, requireRole, type ServiceContext } from '../context.js';

const LEVEL_ORDER: OrgLevel[] = ['city', 'county', 'township', 'village'];

function dto(o: typeof t.orgUnits.$inferSelect): OrgUnitDto {
  return { id: o.id, name: o.name, level: o.level as OrgLevel, parentId: o.parentId, code: o.code };
}

export function listOrgUnits(ctx: ServiceContext): ApiOutput<'orgUnit.list'> {
  return ctx.store.orm.select().from(t.orgUnits).where(isNull(t.orgUnits.deletedAt)).orderBy(asc(t.orgUnits.code)).all().map(dto);
}

export function createOrgUnit(ctx: ServiceContext, input: ApiParsedInput<'orgUnit.create'>): ApiOutput<'orgUnit.create'> {
  requireRole(ctx, ['admin'], '新建机构');
  if (input.parentId) {
    const parent = orgInfo(ctx.store, input.parentId);
    if (!parent) throw new DomainError('invalid_input', '上级机构不存在', { parentId: '上级机构不存在' });
    if (LEVEL_ORDER.indexOf(input.level) <= LEVEL_ORDER.indexOf(parent.level as OrgLevel)) {
      throw new DomainError('invalid_input', '机构层级须低于上级机构', { level: '机构层级须低于上级机构' });
    }
  }
  const code = input.code?.trim() || `LOCAL-${ctx.store.newId().slice(-8)}`;
  const row = ctx.store.write({ actor: ctx.actor, action: 'orgUnit.create', detail: { name: input.name } }, (tx) =>
    tx.insert(t.orgUnits, { code, name: input.name, level: input.level, parentId: input.parentId, officeName: input.name }),
  );
  return dto(row);
}
