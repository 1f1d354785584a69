// 代办目录 and 代办服务计划书模板: read by everyone, maintained centrally (or by a local admin).
import { and, asc, eq, isNull, like, or } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput, CatalogItemDto, PlanTemplateDto } from '../../../shared/api/index.js';
import type { LimitUnit, OrgLevel, PlanKind, ProjectCategory, Stage } from '../../../shared/domain/enums.js';
import * as t from '../../db/schema.js';
import type { ServiceContext } from '../context.js';

type CatalogRow = typeof t.catalogItems.$inferSelect;

export function catalogItemDto(c: CatalogRow): CatalogItemDto {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    department: c.department,
    level: (c.level || null) as OrgLevel | null,
    stage: c.stage as Stage,
    statutoryLimit: c.statutoryLimitValue,
    promisedLimit: c.promisedLimitValue,
    limitUnit: c.promisedLimitUnit as LimitUnit,
    materials: c.materials.map((m) => m.name),
    fees: c.fee || null,
    proxyAllowed: c.proxyAllowed,
    online: c.online,
  };
}

export function listCatalog(ctx: ServiceContext, input: ApiParsedInput<'catalogue.list'> = {}): ApiOutput<'catalogue.list'> {
  const where = [isNull(t.catalogItems.deletedAt), eq(t.catalogItems.active, true)];
  if (input.stage !== undefined) where.push(eq(t.catalogItems.stage, input.stage));
  if (input.q) {
    const q = `%${input.q}%`;
    where.push(or(like(t.catalogItems.name, q), like(t.catalogItems.department, q), like(t.catalogItems.code, q))!);
  }
  return ctx.store.orm.select().from(t.catalogItems).where(and(...where)).orderBy(asc(t.catalogItems.stage), asc(t.catalogItems.code)).all().map(catalogItemDto);
}

export function listPlanTemplates(ctx: ServiceContext, input: ApiParsedInput<'planTemplate.list'> = {}): ApiOutput<'planTemplate.list'> {
  const catalog = new Map(ctx.store.orm.select().from(t.catalogItems).all().map((c) => [c.code, c]));
  const where = [isNull(t.planTemplates.deletedAt), eq(t.planTemplates.active, true)];
  if (input.kind) where.push(eq(t.planTemplates.planKind, input.kind));
  return ctx.store.orm.select().from(t.planTemplates).where(and(...where)).orderBy(asc(t.planTemplates.code)).all().map(
    (p): PlanTemplateDto => ({
      id: p.id,
      name: p.name,
      kind: p.planKind as PlanKind,
      category: (p.projectCategory ?? null) as ProjectCategory | null,
      items: p.items.map((it) => {
        const c = catalog.get(it.catalogCode);
        return { catalogItemId: c?.id ?? '', code: it.catalogCode, name: c?.name ?? it.catalogCode, stage: it.stage as Stage, parallelGroup: it.group };
      }),
    }),
  );
}
