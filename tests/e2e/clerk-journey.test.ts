// A clerk who has never seen the app registers an enterprise walk-in, entrusts, plans, logs
// progress and transfers the case to the county; the county accepts. Bad input at each step is
// refused with a visible Chinese message and nothing typed is lost. Screenshots: test-artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { usccCheckChar } from '../../src/shared/domain/validators';
import { button, chromiumMissing, contractCaller, ensureRendererBuilt, openDialog, pick, pickOffice, shot, SKIP_REASON, startHarness } from './harness';
import type { Harness } from './harness';

const USCC17 = '91350102MA2Y3B4C5';
const USCC = USCC17 + usccCheckChar(USCC17);
const PASSWORD = 'Counter2026';

async function login(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByLabel('密码').press('Enter');
}

/** Signed in as `displayName`: the header names them (not merely some user from before). */
async function signedInAs(page: Page, displayName: string): Promise<void> {
  await expect.poll(() => page.getByTestId('current-user').textContent()).toContain(displayName);
}

describe.skipIf(chromiumMissing)('e2e: counter clerk journey in Chromium', () => {
  let h: Harness;
  let caseUrl = '';

  beforeAll(async () => {
    ensureRendererBuilt();
    h = await startHarness();
    // The office set-up an admin does once (county above the township, one clerk each), through
    // the same contract the UI uses.
    const call = contractCaller(h);
    await call('auth.setup', { orgUnitName: '闽清县政务服务中心', orgLevel: 'county', orgCode: '350124', username: 'admin', displayName: '林管理', password: PASSWORD });
    const me = await call('auth.status', {});
    const countyId = (me.session as { orgUnitId: string }).orgUnitId;
    const town = await call('orgUnit.create', { name: '梅城镇便民服务中心', level: 'township', parentId: countyId });
    await call('user.create', { username: 'chen', displayName: '陈窗口', role: 'clerk', orgUnitId: town.id, password: PASSWORD, phone: '13905911234' });
    await call('user.create', { username: 'wu', displayName: '吴代办', role: 'agent', orgUnitId: town.id, password: PASSWORD });
    await call('user.create', { username: 'huang', displayName: '黄县窗口', role: 'clerk', orgUnitId: countyId, password: PASSWORD });
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it('signs in: a wrong password is refused in Chinese', async () => {
    const { page } = h;
    await page.goto(h.host.launchUrl);
    await expect.poll(() => page.getByText('代办帮办工作台').first().isVisible()).toBe(true);
    await shot(page, '01-login');
    await login(page, 'chen', 'wrong-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('用户名或密码错误');
    await login(page, 'chen', PASSWORD);
    await signedInAs(page, '陈窗口');
    await page.getByText('我的在办案卷').waitFor();
    await shot(page, '02-dashboard-empty');
  });

  it('registers an enterprise walk-in; bad ID, code and phone are refused beside the fields and nothing is lost', async () => {
    const { page } = h;
    await page.keyboard.press('Control+n').catch(() => undefined);
    await page.getByRole('button', { name: '受理登记' }).first().click();
    await page.getByLabel('诉求摘要').fill('新建厂房项目，需要办理立项、用地规划和施工许可，申请全程代办');
    await page.getByLabel('单位名称').fill('福州闽清榕光机械制造有限公司');
    await page.getByLabel('统一社会信用代码').fill('91350102MA2Y3B4C5Z');
    await page.getByLabel('法定代表人').fill('郑海东');
    await page.getByLabel('经办人（报批员）').fill('刘晓梅');
    await page.getByLabel('联系电话').fill('1390591');
    await page.getByLabel('项目名称').fill('榕光机械年产5000台数控机床厂房建设项目');
    await page.getByLabel('项目代码').fill('2026-350124-34-03-00012');
    await page.getByTestId('intake-submit').click();
    // Chinese messages beside the fields, top-level alert, nothing submitted
    await expect.poll(() => page.locator('.ant-form-item-explain-error').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('统一社会信用代码'), expect.stringContaining('手机号'), expect.stringContaining('项目代码')]),
    );
    await shot(page, '03-intake-errors');
    expect(await page.getByLabel('单位名称').inputValue()).toBe('福州闽清榕光机械制造有限公司');
    expect(await page.getByLabel('诉求摘要').inputValue()).toContain('新建厂房项目');
    // the draft survives a reload
    await page.reload();
    await expect.poll(() => page.getByLabel('单位名称').inputValue()).toBe('福州闽清榕光机械制造有限公司');
    await expect.poll(() => page.getByLabel('法定代表人').inputValue()).toBe('郑海东');
    // fix them
    await page.getByLabel('统一社会信用代码').fill(USCC);
    await page.getByLabel('联系电话').fill('13905917788');
    await page.getByLabel('项目代码').fill('2026-350124-34-03-001234');
    await pick(page, page.locator('#agentId'), '吴代办');
    await expect.poll(() => page.locator('.ant-form-item-explain-error').count()).toBe(0);
    await shot(page, '04-intake-filled');
    await page.getByLabel('项目名称').press('Enter');
    await page.getByTestId('case-file').waitFor();
    caseUrl = page.url();
    await expect.poll(() => page.locator('.page-title h2').textContent()).toContain('榕光机械年产5000台数控机床厂房建设项目');
  });

  it('entrusts: an empty scope is refused, then the agreement is generated and signed', async () => {
    const { page } = h;
    const form = page.getByTestId('entrust-form');
    await form.getByLabel('委托范围（事项或阶段）').fill('');
    await button(form, '生成').click();
    await expect.poll(() => form.locator('.ant-form-item-explain-error').allTextContents()).toContain('请填写委托范围');
    await form.getByLabel('委托范围（事项或阶段）').fill('第1阶段、第2阶段、第3阶段');
    // An agreement binds both parties for a term: without its end date it is refused beside the field.
    await button(form, '生成').click();
    await expect.poll(() => form.locator('.ant-form-item-explain-error').allTextContents()).toContain('代办委托协议须填写委托期限（截止日期）');
    await form.getByLabel('至').fill('2027-12-31');
    await form.getByLabel('至').press('Enter');
    // On a busy machine the picker commits its value a moment later: generate once it has, and the
    // end date's error is gone.
    await expect.poll(() => form.getByLabel('至').inputValue()).toBe('2027-12-31');
    const trustee = form.getByLabel('受托人', { exact: true });
    if (!(await trustee.inputValue())) await trustee.fill('黄文彬');
    await expect.poll(() => trustee.inputValue()).not.toBe('');
    await button(form, '生成').click();
    await expect.poll(() => form.locator('.ant-form-item-explain-error').allTextContents()).not.toContain('代办委托协议须填写委托期限（截止日期）');
    await page.getByRole('cell', { name: /第1阶段/ }).waitFor();
    await page.getByRole('button', { name: '登记已签署' }).click();
    await page.getByTestId('sign-scan-input').setInputFiles({ name: '委托协议签字页.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 signed') });
    await page.getByTestId('sign-confirm').click();
    await page.getByText('已签署', { exact: true }).waitFor();
    // the signed agreement makes the case 已委托; the clerk is not offered 开始办理 (the agent's step)
    await expect.poll(() => page.locator('.page-title h2').textContent()).toContain('已委托');
    expect(await button(page, '开始办理').count()).toBe(0);
    await shot(page, '05-case-entrusted');
  });

  it('plans from a template: the project’s category proposes one, the agent may choose another; the plan shows stages and due dates', async () => {
    const { page } = h;
    await page.getByRole('tab', { name: /计划书/ }).click();
    const form = page.getByTestId('plan-form');
    await page.getByTestId('plan-proposal').waitFor();
    await pick(page, form.locator('#templateId'), '社会投资一般工业项目');
    await form.getByRole('button', { name: '按模板生成计划书' }).click();
    await expect.poll(() => page.locator('.stage-title').count()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByText(/剩\d+个工作日/).count()).toBeGreaterThan(0);
    // first item: submitted, then approved with its approval document number asked in a modal
    await pick(page, page.locator('.stage-block .ant-select').first(), '已申报');
    await expect.poll(() => page.locator('.stage-block .ant-select').first().textContent()).toContain('已申报');
    await pick(page, page.locator('.stage-block .ant-select').first(), '已办结');
    const dialog = openDialog(page);
    await expect.poll(() => dialog.textContent()).toContain('已办结');
    await button(dialog, '保存').click();
    await page.getByText('已办结须填写批准文号').waitFor();
    await dialog.getByPlaceholder(/批准文号/).fill('闽清发改备〔2026〕18号');
    await button(dialog, '保存').click();
    await page.getByRole('cell', { name: '闽清发改备〔2026〕18号' }).waitFor();
    await expect.poll(() => page.getByRole('dialog').filter({ visible: true }).count()).toBe(0);
    await shot(page, '06-case-plan');
  });

  it('logs progress: a too-short entry is refused by the backend and kept; a valid one appears on the timeline', async () => {
    const { page } = h;
    await page.getByRole('tab', { name: /进度/ }).click();
    const form = page.getByTestId('progress-form');
    await form.getByLabel('内容').fill('好');
    await form.getByLabel('内容').press('Enter');
    await expect.poll(() => form.locator('.ant-form-item-explain-error, [role=alert]').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('进度内容至少2个字')]));
    expect(await form.getByLabel('内容').inputValue()).toBe('好');
    await form.getByLabel('内容').fill('电话联系刘晓梅，告知立项备案需补充的营业执照复印件和项目选址意见');
    await form.getByLabel('内容').press('Enter');
    await page.locator('.timeline-entry', { hasText: '告知立项备案' }).waitFor();
    await shot(page, '07-case-progress');
  });

  it('transfers to the county: missing office refused, then sent and waiting', async () => {
    const { page } = h;
    await page.getByRole('tab', { name: /转办联办/ }).click();
    const form = page.getByTestId('transfer-form');
    await form.getByLabel('事由').fill('项目涉及县级用地规划许可，请县中心接办');
    await button(form, '发送').click();
    await expect.poll(() => form.locator('.ant-form-item-explain-error').allTextContents()).toContain('请选择接收机构');
    expect(await form.getByLabel('事由').inputValue()).toBe('项目涉及县级用地规划许可，请县中心接办');
    await pickOffice(page, form.locator('#toOrgUnitId'), '闽清县政务服务中心');
    await button(form, '发送').click();
    await page.getByText('等待对方接收').waitFor();
    await shot(page, '08-case-transfer-sent');
  });

  it('switches user; the county clerk sees the transfer, accepts it, and both keep the history', async () => {
    const { page } = h;
    await page.getByTestId('current-user').hover();
    await page.getByText('切换用户').click();
    await login(page, 'huang', PASSWORD);
    await signedInAs(page, '黄县窗口');
    await page.getByRole('menuitem', { name: /转办联办/ }).click();
    await button(page, '接收').waitFor();
    await shot(page, '09-county-inbox');
    await button(page, '接收').click();
    await expect.poll(() => page.getByText('已接收', { exact: true }).count()).toBeGreaterThan(0);
    await page.goto(caseUrl.replace(/#.*$/, '') + '#' + caseUrl.split('#')[1]!.replace(/\/[a-z]+$/, '/transfers'));
    await page.getByTestId('case-file').waitFor();
    await expect.poll(() => page.getByTestId('transfer-table').textContent()).toContain('已接收');
    await page.getByRole('tab', { name: /概况/ }).click();
    await shot(page, '10-case-file-county');
    const csp = h.consoleErrors.filter((e) => /Content Security Policy|Refused to/.test(e));
    if (csp.length) console.error(csp.join('\n'));
    expect(csp).toEqual([]);
  });

  it('locks (Ctrl+L): a wrong password is refused, the right one unlocks and the draft is still there', async () => {
    const { page } = h;
    await page.getByRole('menuitem', { name: /受理登记/ }).click();
    await page.getByLabel('诉求摘要').fill('咨询水电气报装办理流程');
    await page.keyboard.press('Control+l');
    await page.getByText('已锁定').waitFor();
    await shot(page, '11-locked');
    await page.getByLabel('密码').fill('not-my-password');
    await page.getByLabel('密码').press('Enter');
    await expect.poll(() => page.locator('.ant-alert-error').textContent()).toContain('密码错误');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await expect.poll(() => page.getByLabel('诉求摘要').inputValue()).toBe('咨询水电气报装办理流程');
  });
});

if (chromiumMissing) {
  describe('e2e', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}
