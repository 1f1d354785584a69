// A catalogue item changed from a date at the centre's admin desktop reaches a township desktop by
// sync; a plan made before the change keeps the old limit, one made after gets the new one, and a
// change saved for a later date leaves today's plans alone. A county admin is refused on the
// desktop and by the server; a version is never patched.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/db/store';
import { SYSTEM_ACTOR } from '../../../src/main/db/store';
import { login } from '../../../src/main/features/auth/service';
import { seedReferenceData } from '../../../src/main/features/catalog/seed';
import { catalogHistory, listCatalog, saveCatalogVersion } from '../../../src/main/features/catalog/service';
import { assignCase, caseAction, findCaseByNo } from '../../../src/main/features/cases/service';
import { registerCase } from '../../../src/main/features/intake/service';
import { createPlan } from '../../../src/main/features/plans/service';
import { limitText } from '../../../src/server/pages/format';
import { intakeSchema } from '../../../src/shared/api/cases';
import { referenceContract } from '../../../src/shared/api/reference';
import { addDays } from '../../../src/shared/domain/calendar';
import { makeResidentId, mulberry32 } from '../../../src/shared/domain/synthetic-ids';
import { PLAN_TEMPLATES } from '../../../src/shared/reference-data';
import { referenceId, uuidv7 } from '../../../src/shared/ids';
import { PASSWORD, Wire, enrollDevice } from './harness';
import { COUNTY_ADMIN_PASSWORD, publishCountyAdmin, useHarness, useStoreDesktops } from './store-desktops';

const h = useHarness();
const desktop = useStoreDesktops(h);

const rng = mulberry32(14);
const TEMPLATE = PLAN_TEMPLATES[0]!;
const ITEM_CODE = TEMPLATE.items[0]!.catalogCode;
const ITEM_ID = referenceId('catalogItems', ITEM_CODE);

function seed(store: Store) {
  store.write({ actor: SYSTEM_ACTOR, action: 'test.seed' }, (tx) => seedReferenceData(tx, { orgTree: false }));
}

/** A case of townA with its plan from the template, made now; the limit its item got. */
function planLimit(store: Store): { limit: number; unit: string } {
  const clerk = login(store, 'clerkA', PASSWORD).actor;
  const { caseNo, caseId } = registerCase({ store, actor: clerk }, intakeSchema.parse({
    channel: 'counter', mode: 'help', helpKind: 'assist', summary: '协助办理厂房项目审批',
    applicant: { kind: 'person', name: '林海', idNumber: makeResidentId(rng, { regionCode: '350102' }), contactName: '林海', contactPhone: '13905910002' },
  }));
  if (findCaseByNo(store, caseNo)?.status === 'consulting') caseAction({ store, actor: clerk }, { caseId, action: 'accept' });
  assignCase({ store, actor: clerk }, { caseId, agentId: h().org.users.agentA } as never);
  const agent = login(store, 'agentA', PASSWORD).actor;
  createPlan({ store, actor: agent }, { caseId, templateId: TEMPLATE.code } as never);
  const row = store.db.prepare('SELECT limit_value AS "limit", limit_unit AS unit FROM plan_items WHERE case_id = ? AND catalog_code = ?').get(caseId, ITEM_CODE) as { limit: number; unit: string };
  return row;
}

describe('catalogue versions', () => {
  it('a change from a date reaches a township desktop; plans before keep, plans after get the new limit', async () => {
    const centre = await desktop(h().org.city);
    const town = await desktop(h().org.townA);
    seed(centre.store);
    seed(town.store);
    const admin = { store: centre.store, actor: login(centre.store, 'admin', PASSWORD).actor };

    const before = planLimit(town.store);
    const history0 = catalogHistory(admin, { catalogItemId: ITEM_ID });
    expect(history0.entries).toEqual([]);
    const today = centre.store.today();
    const newLimit = history0.fields.promisedLimitValue + 7;

    // A change from today, and one already saved for a later date (on top of it).
    saveCatalogVersion(admin, referenceContract['catalogue.saveVersion'].input.parse({
      catalogItemId: ITEM_ID, effectiveFrom: today, fields: { ...history0.fields, promisedLimitValue: newLimit, basis: '《福建省优化营商环境条例》' }, note: '压缩承诺时限',
    }));
    const later = addDays(today, 30);
    saveCatalogVersion(admin, referenceContract['catalogue.saveVersion'].input.parse({
      catalogItemId: ITEM_ID, effectiveFrom: later, fields: { ...catalogHistory(admin, { catalogItemId: ITEM_ID }).fields, promisedLimitValue: newLimit + 5 }, note: '下月起调整',
    }));
    // Saving what is already in force from that date is refused.
    expect(() => saveCatalogVersion(admin, referenceContract['catalogue.saveVersion'].input.parse({ catalogItemId: ITEM_ID, effectiveFrom: today, fields: catalogHistory(admin, { catalogItemId: ITEM_ID }).fields }))).toThrow(/没有需要保存的修改/);
    // The later change does not reach today's plans.
    expect(listCatalog(admin, { q: ITEM_CODE }).find((c) => c.id === ITEM_ID)?.promisedLimit).toBe(newLimit);
    const up = await centre.sync();
    expect(up.pushed.applied).toBe(2);

    // The centre's guide page (what the card's QR opens) shows the limit in force on the server's
    // day: the old one while its clock is before the change, the new one from that day on (the
    // same reference version: the page's cache is per day too).
    const promisedOnGuide = async () => {
      const page = await fetch(`${h().url}/g/${TEMPLATE.code}`);
      expect(page.status).toBe(200);
      const html = await page.text();
      const at = html.indexOf(`<dt>承诺时限</dt><dd>`, html.indexOf(history0.fields.name));
      return html.slice(at, html.indexOf('</dd>', at) + 5);
    };
    const unit = history0.fields.promisedLimitUnit as 'workdays';
    const serverTime = h().clock.ms;
    h().clock.ms = Date.parse(`${addDays(today, -1)}T02:00:00Z`);
    expect(await promisedOnGuide()).toBe(`<dt>承诺时限</dt><dd>${limitText({ value: history0.fields.promisedLimitValue, unit })}</dd>`);
    h().clock.ms = Date.parse(`${today}T02:00:00Z`);
    expect(await promisedOnGuide()).toBe(`<dt>承诺时限</dt><dd>${limitText({ value: newLimit, unit })}</dd>`);
    h().clock.ms = serverTime;

    const down = await town.sync();
    expect(down.checksumsVerified).toBe(true);
    const townCtx = { store: town.store, actor: login(town.store, 'clerkA', PASSWORD).actor };
    const listed = listCatalog(townCtx, { q: ITEM_CODE }).find((c) => c.id === ITEM_ID)!;
    expect(listed.promisedLimit).toBe(newLimit);
    expect(listed.effectiveFrom).toBe(today);
    expect(listed.nextChangeFrom).toBe(later);
    expect(listed.basis).toBe('《福建省优化营商环境条例》');

    // The plan made before the change kept its limit; a plan made now gets the new one.
    expect(town.store.db.prepare('SELECT count(*) FROM plan_items WHERE catalog_code = ? AND limit_value = ?').pluck().get(ITEM_CODE, before.limit)).toBe(1);
    const after = planLimit(town.store);
    expect(after.limit).toBe(newLimit);
    expect(before.limit).not.toBe(newLimit);

    // The history on the township desktop names who changed what, in order of the dates.
    const history = catalogHistory(townCtx, { catalogItemId: ITEM_ID });
    expect(history.entries.map((e) => e.effectiveFrom)).toEqual([today, later]);
    expect(history.entries[0]!.authorName).toBe('admin');
    expect(history.entries[0]!.changes.map((c) => c.label).sort()).toEqual(['承诺时限', '设定依据'].sort());
    expect(history.entries[0]!.changes.find((c) => c.field === 'promisedLimitValue')).toMatchObject({ before: before.limit, after: newLimit });
    expect(history.entries[1]!.changes).toEqual([{ field: 'promisedLimitValue', label: '承诺时限', before: newLimit, after: newLimit + 5 }]);
  });

  it('refuses a county admin, a past date and a limit of "十天" — writing nothing', async () => {
    const county = await desktop(h().org.county);
    seed(county.store);
    const countyAdminId = await publishCountyAdmin(h());
    await county.sync();
    const ctx = { store: county.store, actor: login(county.store, 'gulouAdmin', COUNTY_ADMIN_PASSWORD).actor };
    const fields = catalogHistory(ctx, { catalogItemId: ITEM_ID }).fields;
    const count = () => county.store.db.prepare('SELECT (SELECT count(*) FROM catalog_item_versions) + (SELECT count(*) FROM outbox)').pluck().get();
    const n0 = count();
    const save = (over: Record<string, unknown>) => () => saveCatalogVersion(ctx, referenceContract['catalogue.saveVersion'].input.parse({ catalogItemId: ITEM_ID, effectiveFrom: county.store.today(), fields, ...over }));
    expect(save({ fields: { ...fields, promisedLimitValue: fields.promisedLimitValue + 1 } })).toThrow(/只有中心（根机构）的管理员可以修改/);
    expect(save({ effectiveFrom: '2020-01-01', fields: { ...fields, promisedLimitValue: 1 } })).toThrow(/生效日期不能早于今天/);
    expect(save({ fields: { ...fields, promisedLimitValue: '十天' } })).toThrow(/承诺时限应为天数等整数.*十天/);
    expect(count()).toBe(n0);

    // The server refuses the same from the county's desktop, and a patch of any version.
    const d = await enrollDevice(h(), h().org.county, '鼓楼区管理终端');
    const wire = new Wire(h().url, d.deviceToken, countyAdminId, h().org.county);
    const stamp = new Date().toISOString();
    const r = await wire.push([
      wire.op({ kind: 'insert', entity: 'catalogItemVersions', entityId: uuidv7(), payload: { catalogItemId: ITEM_ID, effectiveFrom: county.store.today(), fields: { ...fields, promisedLimitValue: 1 }, authorId: countyAdminId, note: '', createdAt: stamp, updatedAt: stamp, deletedAt: null } }),
    ]);
    expect(r.results.map((x) => x.status)).toEqual(['rejected']);
    expect(r.results[0]!.error).toMatch(/只有中心/);
    const versionId = county.store.db.prepare('SELECT id FROM catalog_item_versions LIMIT 1').pluck().get() as string;
    const adminWire = new Wire(h().url, (await enrollDevice(h(), h().org.city)).deviceToken, h().org.users.admin, h().org.city);
    const p = await adminWire.push([adminWire.op({ kind: 'patch', entity: 'catalogItemVersions', entityId: versionId, payload: { note: { base: '压缩承诺时限', value: '改过' } } })]);
    expect(p.results.map((x) => x.status)).toEqual(['rejected']);
    expect(p.results[0]!.error).toMatch(/只能追加/);
  });
});
