// 好差评台账 in Chromium through the browser host, on a demo store with one more bad rating (差评)
// that has no callback yet: the 工作台 reminds of it, the ledger lists it first with 回访率 below
// 100 %, a callback recorded from the ledger brings 回访率 to 100 % and leaves 未登记整改.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../src/main/db/schema';
import { actorFor } from '../../src/main/features/auth/service';
import { DEMO_PASSWORD } from '../../src/main/features/demo/generate';
import { addEvaluation } from '../../src/main/features/evaluations/service';
import { chinaDate } from '../../src/main/platform/clock';
import { quarterBounds, quarterOf } from '../../src/shared/domain/quarter';
import { button, chromiumMissing, openDialog, shot, SKIP_REASON, startDemoHarness } from './harness';
import type { Harness } from './harness';

const pct = (n: number, of: number) => `${(Math.round((of === 0 ? 1 : n / of) * 1000) / 10).toFixed(1)}%`;

describe.skipIf(chromiumMissing)('e2e: 好差评台账', () => {
  let h: Harness;
  let picked: { admin: string; caseNo: string; bad: number; withCallback: number };

  beforeAll(async () => {
    ({ h, picked } = await startDemoHarness({ cases: 120, seed: 7 }, (store, s) => {
      const adminName = s.users.find((u) => u.roles.includes('admin'))!.username;
      const admin = store.orm.select().from(t.users).all().find((u) => u.username === adminName)!;
      const c = store.db.prepare(`SELECT id, case_no FROM cases c WHERE status = 'completed' AND deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM evaluations e WHERE e.case_id = c.id) ORDER BY case_no LIMIT 1`).get() as { id: string; case_no: string };
      addEvaluation({ store, actor: actorFor(admin) }, { caseId: c.id, level: 1, source: 'phone', comment: '补正材料要求反复变化' });
      // What the ledger should say, counted here from the rows (the city's admin sees every office).
      const q = quarterBounds(quarterOf(chinaDate(new Date())));
      const count = (extra: string) => store.db.prepare(`SELECT count(*) FROM evaluations e WHERE e.deleted_at IS NULL AND e.level <= 2
        AND e.evaluated_date BETWEEN ? AND ? ${extra}`).pluck().get(q.from, q.to) as number;
      return { admin: adminName, caseNo: c.case_no, bad: count(''), withCallback: count('AND EXISTS (SELECT 1 FROM callbacks cb WHERE cb.evaluation_id = e.id AND cb.deleted_at IS NULL)') };
    }));
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('reminds on the 工作台, lists the bad rating first and takes 回访率 to 100 % with a callback from the ledger', async () => {
    const { page } = h;
    expect(picked.withCallback).toBe(picked.bad - 1);
    await page.goto(h.host.launchUrl);
    await page.getByLabel('用户名').fill(picked.admin);
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByLabel('密码').press('Enter');
    await page.locator('[data-testid="dashboard"][data-ready="1"]').waitFor();
    await expect.poll(() => page.getByTestId('rating-reminders').textContent()).toContain(picked.caseNo);
    await shot(page, '40-ratings-dashboard');

    await page.getByRole('menuitem', { name: /好差评台账/ }).click();
    await page.locator('[data-testid="ratings-ledger"][data-ready="1"]').waitFor();
    await expect.poll(() => page.getByTestId('total-bad').textContent()).toBe(String(picked.bad));
    expect(await page.getByTestId('rate-callback').textContent()).toBe(pct(picked.bad - 1, picked.bad));
    const first = page.getByTestId('bad-row').first();
    expect(await first.getAttribute('data-case-no')).toBe(picked.caseNo);
    expect(await first.textContent()).toContain('未回访');

    await first.getByTestId('ledger-callback').click();
    const dialog = openDialog(page);
    await dialog.getByLabel('回访内容').fill('电话回访企业经办人，了解补正要求反复变化的情况');
    await dialog.getByLabel('回访结果').fill('已致歉并说明一次性告知制度，企业表示认可');
    await button(dialog, '保存').click();
    await expect.poll(() => page.getByTestId('rate-callback').textContent()).toBe('100.0%');
    const row = page.locator(`[data-testid="bad-row"][data-case-no="${picked.caseNo}"]`);
    await expect.poll(() => row.textContent()).toContain('企业表示认可');
    expect(await row.textContent()).toContain('未登记整改');
    expect(await page.getByTestId('rate-rectification').textContent()).toBe(pct(picked.bad - 1, picked.bad));
    await shot(page, '41-ratings-ledger');
    expect(h.consoleErrors.filter((e) => /CSP violation|Error:|Refused to/.test(e))).toEqual([]);
  });
});

if (chromiumMissing) console.warn(SKIP_REASON);
