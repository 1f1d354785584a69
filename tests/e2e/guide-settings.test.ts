// 系统设置 → 电子指引地址 and the case file's 重新生成查询码 in Chromium, on a small demo store:
// the admin sees that no address is set, a bad one is refused beside the field, a good one is in
// effect at once and the hall poster previews; 重新生成查询码 asks first and changes the token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/main/features/demo/generate';
import { button, chromiumMissing, frameLoaded, openDialog, shot, signIn, SKIP_REASON, startDemoHarness } from './harness';
import type { Harness } from './harness';

describe.skipIf(chromiumMissing)('e2e: 系统设置 and 重新生成查询码', () => {
  let h: Harness;
  let admin = '';
  let caseId = '';

  beforeAll(async () => {
    ({ h, picked: { admin, caseId } } = await startDemoHarness({ cases: 40, seed: 3 }, (store, s) => ({
      admin: s.users.find((u) => u.roles.includes('admin'))!.username,
      caseId: store.db.prepare("SELECT id FROM cases WHERE template_code IS NOT NULL AND status NOT IN ('completed','withdrawn') ORDER BY id LIMIT 1").pluck().get() as string,
    })));
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('the admin sets the guide address: refused when bad, in effect when good; the hall poster previews', async () => {
    const { page } = h;
    await page.goto(h.host.launchUrl);
    await signIn(page, admin, DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: /系统设置/ }).click();
    const settings = page.getByTestId('settings-page');
    await expect.poll(() => settings.getByTestId('guide-effective-url').textContent()).toBe('未设置');
    await expect.poll(() => settings.locator('.ant-alert-warning').textContent()).toContain('不能打印联络卡');

    await page.getByTestId('guide-override').fill('ftp://zwfw.fuzhou.gov.cn');
    await button(settings, '保存').click();
    await expect.poll(() => settings.locator('.ant-form-item-explain-error').first().textContent()).toMatch(/http:\/\/ 或 https:\/\//);
    expect(h.backend.deps.store.getSetting('guideBaseUrl')).toBeUndefined();

    await page.getByTestId('guide-override').fill('https://zwfw.fuzhou.gov.cn/daiban/');
    await button(settings, '保存').click();
    await expect.poll(() => settings.getByTestId('guide-effective-url').textContent()).toBe('https://zwfw.fuzhou.gov.cn/daiban');
    await expect.poll(() => settings.getByTestId('guide-address-card').locator('.ant-tag').first().textContent()).toBe('本机设置');
    expect(await settings.locator('.ant-alert-warning').count()).toBe(0);
    await shot(page, '60-settings-guide-address');

    await button(settings, '打印大厅二维码海报').click();
    const frame = page.getByTestId('print-frame');
    await frame.waitFor();
    await frameLoaded(frame);
    await shot(page, '61-poster-preview');
    expect(h.consoleErrors.filter((e) => /Content Security Policy|Refused to/.test(e))).toEqual([]);
  });

  it('重新生成查询码 on the case file asks first, then gives the case a new token', async () => {
    const { page } = h;
    const tokenNow = () => h.backend.deps.store.db.prepare('SELECT public_token FROM cases WHERE id = ?').pluck().get(caseId) as string;
    const before = tokenNow();
    await page.goto(`${h.host.launchUrl.split('#')[0]}#/case/${caseId}`);
    await page.getByTestId('case-file').waitFor();
    await page.getByTestId('regenerate-token').click();
    const dialog = openDialog(page);
    await expect.poll(() => dialog.textContent()).toContain('已发给申请人的联络卡将停止使用');
    // The confirm zooms in: the picture waits until it is drawn in full.
    await expect.poll(() => dialog.evaluate((el) => getComputedStyle(el.closest('.ant-modal') ?? el).opacity)).toBe('1');
    await shot(page, '62-regenerate-token-confirm');
    await button(dialog, '取消').click();
    expect(tokenNow()).toBe(before);

    await page.getByTestId('regenerate-token').click();
    await button(openDialog(page), '重新生成').click();
    await expect.poll(tokenNow).not.toBe(before);
    await page.getByText('已重新生成查询码，请重新打印联络卡').waitFor();
    expect(h.consoleErrors.filter((e) => /Content Security Policy|Refused to/.test(e))).toEqual([]);
  });
});
if (chromiumMissing) console.warn(SKIP_REASON);
