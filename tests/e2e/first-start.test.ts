// First start on an empty data folder: the app asks for the office and the first admin (and
// offers the demo); a weak password is refused in Chinese; then the admin is in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumMissing, ensureRendererBuilt, shot, SKIP_REASON, startHarness } from './harness';
import type { Harness } from './harness';

describe.skipIf(chromiumMissing)('e2e: first start', () => {
  let h: Harness;
  beforeAll(async () => {
    ensureRendererBuilt();
    h = await startHarness({ demo: true });
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('asks for the first admin, refuses a weak password, then signs in', async () => {
    const { page } = h;
    await page.goto(h.host.launchUrl);
    await page.getByText('首次使用：设置管理员').waitFor();
    expect(await page.getByRole('button', { name: /载入演示数据/ }).isVisible()).toBe(true);
    await page.getByLabel('机构名称').fill('城关镇便民服务中心');
    await page.getByLabel('管理员用户名').fill('admin');
    await page.getByLabel('姓名').fill('张管理');
    await page.getByLabel(/密码/).fill('12345');
    await page.getByRole('button', { name: '创建并进入' }).click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error, [role=alert]').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('密码至少8位')]));
    // the backend's message is also shown beside the field itself
    await expect.poll(() => page.locator('.ant-form-item-explain-error').allTextContents()).toContain('密码至少8位');
    expect(await page.getByLabel('机构名称').inputValue()).toBe('城关镇便民服务中心');
    await shot(page, '00-first-start');
    await page.getByLabel(/密码/).fill('Guanli2026');
    await page.getByRole('button', { name: '创建并进入' }).click();
    await page.locator('[data-testid=dashboard][data-ready="1"]').waitFor();
    expect(await page.getByTestId('current-user').textContent()).toContain('张管理');
    expect(await page.getByRole('menuitem', { name: /工作人员/ }).isVisible()).toBe(true);
  });
});

if (chromiumMissing) {
  describe('e2e first start', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}
