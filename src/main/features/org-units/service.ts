// 机构: the four-level office tree (市 → 县区 → 乡镇街道 → 村社区).
import { requireReferenceAuthority } from '../reference-authority.js';
import { and, asc, eq, isNull, ne } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput, OrgUnitDto } from '../../../shared/api/index.js';
import type { OrgLevel } from '../../../shared/domain/enums.js';
import { validateDivisionCode } from '../../../shared/domain/validators.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { orgInfo, authorize, type ServiceContext } from '../context.js';

const LEVEL_ORDER: OrgLevel[] = ['city', 'county', 'township', 'village'];

function dto(o: typeof t.orgUnits.$inferSelect): OrgUnitDto {
  return {
    id: o.id, name: o.name, level: o.level as OrgLevel, parentId: o.parentId, code: o.code,
    officeName: o.officeName, address: o.address, phone: o.phone, officeHours: o.officeHours,
  };
}

export function listOrgUnits(ctx: ServiceContext): ApiOutput<'orgUnit.list'> {
  return ctx.store.orm.select().from(t.orgUnits).where(isNull(t.orgUnits.deletedAt)).orderBy(asc(t.orgUnits.code)).all().map(dto);
}

/** The code must fit the office's level (9 digits for a township) and be no other office's. */
function checkCode(ctx: ServiceContext, code: string, level: OrgLevel, exceptId?: string): string {
  const r = validateDivisionCode(code, level);
  if (!r.ok) throw new DomainError('invalid_input', r.error, { code: r.error });
  const taken = ctx.store.orm
    .select({ name: t.orgUnits.name })
    .from(t.orgUnits)
    .where(and(eq(t.orgUnits.code, r.value), isNull(t.orgUnits.deletedAt), exceptId ? ne(t.orgUnits.id, exceptId) : undefined))
    .get();
  if (taken) throw new DomainError('duplicate', `区划代码 ${r.value} 已由“${taken.name}”使用`, { code: '区划代码已被其他机构使用' });
  return r.value;
}

export function createOrgUnit(ctx: ServiceContext, input: ApiParsedInput<'orgUnit.create'>): ApiOutput<'orgUnit.create'> {
  authorize(ctx, 'orgUnit.create');
  if (input.parentId) {
    const parent = orgInfo(ctx.store, input.parentId);
    if (!parent) throw new DomainError('invalid_input', '上级机构不存在', { parentId: '上级机构不存在' });
    if (LEVEL_ORDER.indexOf(input.level) <= LEVEL_ORDER.indexOf(parent.level as OrgLevel)) {
      throw new DomainError('invalid_input', '机构层级须低于上级机构', { level: '机构层级须低于上级机构' });
    }
  }
  requireReferenceAuthority(ctx, { entity: 'orgUnits', id: '', existing: null, next: { parentId: input.parentId ?? null } });
  // Without a code the office gets a placeholder until an admin enters it (orgUnit.update).
  const code = input.code ? checkCode(ctx, input.code, input.level) : `LOCAL-${ctx.store.newId().slice(-8)}`;
  const row = ctx.store.write({ actor: ctx.actor, action: 'orgUnit.create', detail: { name: input.name, code } }, (tx) =>
    tx.insert(t.orgUnits, { code, name: input.name, level: input.level, parentId: input.parentId, officeName: input.name }),
  );
  return dto(row);
}

const EDITABLE = ['name', 'officeName', 'code', 'address', 'phone', 'officeHours'] as const;

/**
 * An admin corrects an office. A new division code numbers the office's next cases; numbers
 * already issued are printed on cards and agreements and stay as they are.
 */
export function updateOrgUnit(ctx: ServiceContext, input: ApiParsedInput<'orgUnit.update'>): ApiOutput<'orgUnit.update'> {
  authorize(ctx, 'orgUnit.update');
  const row = ctx.store.byId(t.orgUnits, input.orgUnitId);
  if (!row || row.deletedAt) throw new DomainError('not_found', '机构不存在');
  requireReferenceAuthority(ctx, { entity: 'orgUnits', id: row.id, existing: row, next: row });
  const wanted: Partial<Record<(typeof EDITABLE)[number], string>> = {};
  for (const f of EDITABLE) if (input[f] !== undefined) wanted[f] = input[f];
  if (wanted.code !== undefined) wanted.code = checkCode(ctx, wanted.code, row.level as OrgLevel, row.id);
  const changes: Record<string, { from: string; to: string }> = {};
  for (const [f, to] of Object.entries(wanted)) {
    const from = row[f as (typeof EDITABLE)[number]];
    if (from !== to) changes[f] = { from, to };
  }
  if (Object.keys(changes).length === 0) throw new DomainError('invalid_input', '没有需要修改的内容');
  const fields = Object.fromEntries(Object.entries(changes).map(([f, c]) => [f, c.to]));
  const updated = ctx.store.write({ actor: ctx.actor, action: 'orgUnit.edit', entity: 'orgUnits', entityId: row.id, detail: { changes } }, (tx) =>
    tx.patch(t.orgUnits, row.id, fields),
  );
  return dto(updated);
}
