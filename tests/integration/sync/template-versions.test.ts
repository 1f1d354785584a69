// A plan template changed from a date at the centre's admin desktop reaches a township desktop by
// sync; a plan made before the change keeps its items, one made after gets the new ones, and a
// change saved for a later date leaves today's plans alone. The centre's guide shows the template
// in force on its day. A county admin is refused on the desktop and by the server; a version is
// never patched; bad content (an unknown code, no items, a duplicate, a stage the kind lacks) is
// refused in Chinese and writes nothing.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/db/store';
import { SYSTEM_ACTOR } from '../../../src/main/db/store';
import { login } from '../../../src/main/features/auth/service';
import { seedReferenceData } from '../../../src/main/features/catalog/seed';
import { addPlanTemplate, listPlanTemplates, planTemplateHistory, saveTemplateVersion } from '../../../src/main/features/templates/service';
import { assignCase, caseAction, findCaseByNo } from '../../../src/main/features/cases/service';
import { registerCase } from '../../../src/main/features/intake/service';
import { createPlan } from '../../../src/main/features/plans/service';
import { intakeSchema } from '../../../src/shared/api/cases';
import { referenceContract } from '../../../src/shared/api/reference';
import { addDays } from '../../../src/shared/domain/calendar';
import { makeResidentId, mulberry32 } from '../../../src/shared/domain/synthetic-ids';
import type { TemplateContent } from '../../../src/shared/domain/template-versions';
import { CATALOG_ITEMS } from '../../../src/shared/reference-data';
import { referenceId, uuidv7 } from '../../../src/shared/ids';
import { PASSWORD, Wire, enrollDevice } from './harness';
import { COUNTY_ADMIN_PASSWORD, publishCountyAdmin, useHarness, useStoreDesktops } from './store-desktops';

const h = useHarness();
const desktop = useStoreDesktops(h);

const rng = mulberry32(15);
const CODE = 'TPL-GOV-BUILDING';
const TEMPLATE_ID = referenceId('planTemplates', CODE);
const MOVED = 'FZ-2-004';
const ADDED = 'FZ-2-010';
const REMOVED = 'FZ-4-008';
const nameOf = (code: string) => CATALOG_ITEMS.find((c) => c.code === code)!.name;

function seed(store: Store) {
  store.write({ actor: SYSTEM_ACTOR, action: 'test.seed' }, (tx) => seedReferenceData(tx, { orgTree: false }));
}

type PlanRow = { code: string; stage: number; grp: number };

/** A case of townA with its plan from the template, made now; the plan's items. */
function makePlan(store: Store): PlanRow[] {
  const clerk = login(store, 'clerkA', PASSWORD).actor;
  const { caseNo, caseId } = registerCase({ store, actor: clerk }, intakeSchema.parse({
    channel: 'counter', mode: 'help', helpKind: 'assist', summary: '协助办理学校建设项目审批',
    applicant: { kind: 'person', name: '陈远', idNumber: makeResidentId(rng, { regionCode: '350102' }), contactName: '陈远', contactPhone: '13905910003' },
  }));
  if (findCaseByNo(store, caseNo)?.status === 'consulting') caseAction({ store, actor: clerk }, { caseId, action: 'accept' });
  assignCase({ store, actor: clerk }, { caseId, agentId: h().org.users.agentA } as never);
  const agent = login(store, 'agentA', PASSWORD).actor;
  createPlan({ store, actor: agent }, { caseId, templateId: CODE } as never);
  return planOf(store, caseId);
}

function planOf(store: Store, caseId: string): PlanRow[] {
  return store.db.prepare('SELECT catalog_code AS code, stage, parallel_group AS grp FROM plan_items WHERE case_id = ? AND deleted_at IS NULL ORDER BY sort_order').all(caseId) as PlanRow[];
}

/** The editor's change: FZ-2-004 joins the design review's group, FZ-2-010 is added, FZ-4-008 goes. */
function changed(c: TemplateContent): TemplateContent {
  const items = c.items.filter((i) => i.catalogCode !== REMOVED).map((i) => (i.catalogCode === MOVED ? { ...i, group: 1 } : i));
  const at = items.findIndex((i) => i.stage === 3);
  items.splice(at, 0, { catalogCode: ADDED, stage: 2, group: 2 });
  return { ...c, items };
}

/** The content with one more stage-2 item (one no earlier test added). */
function withExtra(c: TemplateContent, code: string): TemplateContent {
  return { ...c, items: [...c.items.filter((i) => i.catalogCode !== code), { catalogCode: code, stage: 2, group: 2 }] };
}

const parse = (input: unknown) => referenceContract['planTemplate.saveVersion'].input.parse(input);

describe('plan template versions', () => {
  it('a change from a date reaches a township desktop; plans before keep their items, plans after get the new ones', async () => {
    const centre = await desktop(h().org.city);
    const town = await desktop(h().org.townA);
    seed(centre.store);
    seed(town.store);
    const admin = { store: centre.store, actor: login(centre.store, 'admin', PASSWORD).actor };

    const before = makePlan(town.store);
    expect(before.map((r) => r.code)).toContain(REMOVED);
    const history0 = planTemplateHistory(admin, { planTemplateId: TEMPLATE_ID });
    expect(history0.entries).toEqual([]);
    const today = centre.store.today();
    const next = changed(history0.content);
    saveTemplateVersion(admin, parse({ planTemplateId: TEMPLATE_ID, effectiveFrom: today, content: next, note: '人防审批与设计方案并联' }));
    // A change for a later date on top of it (the name), which today's plans do not see.
    const later = addDays(today, 30);
    saveTemplateVersion(admin, parse({ planTemplateId: TEMPLATE_ID, effectiveFrom: later, content: { ...next, name: '政府投资房屋建筑类项目（2027版）' }, note: '下月起更名' }));
    // Saving what is already in force from that date is refused.
    expect(() => saveTemplateVersion(admin, parse({ planTemplateId: TEMPLATE_ID, effectiveFrom: today, content: next }))).toThrow(/没有需要保存的修改/);
    const up = await centre.sync();
    expect(up.pushed.applied).toBe(2);

    // The centre's guide shows the template in force on the server's day.
    const guide = async () => {
      const page = await fetch(`${h().url}/g/${CODE}`);
      expect(page.status).toBe(200);
      return page.text();
    };
    const serverTime = h().clock.ms;
    h().clock.ms = Date.parse(`${addDays(today, -1)}T02:00:00Z`);
    let html = await guide();
    expect(html).not.toContain(nameOf(ADDED));
    expect(html).toContain(nameOf(REMOVED));
    h().clock.ms = Date.parse(`${today}T02:00:00Z`);
    html = await guide();
    expect(html).toContain(nameOf(ADDED));
    expect(html).not.toContain(nameOf(REMOVED));
    expect(html).not.toContain('2027版');
    h().clock.ms = Date.parse(`${later}T02:00:00Z`);
    expect(await guide()).toContain('2027版');
    h().clock.ms = serverTime;

    const down = await town.sync();
    expect(down.checksumsVerified).toBe(true);
    const townCtx = { store: town.store, actor: login(town.store, 'clerkA', PASSWORD).actor };
    const listed = listPlanTemplates(townCtx).find((t) => t.id === TEMPLATE_ID)!;
    expect(listed.effectiveFrom).toBe(today);
    expect(listed.nextChangeFrom).toBe(later);
    expect(listed.name).toBe(history0.content.name);
    expect(listed.items.map((i) => i.code)).toContain(ADDED);

    // The plan made before kept its items; one made now gets the template in force today.
    const planBefore = town.store.db.prepare('SELECT case_id FROM plan_items WHERE catalog_code = ?').pluck().get(REMOVED) as string;
    expect(planOf(town.store, planBefore)).toEqual(before);
    const after = makePlan(town.store);
    expect(after.map((r) => r.code)).toContain(ADDED);
    expect(after.map((r) => r.code)).not.toContain(REMOVED);
    expect(after.find((r) => r.code === MOVED)).toMatchObject({ stage: 2, grp: 1 });
    expect(before.find((r) => r.code === MOVED)).toMatchObject({ stage: 2, grp: 2 });

    // The history on the township desktop says who changed what, in order of the dates.
    const history = planTemplateHistory(townCtx, { planTemplateId: TEMPLATE_ID });
    expect(history.entries.map((e) => e.effectiveFrom)).toEqual([today, later]);
    expect(history.entries[0]!.authorName).toBe('admin');
    expect(history.entries[0]!.note).toBe('人防审批与设计方案并联');
    expect(history.entries[0]!.changes).toEqual(expect.arrayContaining([
      `“${nameOf(MOVED)}”从第2阶段第2组移到第2阶段第1组`,
      `新增“${nameOf(ADDED)}”（第2阶段第2组）`,
      `移除“${nameOf(REMOVED)}”（原在第4阶段第2组）`,
    ]));
    expect(history.entries[1]!.changes).toEqual([`模板名称：${history0.content.name} → 政府投资房屋建筑类项目（2027版）`]);
  });

  it('a new template for a category: added by the centre, its stages checked against its kind', async () => {
    const centre = await desktop(h().org.city);
    seed(centre.store);
    const admin = { store: centre.store, actor: login(centre.store, 'admin', PASSWORD).actor };
    const water = CATALOG_ITEMS.find((c) => c.planKind === 'utilities')!.code;
    const add = (over: Record<string, unknown>) => addPlanTemplate(admin, referenceContract['planTemplate.add'].input.parse({
      code: 'tpl-water', planKind: 'utilities', content: { name: '供水报装', description: '用水报装一次办', projectCategory: null, items: [{ catalogCode: water, stage: 0, group: 1 }] }, ...over,
    }));
    expect(() => add({ content: { name: '供水报装', description: '', projectCategory: null, items: [{ catalogCode: water, stage: 3, group: 1 }] } })).toThrow(/水电气接入的模板只有“综合办理”一个阶段/);
    const { id } = add({});
    const listed = listPlanTemplates(admin, { kind: 'utilities' }).find((t) => t.id === id)!;
    expect(listed).toMatchObject({ code: 'TPL-WATER', name: '供水报装', items: [{ code: water, stage: 0, parallelGroup: 1 }] });
    expect(() => add({})).toThrow(/模板编码 TPL-WATER 已被使用/);
    const up = await centre.sync();
    expect(up.pushed.applied).toBe(1);
    expect((await (await fetch(`${h().url}/g/TPL-WATER`)).text())).toContain('用水报装一次办');
  });

  it('refuses a county admin (desktop and server), bad content in Chinese, and a patch of a version — writing nothing', async () => {
    const county = await desktop(h().org.county);
    seed(county.store);
    const countyAdminId = await publishCountyAdmin(h());
    await county.sync();
    const ctx = { store: county.store, actor: login(county.store, 'gulouAdmin', COUNTY_ADMIN_PASSWORD).actor };
    const content = planTemplateHistory(ctx, { planTemplateId: TEMPLATE_ID }).content;
    const count = () => county.store.db.prepare('SELECT (SELECT count(*) FROM plan_template_versions) + (SELECT count(*) FROM plan_templates) + (SELECT count(*) FROM outbox)').pluck().get();
    const n0 = count();
    const save = (c: unknown, over: Record<string, unknown> = {}) => () => saveTemplateVersion(ctx, parse({ planTemplateId: TEMPLATE_ID, effectiveFrom: county.store.today(), content: c, ...over }));
    expect(save(withExtra(content, 'FZ-2-003'))).toThrow(/只有中心（根机构）的管理员可以修改/);
    expect(() => addPlanTemplate(ctx, referenceContract['planTemplate.add'].input.parse({ code: 'TPL-GAS', planKind: 'utilities', content: { ...content, items: [] } }))).toThrow(/模板中至少要有一个事项/);
    expect(save(withExtra(content, 'FZ-2-003'), { effectiveFrom: '2020-01-01' })).toThrow(/生效日期不能早于今天/);
    // Bad content is refused whoever saves it, before anything is written.
    const centre = await desktop(h().org.city);
    seed(centre.store);
    const admin = { store: centre.store, actor: login(centre.store, 'admin', PASSWORD).actor };
    const m0 = centre.store.db.prepare('SELECT (SELECT count(*) FROM plan_template_versions) + (SELECT count(*) FROM outbox)').pluck().get();
    const adminSave = (c: unknown) => () => saveTemplateVersion(admin, parse({ planTemplateId: TEMPLATE_ID, effectiveFrom: centre.store.today(), content: c }));
    expect(adminSave({ ...content, items: [...content.items, { catalogCode: 'FZ-9-999', stage: 2, group: 1 }] })).toThrow(/事项编码 FZ-9-999 不在代办目录中/);
    expect(adminSave({ ...content, items: [] })).toThrow(/模板中至少要有一个事项/);
    expect(adminSave({ ...content, items: [...content.items, content.items[0]] })).toThrow(new RegExp(`事项 ${content.items[0]!.catalogCode} 在模板中重复出现`));
    expect(adminSave({ ...content, items: content.items.map((i, n) => (n === 0 ? { ...i, stage: 0 } : i)) })).toThrow(/工程建设项目的事项应放在第1至4阶段/);
    expect(adminSave({ ...content, name: '' })).toThrow(/请填写模板名称/);
    expect(centre.store.db.prepare('SELECT (SELECT count(*) FROM plan_template_versions) + (SELECT count(*) FROM outbox)').pluck().get()).toBe(m0);
    expect(count()).toBe(n0);

    // The server refuses the same from the county's desktop, and a patch of any version.
    const d = await enrollDevice(h(), h().org.county, '鼓楼区管理终端');
    const wire = new Wire(h().url, d.deviceToken, countyAdminId, h().org.county);
    const stamp = new Date().toISOString();
    const r = await wire.push([
      wire.op({ kind: 'insert', entity: 'planTemplateVersions', entityId: uuidv7(), payload: { planTemplateId: TEMPLATE_ID, effectiveFrom: county.store.today(), content: withExtra(content, 'FZ-2-003'), authorId: countyAdminId, note: '', createdAt: stamp, updatedAt: stamp, deletedAt: null } }),
    ]);
    expect(r.results.map((x) => x.status)).toEqual(['rejected']);
    expect(r.results[0]!.error).toMatch(/只有中心/);
    const adminContent = planTemplateHistory(admin, { planTemplateId: TEMPLATE_ID }).content;
    const versionId = saveTemplateVersion(admin, parse({ planTemplateId: TEMPLATE_ID, effectiveFrom: centre.store.today(), content: withExtra(adminContent, 'FZ-2-005'), note: '并联' })).versionId;
    await centre.sync();
    const adminWire = new Wire(h().url, (await enrollDevice(h(), h().org.city)).deviceToken, h().org.users.admin, h().org.city);
    const p = await adminWire.push([adminWire.op({ kind: 'patch', entity: 'planTemplateVersions', entityId: versionId, payload: { note: { base: '并联', value: '改过' } } })]);
    expect(p.results.map((x) => x.status)).toEqual(['rejected']);
    expect(p.results[0]!.error).toMatch(/计划书模板的版本记录只能追加/);
  });
});
