// 统计分析 and 代办员绩效 in Chromium on a demo store: a leader opens this year's figures; the page
// shows what the service computes for the same period and office; a number opens exactly its cases;
// the Excel export holds the same numbers; 代办员绩效 lists agents apart by 专职/兼职 and opens an
// agent's cases.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as t from '../../src/main/db/schema';
import { actorFor } from '../../src/main/features/auth/service';
import { DEMO_PASSWORD } from '../../src/main/features/demo/generate';
import { listPerformance } from '../../src/main/features/statistics/performance';
import { getStats } from '../../src/main/features/statistics/service';
import { periodAround } from '../../src/shared/reports/period';
import type { AgentPerformanceDto, StatsDto } from '../../src/shared/api/index';
import { chromiumMissing, shot, signIn, startDemoHarness } from './harness';
import type { Harness } from './harness';

describe.skipIf(chromiumMissing)('e2e: statistics and performance', () => {
  let h: Harness;
  let picked: { leader: string; stats: StatsDto; performance: AgentPerformanceDto[] };

  beforeAll(async () => {
    ({ h, picked } = await startDemoHarness({ cases: 400, seed: 15 }, (store) => {
      // The leader of the office with the most cases registered this year.
      const year = periodAround('year', store.today());
      const leader = store.orm.select().from(t.users).all()
        .filter((u) => u.roles.includes('leader') && !u.roles.includes('admin'))
        .map((u) => ({ u, n: store.db.prepare('SELECT count(*) FROM cases WHERE org_unit_id = ? AND accepted_date >= ?').pluck().get(u.orgUnitId, year.from) as number }))
        .sort((a, b) => b.n - a.n)[0]!.u;
      const ctx = { store, actor: actorFor(leader) };
      return { leader: leader.username, stats: getStats(ctx, year), performance: listPerformance(ctx, year) };
    }));
  }, 180_000);
  afterAll(async () => {
    await h?.close();
  });

  it('shows this year’s figures, opens the cases behind a number, and exports the same numbers', async () => {
    const { page } = h;
    const s = picked.stats;
    expect(s.headline.received.value).toBeGreaterThan(0);
    await page.goto(h.host.launchUrl);
    await signIn(page, picked.leader, DEMO_PASSWORD);
    await page.getByRole('menuitem', { name: '统计分析' }).click();
    await page.getByTestId('stats-page').waitFor();
    await page.getByTestId('period-filter').getByText('年', { exact: true }).click();
    const received = page.getByTestId('figure-received');
    await expect.poll(() => received.locator('.ant-statistic-content-value').textContent()).toBe(s.headline.received.value.toLocaleString('en-US'));
    expect(await page.getByTestId('figure-completed').locator('.ant-statistic-content-value').textContent()).toBe(String(s.headline.completed.value));
    // The charts are drawn (SVG, with their Chinese titles and bars).
    await expect.poll(() => page.locator('[data-testid="chart-received"] svg').textContent()).toContain('窗口');
    expect(await page.locator('[data-testid="chart-received"] svg path[fill="#1677ff"]').count()).toBeGreaterThan(0);

    // The channel table: the counter's number opens exactly that many cases.
    const counter = s.received.byChannel.find((c) => c.key === 'channel:counter')!;
    const row = page.getByTestId('table-received').locator('tr').filter({ hasText: '窗口' });
    expect(await row.locator('td').nth(1).textContent()).toBe(String(counter.value));
    await row.locator('td').nth(1).getByRole('link').or(row.locator('td').nth(1).locator('a')).click();
    const drawer = page.getByTestId('drill-drawer');
    await expect.poll(() => drawer.locator('.ant-drawer-title').textContent()).toBe(`受理·受理渠道·窗口（${counter.value} 件）`);
    await drawer.locator('tbody tr.ant-table-row').first().waitFor();
    await shot(page, '44-stats-drill');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await shot(page, '43-stats');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-export').getByRole('button', { name: /导出Excel/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^代办帮办统计分析-.*\.xlsx$/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await download.path())!);
    const overview = wb.getWorksheet('概览')!;
    const line = (label: string) => overview.getRows(1, overview.rowCount)!.find((r) => r.getCell(1).value === label)!;
    expect(line('受理（件）').getCell(2).value).toBe(s.headline.received.value);
    expect(line('办结（件）').getCell(2).value).toBe(s.headline.completed.value);
    expect(wb.getWorksheet('案件明细')!.rowCount - 3).toBe(s.headline.received.value);
  });

  it('代办员绩效 lists 专职 and 兼职 agents apart and opens an agent’s cases', async () => {
    const { page } = h;
    await page.getByRole('menuitem', { name: '代办员绩效' }).click();
    await page.getByTestId('performance-page').waitFor();
    await page.getByTestId('period-filter').getByText('年', { exact: true }).click();
    const busiest = picked.performance.filter((a) => a.agentKind).sort((a, b) => b.handled - a.handled)[0]!;
    const card = page.getByTestId(`performance-${busiest.agentKind === 'fullTime' ? '专职' : '兼职'}代办员`);
    const row = card.locator('tr.ant-table-row').filter({ hasText: busiest.name });
    await expect.poll(() => row.locator('td').nth(2).textContent()).toBe(String(busiest.handled));
    expect(await row.locator('td').nth(3).textContent()).toBe(String(busiest.completed));
    await shot(page, '45-performance');
    await row.click();
    const drawer = page.getByTestId('drill-drawer');
    await expect.poll(() => drawer.locator('.ant-drawer-title').textContent()).toBe(`${busiest.name}的经办案件（${busiest.handled} 件）`);
    expect(h.consoleErrors.filter((e) => /CSP violation|Error:|Refused to/.test(e))).toEqual([]);
  });
});
