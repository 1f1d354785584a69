// 知识库 in Chromium: an agent writes a 标准流程 article linked to an item of their case's plan
// and proposes it; the centre's admin finds the proposal and publishes it; the article is found by a
// two-character query and shows as 相关知识 beside the plan item, opening in place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/main/features/demo/generate';
import { button, chromiumMissing, shot, SKIP_REASON, startDemoHarness } from './harness';
import type { Harness } from './harness';

const TITLE = '施工许可并联审批标准流程';

async function signIn(page: Page, username: string) {
  await page.getByTestId('current-user').hover();
  await page.getByText('切换用户').click();
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByLabel('密码').press('Enter');
  await page.getByTestId('current-user').waitFor();
}

describe.skipIf(chromiumMissing)('e2e: knowledge base', () => {
  let h: Harness;
  let picked: { agent: string; admin: string; caseId: string; code: string; itemName: string };

  beforeAll(async () => {
    ({ h, picked } = await startDemoHarness({ cases: 80, seed: 21 }, (store, s) => {
      const row = store.db.prepare(`SELECT c.id AS caseId, u.username AS agent, pi.catalog_code AS code, pi.name AS itemName
        FROM cases c JOIN users u ON u.id = c.agent_id JOIN plan_items pi ON pi.case_id = c.id
        WHERE c.status NOT IN ('completed', 'withdrawn') AND pi.deleted_at IS NULL ORDER BY c.case_no, pi.sort_order LIMIT 1`).get() as { caseId: string; agent: string; code: string; itemName: string };
      return { ...row, admin: s.users.find((u) => u.roles.includes('admin'))!.username };
    }));
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('an agent proposes, the admin publishes, a two-character query finds it, the plan item shows it', async () => {
    const { page } = h;
    await page.goto(h.host.launchUrl);
    await page.getByLabel('用户名').fill(picked.agent);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.getByRole('menuitem', { name: /知识库/ }).click();
    await page.getByTestId('knowledge-page').waitFor();

    await page.getByTestId('knowledge-new').click();
    const form = page.getByTestId('knowledge-form');
    await form.getByLabel('标题').fill(TITLE);
    await form.getByLabel('类别').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '标准流程' }).click();
    await form.getByLabel('标签').fill('高频事项');
    await form.getByLabel('标签').press('Enter');
    await form.getByLabel('关联事项').fill(picked.code);
    await page.locator('.ant-select-item-option').filter({ hasText: picked.code }).first().click();
    await form.getByTestId('knowledge-body').fill('## 办理要点\n\n1. 先完成**联合审图**\n2. 同步申报施工许可与质量安全监督\n\n| 材料 | 份数 |\n| --- | --- |\n| 施工合同 | 1 |\n\n<b>不会加粗</b>');
    await form.getByRole('tab', { name: '预览' }).click();
    await expect.poll(() => form.locator('.knowledge-preview strong').textContent()).toBe('联合审图');
    expect(await form.locator('.knowledge-preview').textContent()).toContain('<b>不会加粗</b>');
    await button(form, '保存').click();
    const article = page.getByTestId('knowledge-article');
    await expect.poll(() => article.locator('h3').textContent()).toBe(TITLE);
    await page.getByTestId('knowledge-propose').click();
    await expect.poll(() => article.textContent()).toContain('待发布');
    expect(await page.getByTestId('knowledge-publish').count()).toBe(0);

    await signIn(page, picked.admin);
    await page.getByRole('menuitem', { name: /知识库/ }).click();
    await page.getByText('待发布', { exact: true }).click();
    await page.getByTestId('knowledge-row').filter({ hasText: TITLE }).click();
    await page.getByTestId('knowledge-publish').click();
    await expect.poll(() => page.getByTestId('knowledge-publish').count()).toBe(0);
    await page.getByText('已发布', { exact: true }).first().click();
    await page.getByTestId('knowledge-search').fill('审图');
    await expect.poll(() => page.getByTestId('knowledge-row').allTextContents()).toEqual([expect.stringContaining(TITLE)]);
    await page.getByTestId('knowledge-row').first().click();
    await expect.poll(() => page.getByTestId('knowledge-items').textContent()).toContain(picked.itemName);
    await page.locator('.knowledge-body table').waitFor();
    await shot(page, '35-knowledge');
    await page.getByTestId('knowledge-search').fill('无此内容');
    await page.getByText('没有找到相关知识').waitFor();

    // 相关知识 beside the plan item it links.
    await page.goto(`${h.host.launchUrl.split('#')[0]}#/case/${picked.caseId}/plan`);
    await page.getByRole('tab', { name: /计划书/ }).click();
    const tag = page.locator('.ant-table-row').filter({ hasText: picked.code }).getByTestId('related-knowledge');
    await expect.poll(() => tag.textContent()).toBe('相关知识 1');
    await tag.click();
    await page.getByRole('button', { name: TITLE }).click();
    await expect.poll(() => page.locator('.ant-modal').getByTestId('knowledge-article').locator('h3').textContent()).toBe(TITLE);
    // The dialog has finished opening (antd's zoom) and the list it came from has closed.
    await expect.poll(() => page.locator('.ant-zoom-appear, .ant-zoom-enter, .ant-zoom-big-leave, .ant-popover:not(.ant-popover-hidden)').count()).toBe(0);
    await shot(page, '36-related-knowledge');
    expect(h.consoleErrors.filter((e) => /Content Security Policy|Refused to/.test(e))).toEqual([]);
  });
});

if (chromiumMissing) {
  describe('e2e knowledge', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}
