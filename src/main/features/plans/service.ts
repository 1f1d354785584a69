// 代办服务计划书: a case's plan starts from a template; each item gets its due date from the
// working-day calendar. Items of a stage that share a parallel group (并联审批) start together;
// the next group starts when the slowest item of the previous one is due.
import type { UseCase } from '../../../shared/policy/index.js';
import { and, asc, eq, isNull, max } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import { dueDateFor, nextWorkdayOnOrAfter, type WorkCalendar } from '../../../shared/domain/calendar.js';
import type { LimitUnit, PlanItemStatus } from '../../../shared/domain/enums.js';
import { applyPlanItemStatus } from '../../../shared/domain/plan-item-status.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { catalogRowOn, versionsByItem } from '../catalog/in-force.js';
import { templateOn } from '../templates/in-force.js';
import type { WriteTx } from '../../db/store.js';
import { changesOf, valuesOf, writeCorrection } from '../record-changes.js';
import { calendarOf, loadCase, loadCaseChild, requireOpenCase, authorize, requireUser, type ServiceContext } from '../context.js';

type CatalogRow = typeof t.catalogItems.$inferSelect;

export interface PlannedItem {
  catalog: CatalogRow;
  stage: number;
  group: number;
  startDate: string;
  dueDate: string;
}

/**
 * Schedules template items from `start`: stages in order, groups in order within a stage; every
 * item of a group starts on the group's start date; the next group starts on the latest due date
 * of the previous one. Pure: the demo generator uses it for 100,000 plans.
 */
export function schedule(
  items: Array<{ catalog: CatalogRow; stage: number; group: number }>,
  start: string,
  cal: WorkCalendar,
): PlannedItem[] {
  const ordered = [...items].sort((a, b) => a.stage - b.stage || a.group - b.group);
  const out: PlannedItem[] = [];
  let groupStart = nextWorkdayOnOrAfter(start, cal);
  let i = 0;
  while (i < ordered.length) {
    const { stage, group } = ordered[i]!;
    let latest = groupStart;
    for (; i < ordered.length && ordered[i]!.stage === stage && ordered[i]!.group === group; i++) {
      const c = ordered[i]!.catalog;
      const due = dueDateFor(groupStart, { value: c.promisedLimitValue, unit: c.promisedLimitUnit as LimitUnit }, cal);
      out.push({ catalog: c, stage, group, startDate: groupStart, dueDate: due });
      if (due > latest) latest = due;
    }
    groupStart = latest;
  }
  return out;
}

function insertPlanItem(tx: WriteTx, caseId: string, p: PlannedItem, sortOrder: number): string {
  const item = tx.insert(t.planItems, {
    caseId,
    catalogCode: p.catalog.code,
    name: p.catalog.name,
    department: p.catalog.department,
    stage: p.stage,
    parallelGroup: p.group,
    sortOrder,
    limitValue: p.catalog.promisedLimitValue,
    limitUnit: p.catalog.promisedLimitUnit,
    startDate: p.startDate,
    dueDate: p.dueDate,
    status: 'notStarted',
  });
  // The item's materials checklist comes from the catalogue.
  for (const m of p.catalog.materials) {
    tx.insert(t.materials, { caseId, planItemId: item.id, name: m.name, originalsRequired: m.originals, copiesRequired: m.copies });
  }
  return item.id;
}

export function createPlan(ctx: ServiceContext, input: ApiParsedInput<'plan.create'>): ApiOutput<'plan.create'> {
  authorize(ctx, 'plan.create');
  requireUser(ctx);
  const c = loadCase(ctx, input.caseId);
  requireOpenCase(c, '制定计划');
  const { orm } = ctx.store;
  const template = orm
    .select()
    .from(t.planTemplates)
    .where(and(isNull(t.planTemplates.deletedAt), eq(t.planTemplates.id, input.templateId)))
    .get() ?? orm.select().from(t.planTemplates).where(eq(t.planTemplates.code, input.templateId)).get();
  if (!template || !template.active) throw new DomainError('invalid_input', '计划书模板不存在或已停用', { templateId: '计划书模板不存在或已停用' });
  const existing = orm.select({ id: t.planItems.id }).from(t.planItems).where(and(eq(t.planItems.caseId, c.id), isNull(t.planItems.deletedAt))).get();
  if (existing) throw new DomainError('conflict', '本案卷已有代办服务计划，可在计划中增删事项');
  const catalog = new Map(orm.select().from(t.catalogItems).all().map((ci) => [ci.code, ci]));
  // The template's items and the catalogue's limits, names and materials in force on the day the
  // plan is made; the plan keeps its own copy, so a later change of either leaves it as it is.
  const today = ctx.store.today();
  const versions = versionsByItem(ctx.store);
  const items = templateOn(ctx.store, template, today).content.items.map((it) => {
    const row = catalog.get(it.catalogCode);
    const ci = row && catalogRowOn(ctx.store, row, today, versions.get(row.id) ?? []);
    if (!ci) throw new DomainError('invalid_input', `模板中的事项 ${it.catalogCode} 不在代办目录中，请联系管理员更新目录`);
    return { catalog: ci, stage: it.stage, group: it.group };
  });
  const planned = schedule(items, input.startDate ?? ctx.store.today(), calendarOf(ctx.store));
  ctx.store.write({ actor: ctx.actor, action: 'plan.create', entity: 'cases', entityId: c.id, detail: { template: template.code, items: planned.length } }, (tx) => {
    planned.forEach((p, i) => insertPlanItem(tx, c.id, p, (i + 1) * 10));
    tx.patch(t.cases, c.id, { templateCode: template.code });
  });
  return { planId: c.id };
}

export function addPlanItem(ctx: ServiceContext, input: ApiParsedInput<'plan.addItem'>): ApiOutput<'plan.addItem'> {
  authorize(ctx, 'plan.addItem');
  const c = loadCase(ctx, input.caseId);
  requireOpenCase(c, '调整计划');
  const { orm } = ctx.store;
  const row =
    orm.select().from(t.catalogItems).where(eq(t.catalogItems.id, input.catalogItemId)).get() ??
    orm.select().from(t.catalogItems).where(eq(t.catalogItems.code, input.catalogItemId)).get();
  const ci = row && catalogRowOn(ctx.store, row, ctx.store.today());
  if (!ci || !ci.active) throw new DomainError('invalid_input', '事项不存在或已停用', { catalogItemId: '事项不存在或已停用' });
  const dup = orm
    .select({ id: t.planItems.id })
    .from(t.planItems)
    .where(and(eq(t.planItems.caseId, c.id), eq(t.planItems.catalogCode, ci.code), isNull(t.planItems.deletedAt)))
    .get();
  if (dup) throw new DomainError('duplicate', `计划中已有“${ci.name}”`);
  const last = orm.select({ m: max(t.planItems.sortOrder) }).from(t.planItems).where(eq(t.planItems.caseId, c.id)).get();
  const [planned] = schedule([{ catalog: ci, stage: ci.stage, group: input.parallelGroup }], ctx.store.today(), calendarOf(ctx.store));
  const id = ctx.store.write({ actor: ctx.actor, action: 'plan.addItem', entity: 'cases', entityId: c.id, detail: { item: ci.code } }, (tx) =>
    insertPlanItem(tx, c.id, planned!, (last?.m ?? 0) + 10),
  );
  return { planItemId: id };
}

export function setPlanItemStatus(ctx: ServiceContext, input: ApiParsedInput<'plan.setItemStatus'>): ApiOutput<'plan.setItemStatus'> {
  authorize(ctx, 'plan.setItemStatus');
  const { row: item, caseRow } = loadCaseChild(ctx, ctx.store.orm.select().from(t.planItems).where(eq(t.planItems.id, input.planItemId)).get(), '计划事项');
  requireOpenCase(caseRow, '更新事项状态');
  const res = applyPlanItemStatus(item.status as PlanItemStatus, input.status, { documentNo: input.approvalDocNo, reason: input.note });
  if (!res.ok) throw new DomainError('invalid_transition', res.error);
  const final = res.to === 'approved' || res.to === 'refused';
  ctx.store.write({ actor: ctx.actor, action: 'planItem.status', entity: 'planItems', entityId: item.id, detail: { from: res.from, to: res.to } }, (tx) =>
    tx.patch(
      t.planItems,
      item.id,
      {
        status: res.to,
        docNo: res.documentNo ?? item.docNo,
        statusReason: res.reason ?? input.note ?? item.statusReason,
        completedDate: final ? ctx.store.today() : null,
      },
      { name: 'planItem.status', args: { from: res.from, to: res.to } },
    ),
  );
  return { ok: true };
}

function loadPlanItem(ctx: ServiceContext, planItemId: string, useCase: UseCase) {
  const what = authorize(ctx, useCase);
  requireUser(ctx);
  const { row, caseRow } = loadCaseChild(ctx, ctx.store.byId(t.planItems, planItemId), '计划事项');
  requireOpenCase(caseRow, what);
  return { row, caseRow };
}

/** Corrects an item's department, parallel group and dates (the agent adjusts the plan by hand). */
export function editPlanItem(ctx: ServiceContext, input: ApiParsedInput<'planItem.edit'>): ApiOutput<'planItem.edit'> {
  const { row, caseRow } = loadPlanItem(ctx, input.planItemId, 'planItem.edit');
  const startDate = input.startDate ?? row.startDate;
  const dueDate = input.dueDate ?? row.dueDate;
  if (startDate && dueDate && dueDate < startDate) throw new DomainError('invalid_input', '到期日不能早于开始日期', { dueDate: '到期日不能早于开始日期' });
  const changes = changesOf(row, { department: input.department, parallelGroup: input.parallelGroup, startDate: input.startDate, dueDate: input.dueDate });
  writeCorrection(ctx, t.planItems, row, valuesOf(changes), { action: 'planItem.edit', caseId: caseRow.id, detail: { name: row.name } });
  return { ok: true };
}

/**
 * Takes an item off the plan (soft delete, with the reason in the audit log), with the untouched
 * part of its checklist; materials already held stay on the checklist. An item already decided
 * (已办结 / 不予许可) is evidence and stays.
 */
export function removePlanItem(ctx: ServiceContext, input: ApiParsedInput<'planItem.remove'>): ApiOutput<'planItem.remove'> {
  const { row, caseRow } = loadPlanItem(ctx, input.planItemId, 'planItem.remove');
  if (row.status === 'approved' || row.status === 'refused') throw new DomainError('invalid_transition', `“${row.name}”已${row.status === 'approved' ? '办结' : '不予许可'}，不能从计划中移除`);
  const materials = ctx.store.orm.select().from(t.materials).where(and(eq(t.materials.planItemId, row.id), isNull(t.materials.deletedAt))).all();
  ctx.store.write(
    { actor: ctx.actor, action: 'planItem.remove', entity: 'planItems', entityId: row.id, detail: { caseId: caseRow.id, name: row.name, changes: { deletedAt: { from: null, to: ctx.store.nowIso() } }, reason: input.reason } },
    (tx) => {
      tx.remove(t.planItems, row.id);
      for (const m of materials) if (m.originalsHeld + m.copiesHeld === 0) tx.remove(t.materials, m.id);
    },
  );
  return { ok: true };
}

export function planItemsOf(ctx: ServiceContext, caseId: string) {
  loadCase(ctx, caseId);
  return ctx.store.orm.select().from(t.planItems).where(and(eq(t.planItems.caseId, caseId), isNull(t.planItems.deletedAt))).orderBy(asc(t.planItems.sortOrder)).all();
}
