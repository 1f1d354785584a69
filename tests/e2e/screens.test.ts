// The main screens on a realistic demo store (the CLI's generator), at 1366×768, for review:
// 工作台, case list (virtualised), case file tabs, instant search, catalogue, calendar, print preview.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/main/features/demo/generate';
import type { Page } from 'playwright-core';
import { button, chromiumMissing, contractCaller, frameLoaded, openDialog, shot, SKIP_REASON, startDemoHarness } from './harness';
import type { Harness } from './harness';

/** Waits for the print preview's outcome: the PDF loaded in its frame, or the error shown instead. */
async function printOutcome(page: Page): Promise<string> {
  const frame = page.getByTestId('print-frame');
  const error = page.locator('.ant-alert-error');
  await frame.or(error).first().waitFor();
  if (await error.count()) return `error: ${await error.first().textContent()}`;
  await frameLoaded(frame);
  return 'pdf';
}

describe.skipIf(chromiumMissing)('e2e: main screens on demo data', () => {
  let h: Harness;
  let agent = '';
  let admin = '';

  beforeAll(async () => {
    ({ h, picked: { agent, admin } } = await startDemoHarness({ cases: 600, seed: 7 }, (store, s) => ({
      // the agent with the most open cases, so the 工作台 shows a full day
      agent: (store.db.prepare(`SELECT u.username FROM cases c JOIN users u ON u.id = c.agent_id WHERE c.status NOT IN ('completed','withdrawn') GROUP BY u.id ORDER BY count(*) DESC LIMIT 1`).pluck().get() as string | undefined) ?? s.users.find((u) => u.roles.includes('agent'))!.username,
      admin: s.users.find((u) => u.roles.includes('admin'))!.username,
    })));
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('工作台 shows counters, my cases, due and overdue items and recent activity', async () => {
    const { page } = h;
    await page.goto(h.host.launchUrl);
    await page.getByLabel('用户名').fill(agent);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.locator('[data-testid=dashboard][data-ready="1"]').waitFor();
    await expect.poll(() => page.locator('.counter-num').first().textContent()).toMatch(/^\d+$/);
    await shot(page, '20-dashboard');
  });

  it('case list scrolls a virtualised table and opens a case file', async () => {
    const { page } = h;
    await page.getByRole('menuitem', { name: /案卷/ }).click();
    await page.locator('.ant-table-row').first().waitFor();
    // only the visible rows are in the DOM
    expect(await page.locator('.ant-table-row').count()).toBeLessThan(80);
    await shot(page, '21-case-list');
    await page.locator('.ant-table-row').nth(3).click();
    await page.getByTestId('case-file').waitFor();
    await shot(page, '22-case-overview');
    await page.getByRole('tab', { name: /计划书/ }).click();
    await shot(page, '23-case-plan');
    await page.getByRole('tab', { name: /进度/ }).click();
    await shot(page, '24-case-progress');
    await page.getByRole('tab', { name: /材料交接/ }).click();
    await shot(page, '25-case-materials');
  });

  it('instant search finds a two-character name', async () => {
    const { page } = h;
    const name = (await h.backend.deps.store.db.prepare(`SELECT name FROM applicants WHERE kind='person' AND length(name)=2 LIMIT 1`).pluck().get()) as string | undefined;
    const term = name ?? '福州';
    await page.locator('#global-search').fill(term);
    await page.locator(`[data-testid=search-results][data-term="${term}"]`).waitFor();
    expect(await page.locator('[data-testid=search-results] .search-row').count()).toBeGreaterThan(0);
    await shot(page, '26-search');
    await page.keyboard.press('Escape');
  });

  it('print preview refuses a card while this standalone desktop has no guide address, then shows the liaison card PDF', async () => {
    const { page } = h;
    await page.locator('#global-search').fill('');
    const id = h.backend.deps.store.db.prepare(`SELECT c.id FROM cases c JOIN users u ON u.id = c.agent_id WHERE u.username = ? AND c.mode = 'proxy' AND c.project_id IS NOT NULL ORDER BY c.leader_id IS NULL, c.id DESC LIMIT 1`).pluck().get(agent) as string;
    await page.goto(`${h.host.url}#/case/${id}`);
    await page.getByTestId('case-file').waitFor();
    await page.locator('.ant-select', { hasText: '打印文书' }).click();
    await page.locator('.ant-select-item-option', { hasText: '联络卡' }).click();
    // No server announced an address and no admin set one: the card says where to set it.
    expect(await printOutcome(page)).toMatch(/^error: 打印联络卡需要电子指引地址.*系统设置/);
    await button(page, '返回案卷').click();
    await page.getByTestId('case-file').waitFor();
    // The admin sets the address (系统设置 → 电子指引地址, through the same contract); the card prints.
    const asAdmin = contractCaller(h);
    await asAdmin('auth.login', { username: admin, password: DEMO_PASSWORD });
    await asAdmin('guide.setAddress', { override: 'https://daiban.example.gov.cn' });
    await page.locator('.ant-select', { hasText: '打印文书' }).click();
    await page.locator('.ant-select-item-option', { hasText: '联络卡' }).click();
    expect(await printOutcome(page)).toBe('pdf');
    await shot(page, '27-print-card');
  });

  it('政企互动: an empty form is refused, a filled one is listed for the quarter', async () => {
    const { page } = h;
    await page.getByRole('menuitem', { name: /政企互动/ }).click();
    await button(page, '登记').click();
    await expect.poll(() => page.locator('.ant-form-item-explain-error').allTextContents()).toEqual(expect.arrayContaining(['请填写活动地点', '请填写参与企业', '请填写活动内容']));
    await page.getByLabel('地点').fill('县政务服务中心三楼会议室');
    await page.getByLabel('参与企业（用顿号分隔）').fill('福州榕光机械制造有限公司、闽清县瓷业有限公司');
    await page.getByLabel('活动内容').fill('政企座谈：解读工程建设项目审批制度改革政策，收集企业诉求');
    await button(page, '登记').click();
    await page.getByRole('cell', { name: '县政务服务中心三楼会议室' }).waitFor();
    await shot(page, '31-interactions');
  });

  it('weekly progress report prints from the 工作台', async () => {
    const { page } = h;
    await page.getByRole('menuitem', { name: /工作台/ }).click();
    await button(page, '本周进展报告').click();
    expect(await printOutcome(page)).toBe('pdf');
  });

  it('admin screens: users, calendar, audit log', async () => {
    const { page } = h;
    await page.getByTestId('current-user').hover();
    await page.getByText('切换用户').click();
    await page.getByLabel('用户名').fill(admin);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByLabel('密码').press('Enter');
    // 600 cases in scope: the backend sends them a page of 50 at a time
    await page.getByRole('menuitem', { name: /案卷/ }).click();
    await page.getByText('全部可见').click();
    await expect.poll(async () => Number(/共 (\d+) 件/.exec((await page.locator('.page-title h2').textContent()) ?? '')?.[1] ?? 0)).toBeGreaterThan(400);
    expect(await page.locator('.ant-table-row').count()).toBeLessThanOrEqual(50);
    const firstBefore = await page.locator('.ant-table-row').first().textContent();
    await page.locator('.ant-pagination-next').click();
    await expect.poll(() => page.locator('.ant-table-row').first().textContent()).not.toBe(firstBefore);
    expect(await page.locator('.ant-table-row').count()).toBeLessThanOrEqual(50);
    // Users: a forgotten password is reset (a weak one refused in Chinese first).
    await page.getByRole('menuitem', { name: /工作人员/ }).click();
    await button(page, '重置').first().click();
    const dialog = openDialog(page);
    await dialog.getByPlaceholder(/新密码/).fill('short');
    await button(dialog, '重置').click();
    await page.getByText(/密码至少8位/).first().waitFor();
    await dialog.getByPlaceholder(/新密码/).fill('Reset2026x');
    await button(dialog, '重置').click();
    await page.getByText('密码已重置，账号已解锁').waitFor();
    await shot(page, '32-users');
    await page.getByRole('menuitem', { name: /工作日历/ }).click();
    await page.getByText('10月').waitFor();
    await shot(page, '28-calendar');
    await page.getByRole('menuitem', { name: /审计日志/ }).click();
    await page.locator('.ant-table-row').first().waitFor();
    await shot(page, '29-audit');
    await page.getByRole('menuitem', { name: /代办目录/ }).click();
    await page.locator('.ant-table-row').first().click();
    await shot(page, '30-catalogue');
    // The centre's admin changes the item's promised limit from today: the list shows it at once,
    // and the editor shows the change in the item's history.
    const promised = page.locator('.ant-card p').filter({ hasText: /^时限：/ });
    const before = Number(/承诺 (\d+)/.exec((await promised.textContent()) ?? '')?.[1]);
    await page.getByTestId('catalogue-edit').click();
    const editor = page.getByTestId('catalogue-edit-form');
    await editor.getByLabel('承诺时限').fill(String(before + 3));
    // A sample form for the first material: uploaded, named in the form, linked in the detail after saving.
    await editor.getByTestId('sample-form-input').first().setInputFiles({ name: '申请表（样表）.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% 样表\n%%EOF\n') });
    await editor.getByText('样表：申请表（样表）.pdf').waitFor();
    await editor.getByLabel('变更说明').fill('按新版清单调整承诺时限');
    await button(editor, '保存变更').click();
    await expect.poll(() => promised.textContent()).toContain(`承诺 ${before + 3}`);
    await page.locator('.ant-card').getByTestId('sample-form-link').waitFor();
    await page.getByTestId('catalogue-in-force').waitFor();
    await page.getByTestId('catalogue-edit').click();
    await expect.poll(() => page.getByTestId('catalogue-history').textContent()).toContain(`承诺时限：${before} → ${before + 3}`);
    // The dialog has finished opening (antd's zoom).
    await expect.poll(() => page.locator('.ant-zoom-appear, .ant-zoom-enter').count()).toBe(0);
    await shot(page, '31-catalogue-edit');
    await page.keyboard.press('Escape');

    // 导出Excel, then the file back with two rows spoiled: the dry run names both rows' problems,
    // 确认导入 stays off, and the catalogue is as it was.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('catalogue-export').click()]);
    expect(download.suggestedFilename()).toMatch(/代办目录.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const items = wb.getWorksheet('事项清单')!;
    const header = (items.getRow(1).values as unknown[]).map(String);
    const col = (name: string) => header.indexOf(name);
    items.getRow(3).getCell(col('实施部门')).value = '不存在的局';
    items.getRow(5).getCell(col('承诺办结时限')).value = '十天';
    const spoiledCode = String(items.getRow(5).getCell(col('事项编码')).value);
    await page.getByTestId('catalogue-import').click();
    await page.getByTestId('catalogue-import-file').setInputFiles({ name: '代办目录-改.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await wb.xlsx.writeBuffer()) });
    const report = page.getByTestId('catalogue-import-report');
    await expect.poll(() => report.textContent()).toContain('有问题 2 行');
    expect(await report.textContent()).toContain('不存在的局');
    expect(await report.locator('.ant-table-row').filter({ hasText: spoiledCode }).textContent()).toContain('承诺时限');
    expect(await page.getByTestId('catalogue-import-confirm').isDisabled()).toBe(true);
    await shot(page, '33-catalogue-import');
    await page.keyboard.press('Escape');
    expect(h.consoleErrors.filter((e) => /Content Security Policy|Refused to/.test(e))).toEqual([]);
  });
});

if (chromiumMissing) {
  describe('e2e screens', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}
