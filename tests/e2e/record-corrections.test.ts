// Forms that behave and records that can be corrected, in Chromium: Enter in the agreement's date
// field picks the date and submits nothing; hours of 30 are refused (not clamped) and what was typed
// stays; after a save the progress form is empty; a saved entry is corrected and then withdrawn
// (shown struck through as 已撤回 with the reason). Screenshots: test-artifacts/60-*.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as t from '../../src/main/db/schema';
import { createPlan } from '../../src/main/features/plans/service';
import { makeWorld, PASSWORD, registerProxyCase } from '../helpers/fixtures';
import { chromiumMissing, ensureRendererBuilt, shot, startHarness } from './harness';
import type { Harness } from './harness';

describe.skipIf(chromiumMissing)('e2e: correcting records in Chromium', () => {
  let h: Harness;
  let caseId = '';
  const count = (sql: string, ...args: unknown[]) => h.backend.deps.store.db.prepare(sql).pluck().get(...args) as number;

  beforeAll(async () => {
    ensureRendererBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'daiban-e2e-corrections-'));
    const w = makeWorld(dataDir, new Date().toISOString());
    caseId = registerProxyCase(w).caseId;
    createPlan(w.ctx('agent'), { caseId, templateId: w.store.orm.select().from(t.planTemplates).all()[0]!.id });
    w.store.close();
    h = await startHarness({ dataDir });
    const { page } = h;
    await page.goto(h.host.launchUrl);
    await page.getByLabel('用户名').fill('agent');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.locator('[data-testid=dashboard]').waitFor();
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('Enter in the agreement’s date field does not submit it', async () => {
    const { page } = h;
    await page.goto(`${h.host.url}#/case/${caseId}/entrust`);
    const form = page.getByTestId('entrust-form');
    await form.waitFor();
    const start = form.getByLabel('委托期限自');
    await start.click();
    await start.fill('2026-12-01');
    await start.press('Enter');
    // The date is taken, the form is neither submitted nor complained about.
    await expect.poll(() => start.inputValue()).toBe('2026-12-01');
    await shot(page, '60-agreement-enter-in-date');
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(count("SELECT count(*) FROM entrustments WHERE case_id = ?", caseId)).toBe(0);

    // Without its end date the agreement is refused by the form's rule (the contract's own words).
    await form.getByRole('button', { name: /生\s*成/ }).click();
    await form.getByText('代办委托协议须填写委托期限（截止日期）').waitFor();
    const end = form.getByLabel('至', { exact: true });
    await end.click();
    await end.fill('2027-06-30');
    await end.press('Enter');
    await expect.poll(() => end.inputValue()).toBe('2027-06-30');
    await shot(page, '61-agreement-filled');
    await form.getByRole('button', { name: /生\s*成/ }).click();
    await page.locator('.ant-table-row', { hasText: '2027-06-30' }).waitFor();
    expect(count("SELECT count(*) FROM entrustments WHERE case_id = ? AND term_end = '2027-06-30' AND authorized_name IS NOT NULL", caseId)).toBe(1);
    expect(count("SELECT count(*) FROM entrustments WHERE case_id = ?", caseId)).toBe(1);
  });

  it('refuses 30 hours keeping the text, and is empty after a save', async () => {
    const { page } = h;
    await page.goto(`${h.host.url}#/case/${caseId}/progress`);
    const form = page.getByTestId('progress-form');
    await form.waitFor();
    await form.getByLabel('内容').fill('电话联系经办人，告知补正材料清单');
    await form.getByLabel('工时（小时）').fill('30');
    await form.getByLabel('关联事项').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await form.getByRole('button', { name: '保存进度' }).click();
    await form.getByText('单条记录工时不能超过24小时').waitFor();
    expect(Number(await form.getByLabel('工时（小时）').inputValue())).toBe(30);
    expect(await form.getByLabel('内容').inputValue()).toBe('电话联系经办人，告知补正材料清单');
    expect(count('SELECT count(*) FROM progress_entries WHERE case_id = ?', caseId)).toBe(0);
    await shot(page, '62-progress-hours-refused');

    await form.getByLabel('工时（小时）').fill('1.5');
    await form.getByRole('button', { name: '保存进度' }).click();
    await page.locator('.timeline-entry', { hasText: '电话联系经办人，告知补正材料清单' }).waitFor();
    await expect.poll(() => form.getByLabel('内容').inputValue()).toBe('');
    expect(await form.locator('.ant-select-selection-item').count()).toBe(0);
    expect(count('SELECT count(*) FROM progress_entries WHERE case_id = ? AND hours = 1.5 AND plan_item_id IS NOT NULL', caseId)).toBe(1);
    await shot(page, '63-progress-saved-form-empty');
  });

  it('corrects a saved entry, then withdraws it with a reason — it stays, struck through', async () => {
    const { page } = h;
    const entry = page.locator('.timeline-entry', { hasText: '电话联系经办人' });
    await entry.getByTestId('progress-edit').click();
    const edit = page.getByTestId('progress-edit-form');
    await edit.waitFor();
    await edit.getByLabel('内容').fill('到住建局当面沟通补正材料清单');
    await edit.getByLabel('工时（小时）').fill('2');
    await shot(page, '64-progress-edit-dialog');
    await edit.getByRole('button', { name: '保存修改' }).click();
    const edited = page.locator('.timeline-entry', { hasText: '到住建局当面沟通补正材料清单' });
    await edited.waitFor();
    await edited.getByText('2 小时').waitFor();

    await edited.getByTestId('progress-withdraw').click();
    const withdraw = page.getByTestId('progress-withdraw-form');
    await withdraw.getByLabel('撤回原因').fill('误记在本案卷');
    await withdraw.getByRole('button', { name: '确认撤回' }).click();
    await edited.getByText('已撤回：误记在本案卷').waitFor();
    expect(await edited.locator('s', { hasText: '到住建局当面沟通补正材料清单' }).count()).toBe(1);
    expect(await edited.getByTestId('progress-edit').count()).toBe(0);
    await page.getByText('共 0 条，累计工时 0 小时').waitFor();
    await shot(page, '65-progress-withdrawn');
    expect(count("SELECT count(*) FROM progress_entries WHERE case_id = ? AND withdraw_reason = '误记在本案卷' AND deleted_at IS NULL", caseId)).toBe(1);
    expect(count("SELECT count(*) FROM audit_events WHERE action IN ('progress.edit', 'progress.withdraw')")).toBe(2);
  });

  it('the other corrected screens: leader picker, plan item actions, a withdrawn 政企互动 (screenshots)', async () => {
    const { page } = h;
    await page.goto(`${h.host.url}#/case/${caseId}/overview`);
    await page.getByTestId('leader-picker').waitFor();
    await shot(page, '66-overview-leader');
    await page.goto(`${h.host.url}#/case/${caseId}/plan`);
    await page.getByRole('button', { name: '移除' }).first().waitFor();
    await shot(page, '67-plan-item-actions');

    await page.goto(`${h.host.url}#/interactions`);
    const form = page.getByTestId('interaction-form');
    await form.waitFor();
    await form.getByLabel('地点').fill('鼓楼区政务服务中心');
    await form.getByLabel('参与企业（用顿号分隔）').fill('福州闽江智造科技有限公司');
    await form.getByLabel('活动内容').fill('项目审批政策宣讲会');
    // Enter in the date field and a double click: still one record.
    await form.getByLabel('日期').press('Enter');
    await form.getByLabel('日期').press('Escape');
    await form.getByRole('button', { name: /登\s*记/ }).dblclick();
    const row = page.locator('.ant-table-row', { hasText: '项目审批政策宣讲会' });
    await row.waitFor();
    await expect.poll(() => form.getByLabel('活动内容').inputValue()).toBe('');
    expect(count("SELECT count(*) FROM interactions WHERE content = '项目审批政策宣讲会'")).toBe(1);
    await row.getByRole('button', { name: '撤回' }).click();
    await page.getByLabel('撤回原因').fill('活动延期');
    await page.getByRole('button', { name: '确认撤回' }).click();
    await row.getByText('已撤回：活动延期').waitFor();
    await shot(page, '68-interactions-withdrawn');
  });
});
