// Reference data for a fresh store and the demo: org units, the service catalogue, plan templates.
// Pure data plus lookups; the store seeds its tables from these (see src/main/db and the CLI).
import { CATALOG_ITEMS, type CatalogItemSeed } from './catalog.js';
import { ORG_UNITS, type OrgUnitSeed } from './org-units.js';
import { PLAN_TEMPLATES, type PlanTemplateItemSeed, type PlanTemplateSeed } from './plan-templates.js';
import type { Stage } from '../domain/enums.js';

export * from './catalog.js';
export * from './org-units.js';
export * from './plan-templates.js';

/** Bump when the reference data changes in a way a seeded store should pick up. */
export const REFERENCE_DATA_VERSION = 1;

const orgByCode = new Map(ORG_UNITS.map((u) => [u.code, u]));
const itemByCode = new Map(CATALOG_ITEMS.map((i) => [i.code, i]));
const templateByCode = new Map(PLAN_TEMPLATES.map((t) => [t.code, t]));

export function orgUnitByCode(code: string): OrgUnitSeed | undefined {
  return orgByCode.get(code);
}

export function childOrgUnits(parentCode: string | null): OrgUnitSeed[] {
  return ORG_UNITS.filter((u) => u.parentCode === parentCode);
}

/** The unit and all its ancestors, from the unit up to the city. */
export function orgUnitPath(code: string): OrgUnitSeed[] {
  const out: OrgUnitSeed[] = [];
  let u = orgByCode.get(code);
  while (u) {
    out.push(u);
    u = u.parentCode ? orgByCode.get(u.parentCode) : undefined;
  }
  return out;
}

/** The unit and everything below it. */
export function orgSubtree(code: string): OrgUnitSeed[] {
  return ORG_UNITS.filter((u) => orgUnitPath(u.code).some((a) => a.code === code));
}

export function catalogItemByCode(code: string): CatalogItemSeed | undefined {
  return itemByCode.get(code);
}

export function planTemplateByCode(code: string): PlanTemplateSeed | undefined {
  return templateByCode.get(code);
}

export interface TemplateStageView {
  stage: Stage;
  /** Parallel groups in order; the items of one group are handled at the same time. */
  groups: Array<{ group: number; items: Array<PlanTemplateItemSeed & { item: CatalogItemSeed }> }>;
}

/** A template's items with their catalogue entries, by stage and parallel group (for plans and the guide). */
export function templateStages(template: PlanTemplateSeed): TemplateStageView[] {
  const out: TemplateStageView[] = [];
  for (const ti of template.items) {
    const item = itemByCode.get(ti.catalogCode);
    if (!item) throw new Error(`计划书模板 ${template.code} 引用了不存在的事项 ${ti.catalogCode}`);
    let stage = out.find((s) => s.stage === ti.stage);
    if (!stage) out.push((stage = { stage: ti.stage, groups: [] }));
    let group = stage.groups.find((g) => g.group === ti.group);
    if (!group) stage.groups.push((group = { group: ti.group, items: [] }));
    group.items.push({ ...ti, item });
  }
  out.sort((a, b) => a.stage - b.stage);
  for (const s of out) s.groups.sort((a, b) => a.group - b.group);
  return out;
}
