// What an applicant's phone shows, on real parts: a desktop enrolled with a running server
// registers a case for a person applicant, prints its liaison card before the centre has seen the
// case, and syncs. The QR decoded (zbarimg) from the card rendered at 150 dpi is opened in Chromium
// at phone size (375×667) with a WeChat user agent and JavaScript off:
//  - before the sync: "联络卡真实有效", the guide, "办理进度将在该中心联网同步后显示";
//  - after the sync and some work: stages, the items' statuses, the due date, the masked name, and
//    none of the case's ID number, phones, full name or progress notes anywhere in the HTML;
//  - a flipped signature byte, a regenerated (old) card and an unknown token each get their own answer.
// Screenshots: test-artifacts/guide-phone-*.png.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/main/api/backend';
import * as t from '../../src/main/db/schema';
import { SYSTEM_ACTOR } from '../../src/main/db/store';
import { seedReferenceData } from '../../src/main/features/catalog/seed';
import { publishReference } from '../../src/server/sync/publish';
import type { ApiResult } from '../../src/shared/api/errors';
import { makeResidentId, mulberry32 } from '../../src/shared/domain/synthetic-ids';
import { uuidv7 } from '../../src/shared/ids';
import { PLAN_TEMPLATES } from '../../src/shared/reference-data';
import { cleanUp, decodeQr, renderPages, savePdf } from '../integration/printing/pdf-tools';
import { PASSWORD, request, startHarness, type Harness } from '../integration/sync/harness';
import { ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, chromiumMissing, STATE_TIMEOUT } from './harness';

const WECHAT_UA = 'Mozilla/5.0 (Linux; Android 10; V2001A Build/QP1A.190711.020; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/86.0.4240.99 XWEB/4313 MMWEBSDK/20220805 Mobile Safari/537.36 MMWEBID/1234 MicroMessenger/8.0.27.2220(0x28001B37) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
const toolsMissing = spawnSync('pdftoppm', ['-v']).status !== 0 || spawnSync('zbarimg', ['--version']).status !== 0;

describe.skipIf(chromiumMissing || toolsMissing)('e2e: the liaison card QR on a phone', () => {
  let srv: Harness;
  let backend: Backend;
  let browser: Browser;
  let phone: BrowserContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-guide-phone-'));
  const rng = mulberry32(2026);
  const person = { name: '王建明', idNumber: makeResidentId(rng, { regionCode: '350102' }), phone: '13905917788' };
  const secretNote = '申请人王建明家住鼓东路18号3单元，已电话告知补正';
  let caseId = '';
  let cardUrl = '';

  const signedIn = new Set<string>();
  async function call<T = unknown>(who: string, name: string, input: unknown = {}): Promise<T> {
    if (!signedIn.has(who)) {
      const r = await backend.dispatch(who, 'auth.login', { username: who, password: PASSWORD });
      if (!r.ok) throw new Error(`login ${who}: ${JSON.stringify(r)}`);
      signedIn.add(who);
    }
    const r: ApiResult<unknown> = await backend.dispatch(who, name, input);
    if (!r.ok) throw new Error(`${name}: ${JSON.stringify(r.error)}`);
    return r.data as T;
  }
  async function sync() {
    const r = await backend.deps.sync.syncNow();
    expect(r?.ok, r?.message).toBe(true);
    expect(r?.rejections).toEqual([]);
  }
  async function printCardQr(): Promise<string> {
    const doc = await call<{ dataBase64: string }>('agentA', 'print.document', { kind: 'liaisonCard', caseId });
    const file = savePdf(Buffer.from(doc.dataBase64, 'base64'), 'guide-phone-card');
    const decoded = decodeQr(renderPages(file, 150)[1]!);
    expect(decoded).toHaveLength(1);
    return decoded[0]!;
  }
  /** Opens a URL on the phone; returns the status, the page's HTML and its visible text. */
  async function open(url: string, shotName?: string): Promise<{ status: number; html: string; text: string }> {
    const page = await phone.newPage();
    try {
      const res = await page.goto(url, { waitUntil: 'load' });
      const html = await res!.text();
      const text = await page.locator('body').innerText();
      if (shotName) {
        await page.screenshot({ path: path.join(ARTIFACTS, `guide-phone-${shotName}.png`) });
        await page.screenshot({ path: path.join(ARTIFACTS, `guide-phone-${shotName}-full.png`), fullPage: true });
      }
      return { status: res!.status(), html, text };
    } finally {
      await page.close();
    }
  }

  beforeAll(async () => {
    srv = await startHarness();
    // The address the server announces to desktops: here the one the phone reaches it at.
    srv.server.ctx.options.publicUrl = srv.url;
    backend = createBackend({ dataDir: dir, log: () => undefined });
    const store = backend.deps.store;
    store.write({ actor: SYSTEM_ACTOR, action: 'test.seed' }, (tx) => seedReferenceData(tx, { orgTree: false }));
    // The centre publishes the catalogue and templates (the guide pages read the published ones).
    await publishReference(srv.server.ctx, 'catalogItems', store.orm.select().from(t.catalogItems).all() as never);
    await publishReference(srv.server.ctx, 'planTemplates', store.orm.select().from(t.planTemplates).all() as never);
    const code = await request(srv.url, 'POST', '/admin/enrollment-codes', { orgUnitId: srv.org.townA }, { authorization: `Bearer ${srv.adminToken}` });
    await backend.deps.sync.enroll(srv.url, (code.body as { code: string }).code, '鼓东便民服务中心 1 号窗口');
    await sync();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    phone = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, userAgent: WECHAT_UA, javaScriptEnabled: false, locale: 'zh-CN' });
    phone.setDefaultTimeout(STATE_TIMEOUT);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await phone?.close();
    await browser?.close();
    backend?.close();
    await srv?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    cleanUp();
  });

  it('a card printed before the first sync opens as genuine, with the guide and "进度待同步"', async () => {
    const reg = await call<{ caseId: string; caseNo: string }>('clerkA', 'intake.register', {
      channel: 'counter', mode: 'proxy', helpKind: null,
      applicant: { kind: 'person', name: person.name, idNumber: person.idNumber, contactName: person.name, contactPhone: person.phone },
      project: { name: '王建明自建农房报建', category: 'social', location: '鼓楼区鼓东街道鼓东路18号', investment: 60 },
      summary: '自建房报建全程代办', agentId: srv.org.users.agentA,
    });
    caseId = reg.caseId;
    const template = backend.deps.store.orm.select().from(t.planTemplates).all().find((p) => p.code === 'TPL-SMALL-LOWRISK')!;
    await call('agentA', 'plan.create', { caseId, templateId: template.id });
    cardUrl = await printCardQr();
    expect(cardUrl.startsWith(`${srv.url}/g/TPL-SMALL-LOWRISK?c=`)).toBe(true);

    const before = await open(cardUrl, 'offline-card');
    expect(before.status).toBe(200);
    expect(before.text).toContain('联络卡真实有效');
    // Registered today at 鼓东街道 (the office of the case number's division code).
    expect(before.text).toMatch(/登记于\s*\d{4}/);
    expect(before.text).toContain(reg.caseNo);
    expect(before.text).toContain('办理进度将在该中心联网同步后显示');
    expect(before.text).toContain(template.name);
    expect(before.text).toContain('全程免费');
    expect(before.text).toContain('代办不包办、服务不揽责');
  });

  it('after the sync the card shows the stages, statuses and due date — and no personal data', async () => {
    const items = backend.deps.store.orm.select().from(t.planItems).all().filter((i) => i.caseId === caseId).sort((a, b) => a.sortOrder - b.sortOrder);
    expect(items.length).toBeGreaterThan(2);
    const [first, second] = items as [typeof items[number], typeof items[number]];
    await call('agentA', 'plan.setItemStatus', { planItemId: first.id, status: 'submitted' });
    await call('agentA', 'plan.setItemStatus', { planItemId: first.id, status: 'approved', approvalDocNo: '榕资规建〔2026〕118号' });
    await call('agentA', 'plan.setItemStatus', { planItemId: second.id, status: 'submitted' });
    await call('agentA', 'plan.setItemStatus', { planItemId: second.id, status: 'correcting', note: '补正：缺少宗地图' });
    await call('agentA', 'progress.add', { caseId, kind: 'correction', text: secretNote, hours: 1.5, planItemId: second.id });
    await sync();

    const after = await open(cardUrl, 'progress');
    expect(after.status).toBe(200);
    expect(after.text).toContain('联络卡真实有效');
    const caseNo = backend.deps.store.db.prepare('SELECT case_no FROM cases WHERE id = ?').pluck().get(caseId) as string;
    expect(after.text).toContain(caseNo);
    expect(after.text).toContain('王*明自建农房报建');
    // Stage by stage, each item with its status; the approved one with its document number.
    expect(after.text).toContain(first.name);
    expect(after.text).toContain('已办结');
    expect(after.text).toContain('榕资规建〔2026〕118号');
    expect(after.text).toContain('补正中');
    expect(after.text).toMatch(/工作日/);
    expect(after.text).toContain('王*明');
    // Nothing personal anywhere in what the server sent.
    for (const secret of [person.idNumber, person.phone, person.name, secretNote, '鼓东路18号']) {
      expect(after.html.includes(secret), `HTML contains ${secret}`).toBe(false);
    }
    const agentPhone = backend.deps.store.db.prepare('SELECT phone FROM users WHERE username = ?').pluck().get('agentA') as string;
    if (agentPhone) expect(after.html.includes(agentPhone)).toBe(false);
  });

  it('a flipped signature byte, a regenerated card and an unknown token each get their own plain answer', async () => {
    const flipped = cardUrl.replace(/(s=[A-Za-z0-9_-]{8}\.)([A-Za-z0-9_-])/, (_m, head: string, ch: string) => head + (ch === 'A' ? 'B' : 'A'));
    expect(flipped).not.toBe(cardUrl);
    const forged = await open(flipped, 'forged');
    expect(forged.text).toContain('无法核验此联络卡');
    expect(forged.text).not.toContain('自建农房报建');

    await call('agentA', 'case.regenerateToken', { caseId });
    await sync();
    const newCard = await printCardQr();
    expect(newCard).not.toBe(cardUrl);
    const old = await open(cardUrl, 'revoked');
    expect(old.text).toContain('此联络卡已作废，请使用新卡');
    expect(old.text).not.toContain('自建农房报建');
    expect((await open(newCard)).text).toContain('王*明自建农房报建');

    const unknown = await open(`${srv.url}/g/TPL-SMALL-LOWRISK?c=AAAAAAAAAAAAAAAA`, 'unknown');
    const malformed = await open(`${srv.url}/g/TPL-SMALL-LOWRISK?c=${encodeURIComponent("' OR 1=1 --")}`);
    expect(unknown.text).not.toContain('自建农房报建');
    expect(unknown.text).not.toContain('联络卡真实有效');
    expect(unknown.status).toBe(malformed.status);
    expect(unknown.text).toBe(malformed.text);
    expect(unknown.text).not.toBe(old.text);
    expect(unknown.text).not.toBe(forged.text);
  });

  it('a public 知识库 article reads on the phone, linked beside its item in the guide', async () => {
    const template = PLAN_TEMPLATES.find((x) => x.code === 'TPL-SMALL-LOWRISK')!;
    const code = template.items[0]!.catalogCode;
    const now = new Date().toISOString();
    const id = uuidv7();
    await publishReference(srv.server.ctx, 'knowledgeArticles', [{
      id, title: '自建农房报建常见问题', kind: 'faq', public: true, status: 'published', tags: ['农房'], catalogCodes: [code], templateCodes: [template.code],
      body: '## 需要准备什么\n\n1. **宅基地**批准文件\n2. 设计图纸（可用通用图集）\n\n| 材料 | 份数 |\n| --- | --- |\n| 身份证复印件 | 1 |\n\n<img src=x onerror=alert(1)>',
      authorId: srv.org.users.agentA, orgUnitId: srv.org.townA, publishedBy: srv.org.users.admin, publishedAt: now, createdAt: now, updatedAt: now, deletedAt: null,
    }]);
    const page = await open(`${srv.url}/g/k/${id}`, 'knowledge');
    expect(page.status).toBe(200);
    expect(page.text).toContain('自建农房报建常见问题');
    expect(page.text).toContain('宅基地批准文件');
    expect(page.html).not.toContain('<img');
    const p = await phone.newPage();
    try {
      await p.goto(`${srv.url}/g/k/${id}`);
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    } finally {
      await p.close();
    }
    expect((await open(`${srv.url}/g/${template.code}`)).html).toContain(`href="/g/k/${id}"`);
  });
});
