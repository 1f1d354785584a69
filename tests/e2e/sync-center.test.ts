// 同步 in Chromium against the real sync server: an admin enrols this desktop with a one-time code
// (a wrong code is refused in Chinese); a second desktop makes a status conflict and makes a transfer
// fail; the status strip shows 冲突 1, the 同步 page shows the refused change with what was typed and
// the conflict; 重新编辑 fills the case's transfer form again; the conflict is resolved by submitting
// the local value again, which reaches the other desktop. Screenshots: test-artifacts/sync-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/main/db/store';
import type { Store } from '../../src/main/db/store';
import { login as serviceLogin } from '../../src/main/features/auth/service';
import { caseAction } from '../../src/main/features/cases/service';
import { registerCase } from '../../src/main/features/intake/service';
import { sendTransfer } from '../../src/main/features/transfers/service';
import { runSyncRound } from '../../src/main/sync/client';
import { intakeSchema } from '../../src/shared/api/cases';
import { contract } from '../../src/shared/api/index';
import { makeResidentId, mulberry32 } from '../../src/shared/domain/synthetic-ids';
import { enrollDevice, PASSWORD, request, startHarness as startServer } from '../integration/sync/harness';
import type { Harness as ServerHarness } from '../integration/sync/harness';
import { useStoreDesktops } from '../integration/sync/store-desktops';
import type { StoreDesktop } from '../integration/sync/store-desktops';
import { ARTIFACTS, button, chromiumMissing, ensureRendererBuilt, shot, signIn, startHarness } from './harness';
import type { Harness } from './harness';

describe.skipIf(chromiumMissing)('e2e: 同步 page and status strip in Chromium', () => {
  let srv: ServerHarness;
  let h: Harness;
  let w: StoreDesktop;
  const otherDesktop = useStoreDesktops(() => srv);
  const dirs: string[] = [];
  const rng = mulberry32(7);

  const strip = () => h.page.getByTestId('status-strip');
  const as = (store: Store, username: string) => ({ store, actor: serviceLogin(store, username, PASSWORD).actor });
  const helpCase = (store: Store, summary: string) => {
    const ctx = as(store, 'clerkA');
    const r = registerCase(ctx, intakeSchema.parse({
      channel: 'counter', mode: 'help', helpKind: 'assist', summary,
      applicant: { kind: 'person', name: '陈美玲', idNumber: makeResidentId(rng, { regionCode: '350102' }), contactName: '陈美玲', contactPhone: '13905910002' },
    }));
    if (store.db.prepare('SELECT status FROM cases WHERE id = ?').pluck().get(r.caseId) === 'consulting') caseAction(ctx, { caseId: r.caseId, action: 'accept' });
    return r;
  };
  const enrolmentCode = async (orgUnitId: string) => {
    const r = await request(srv.url, 'POST', '/admin/enrollment-codes', { orgUnitId }, { authorization: `Bearer ${srv.adminToken}` });
    return (r.body as { code: string }).code;
  };

  beforeAll(async () => {
    ensureRendererBuilt();
    srv = await startServer();
    // The other desktop of the township (a store driven by the services, syncing through the real client).
    w = await otherDesktop(srv.org.townA);
    // This desktop's folder already holds the staff from the centre (a desktop set up from a
    // backup); it is not enrolled yet: the admin does that in the app.
    const dDir = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-e2e-d-'));
    dirs.push(dDir);
    const seed = openStore(dDir);
    const once = await enrollDevice(srv, srv.org.city);
    expect((await runSyncRound(seed, { serverUrl: srv.url, deviceToken: once.deviceToken })).ok).toBe(true);
    seed.close();
    h = await startHarness({ dataDir: dDir });
  }, 240_000);

  afterAll(async () => {
    await h?.close();
    await srv?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('an admin enrols the desktop with a one-time code; a wrong code is refused in Chinese', async () => {
    const { page } = h;
    await page.goto(h.host.launchUrl);
    await signIn(page, 'admin', PASSWORD);
    await expect.poll(() => strip().textContent()).toContain('单机');
    await page.getByRole('menuitem', { name: /同步/ }).click();
    await page.getByTestId('sync-page').and(page.locator('[data-ready="1"]')).waitFor();
    const form = page.getByTestId('sync-enrol-form');
    await form.getByLabel('同步服务器地址').fill(srv.url);
    await form.getByLabel('一次性注册码').fill('WRONG-CODE-1234');
    await form.getByRole('button', { name: '登记本机' }).click();
    await expect.poll(() => form.textContent()).toContain('注册码无效、已使用或已过期');
    await form.getByLabel('一次性注册码').fill(await enrolmentCode(srv.org.city));
    await form.getByRole('button', { name: '登记本机' }).click();
    await expect.poll(() => page.getByTestId('sync-enrol-card').textContent()).toContain('本机已登记到 福州市');
    await expect.poll(() => strip().textContent()).toContain('在线');
    expect(await strip().textContent()).toContain('立即同步');
    await shot(page, 'sync-01-enrolled');
  });

  it('shows a refused change and a conflict, fills the form again, and resolves the conflict', async () => {
    const { page } = h;
    const d = h.backend.deps.store;
    // Two cases from the other desktop reach this one.
    const c1 = helpCase(w.store, '协助办理食品经营许可');
    const c2 = helpCase(w.store, '协助办理个体工商户变更登记');
    await w.sync();
    await strip().getByTestId('sync-now').click();
    await expect.poll(() => d.db.prepare('SELECT count(*) FROM cases WHERE id IN (?, ?)').pluck().get(c1.caseId, c2.caseId)).toBe(2);

    await page.getByTestId('current-user').click();
    await page.getByText('切换用户').click();
    await signIn(page, 'agentA', PASSWORD);

    // The other desktop starts case 1 and withdraws case 2, and syncs; this desktop has not heard of
    // it yet when its agent suspends case 1 and its clerk transfers case 2.
    caseAction(as(w.store, 'agentA'), { caseId: c1.caseId, action: 'start' });
    caseAction(as(w.store, 'agentA'), { caseId: c2.caseId, action: 'withdraw', reason: '申请人主动撤回申请' });
    await w.sync();
    caseAction(as(d, 'agentA'), { caseId: c1.caseId, action: 'suspend', reason: '等待申请人补充材料' });
    sendTransfer(as(d, 'clerkA'), contract['transfer.send'].input.parse({ caseId: c2.caseId, toOrgUnitId: srv.org.townB, kind: 'down', reason: '经营场所在鼓西街道，请属地协助核查' }));
    await strip().getByTestId('sync-now').click();
    await expect.poll(() => strip().getByTestId('sync-conflicts').textContent()).toBe('冲突 1');
    expect(await strip().getByTestId('sync-rejections').textContent()).toBe('被拒绝 1');
    expect(await strip().getByTestId('sync-pending').textContent()).toBe('待同步 0');
    await strip().screenshot({ path: path.join(ARTIFACTS, 'sync-02-strip.png') });

    await strip().getByTestId('sync-conflicts').click();
    await page.getByTestId('sync-page').and(page.locator('[data-ready="1"]')).waitFor();
    const refused = page.getByTestId('sync-rejection');
    await expect.poll(() => refused.count()).toBe(1);
    const refusedText = await refused.textContent();
    expect(refusedText).toContain('新增转办联办');
    expect(refusedText).toContain(c2.caseNo);
    expect(refusedText).toContain('服务器未接受：办件已办结或已退件，不能转办');
    expect(refusedText).toContain('接收机构：鼓西街道');
    expect(refusedText).toContain('事由：经营场所在鼓西街道，请属地协助核查');
    const conflict = page.getByTestId('sync-conflict');
    await expect.poll(() => conflict.count()).toBe(1);
    const conflictText = await conflict.textContent();
    expect(conflictText).toContain('办件的“状态”被两处同时修改');
    expect(conflictText).toContain('办理中');
    expect(conflictText).toContain('已中止');
    await shot(page, 'sync-03-page');

    // 重新编辑: the case opens at its transfers with the form holding what was typed.
    await refused.getByRole('button', { name: '重新编辑' }).click();
    await page.getByTestId('case-sync-notice').waitFor();
    await expect.poll(() => page.getByTestId('transfer-form').getByLabel('事由').inputValue()).toBe('经营场所在鼓西街道，请属地协助核查');
    expect(await page.getByTestId('case-sync-notice').textContent()).toContain('当时填写的内容：类型：转办；接收机构：鼓西街道；事由：经营场所在鼓西街道，请属地协助核查');
    await shot(page, 'sync-04-reedit');
    // The case was withdrawn meanwhile: the clerk drops the transfer.
    await page.getByTestId('case-sync-notice').getByRole('button', { name: '已处理/忽略' }).click();
    await expect.poll(() => page.getByTestId('case-sync-notice').count()).toBe(0);
    await expect.poll(() => strip().textContent()).not.toContain('被拒绝');

    // The agent insists on the suspension: it goes again as a workflow step, with its reason.
    await strip().getByTestId('sync-conflicts').click();
    await page.getByTestId('sync-page').and(page.locator('[data-ready="1"]')).waitFor();
    await page.getByTestId('sync-conflict').getByRole('button', { name: '以本机为准重新提交' }).click();
    // The reason the workflow asks for (中止原因) is required before it can go.
    await expect.poll(() => button(page, '重新提交').isDisabled()).toBe(true);
    await page.getByTestId('sync-resubmit-reason').fill('等待申请人补充材料');
    await button(page, '重新提交').click();
    await expect.poll(() => page.getByTestId('sync-conflict').count()).toBe(0);
    await expect.poll(() => strip().getByTestId('sync-conflicts').textContent()).toBe('冲突 0');
    await page.getByTestId('sync-page-now').click();
    await expect.poll(() => strip().getByTestId('sync-pending').textContent()).toBe('待同步 0');
    await shot(page, 'sync-05-resolved');

    await w.sync();
    expect(w.store.db.prepare('SELECT status FROM cases WHERE id = ?').pluck().get(c1.caseId)).toBe('suspended');
    expect(w.store.db.prepare("SELECT status FROM conflicts WHERE entity_id = ? AND field = 'status'").pluck().get(c1.caseId)).toBe('resolved');
    // No script errors and no CSP refusals on these screens. Known noise from elsewhere: antd's
    // deprecation warnings and the missing favicon.
    const known = (e: string) => e.startsWith('Warning: [antd:') || e.includes('404 (Not Found)');
    expect(h.consoleErrors.filter((e) => !known(e))).toEqual([]);
  });
});
