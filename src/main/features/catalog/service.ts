// 代办目录: read by everyone, maintained by the centre's admins (templates: ../templates). An item
// changes from a date through versions (src/shared/domain/catalog-versions.ts): every read here
// shows the fields in force today, and a plan takes those in force on the day it is made.
import { and, asc, eq, isNull, like, or } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput, CatalogItemDto } from '../../../shared/api/index.js';
import { fieldsOn, versionHistory, changedFields, type CatalogFields, type CatalogVersionRecord } from '../../../shared/domain/catalog-versions.js';
import { versionsByItem } from './in-force.js';
import { insertCatalogItem } from './import.js';
import type { LimitUnit, OrgLevel, Stage } from '../../../shared/domain/enums.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { requireReferenceAuthority } from '../reference-authority.js';
import { authorize, requireUser, userName, type ServiceContext } from '../context.js';

type CatalogRow = typeof t.catalogItems.$inferSelect;

function nextChange(versions: readonly CatalogVersionRecord[], today: string): string | null {
  const later = versions.map((v) => v.effectiveFrom).filter((d) => d > today).sort();
  return later[0] ?? null;
}

/** The item as in force on `today`, with the next change already saved after it. */
export function catalogItemDto(c: CatalogRow, versions: readonly CatalogVersionRecord[] | undefined, today: string): CatalogItemDto {
  versions ??= [];
  const inForce = fieldsOn(c, versions, today);
  const f = inForce.fields;
  return {
    id: c.id,
    code: c.code,
    name: f.name,
    department: f.department,
    level: (f.level || null) as OrgLevel | null,
    stage: f.stage as Stage,
    statutoryLimit: f.statutoryLimitValue,
    promisedLimit: f.promisedLimitValue,
    limitUnit: f.promisedLimitUnit as LimitUnit,
    materials: f.materials.map((m) => m.name),
    sampleForms: f.materials.flatMap((m) => (m.sampleForm ? [{ material: m.name, name: m.sampleForm.name, sha256: m.sampleForm.sha256 }] : [])),
    fees: f.fee || null,
    proxyAllowed: f.proxyAllowed,
    online: f.online,
    instant: f.instant,
    basis: f.basis,
    effectiveFrom: inForce.effectiveFrom,
    nextChangeFrom: nextChange(versions, today),
  };
}

export function listCatalog(ctx: ServiceContext, input: ApiParsedInput<'catalogue.list'> = {}): ApiOutput<'catalogue.list'> {
  const where = [isNull(t.catalogItems.deletedAt), eq(t.catalogItems.active, true)];
  if (input.stage !== undefined) where.push(eq(t.catalogItems.stage, input.stage));
  if (input.q) {
    const q = `%${input.q}%`;
    where.push(or(like(t.catalogItems.name, q), like(t.catalogItems.department, q), like(t.catalogItems.code, q))!);
  }
  const versions = versionsByItem(ctx.store);
  const today = ctx.store.today();
  return ctx.store.orm.select().from(t.catalogItems).where(and(...where)).orderBy(asc(t.catalogItems.stage), asc(t.catalogItems.code)).all().map((c) => catalogItemDto(c, versions.get(c.id), today));
}

function liveItem(ctx: ServiceContext, id: string): CatalogRow {
  const row = ctx.store.byId(t.catalogItems, id);
  if (!row || row.deletedAt) throw new DomainError('not_found', '代办目录中没有该事项（可能已删除）');
  return row;
}

/**
 * Saves a change of an item in force from `effectiveFrom` (today or later: plans already made keep
 * the limits they were made with, and a past date would rewrite what they were made under).
 */
export function saveCatalogVersion(ctx: ServiceContext, input: ApiParsedInput<'catalogue.saveVersion'>): ApiOutput<'catalogue.saveVersion'> {
  authorize(ctx, 'catalogue.saveVersion');
  const userId = requireUser(ctx);
  const row = liveItem(ctx, input.catalogItemId);
  const today = ctx.store.today();
  if (input.effectiveFrom < today) throw new DomainError('invalid_input', '生效日期不能早于今天：已制定的计划按当时的时限执行，变更只能从今天或以后生效', { effectiveFrom: '生效日期不能早于今天' });
  const fields = input.fields as CatalogFields;
  requireReferenceAuthority(ctx, { entity: 'catalogItemVersions', id: row.id, existing: null, next: { catalogItemId: row.id } });
  const before = fieldsOn(row, versionsByItem(ctx.store, row.id).get(row.id) ?? [], input.effectiveFrom).fields;
  const changes = changedFields(before, fields);
  if (!changes.length) throw new DomainError('invalid_input', '与该日期起执行的内容相同，没有需要保存的修改');
  const v = ctx.store.write(
    { actor: ctx.actor, action: 'catalogue.saveVersion', entity: 'catalogItems', entityId: row.id, detail: { code: row.code, effectiveFrom: input.effectiveFrom, changed: changes.map((c) => c.label) } },
    (tx) => tx.insert(t.catalogItemVersions, { catalogItemId: row.id, effectiveFrom: input.effectiveFrom, fields, authorId: userId, note: input.note ?? '' }),
  );
  return { versionId: v.id };
}

/** A new item, in force from today (plans can use it at once). */
export function addCatalogItem(ctx: ServiceContext, input: ApiParsedInput<'catalogue.addItem'>): ApiOutput<'catalogue.addItem'> {
  authorize(ctx, 'catalogue.addItem');
  const userId = requireUser(ctx);
  const taken = ctx.store.orm.select({ id: t.catalogItems.id, deletedAt: t.catalogItems.deletedAt }).from(t.catalogItems).where(eq(t.catalogItems.code, input.code)).get();
  if (taken) throw new DomainError('invalid_input', taken.deletedAt ? `事项编码 ${input.code} 曾用于已删除的事项，请换一个编码` : `事项编码 ${input.code} 已在目录中`, { code: '事项编码已被使用' });
  requireReferenceAuthority(ctx, { entity: 'catalogItems', id: input.code, existing: null, next: {} });
  const fields = input.fields as CatalogFields;
  const row = ctx.store.write(
    { actor: ctx.actor, action: 'catalogue.addItem', entity: 'catalogItems', detail: { code: input.code, name: fields.name } },
    (tx) => insertCatalogItem(tx, input.code, input.planKind, fields, userId, ctx.store.today(), input.note ?? ''),
  );
  return { id: row.id };
}

export function catalogHistory(ctx: ServiceContext, input: ApiParsedInput<'catalogue.history'>): ApiOutput<'catalogue.history'> {
  authorize(ctx, 'catalogue.history');
  const row = liveItem(ctx, input.catalogItemId);
  const versions = versionsByItem(ctx.store, row.id).get(row.id) ?? [];
  const today = ctx.store.today();
  return {
    item: catalogItemDto(row, versions, today),
    fields: fieldsOn(row, versions, today).fields,
    today,
    entries: versionHistory(row, versions).map((e) => ({ ...e, authorName: userName(ctx.store, e.authorId) ?? e.authorId })),
  };
}

/** The template list moved to its own feature (src/main/features/templates); kept here for its callers. */
export { listPlanTemplates } from '../templates/service.js';
