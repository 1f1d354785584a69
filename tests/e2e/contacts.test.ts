// 部门联络表 in Chromium: the admin opens the page from the menu, changes a 业务负责人's mobile and
// post in the form (a landline typed as the mobile is refused in the form's own words first),
// finds the person by a part of the new number, and sees the change from the department of a plan
// item in a case file. A clerk reads the same page with no way to edit it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/main/features/demo/generate';
import { button, chromiumMissing, openDialog, shot, signIn, startDemoHarness } from './harness';
import type { Harness } from './harness';

describe.skipIf(chromiumMissing)('e2e: 部门联络表', () => {
  let h: Harness;
  let picked: { caseId: string; department: string; clerk: string };

  beforeAll(async () => {
    ({ h, picked } = await startDemoHarness({ cases: 40, seed: 31 }, (store, s) => {
      // A case whose plan names 市住建局 (the catalogue also says 市住建局（牵头）; both match the directory's 市住建局).
      const row = store.db.prepare(`SELECT pi.case_id AS caseId, pi.department AS department FROM plan_items pi JOIN cases c ON c.id = pi.case_id
        WHERE pi.department LIKE '市住建局%' AND pi.deleted_at IS NULL ORDER BY c.case_no LIMIT 1`).get() as { caseId: string; department: string };
      return { ...row, clerk: s.users.find((u) => u.roles.includes('clerk'))!.username };
    }));
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('the admin edits a contact, finds it by its new number, and sees it from a plan item', async () => {
    const { page } = h;
    await page.goto(h.host.launchUrl);
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: '部门联络表' }).click();
    await page.getByTestId('contacts-page').waitFor();
    const card = page.getByTestId('contact-department').filter({ hasText: '市住建局' });
    await expect.poll(() => card.locator('tbody tr').count()).toBe(3);

    // 修改 王海燕 (业务负责人).
    await card.locator('tbody tr').filter({ hasText: '王海燕' }).getByTestId('contact-edit').click();
    const dialog = openDialog(page);
    const form = dialog.getByTestId('contact-form');
    await form.getByLabel('手机号码').fill('0591-87510399');
    await button(form, '保存修改').click();
    await expect.poll(() => form.locator('.ant-form-item-explain-error').allTextContents()).toContain('手机号码应为11位手机号码，固定电话请填在办公电话');
    await form.getByLabel('手机号码').fill('139 0591 9876');
    await form.getByLabel('职务').fill('行政审批处处长（兼联审办主任）');
    await button(form, '保存修改').click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => card.locator('tbody tr').filter({ hasText: '王海燕' }).textContent()).toContain('13905919876');

    // Found by a part of the new number (the search index), and only that person.
    await page.getByTestId('contacts-search').fill('919876');
    await expect.poll(() => page.getByTestId('contact-department').allTextContents()).toEqual([expect.stringContaining('王海燕')]);
    expect(await page.getByTestId('contact-department').locator('tbody tr').count()).toBe(1);
    await page.getByTestId('contacts-search').fill('');
    await expect.poll(() => page.getByTestId('contact-department').count()).toBeGreaterThan(3);
    await shot(page, '38-contacts');

    // From the plan item's department in the case file.
    await page.goto(`${h.host.launchUrl.split('#')[0]}#/case/${picked.caseId}/plan`);
    const link = page.getByTestId('department-link').filter({ hasText: picked.department }).first();
    await link.click();
    const pop = page.getByTestId('department-contacts').filter({ visible: true });
    await expect.poll(() => pop.textContent()).toContain('13905919876');
    expect(await pop.textContent()).toContain('行政审批处处长（兼联审办主任）');
    expect(await pop.textContent()).toContain('分管领导');
    await shot(page, '39-contacts-plan');

    // A clerk reads the directory, with no form to change it.
    await page.getByTestId('current-user').hover();
    await page.getByText('切换用户').click();
    await signIn(page, picked.clerk, DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: '部门联络表' }).click();
    await expect.poll(() => page.getByTestId('contact-department').filter({ hasText: '王海燕' }).count()).toBe(1);
    expect(await page.getByTestId('contact-edit').count()).toBe(0);
    expect(await page.getByTestId('contact-new').count()).toBe(0);
  });
});
