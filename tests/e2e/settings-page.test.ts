// 系统设置 for an admin in Chromium, on a small demo store: 本机构信息 (printed on the liaison card and
// the poster; a bad phone is refused beside the field, good details are saved and audited) and 本机设置
// (自动锁屏时间 "十分钟" and a relative backup folder refused beside their fields and nothing saved;
// good values saved, 立即备份 then lands in the chosen folder); the idle lock follows the saved minutes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/main/features/demo/generate';
import { chromiumMissing, contractCaller, shot, signIn, SKIP_REASON, startDemoHarness } from './harness';
import type { Harness } from './harness';

describe.skipIf(chromiumMissing)('e2e: 系统设置 (本机构信息, 本机设置)', () => {
  let h: Harness;
  let admin = '';
  let officeId = '';
  const backupRoot = mkdtempSync(join(tmpdir(), 'daiban-e2e-backups-'));

  beforeAll(async () => {
    ({ h, picked: { admin, officeId } } = await startDemoHarness({ cases: 20, seed: 5 }, (store, s) => {
      const username = s.users.find((x) => x.roles.includes('admin'))!.username;
      return { admin: username, officeId: store.db.prepare('SELECT org_unit_id FROM users WHERE username = ?').pluck().get(username) as string };
    }));
  }, 180_000);
  afterAll(async () => {
    await h?.close();
    rmSync(backupRoot, { recursive: true, force: true });
  });

  const office = () => h.backend.deps.store.db.prepare('SELECT office_name AS officeName, address, office_hours AS officeHours, phone FROM org_units WHERE id = ?').get(officeId) as Record<string, string>;
  const audits = (action: string) => h.backend.deps.store.db.prepare('SELECT count(*) FROM audit_events WHERE action = ?').pluck().get(action) as number;

  it('the admin edits the office details and this desktop’s settings: bad values refused beside the field, good ones saved', async () => {
    const { page } = h;
    await page.goto(h.host.launchUrl);
    await signIn(page, admin, DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: /系统设置/ }).click();
    const settings = page.getByTestId('settings-page');

    // 本机构信息
    const card = settings.getByTestId('office-card');
    await expect.poll(() => page.getByTestId('office-name').inputValue()).toBe(office().officeName);
    expect(await card.textContent()).toContain('联络卡');
    await page.getByTestId('office-phone').fill('12345');
    await page.getByTestId('office-save').click();
    await expect.poll(() => card.locator('.ant-form-item-explain-error').first().textContent()).toMatch(/电话|号码/);
    const edits = audits('orgUnit.edit');
    await page.getByTestId('office-address').fill('鼓楼区五四路 88 号便民服务中心一楼');
    await page.getByTestId('office-hours').fill('周一至周五 8:30–12:00，14:30–17:30');
    await page.getByTestId('office-phone').fill('0591-87654321');
    await page.getByTestId('office-save').click();
    await expect.poll(() => office().phone).toBe('0591-87654321');
    expect(office()).toMatchObject({ address: '鼓楼区五四路 88 号便民服务中心一楼', officeHours: '周一至周五 8:30–12:00，14:30–17:30' });
    expect(audits('orgUnit.edit')).toBe(edits + 1);
    await expect.poll(() => card.locator('.ant-form-item-explain-error').count()).toBe(0);

    // 本机设置
    const local = settings.getByTestId('desktop-settings');
    await expect.poll(() => page.getByTestId('idle-lock-minutes').inputValue()).toBe('10');
    await page.getByTestId('idle-lock-minutes').fill('十分钟');
    await page.getByTestId('backup-folder').fill('备份/代办');
    await page.getByTestId('desktop-save').click();
    const errors = local.locator('.ant-form-item-explain-error');
    await expect.poll(() => errors.allTextContents()).toEqual([expect.stringContaining('1–120 之间的整数'), expect.stringContaining('请填写完整的文件夹路径')]);
    await expect.poll(() => page.locator('.ant-message-notice').count()).toBe(0);
    await settings.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, '34-settings-refused');
    expect(h.backend.deps.store.getSetting('idleLockMinutes')).toBeUndefined();
    expect(audits('settings.desktop')).toBe(0);

    const folder = join(backupRoot, '代办备份');
    await page.getByTestId('idle-lock-minutes').fill('15');
    await page.getByTestId('backup-folder').fill(folder);
    await page.getByTestId('desktop-save').click();
    await expect.poll(() => page.getByTestId('effective-backup-folder').textContent()).toBe(folder);
    expect(h.backend.deps.store.getSetting('idleLockMinutes')).toBe(15);
    expect(h.backend.deps.store.getSetting('backupFolder')).toBe(folder);
    expect(audits('settings.desktop')).toBe(1);
    await expect.poll(() => errors.count()).toBe(0);
    await page.getByText('已保存本机设置').waitFor();
    // The picture without the toasts over the cards' titles.
    await expect.poll(() => page.locator('.ant-message-notice').count()).toBe(0);
    await settings.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, '34-settings');

    // 立即备份 on 档案导出 goes to the chosen folder
    await page.getByRole('menuitem', { name: /档案/ }).click();
    await expect.poll(() => page.getByTestId('backup-place').textContent()).toBe(folder);
    await page.getByTestId('backup-now').click();
    await expect.poll(() => (h.backend.deps.store.db.prepare(`SELECT detail FROM audit_events WHERE action = 'backup.create' ORDER BY rowid DESC LIMIT 1`).pluck().get() as string | undefined) ?? '').toContain(folder);
    expect(h.consoleErrors.filter((e) => /Content Security Policy|Refused to/.test(e))).toEqual([]);
  });

  it('the window locks after the saved minutes of no activity', async () => {
    const call = contractCaller(h);
    await call('auth.login', { username: admin, password: DEMO_PASSWORD });
    await call('settings.saveDesktop', { idleLockMinutes: 1 });
    const { page } = h;
    await page.clock.install();
    await page.goto(h.host.launchUrl);
    await page.reload();
    // Still signed in from the first test (the browser host's cookie), or signed in again here.
    const login = page.getByLabel('用户名');
    await Promise.race([page.getByTestId('current-user').waitFor(), login.waitFor()]);
    if (await login.isVisible()) await signIn(page, admin, DEMO_PASSWORD);
    await page.clock.fastForward('00:30');
    await expect(page.getByText('已锁定').count()).resolves.toBe(0);
    await page.clock.fastForward('00:40');
    await page.getByText('长时间未操作，已自动锁定').waitFor();
  });
});
if (chromiumMissing) console.warn(SKIP_REASON);
