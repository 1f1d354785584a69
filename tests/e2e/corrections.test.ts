// A known USCC typed with another company name at intake: the clerk is asked which name is right,
// the new case gets its own 经办人 and the first case keeps its own; then the 概况 tab corrects the
// contact (a bad phone is refused beside the field, nothing typed is lost) and the project.
// Screenshots: test-artifacts/corrections-*.png.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../src/main/db/store';
import { usccCheckChar } from '../../src/shared/domain/validators';
import { chromiumMissing, contractCaller, ensureRendererBuilt, shot, SKIP_REASON, startHarness } from './harness';
import type { Harness } from './harness';

const USCC17 = '91350124MA2Y3B4C5';
const USCC = USCC17 + usccCheckChar(USCC17);
const PASSWORD = 'Counter2026';

describe.skipIf(chromiumMissing)('e2e: intake name check and 概况 corrections in Chromium', () => {
  let h: Harness;
  let firstCaseId = '';

  beforeAll(async () => {
    ensureRendererBuilt();
    h = await startHarness();
    const call = contractCaller(h);
    await call('auth.setup', { orgUnitName: '闽清县政务服务中心', orgLevel: 'county', orgCode: '350124', username: 'admin', displayName: '林管理', password: PASSWORD });
    const countyId = ((await call('auth.status', {})).session as { orgUnitId: string }).orgUnitId;
    await call('user.create', { username: 'chen', displayName: '陈窗口', role: 'clerk', orgUnitId: countyId, password: PASSWORD });
    // Case A: the enterprise registered earlier with its 经办人 刘晓梅.
    const first = await call('intake.register', {
      channel: 'counter', mode: 'help', helpKind: 'assist', summary: '协助填写企业开办申请',
      applicant: { kind: 'enterprise', name: '闽清榕光机械有限公司', uscc: USCC, legalRepresentative: '郑海东' },
      contact: { name: '刘晓梅', phone: '13905917788' },
    });
    firstCaseId = first.caseId as string;
  }, 180_000);

  afterAll(async () => {
    await h?.close();
  });

  it('asks which name is right for a known USCC; the new case keeps its own 经办人 and case A keeps hers', async () => {
    const { page } = h;
    await page.goto(h.host.launchUrl);
    await page.getByLabel('用户名').fill('chen');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.getByTestId('current-user').waitFor();
    await page.getByRole('button', { name: '受理登记' }).first().click();
    await page.getByLabel('诉求摘要').fill('新建厂房项目，申请全程代办');
    await page.getByLabel('单位名称').fill('闽清榕光机械制造有限公司');
    await page.getByLabel('统一社会信用代码').fill(USCC);
    await page.getByLabel('经办人（报批员）').fill('陈立');
    await page.getByLabel('联系电话').fill('13905917789');
    await page.getByLabel('项目名称').fill('榕光机械数控机床厂房建设项目');
    await page.getByTestId('intake-submit').click();
    const dialog = page.getByTestId('name-differs');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('已登记：闽清榕光机械有限公司');
    expect(await dialog.textContent()).toContain('本次填写：闽清榕光机械制造有限公司');
    await shot(page, 'corrections-01-intake-name-differs');
    await page.getByTestId('keep-registered').click();
    await page.getByTestId('case-file').waitFor();
    await page.getByRole('tab', { name: /概况/ }).click();
    await expect.poll(() => page.getByTestId('contact-block').textContent()).toContain('陈立');
    expect(await page.getByTestId('applicant-block').textContent()).toContain('闽清榕光机械有限公司');
    // Case A still shows its own contact.
    const here = page.url();
    await page.goto(here.replace(/#.*$/, `#/case/${firstCaseId}`));
    await expect.poll(() => page.getByTestId('contact-block').textContent()).toContain('刘晓梅');
    expect(await page.getByTestId('contact-block').textContent()).not.toContain('陈立');
    await page.goto(here);
    await page.getByRole('tab', { name: /概况/ }).click();
    await expect.poll(() => page.getByTestId('contact-block').textContent()).toContain('陈立');
  });

  it('corrects the contact on the 概况 tab: a bad phone is refused beside the field and the typed name is kept', async () => {
    const { page } = h;
    await page.getByTestId('correct-contact').click();
    const form = page.getByTestId('correct-contact-form');
    await form.waitFor();
    await form.getByLabel('经办人姓名').fill('陈立新');
    await form.getByLabel('联系电话').fill('1390591');
    await page.getByRole('button', { name: '保存更正' }).click();
    await expect.poll(() => form.locator('.ant-form-item-explain-error').allTextContents()).toEqual([expect.stringContaining('手机号')]);
    expect(await form.getByLabel('经办人姓名').inputValue()).toBe('陈立新');
    await shot(page, 'corrections-02-contact-refused');
    await form.getByLabel('联系电话').fill('13905917790');
    await form.getByLabel('更正原因').fill('经办人姓名登记有误');
    await page.getByRole('button', { name: '保存更正' }).click();
    await expect.poll(() => page.getByTestId('contact-block').textContent()).toContain('陈立新');
    expect(await page.getByTestId('contact-block').textContent()).toContain('139****7790');
  });

  it('corrects the project; the audit log holds each correction', async () => {
    const { page } = h;
    await page.getByTestId('correct-project').click();
    const form = page.getByTestId('correct-project-form');
    await form.waitFor();
    await form.getByLabel('项目代码').fill('2026-350124-34-03-001234');
    await form.getByLabel('建设地点').fill('闽清县梅城镇工业园区');
    await page.getByRole('button', { name: '保存更正' }).click();
    await expect.poll(() => page.getByTestId('project-block').textContent()).toContain('2026-350124-34-03-001234');
    expect(await page.getByTestId('project-block').textContent()).toContain('闽清县梅城镇工业园区');
    await shot(page, 'corrections-03-overview-corrected');
    const db = new Database(join(h.dataDir, DB_FILE), { readonly: true });
    try {
      const events = db.prepare("SELECT action, detail FROM audit_events WHERE action IN ('case.correctContact', 'project.correct') ORDER BY seq").all() as Array<{ action: string; detail: string }>;
      expect(events.map((e) => e.action)).toEqual(['case.correctContact', 'project.correct']);
      expect(JSON.parse(events[0]!.detail)).toMatchObject({ reason: '经办人姓名登记有误', changes: { contactName: { from: '陈立', to: '陈立新' } } });
    } finally {
      db.close();
    }
  });
});

if (chromiumMissing) console.warn(SKIP_REASON);
