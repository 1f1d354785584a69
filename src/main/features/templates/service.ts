// 代办服务计划书模板: read by everyone, maintained by the centre's admins. A template changes from
// a date through versions (src/shared/domain/template-versions.ts), as a catalogue item does: every
// read here shows the content in force today, and a plan takes the items in force on the day it is
// made (and keeps them: plan items are copied at creation).
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput, PlanTemplateDto } from '../../../shared/api/index.js';
import type { PlanKind, ProjectCategory, Stage } from '../../../shared/domain/enums.js';
import {
  contentOn, nextTemplateChange, normalizeTemplateItems, templateChanges, templateChangeText, templateContentProblems, templateVersionHistory,
  type TemplateContent, type TemplateVersionRecord,
} from '../../../shared/domain/template-versions.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { catalogRowOn, versionsByItem } from '../catalog/in-force.js';
import { authorize, requireUser, userName, type ServiceContext } from '../context.js';
import { requireReferenceAuthority } from '../reference-authority.js';
import { templateOn, versionsByTemplate, type TemplateRow } from './in-force.js';

interface CatalogEntry { id: string; name: string; active: boolean }

/** The catalogue as in force today, by code (names for the template's items, and what may go in one). */
function catalogueToday(ctx: ServiceContext): Map<string, CatalogEntry> {
  const versions = versionsByItem(ctx.store);
  const today = ctx.store.today();
  return new Map(ctx.store.orm.select().from(t.catalogItems).all().map((c) => {
    const f = catalogRowOn(ctx.store, c, today, versions.get(c.id) ?? []);
    return [c.code, { id: c.id, name: f.name, active: c.active && !c.deletedAt }];
  }));
}

function templateDto(p: TemplateRow, versions: readonly TemplateVersionRecord[], today: string, catalog: ReadonlyMap<string, CatalogEntry>): PlanTemplateDto {
  const inForce = contentOn(p, versions, today);
  const c = inForce.content;
  return {
    id: p.id,
    code: p.code,
    name: c.name,
    kind: p.planKind as PlanKind,
    category: (c.projectCategory ?? null) as ProjectCategory | null,
    description: c.description,
    items: c.items.map((it) => {
      const ci = catalog.get(it.catalogCode);
      return { catalogItemId: ci?.id ?? '', code: it.catalogCode, name: ci?.name ?? it.catalogCode, stage: it.stage as Stage, parallelGroup: it.group };
    }),
    effectiveFrom: inForce.effectiveFrom,
    nextChangeFrom: nextTemplateChange(versions, today),
  };
}

export function listPlanTemplates(ctx: ServiceContext, input: ApiParsedInput<'planTemplate.list'> = {}): ApiOutput<'planTemplate.list'> {
  const catalog = catalogueToday(ctx);
  const versions = versionsByTemplate(ctx.store);
  const today = ctx.store.today();
  const where = [isNull(t.planTemplates.deletedAt), eq(t.planTemplates.active, true)];
  if (input.kind) where.push(eq(t.planTemplates.planKind, input.kind));
  return ctx.store.orm.select().from(t.planTemplates).where(and(...where)).orderBy(asc(t.planTemplates.code)).all()
    .map((p) => templateDto(p, versions.get(p.id) ?? [], today, catalog));
}

function liveTemplate(ctx: ServiceContext, id: string): TemplateRow {
  const row = ctx.store.byId(t.planTemplates, id);
  if (!row || row.deletedAt) throw new DomainError('not_found', '没有该计划书模板（可能已删除）');
  return row;
}

/** The content as it will be stored: groups numbered 1, 2, … per stage; refused with every problem named. */
function checkedContent(ctx: ServiceContext, content: TemplateContent, planKind: string): TemplateContent {
  const normalized = { ...content, items: normalizeTemplateItems(content.items) };
  const problems = templateContentProblems(normalized, planKind, catalogueToday(ctx));
  if (problems.length) throw new DomainError('invalid_input', [...new Set(problems)].join('；'), { items: problems[0]! });
  return normalized;
}

/**
 * Saves a change of a template in force from `effectiveFrom` (today or later: plans already made
 * keep their items, and a past date would rewrite what they were made from).
 */
export function saveTemplateVersion(ctx: ServiceContext, input: ApiParsedInput<'planTemplate.saveVersion'>): ApiOutput<'planTemplate.saveVersion'> {
  authorize(ctx, 'planTemplate.saveVersion');
  const userId = requireUser(ctx);
  const row = liveTemplate(ctx, input.planTemplateId);
  const today = ctx.store.today();
  if (input.effectiveFrom < today) throw new DomainError('invalid_input', '生效日期不能早于今天：已制定的计划按当时的模板执行，变更只能从今天或以后生效', { effectiveFrom: '生效日期不能早于今天' });
  const content = checkedContent(ctx, input.content as TemplateContent, row.planKind);
  requireReferenceAuthority(ctx, { entity: 'planTemplateVersions', id: row.id, existing: null, next: { planTemplateId: row.id } });
  const before = templateOn(ctx.store, row, input.effectiveFrom).content;
  const changes = templateChanges(before, content);
  if (!changes.length) throw new DomainError('invalid_input', '与该日期起执行的模板相同，没有需要保存的修改');
  const catalog = catalogueToday(ctx);
  const nameOf = (code: string) => catalog.get(code)?.name ?? code;
  const v = ctx.store.write(
    { actor: ctx.actor, action: 'planTemplate.saveVersion', entity: 'planTemplates', entityId: row.id, detail: { code: row.code, effectiveFrom: input.effectiveFrom, changed: changes.map((c) => templateChangeText(c, nameOf)) } },
    (tx) => tx.insert(t.planTemplateVersions, { planTemplateId: row.id, effectiveFrom: input.effectiveFrom, content, authorId: userId, note: input.note ?? '' }),
  );
  return { versionId: v.id };
}

/** A new template (a new category of plan), in force from today. */
export function addPlanTemplate(ctx: ServiceContext, input: ApiParsedInput<'planTemplate.add'>): ApiOutput<'planTemplate.add'> {
  authorize(ctx, 'planTemplate.add');
  requireUser(ctx);
  const taken = ctx.store.orm.select({ id: t.planTemplates.id, deletedAt: t.planTemplates.deletedAt }).from(t.planTemplates).where(eq(t.planTemplates.code, input.code)).get();
  if (taken) throw new DomainError('invalid_input', taken.deletedAt ? `模板编码 ${input.code} 曾用于已删除的模板，请换一个编码` : `模板编码 ${input.code} 已被使用`, { code: '模板编码已被使用' });
  const content = checkedContent(ctx, input.content as TemplateContent, input.planKind);
  requireReferenceAuthority(ctx, { entity: 'planTemplates', id: input.code, existing: null, next: {} });
  const row = ctx.store.write(
    { actor: ctx.actor, action: 'planTemplate.add', entity: 'planTemplates', detail: { code: input.code, name: content.name, items: content.items.length } },
    (tx) => tx.insert(t.planTemplates, { code: input.code, planKind: input.planKind, name: content.name, description: content.description, projectCategory: content.projectCategory, items: content.items }),
  );
  return { id: row.id };
}

export function planTemplateHistory(ctx: ServiceContext, input: ApiParsedInput<'planTemplate.history'>): ApiOutput<'planTemplate.history'> {
  authorize(ctx, 'planTemplate.history');
  const row = liveTemplate(ctx, input.planTemplateId);
  const versions = versionsByTemplate(ctx.store, row.id).get(row.id) ?? [];
  const today = ctx.store.today();
  const catalog = catalogueToday(ctx);
  const nameOf = (code: string) => catalog.get(code)?.name ?? code;
  return {
    template: templateDto(row, versions, today, catalog),
    content: templateOn(ctx.store, row, today, versions).content,
    today,
    entries: templateVersionHistory(row, versions).map((e) => ({
      versionId: e.versionId, effectiveFrom: e.effectiveFrom, createdAt: e.createdAt, note: e.note,
      authorName: userName(ctx.store, e.authorId) ?? e.authorId,
      changes: e.changes.map((c) => templateChangeText(c, nameOf)),
    })),
  };
}
