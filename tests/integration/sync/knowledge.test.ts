// 知识库 across desktops: a township agent writes a 标准流程 article and proposes it; the centre's
// admin publishes it; the township desktop pulls it, finds it by a two- and a three-character
// query and shows it beside the plan item it links (相关知识). The body renders with raw HTML off.
// The agent cannot publish, on the desktop or by a forged push; nobody else changes their draft.
import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/main/db/store';
import { SYSTEM_ACTOR } from '../../../src/main/db/store';
import { login } from '../../../src/main/features/auth/service';
import { seedReferenceData } from '../../../src/main/features/catalog/seed';
import { assignCase, caseAction, findCaseByNo, getCaseFile } from '../../../src/main/features/cases/service';
import { registerCase } from '../../../src/main/features/intake/service';
import { addKnowledgeAttachment, knowledgeAttachment, getKnowledge, knowledgeForItems, listKnowledge, proposeKnowledge, publishKnowledge, saveKnowledge, withdrawKnowledge } from '../../../src/main/features/knowledge/service';
import { createPlan } from '../../../src/main/features/plans/service';
import { searchAll } from '../../../src/main/features/search/service';
import { intakeSchema } from '../../../src/shared/api/cases';
import { knowledgeContract } from '../../../src/shared/api/knowledge';
import { referenceContract } from '../../../src/shared/api/reference';
import { makeResidentId, mulberry32 } from '../../../src/shared/domain/synthetic-ids';
import { uuidv7 } from '../../../src/shared/ids';
import { PLAN_TEMPLATES } from '../../../src/shared/reference-data';
import { PASSWORD, Wire, enrollDevice } from './harness';
import { useHarness, useStoreDesktops } from './store-desktops';

const h = useHarness();
const desktop = useStoreDesktops(h);
const rng = mulberry32(15);
const TEMPLATE = PLAN_TEMPLATES[0]!;
const ITEM_CODE = TEMPLATE.items[1]!.catalogCode;

function seed(store: Store) {
  store.write({ actor: SYSTEM_ACTOR, action: 'test.seed' }, (tx) => seedReferenceData(tx, { orgTree: false }));
}
const as = (store: Store, username: string) => ({ store, actor: login(store, username, PASSWORD).actor });
const save = (input: Record<string, unknown>) => knowledgeContract['knowledge.save'].input.parse(input);
const list = (input: Record<string, unknown>) => knowledgeContract['knowledge.list'].input.parse(input);

const ARTICLE = {
  title: '厂房项目联合审图标准流程',
  kind: 'standardFlow',
  // A two-character word (刻章) and a three-character one (施工图) only the body holds.
  body: '## 适用情形\n\n社会投资的**小型厂房**项目。\n\n1. 先刻章，再申请联合审图\n2. 施工图审查合格后申报施工许可\n\n<script>alert(1)</script>\n\n参见 https://zwfw.fujian.gov.cn',
  tags: ['高频事项', '工程建设'],
  catalogCodes: [ITEM_CODE.toLowerCase()],
  templateCodes: [TEMPLATE.code],
  public: true,
};

describe('knowledge base', () => {
  it('an agent proposes, the centre publishes, a township desktop finds it by two characters and beside its plan item', async () => {
    const centre = await desktop(h().org.city);
    const town = await desktop(h().org.townA);
    seed(centre.store);
    seed(town.store);
    const agent = as(town.store, 'agentA');

    // Bad input is named and writes nothing.
    const outbox = () => town.store.db.prepare('SELECT count(*) FROM outbox').pluck().get();
    const n0 = outbox();
    expect(() => save({ ...ARTICLE, title: '' })).toThrow(/请填写标题/);
    expect(() => save({ ...ARTICLE, catalogCodes: ['福州 001'] })).toThrow(/事项编码应为/);
    expect(() => saveKnowledge(agent, save({ ...ARTICLE, catalogCodes: ['FZ-9-999'] }))).toThrow(/关联事项 FZ-9-999 不在代办目录中/);
    expect(outbox()).toBe(n0);

    const { id } = saveKnowledge(agent, save(ARTICLE));
    expect(getKnowledge(agent, { articleId: id })).toMatchObject({ status: 'draft', mayPropose: true, mayPublish: false, catalogCodes: [ITEM_CODE] });
    // Another staff member of the office neither sees nor changes the draft.
    const clerk = as(town.store, 'clerkA');
    expect(listKnowledge(clerk, list({ view: 'all' })).map((a) => a.id)).not.toContain(id);
    expect(() => saveKnowledge(clerk, save({ ...ARTICLE, articleId: id, title: '改标题' }))).toThrow(/知识不存在/);
    // The agent cannot publish: the role, and (as an admin of a township would be) the centre rule.
    expect(() => publishKnowledge(agent, { articleId: id })).toThrow(/无权发布知识/);
    // A sample form attached to the draft travels with it (the file by its hash, like case attachments).
    const pdf = Buffer.from('%PDF-1.4\n% 联合审图申请表（样表）\n%%EOF\n');
    const { sha256 } = addKnowledgeAttachment(agent, knowledgeContract['knowledge.addAttachment'].input.parse({ articleId: id, name: '联合审图申请表（样表）.pdf', mime: 'application/pdf', dataBase64: pdf.toString('base64') }));
    expect(() => addKnowledgeAttachment(agent, knowledgeContract['knowledge.addAttachment'].input.parse({ articleId: id, name: '再传一次.pdf', mime: 'application/pdf', dataBase64: pdf.toString('base64') }))).toThrow(/已是这条知识的附件/);
    expect(() => addKnowledgeAttachment(clerk, knowledgeContract['knowledge.addAttachment'].input.parse({ articleId: id, name: 'x.pdf', mime: 'application/pdf', dataBase64: pdf.toString('base64') }))).toThrow(/知识不存在/);
    proposeKnowledge(agent, { articleId: id });
    expect(getKnowledge(agent, { articleId: id }).status).toBe('proposed');
    expect((await town.sync()).pushed.applied).toBe(3);

    // The centre's admin sees the proposal, publishes it.
    await centre.sync();
    const admin = as(centre.store, 'admin');
    expect(listKnowledge(admin, list({ view: 'proposed' })).map((a) => a.title)).toEqual([ARTICLE.title]);
    expect(getKnowledge(admin, { articleId: id })).toMatchObject({ mayPublish: true, authorName: 'agentA', attachments: [{ name: '联合审图申请表（样表）.pdf', sha256, here: true, size: pdf.length }] });
    expect(Buffer.from(knowledgeAttachment(admin, { articleId: id, sha256 }).dataBase64, 'base64').equals(pdf)).toBe(true);
    publishKnowledge(admin, { articleId: id });
    expect((await centre.sync()).pushed.applied).toBe(1);
    await town.sync();

    // On the township desktop: published, found by two and by three characters, rendered safely.
    expect(listKnowledge(clerk, list({ q: '刻章' })).map((a) => a.id)).toEqual([id]);
    expect(listKnowledge(clerk, list({ q: '施工图' })).map((a) => a.id)).toEqual([id]);
    expect(listKnowledge(clerk, list({ q: '高频' })).map((a) => a.id)).toEqual([id]);
    expect(listKnowledge(clerk, list({ q: '不相干' }))).toEqual([]);
    const shown = getKnowledge(clerk, { articleId: id });
    expect(shown).toMatchObject({ status: 'published', publishedByName: 'admin', mayEdit: false, mayPublish: false });
    expect(shown.bodyHtml).toContain('<strong>小型厂房</strong>');
    expect(shown.bodyHtml).not.toContain('<script');
    expect(shown.bodyHtml).toContain('&lt;script&gt;');
    expect(shown.bodyHtml).toContain('rel="noopener noreferrer"');
    expect(shown.items[0]).toMatchObject({ code: ITEM_CODE });
    expect(shown.items[0]!.name).toBeTruthy();
    // Case search is not crowded by articles.
    expect(searchAll(clerk, referenceContract['search.query'].input.parse({ q: '刻章' })).cases).toEqual([]);

    // Beside the plan item it links (相关知识), on a plan made at the township.
    const { caseNo, caseId } = registerCase(clerk, intakeSchema.parse({
      channel: 'counter', mode: 'help', helpKind: 'assist', summary: '协助办理厂房项目审批',
      applicant: { kind: 'person', name: '陈立', idNumber: makeResidentId(rng, { regionCode: '350102' }), contactName: '陈立', contactPhone: '13905910003' },
    }));
    if (findCaseByNo(town.store, caseNo)?.status === 'consulting') caseAction(clerk, { caseId, action: 'accept' });
    assignCase(clerk, { caseId, agentId: h().org.users.agentA } as never);
    createPlan(agent, { caseId, templateId: TEMPLATE.code } as never);
    const codes = getCaseFile(agent, caseId).plan!.items.map((i) => i.code!).filter(Boolean);
    expect(codes).toContain(ITEM_CODE);
    const related = knowledgeForItems(agent, { codes });
    expect(Object.keys(related)).toEqual([ITEM_CODE]);
    expect(related[ITEM_CODE]!.map((a) => a.title)).toEqual([ARTICLE.title]);

    // The public guide shows it: its own page (rendered safely), beside the item in the template's
    // guide, and on the guide's index.
    const articlePage = await fetch(`${h().url}/g/k/${id}`);
    expect(articlePage.status).toBe(200);
    const articleHtml = await articlePage.text();
    expect(articleHtml).toContain(`<h1>${ARTICLE.title}</h1>`);
    expect(articleHtml).toContain('<strong>小型厂房</strong>');
    expect(articleHtml).not.toContain('<script>alert');
    expect(await (await fetch(`${h().url}/g/${TEMPLATE.code}`)).text()).toContain(`href="/g/k/${id}"`);
    expect(await (await fetch(`${h().url}/g/`)).text()).toContain(ARTICLE.title);
    expect((await fetch(`${h().url}/g/k/${encodeURIComponent('<x>')}`)).status).toBe(404);

    // Withdrawn at the centre: gone from the township's 相关知识 after the next pull.
    withdrawKnowledge(admin, { articleId: id });
    await centre.sync();
    await town.sync();
    expect(knowledgeForItems(agent, { codes })).toEqual({});
    expect(listKnowledge(clerk, list({ q: '刻章' }))).toEqual([]);
    expect((await fetch(`${h().url}/g/k/${id}`)).status).toBe(404);
  });

  it('the server refuses a township agent who publishes by a forged push, or edits a published article', async () => {
    const town = await desktop(h().org.townA);
    seed(town.store);
    const agent = as(town.store, 'agentA');
    const { id } = saveKnowledge(agent, save({ ...ARTICLE, title: '窗口常见问题' }));
    await town.sync();

    const d = await enrollDevice(h(), h().org.townA, '鼓东街道窗口');
    const wire = new Wire(h().url, d.deviceToken, h().org.users.agentA, h().org.townA);
    const stamp = new Date().toISOString();
    const row = { ...ARTICLE, catalogCodes: [ITEM_CODE], status: 'published', authorId: h().org.users.agentA, orgUnitId: h().org.townA, publishedBy: h().org.users.agentA, publishedAt: stamp, createdAt: stamp, updatedAt: stamp, deletedAt: null };
    const forged = await wire.push([
      wire.op({ kind: 'insert', entity: 'knowledgeArticles', entityId: uuidv7(), payload: row }),
      wire.op({ kind: 'patch', entity: 'knowledgeArticles', entityId: id, payload: { status: { base: 'draft', value: 'published' } } }),
      // Someone else's article in their name.
      wire.op({ kind: 'insert', entity: 'knowledgeArticles', entityId: uuidv7(), payload: { ...row, status: 'draft', publishedBy: null, publishedAt: null, authorId: h().org.users.clerkA } }),
    ]);
    expect(forged.results.map((x) => x.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(forged.results[0]!.error).toMatch(/中心/);

    // Published by the centre, the article is the centre's: the agent's edit is refused.
    const adminWire = new Wire(h().url, (await enrollDevice(h(), h().org.city)).deviceToken, h().org.users.admin, h().org.city);
    const pub = await adminWire.push([adminWire.op({ kind: 'patch', entity: 'knowledgeArticles', entityId: id, payload: { status: { base: 'draft', value: 'published' }, publishedBy: { base: null, value: h().org.users.admin } } })]);
    expect(pub.results.map((x) => x.status)).toEqual(['applied']);
    const edit = await wire.push([wire.op({ kind: 'patch', entity: 'knowledgeArticles', entityId: id, payload: { body: { base: ARTICLE.body, value: '改过的正文' } } })]);
    expect(edit.results.map((x) => x.status)).toEqual(['rejected']);
    expect(edit.results[0]!.error).toMatch(/已发布的知识由中心管理员修改/);
  });
});
