// Seeds a fresh store with the shipped reference data: the service catalogue, the plan templates
// and (for the demo) the Fuzhou-like office tree. Idempotent: rows whose code exists are left alone.
// The rows get stable ids from their codes and stay off the outbox: the centre publishes the same
// reference data under the same ids, so a desktop never pushes its own copy.
import { referenceId } from '../../../shared/ids.js';
import * as t from '../../db/schema.js';
import type { WriteTx } from '../../db/store.js';
import { CATALOG_ITEMS, ORG_UNITS, PLAN_TEMPLATES } from '../../../shared/reference-data/index.js';

export function seedReferenceData(tx: WriteTx, options: { orgTree: boolean }): { orgUnitIdByCode: Map<string, string> } {
  const db = tx.store.db;
  const codes = (table: string) => new Set(db.prepare(`SELECT code FROM ${table}`).pluck().all() as string[]);
  const haveItems = codes('catalog_items');
  for (const c of CATALOG_ITEMS) {
    if (haveItems.has(c.code)) continue;
    tx.insert(t.catalogItems, {
      id: referenceId('catalogItems', c.code),
      code: c.code,
      name: c.name,
      department: c.department,
      level: c.level,
      planKind: c.planKind,
      stage: c.stage,
      statutoryLimitValue: c.statutoryLimit?.value ?? null,
      statutoryLimitUnit: c.statutoryLimit?.unit ?? null,
      promisedLimitValue: c.promisedLimit.value,
      promisedLimitUnit: c.promisedLimit.unit,
      materials: c.materials,
      fee: c.fee,
      proxyAllowed: c.proxyAllowed,
      online: c.online,
    }, { local: true });
  }
  const haveTemplates = codes('plan_templates');
  for (const p of PLAN_TEMPLATES) {
    if (haveTemplates.has(p.code)) continue;
    tx.insert(t.planTemplates, {
      id: referenceId('planTemplates', p.code),
      code: p.code,
      name: p.name,
      planKind: p.planKind,
      projectCategory: p.projectCategory,
      description: [p.suitableFor, p.description].filter(Boolean).join('\n'),
      items: p.items.map((i) => ({ catalogCode: i.catalogCode, stage: i.stage, group: i.group })),
    }, { local: true });
  }
  const orgUnitIdByCode = new Map(
    (db.prepare('SELECT code, id FROM org_units').all() as Array<{ code: string; id: string }>).map((r) => [r.code, r.id]),
  );
  if (options.orgTree) {
    // Parents come before children in ORG_UNITS (built top-down).
    for (const o of ORG_UNITS) {
      if (orgUnitIdByCode.has(o.code)) continue;
      const row = tx.insert(t.orgUnits, {
        id: referenceId('orgUnits', o.code),
        code: o.code,
        name: o.name,
        level: o.level,
        parentId: o.parentCode ? (orgUnitIdByCode.get(o.parentCode) ?? null) : null,
        officeName: o.officeName,
        address: o.address,
        phone: o.phone,
        officeHours: o.officeHours,
      }, { local: true });
      orgUnitIdByCode.set(o.code, row.id);
    }
  }
  return { orgUnitIdByCode };
}
