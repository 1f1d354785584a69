// An empty desktop joins the centre on its first start: the clerk types the server address and the
// one-time code the admin issued, the desktop enrols into that township and downloads its staff and
// cases, and the clerk signs in with the account the centre published. A wrong code changes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login as serviceLogin } from '../../src/main/features/auth/service';
import { registerCase } from '../../src/main/features/intake/service';
import { intakeSchema } from '../../src/shared/api/cases';
import { makeResidentId, mulberry32 } from '../../src/shared/domain/synthetic-ids';
import { PASSWORD, request, startHarness as startServer } from '../integration/sync/harness';
import type { Harness as ServerHarness } from '../integration/sync/harness';
import { useStoreDesktops } from '../integration/sync/store-desktops';
import { button, chromiumMissing, ensureRendererBuilt, shot, startHarness } from './harness';
import type { Harness } from './harness';

describe.skipIf(chromiumMissing)('e2e: first start joins the centre', () => {
  let srv: ServerHarness;
  let h: Harness;
  const otherDesktop = useStoreDesktops(() => srv);

  beforeAll(async () => {
    ensureRendererBuilt();
    srv = await startServer();
    h = await startHarness();
  }, 240_000);
  afterAll(async () => {
    await h?.close();
    await srv?.close();
  });

  it('enrols with the code, downloads the office, and the clerk signs in with the centre account', async () => {
    // Another window of the township already registered a case.
    const other = await otherDesktop(srv.org.townA);
    const ctx = { store: other.store, actor: serviceLogin(other.store, 'clerkA', PASSWORD).actor };
    const { caseNo } = registerCase(ctx, intakeSchema.parse({
      channel: 'counter', mode: 'help', helpKind: 'assist', summary: '协助办理卫生许可证延续',
      applicant: { kind: 'person', name: '林秀英', idNumber: makeResidentId(mulberry32(3), { regionCode: '350102' }), contactName: '林秀英', contactPhone: '13905910031' },
    }));
    await other.sync();
    const code = ((await request(srv.url, 'POST', '/admin/enrollment-codes', { orgUnitId: srv.org.townA }, { authorization: `Bearer ${srv.adminToken}` })).body as { code: string }).code;

    const page = h.page;
    await page.goto(h.host.launchUrl);
    await page.getByTestId('first-start-join').click();
    const form = page.getByTestId('first-start-join-form');
    await form.getByLabel('同步服务器地址').fill(srv.url);
    await form.getByLabel('一次性注册码').fill('WRONG-CODE-123');
    await form.getByRole('button', { name: '连接并下载数据' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toContain('注册码无效');
    expect(h.backend.deps.sync.device()).toBeNull();

    await form.getByLabel('一次性注册码').fill(code);
    await form.getByRole('button', { name: '连接并下载数据' }).click();
    const done = page.locator('.ant-modal-confirm');
    await expect.poll(() => done.textContent()).toContain('已连接到鼓东街道');
    await form.waitFor({ state: 'detached' });
    await shot(page, 'first-start-joined');
    await button(done, '去登录').click();

    await page.getByLabel('用户名').fill('clerkA');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.getByTestId('current-user').waitFor();
    await expect.poll(() => page.getByTestId('status-strip').textContent()).toContain('在线');
    // The township's case came down with the first round and is found by its number.
    expect(h.backend.deps.store.db.prepare('SELECT count(*) FROM cases WHERE case_no = ?').pluck().get(caseNo)).toBe(1);
    expect(h.backend.deps.sync.device()?.orgUnitId).toBe(srv.org.townA);
    await shot(page, 'first-start-signed-in');
    // Once the folder holds staff, joining again from the first-start path is refused.
    const again = await h.backend.dispatch('script', 'sync.join', { serverUrl: srv.url, code, deviceName: '再次登记' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
  }, 120_000);
});
