// The public guide pages over HTTP on a real server: guide content, public progress without
// personal data, the card's outcomes with real MACs, the index and the six lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows } from '../../../src/server/store/db';
import { catalogItemByCode, CATALOG_ITEMS, planTemplateByCode } from '../../../src/shared/reference-data';
import { daysLeft, dueFor } from '../../../src/shared/domain/calendar';
import { PLAN_ITEM_STATUSES } from '../../../src/shared/domain/enums';
import { maskName } from '../../../src/shared/domain/masking';
import { limitText } from '../../../src/server/pages/format';
import { isCertificateMaterial } from '../../../src/server/pages/lists';
import { publishReference } from '../../../src/server/sync/publish';
import { request } from '../sync/harness';
import { cardPath, completeCase, get, newToken, OFFICE_PHONE, AGENT_NAME, pushCase, regenerateToken, signCard, startWorld, type PushedCase, type World } from './world';

let w: World;
let kase: PushedCase;
const today = '2026-03-02'; // the harness clock: 2026-03-02T02:00Z = 10:00 in Fuzhou

beforeAll(async () => {
  w = await startWorld();
  kase = await pushCase(w);
});
afterAll(async () => w?.h.close());

const signedPath = (k: PushedCase, over: Partial<{ token: string; caseNo: string; issueDate: string }> = {}) => {
  const f = { token: k.token, caseNo: k.caseNo, issueDate: k.acceptedDate, ...over };
  return cardPath(k.templateCode, f, signCard(w.card, { ...f, templateCode: k.templateCode }));
};

describe('the guide of a template', () => {
  it('shows stages in order, parallel groups, limits with units, materials, fees, the office, 全程免费 and the disclaimer', async () => {
    const r = await get(w, '/g/TPL-SOCIAL-INDUSTRY');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html; charset=utf-8/);
    const tpl = planTemplateByCode('TPL-SOCIAL-INDUSTRY')!;
    const stageAt = ['立项用地规划许可', '工程建设许可', '施工许可', '竣工验收'].map((s, i) => r.text.indexOf(`<h2>第${i + 1}阶段 · ${s}</h2>`));
    expect(stageAt.every((i) => i > 0)).toBe(true);
    expect([...stageAt].sort((a, b) => a - b)).toEqual(stageAt);
    // Stage 1 has a group of four parallel items: the chart says so and draws them in one group.
    const group = tpl.items.filter((i) => i.stage === 1 && i.group === 2);
    expect(r.text).toContain(`以下 ${group.length} 项并联办理`);
    const groupHtml = r.text.split('<div class="grp">').find((g) => g.includes(`以下 ${group.length} 项并联办理`))!;
    for (const g of group) expect(groupHtml).toContain(catalogItemByCode(g.catalogCode)!.name);
    for (const ti of tpl.items) {
      const item = catalogItemByCode(ti.catalogCode)!;
      expect(r.text).toContain(item.name);
      expect(r.text).toContain(`<dt>承诺时限</dt><dd>${limitText(item.promisedLimit)}</dd>`);
      expect(r.text).toContain(`<dt>法定时限</dt><dd>${limitText(item.statutoryLimit)}</dd>`);
      expect(r.text).toContain(item.fee);
      for (const m of item.materials) expect(r.text).toContain(m.name.replace(/（/g, '（'));
    }
    expect(r.text).toMatch(/原件 1 份/);
    expect(r.text).toMatch(/复印件 2 份/);
    expect(r.text).toContain('30分钟'); // 企业投资项目备案 promises minutes
    expect(r.text).toContain('网上办理');
    expect(r.text).toContain('窗口办理');
    expect(r.text).toContain('可代办');
    expect(r.text).toContain('全程免费');
    expect(r.text).toContain('代办不包办、服务不揽责');
    // The bare guide names the root office of the published tree.
    expect(r.text).toContain('福州市行政服务中心项目代办服务中心');
    expect(r.text).toContain('0591-87650000');
    expect(r.text).not.toMatch(/<script/i);
  });

  it('takes published catalogue and templates over the shipped ones by code; inactive ones disappear', async () => {
    const now = w.h.clock.now().toISOString();
    const shipped = catalogItemByCode('FZ-1-004')!;
    await publishReference(w.h.server.ctx, 'catalogItems', [
      { id: 'pub-fz-1-004', code: 'FZ-1-004', name: '企业投资项目备案（本中心版）', department: '鼓楼区发改局', level: 'county', planKind: 'engineering', stage: 1, statutoryLimitValue: null, statutoryLimitUnit: null, promisedLimitValue: 0, promisedLimitUnit: 'workdays', materials: [{ name: '项目备案信息表', originals: 1, copies: 0 }], fee: '不收费', proxyAllowed: true, online: true, active: true, createdAt: now, updatedAt: now, deletedAt: null },
      { id: 'pub-fz-1-011', code: 'FZ-1-011', name: catalogItemByCode('FZ-1-011')!.name, department: '市水利局', level: 'city', planKind: 'engineering', stage: 1, promisedLimitValue: 10, promisedLimitUnit: 'workdays', materials: [], active: false, createdAt: now, updatedAt: now, deletedAt: null },
    ]);
    await publishReference(w.h.server.ctx, 'planTemplates', [
      { id: 'pub-tpl', code: 'TPL-TOWN-SHOP', name: '镇街小型商铺装修项目', planKind: 'engineering', description: '本中心发布的模板', items: [{ catalogCode: 'FZ-1-004', stage: 1, group: 1 }], active: true, createdAt: now, updatedAt: now, deletedAt: null },
    ]);
    const r = await get(w, '/g/TPL-SOCIAL-INDUSTRY');
    expect(r.text).toContain('企业投资项目备案（本中心版）');
    expect(r.text).not.toContain(`<h3>${shipped.name}</h3>`);
    expect(r.text).not.toContain(catalogItemByCode('FZ-1-011')!.name);
    expect(r.text).toContain('<dt>承诺时限</dt><dd>即办</dd>');
    const own = await get(w, '/g/TPL-TOWN-SHOP');
    expect(own.status).toBe(200);
    expect(own.text).toContain('镇街小型商铺装修项目');
    const index = await get(w, '/g/');
    expect(index.text).toContain('镇街小型商铺装修项目');
  });

  it('answers an unknown template with a plain 404 page', async () => {
    const r = await get(w, '/g/TPL-NOPE');
    expect(r.status).toBe(404);
    expect(r.text).toContain('未找到该工作指引');
    const bad = await get(w, '/g/%3Cscript%3E');
    expect(bad.status).toBe(404);
    expect(bad.text).not.toContain('<script>');
  });
});

describe('public progress', () => {
  it('shows statuses, dates, the next due date, open corrections, the agent and the office phone', async () => {
    const r = await get(w, cardPath(kase.templateCode, { token: kase.token, caseNo: kase.caseNo, issueDate: kase.acceptedDate }));
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('private, no-store');
    expect(r.text).toContain(kase.caseNo);
    expect(r.text).toContain(kase.projectName);
    expect(r.text).toContain(maskName(kase.secrets.applicantFullName));
    for (const label of [PLAN_ITEM_STATUSES.labels.approved, PLAN_ITEM_STATUSES.labels.correcting, PLAN_ITEM_STATUSES.labels.submitted, PLAN_ITEM_STATUSES.labels.notStarted]) expect(r.text).toContain(label);
    expect(r.text).toContain('榕发改备〔2026〕18号'); // 办结 with its document number
    expect(r.text).toContain('<dt>申报</dt><dd>2026-02-18</dd>');
    expect(r.text).toContain('<dt>补正</dt><dd>2026-02-25</dd>');
    expect(r.text).not.toContain('2026-02-27'); // the withdrawn correction
    // Next due date: the earliest of the open items, counted in working days from today.
    const open = kase.planItems.filter((p) => p.status !== 'approved' && p.startDate);
    const dues = open.map((p) => ({ name: p.name as string, date: (p.dueDate as string | null) ?? dueFor(p.startDate as string, { value: p.limitValue as number, unit: p.limitUnit as 'workdays' }).date })).sort((a, b) => a.date.localeCompare(b.date));
    const next = dues[0]!;
    const left = daysLeft(today, next.date);
    const words = left > 0 ? `还剩 ${left} 个工作日` : left === 0 ? '今日到期' : `已超期 ${-left} 个工作日`;
    expect(r.text).toContain(`下一到期：${next.name}，${next.date}（${words}）`);
    expect(r.text).toContain('待补正：');
    expect(r.text).toContain(AGENT_NAME);
    expect(r.text).toContain(OFFICE_PHONE);
    expect(r.text).toMatch(/数据更新于 2026-03-02 \d\d:\d\d/);
    // The guide follows the progress.
    expect(r.text).toContain('电子版代办服务工作指引');
  });

  it('never shows ID numbers, personal phones, addresses, progress notes, problem text or a person’s full name', async () => {
    const paths = [cardPath(kase.templateCode, { token: kase.token, caseNo: kase.caseNo, issueDate: kase.acceptedDate }), signedPath(kase)];
    for (const p of paths) {
      const r = await get(w, p);
      expect(r.status).toBe(200);
      for (const [name, value] of Object.entries(kase.secrets)) expect(r.text.includes(value), `${name} leaked`).toBe(false);
      expect(r.text).not.toContain(kase.secrets.applicantResidentId.slice(-6));
      expect(r.text).not.toContain('91350102MA2XYZ1234');
    }
  });

  it('shows an enterprise applicant by name', async () => {
    const ent = await pushCase(w, { person: false });
    const r = await get(w, cardPath(ent.templateCode, { token: ent.token, caseNo: ent.caseNo, issueDate: ent.acceptedDate }));
    expect(r.text).toContain(ent.secrets.applicantFullName);
    expect(r.text).not.toContain(ent.secrets.contactPhone);
  });

  it('finds cases through the token and case-number expression indexes', async () => {
    const db = w.h.server.store.db;
    await db.transaction(async (tx) => {
      await tx.execute(sql`SET LOCAL enable_seqscan = off`);
      const byToken = await rows<{ 'QUERY PLAN': string }>(tx, sql`EXPLAIN SELECT id, data FROM records WHERE entity = 'cases' AND (data->>'publicToken') = ${kase.token} AND NOT deleted LIMIT 1`);
      expect(byToken.map((x) => x['QUERY PLAN']).join('\n')).toContain('records_case_token_idx');
      const byNo = await rows<{ 'QUERY PLAN': string }>(tx, sql`EXPLAIN SELECT id, data FROM records WHERE entity = 'cases' AND (data->>'caseNo') = ${kase.caseNo} AND NOT deleted LIMIT 1`);
      expect(byNo.map((x) => x['QUERY PLAN']).join('\n')).toContain('records_case_no_idx');
    });
  });

  it('gives an unknown token and a malformed one the very same answer', async () => {
    const unknown = await get(w, `/g/${kase.templateCode}?c=${newToken()}`);
    const malformed = await get(w, `/g/${kase.templateCode}?c=not-a-token!`);
    const repeated = await get(w, `/g/${kase.templateCode}?c=${kase.token}&c=${kase.token}`);
    expect(unknown.status).toBe(404);
    for (const r of [malformed, repeated]) {
      expect(r.status).toBe(unknown.status);
      expect(r.text).toBe(unknown.text);
      expect(r.headers.etag).toBe(unknown.headers.etag);
      expect(r.headers['cache-control']).toBe(unknown.headers['cache-control']);
    }
    expect(unknown.text).toContain('未查询到该办件的办理进度');
  });

  it('never finds a case by its number alone', async () => {
    const r = await get(w, `/g/${kase.templateCode}?n=${kase.caseNo}`);
    expect(r.text).not.toContain(kase.projectName);
    const r2 = await get(w, `/g/${kase.templateCode}?c=${newToken()}&n=${kase.caseNo}&d=20260216&s=${w.card.keyId}.AAAAAAAAAAAAAAAA`);
    expect(r2.status).toBe(403);
    expect(r2.text).not.toContain(kase.projectName);
  });
});

describe('card verification', () => {
  it('(a) a verified card of a synced case shows 联络卡真实有效 and the progress', async () => {
    const r = await get(w, signedPath(kase));
    expect(r.status).toBe(200);
    expect(r.text).toContain('联络卡真实有效 · 登记于 2026年2月16日 · 鼓东街道便民服务中心');
    expect(r.text).toContain(kase.projectName);
  });

  it('(b) a verified card of a case the centre has not seen yet: 真实有效, the guide, progress after the sync', async () => {
    const token = newToken();
    const caseNo = '350102001-2026-01-00901';
    const p = cardPath('TPL-SOCIAL-INDUSTRY', { token, caseNo, issueDate: today }, signCard(w.card, { token, caseNo, issueDate: today, templateCode: 'TPL-SOCIAL-INDUSTRY' }));
    const before = await get(w, p);
    expect(before.status).toBe(200);
    expect(before.text).toContain('联络卡真实有效 · 登记于 2026年3月2日 · 鼓东街道便民服务中心');
    expect(before.text).toContain('办理进度将在该中心联网同步后显示');
    expect(before.text).toContain('施工许可'); // the guide
    const synced = await pushCase(w, { token, caseNo, acceptedDate: today });
    const after = await get(w, p);
    expect(after.text).toContain(synced.projectName);
    expect(after.text).not.toContain('办理进度将在该中心联网同步后显示');
  });

  it('(c) after 重新生成查询码 the old card says 此联络卡已作废; the new one works', async () => {
    const k = await pushCase(w);
    const oldPath = signedPath(k);
    const newTokenValue = await regenerateToken(w, k.id, k.token);
    const old = await get(w, oldPath);
    expect(old.status).toBe(410);
    expect(old.text).toContain('此联络卡已作废，请使用新卡');
    expect(old.text).not.toContain(k.projectName);
    const fresh = await get(w, signedPath({ ...k, token: newTokenValue }));
    expect(fresh.text).toContain(k.projectName);
    // The old token alone finds nothing either.
    expect((await get(w, cardPath(k.templateCode, { token: k.token, caseNo: k.caseNo, issueDate: k.acceptedDate }))).status).toBe(404);
  });

  it('(d) a flipped MAC byte, an unknown key id or another template: 无法核验此联络卡 and whom to call', async () => {
    const good = signCard(w.card, { token: kase.token, caseNo: kase.caseNo, issueDate: kase.acceptedDate, templateCode: kase.templateCode });
    const [keyId, mac] = good.split('.') as [string, string];
    const bytes = Buffer.from(mac, 'base64url');
    bytes[0] = (bytes[0] as number) ^ 0x01;
    const flipped = `${keyId}.${bytes.toString('base64url')}`;
    const unknownKey = `${keyId === 'AAAAAAAA' ? 'BBBBBBBB' : 'AAAAAAAA'}.${mac}`;
    const f = { token: kase.token, caseNo: kase.caseNo, issueDate: kase.acceptedDate };
    for (const p of [cardPath(kase.templateCode, f, flipped), cardPath(kase.templateCode, f, unknownKey), cardPath('TPL-STARTUP', f, good), cardPath(kase.templateCode, { ...f, issueDate: '2026-02-17' }, good)]) {
      const r = await get(w, p);
      expect(r.status).toBe(403);
      expect(r.text).toContain('无法核验此联络卡');
      expect(r.text).toContain(OFFICE_PHONE); // the office of the case number's division code
      expect(r.text).not.toContain(kase.projectName);
    }
    const partial = await get(w, `/g/${kase.templateCode}?c=${kase.token}&n=${kase.caseNo}`);
    expect(partial.status).toBe(403);
    expect(partial.text).toContain('无法核验此联络卡');
  });

  it('(d) a revoked desktop: cards issued before the revocation still verify, cards dated on or after it do not', async () => {
    const other = await startWorld();
    try {
      const k = await pushCase(other, { acceptedDate: '2026-02-20' });
      const path = (issueDate: string) => cardPath(k.templateCode, { token: k.token, caseNo: k.caseNo, issueDate }, signCard(other.card, { token: k.token, caseNo: k.caseNo, issueDate, templateCode: k.templateCode }));
      const revoke = await request(other.h.url, 'POST', `/admin/devices/${other.deviceId}/revoke`, undefined, { authorization: `Bearer ${other.h.adminToken}` });
      expect(revoke.status).toBe(200);
      const before = await get(other, path('2026-02-20'));
      expect(before.status).toBe(200);
      expect(before.text).toContain('联络卡真实有效');
      const after = await get(other, path(today));
      expect(after.status).toBe(403);
      expect(after.text).toContain('无法核验此联络卡');
    } finally {
      await other.h.close();
    }
  });
});

describe('closed cases', () => {
  it('keep their progress for the retention period, then show only 已办结', async () => {
    const k = await pushCase(w);
    await completeCase(w, k.id, w.h.clock.now().toISOString());
    const p = cardPath(k.templateCode, { token: k.token, caseNo: k.caseNo, issueDate: k.acceptedDate });
    const within = await get(w, p);
    expect(within.text).toContain(k.projectName);
    expect(within.text).toContain('已办结');
    const days = w.h.server.ctx.options.closedCaseRetentionDays;
    w.h.clock.advance((days + 1) * 86_400_000);
    try {
      for (const path of [p, signedPath(k)]) {
        const past = await get(w, path);
        expect(past.status).toBe(200);
        expect(past.text).toContain('已办结');
        expect(past.text).not.toContain(k.projectName);
        expect(past.text).not.toContain(k.caseNo);
        expect(past.text).not.toContain(AGENT_NAME);
      }
    } finally {
      w.h.clock.advance(-(days + 1) * 86_400_000);
    }
  });
});

describe('the index and the six lists', () => {
  it('lists the guides and searches them by name with a plain GET form', async () => {
    const all = await get(w, '/g/');
    expect(all.status).toBe(200);
    expect(all.text).toContain('<form class="search" method="get" action="/g/">');
    for (const code of ['TPL-SOCIAL-INDUSTRY', 'TPL-STARTUP']) expect(all.text).toContain(`href="/g/${code}"`);
    const found = await get(w, `/g/?q=${encodeURIComponent('工业')}`);
    expect(found.text).toContain(planTemplateByCode('TPL-SOCIAL-INDUSTRY')!.name);
    expect(found.text).not.toContain(planTemplateByCode('TPL-STARTUP')!.name);
    expect(found.text).toContain('value="工业"');
    const xss = await get(w, `/g/?q=${encodeURIComponent('"><b>x')}`);
    expect(xss.text).toContain('value="&quot;&gt;&lt;b&gt;x"');
    const long = await get(w, `/g/?q=${encodeURIComponent('长'.repeat(41))}`);
    expect(long.status).toBe(400);
    expect(long.text).toContain('搜索词不能超过 40 个字');
    for (const kind of ['limits', 'fees', 'forms', 'immediate', 'certificates', 'proxy']) expect(all.text).toContain(`href="/g/lists/${kind}"`);
  });

  it('审批时限清单, 收费清单, 即办事项清单, 证明清单 and 委托清单 come from the catalogue', async () => {
    const active = CATALOG_ITEMS.filter((i) => i.code !== 'FZ-1-011' && i.code !== 'FZ-1-004');
    const limits = await get(w, '/g/lists/limits');
    expect(limits.text).toContain('审批时限清单');
    for (const i of active) expect(limits.text).toContain(`<td>${i.name}</td><td>${i.department}</td><td class="n">${limitText(i.statutoryLimit)}</td><td class="n">${limitText(i.promisedLimit)}</td>`);
    const fees = await get(w, '/g/lists/fees');
    for (const i of active) expect(fees.text).toContain(`<td>${i.name}</td><td>${i.department}</td><td>${i.fee}</td>`);
    const immediate = await get(w, '/g/lists/immediate');
    const quick = active.filter((i) => i.promisedLimit.value === 0 || i.promisedLimit.unit === 'minutes');
    expect(quick.length).toBeGreaterThan(0);
    for (const i of active) expect(immediate.text.includes(`<td>${i.name}</td>`)).toBe(quick.includes(i));
    const certs = await get(w, '/g/lists/certificates');
    const certNames = [...new Set(active.flatMap((i) => i.materials.map((m) => m.name)).filter(isCertificateMaterial))];
    expect(certNames.length).toBeGreaterThan(0);
    for (const n of certNames) expect(certs.text).toContain(`<td>${n}</td>`);
    expect(certs.text).not.toContain('<td>项目建议书</td>');
    const proxy = await get(w, '/g/lists/proxy');
    const notProxy = active.filter((i) => !i.proxyAllowed);
    expect(notProxy.length).toBeGreaterThan(0);
    for (const i of active) expect(proxy.text.includes(`<td>${i.name}</td>`)).toBe(i.proxyAllowed);
    expect((await get(w, '/g/lists/other')).status).toBe(404);
  });

  it('the certificate rule reads the material name', () => {
    expect(isCertificateMaterial('土地权属证明（不动产权证书或国有土地使用权出让合同）')).toBe(true);
    expect(isCertificateMaterial('申请单位营业执照或统一社会信用代码证书')).toBe(true);
    expect(isCertificateMaterial('建设工程规划许可证')).toBe(true);
    expect(isCertificateMaterial('项目建议书')).toBe(false);
  });
});
