// 终端管理 in Chromium against the real sync server: on an enrolled desktop the admin opens 同步,
// confirms the password (a wrong one is refused in Chinese), sees the desktops of the subtree,
// issues a code for a township (shown large, and it enrols a desktop there), and revokes a desktop,
// whose next sync round is then refused. Screenshots: test-artifacts/terminals-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/main/db/store';
import type { Store } from '../../src/main/db/store';
import { runSyncRound } from '../../src/main/sync/client';
import { enrollDevice as enrollWithCode } from '../../src/main/sync/device';
import { enrollDevice, PASSWORD, request, startHarness as startServer } from '../integration/sync/harness';
import type { Harness as ServerHarness } from '../integration/sync/harness';
import { ARTIFACTS, button, chromiumMissing, ensureRendererBuilt, pickOffice, shot, signIn, startHarness } from './harness';
import type { Harness } from './harness';

describe.skipIf(chromiumMissing)('e2e: 终端管理 on the 同步 page in Chromium', () => {
  let srv: ServerHarness;
  let h: Harness;
  let townB: { deviceId: string; deviceToken: string };
  let townStore: Store;
  const dirs: string[] = [];
  const tempDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'daiban-e2e-t-'));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    ensureRendererBuilt();
    srv = await startServer();
    // A township desktop already at work (the one to be revoked).
    townB = await enrollDevice(srv, srv.org.townB, '鼓西便民服务中心 1 号窗口');
    townStore = openStore(tempDir());
    expect((await runSyncRound(townStore, { serverUrl: srv.url, deviceToken: townB.deviceToken })).ok).toBe(true);
    // This desktop holds the centre's staff and is enrolled for the city office.
    const dir = tempDir();
    const seed = openStore(dir);
    const once = await enrollDevice(srv, srv.org.city, '市代办中心备用终端');
    expect((await runSyncRound(seed, { serverUrl: srv.url, deviceToken: once.deviceToken })).ok).toBe(true);
    seed.close();
    h = await startHarness({ dataDir: dir });
    const code = await request(srv.url, 'POST', '/admin/enrollment-codes', { orgUnitId: srv.org.city }, { authorization: `Bearer ${srv.adminToken}` });
    await h.backend.deps.sync.enroll(srv.url, (code.body as { code: string }).code, '市代办中心管理终端');
  }, 240_000);

  afterAll(async () => {
    townStore?.close();
    await h?.close();
    await srv?.close();
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('the admin confirms the password, sees the desktops, issues a code and revokes a desktop', async () => {
    const { page } = h;
    await page.goto(h.host.launchUrl);
    await signIn(page, 'admin', PASSWORD);
    await page.getByRole('menuitem', { name: /同步/ }).click();
    await page.getByTestId('sync-page').and(page.locator('[data-ready="1"]')).waitFor();
    const card = page.getByTestId('sync-terminals-card');
    const connect = card.getByTestId('sync-terminals-connect');
    await connect.waitFor();

    // A wrong password: the centre's refusal, in Chinese, beside the field; nothing is listed.
    await connect.getByLabel('请输入您的密码以连接中心服务器').fill('not-the-password');
    await connect.getByRole('button', { name: '连接中心服务器' }).click();
    await expect.poll(() => connect.textContent()).toContain('用户名或密码错误');
    expect(await card.getByTestId('sync-terminals').count()).toBe(0);

    await connect.getByLabel('请输入您的密码以连接中心服务器').fill(PASSWORD);
    await connect.getByRole('button', { name: '连接中心服务器' }).click();
    const table = card.getByTestId('sync-terminals');
    await table.waitFor();
    const row = (name: string) => table.locator('tr', { hasText: name });
    await expect.poll(() => row('鼓西便民服务中心 1 号窗口').textContent()).toContain('鼓西街道');
    expect(await row('鼓西便民服务中心 1 号窗口').textContent()).toContain('正常');
    expect(await row('市代办中心管理终端').textContent()).toContain('本机');
    expect(await row('市代办中心备用终端').textContent()).toContain('福州市');
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'terminals-01-list');

    // A code for 鼓东街道, 24 hours by default.
    const form = card.getByTestId('sync-issue-code-form');
    expect(await form.getByLabel('有效时长（小时）').inputValue()).toBe('24');
    await pickOffice(page, form.getByLabel('为哪个机构的终端'), '鼓东街道');
    await form.getByRole('button', { name: '生成注册码' }).click();
    const issued = card.getByTestId('sync-issued-code');
    await issued.waitFor();
    const text = (await issued.textContent()) ?? '';
    expect(text).toContain('鼓东街道的一次性注册码');
    expect(text).toContain('只能使用一次');
    expect(text).toContain('连接中心服务器');
    expect(text).toContain(srv.url);
    const code = (await issued.locator('.ant-typography').first().innerText()).trim();
    expect(code.length).toBeGreaterThanOrEqual(6);
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'terminals-02-code');
    await card.screenshot({ path: path.join(ARTIFACTS, 'terminals-02-card.png') });
    // The code enrols a desktop of 鼓东街道.
    expect((await enrollWithCode(srv.url, code, '鼓东便民服务中心 3 号窗口')).orgUnitId).toBe(srv.org.townA);

    // Revoke 鼓西's desktop: asked first, then at once.
    await button(card, '刷新').click();
    await expect.poll(() => row('鼓东便民服务中心 3 号窗口').count()).toBe(1);
    await button(row('鼓西便民服务中心 1 号窗口'), '停用').click();
    const confirm = page.locator('.ant-popconfirm');
    await expect.poll(() => confirm.textContent()).toContain('立即生效');
    await button(confirm, '停用').click();
    await expect.poll(() => row('鼓西便民服务中心 1 号窗口').textContent()).toContain('已停用');
    expect(await button(row('鼓西便民服务中心 1 号窗口'), '停用').count()).toBe(0);
    await card.scrollIntoViewIfNeeded();
    await shot(page, 'terminals-03-revoked');
    const after = await runSyncRound(townStore, { serverUrl: srv.url, deviceToken: townB.deviceToken });
    expect(after.failure).toBe('unauthorized');

    // rc-virtual-list (inside antd's tree) warns when the tree shrinks under a search while it scrolls.
    const known = (e: string) => e.startsWith('Warning: [antd:') || e.includes('`rc-virtual-list` reach the max limitation') || e.includes('404 (Not Found)');
    expect(h.consoleErrors.filter((e) => !known(e))).toEqual([]);
  });
});
