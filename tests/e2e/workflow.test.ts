// 案卷 list paging and the case-file workflow steps of issue 9 in Chromium, on a demo store of
// 300 cases: pages without repeats, the 受理日期 sort and a status filter with their totals; 登记已签署
// with the scan uploaded in the same step; the materials checklist per plan item; the proposed
// plan template. Screenshots: test-artifacts/workflow-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/main/features/demo/generate';
import type { Connection } from '../../src/main/api/registry';
import { chromiumMissing, shot, startDemoHarness } from './harness';
import type { Harness } from './harness';

const CASES = 300;
/** Each step waits on state; on a loaded machine a step may take minutes. */
const STEP_TIMEOUT = 240_000;

async function open(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => { window.location.hash = h; }, hash);
}

/** The case numbers of the page shown, once the list has finished loading page `n`. */
async function shownPage(page: Page, n: number): Promise<string[]> {
  await page.locator(`[data-testid=case-list][data-ready="1"][data-page="${n}"]`).waitFor();
  await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').count()).toBeGreaterThan(0);
  return page.locator('.ant-table-tbody tr.ant-table-row td:first-child').allTextContents();
}

describe.skipIf(chromiumMissing)('e2e: 案卷 list paging and case-file workflow steps', () => {
  let h: Harness;
  const call = async <T,>(name: string, input: unknown, conn: Connection): Promise<T> => {
    const r = await h.backend.registry.dispatch(name, input, conn);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.data as T;
  };

  beforeAll(async () => {
    ({ h } = await startDemoHarness({ cases: CASES, seed: 9 }, () => null));
    await h.page.goto(h.host.launchUrl);
    await h.page.getByLabel('用户名').fill('admin');
    await h.page.getByLabel('密码').fill(DEMO_PASSWORD);
    await h.page.getByLabel('密码').press('Enter');
    await h.page.locator('[data-testid=dashboard][data-ready="1"]').waitFor({ timeout: 60_000 });
  }, 240_000);

  afterAll(async () => {
    await h?.close();
  }, STEP_TIMEOUT);

  it('案卷 pages through every case once, sorts by 受理日期 and filters by status with the right totals', async () => {
    const { page } = h;
    await open(page, '#/cases');
    const first = await shownPage(page, 1);
    expect(first).toHaveLength(50);
    await expect.poll(() => page.locator('.page-title h2').textContent()).toContain(`共 ${CASES} 件`);
    await shot(page, 'workflow-01-case-list');

    // Six pages of 50, no case twice.
    const seen = new Set(first);
    for (let n = 2; n <= 6; n++) {
      await page.locator(`.ant-pagination-item-${n}`).click();
      for (const no of await shownPage(page, n)) seen.add(no);
    }
    expect(seen.size).toBe(CASES);

    // 受理日期, latest first: the first row carries the latest date of the store.
    await page.locator('.ant-table-thead th', { hasText: '受理日期' }).click();
    await shownPage(page, 1);
    const latest = h.backend.deps.store.db.prepare('SELECT max(accepted_date) FROM cases').pluck().get() as string;
    await expect.poll(() => page.locator('.ant-table-tbody tr.ant-table-row').first().textContent()).toContain(latest);

    // A status filter: the total is the backend's count of that status.
    await page.locator('.page-title .ant-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '办理中' }).click();
    const inProgress = h.backend.deps.store.db.prepare(`SELECT count(*) FROM cases WHERE status = 'inProgress'`).pluck().get() as number;
    await expect.poll(() => page.locator('.page-title h2').textContent()).toContain(`共 ${inProgress} 件`);
    await shownPage(page, 1);
    await shot(page, 'workflow-02-case-list-filtered');
  }, STEP_TIMEOUT);

  it('登记已签署 asks for the scan and files it with the signed agreement', async () => {
    const { page } = h;
    const caseId = h.backend.deps.store.db.prepare(`SELECT c.id FROM cases c JOIN projects p ON p.id = c.project_id WHERE c.mode = 'proxy' AND c.status = 'accepted' AND p.admission_status NOT IN ('refused', 'refusalPending') AND (p.category <> 'key' OR c.leader_id IS NOT NULL) LIMIT 1`).pluck().get() as string;
    await open(page, `#/case/${caseId}/entrust`);
    const form = page.getByTestId('entrust-form');
    // An agreement names its term end and its trustee (the case's agent, prefilled when assigned).
    await form.getByLabel('至').fill('2027-06-30');
    await form.getByLabel('至').press('Enter');
    const trustee = form.getByLabel('受托人', { exact: true });
    if (!(await trustee.inputValue())) await trustee.fill('陈代办');
    await form.getByRole('button', { name: '生成' }).click();
    await page.getByRole('button', { name: '登记已签署' }).click();
    const dialog = page.getByTestId('sign-dialog');
    await dialog.waitFor();
    // Nothing chosen: the step cannot be confirmed; 稍后补传 shows its warning.
    expect(await page.getByTestId('sign-confirm').isDisabled()).toBe(true);
    await dialog.getByText('暂无扫描件，稍后补传').click();
    await dialog.getByText('待补扫描件').waitFor();
    await dialog.getByText('暂无扫描件，稍后补传').click();
    await page.getByTestId('sign-scan-input').setInputFiles({ name: '委托协议签字页.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% signed by the applicant\n') });
    await expect.poll(() => page.getByTestId('sign-scan-name').textContent()).toBe('委托协议签字页.pdf');
    await expect.poll(() => page.getByTestId('sign-confirm').isEnabled()).toBe(true);
    await shot(page, 'workflow-03-sign-dialog');
    await page.getByTestId('sign-confirm').click();
    await page.getByText('扫描件：委托协议签字页.pdf').waitFor();
    await expect.poll(() => page.locator('.page-title h2').textContent()).toContain('已委托');
    await shot(page, 'workflow-04-signed-with-scan');
    await page.getByRole('tab', { name: /附件（1）/ }).click();
    await page.getByRole('cell', { name: '委托协议签字页.pdf' }).waitFor();
  }, STEP_TIMEOUT);

  it('材料交接 shows the checklist per plan item and a handover of one entry updates it', async () => {
    const { page } = h;
    const { id: caseId, name } = h.backend.deps.store.db.prepare(
      `SELECT m.case_id AS id, m.name FROM materials m JOIN cases c ON c.id = m.case_id
       WHERE c.status NOT IN ('completed', 'withdrawn', 'suspended') AND m.originals_held = 0 AND m.originals_required > 0 LIMIT 1`,
    ).get() as { id: string; name: string };
    await open(page, `#/case/${caseId}/materials`);
    const checklist = page.getByTestId('material-checklist');
    await checklist.locator('.material-group').first().waitFor();
    // The list of options is virtual: type to find the entry.
    await page.locator('.ant-form-item .ant-select').filter({ hasText: '从清单选择材料' }).first().click();
    await page.keyboard.type(name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).first().click();
    await page.getByLabel('交接人（申请方）').fill('林小明');
    await page.getByRole('button', { name: '登记交接' }).click();
    await expect.poll(() => checklist.getByLabel(`${name}在册原件`).first().inputValue()).toBe('1');
    await shot(page, 'workflow-05-materials');
  }, STEP_TIMEOUT);

  it('计划书 proposes the template of the project’s category', async () => {
    const { page } = h;
    const admin: Connection = { session: null, lastSeen: 0 };
    await call('auth.login', { username: 'admin', password: DEMO_PASSWORD }, admin);
    const agentId = h.backend.deps.store.db.prepare(`SELECT id FROM users WHERE roles LIKE '%agent%' LIMIT 1`).pluck().get() as string;
    const { caseId } = await call<{ caseId: string }>('intake.register', {
      channel: 'counter', mode: 'proxy',
      applicant: { kind: 'person', name: '陈建国', idNumber: '11010519491231002X', contactName: '陈建国', contactPhone: '13905912345' },
      project: { name: '杨桥路道路提升改造工程', category: 'government', location: '鼓楼区' },
      summary: '道路改造审批全程代办', agentId,
    }, admin);
    await open(page, `#/case/${caseId}/plan`);
    await expect.poll(() => page.getByTestId('plan-proposal').textContent()).toContain('按项目类别（政府投资）');
    await expect.poll(() => page.getByTestId('plan-form').locator('.ant-select').first().textContent()).toContain('政府投资线性工程');
    await shot(page, 'workflow-06-plan-proposal');
  }, STEP_TIMEOUT);
});
