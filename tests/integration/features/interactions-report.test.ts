// 政企互动 per Meizhou annex 2: the quarter's table for the export (withdrawn records left out, a
// township's events marked in 备注), its header lines, and the 工作台's reminder in a quarter's first
// 5 working days — counted on the official calendar, 调休 days included.
import { describe, expect, it } from 'vitest';
import { getDashboard } from '../../../src/main/features/dashboard/service.js';
import { addInteraction, withdrawInteraction } from '../../../src/main/features/interactions/service.js';
import { buildInteractionsReport } from '../../../src/main/features/interactions/report.js';
import { interactionReportDue, quarterBounds } from '../../../src/shared/domain/quarter.js';
import { makeWorld } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const Q4 = { from: '2025-10-01', to: '2025-12-31' };

describe('政企互动统计表', () => {
  it('knows a quarter’s first 5 working days on the official calendar', () => {
    // 2026-01-01..03 are holidays and Sunday 01-04 a 调休 workday: the 5th working day is Thursday 01-08.
    expect(interactionReportDue('2026-01-01')).toEqual({ year: 2025, quarter: 4, ...Q4, dueBy: '2026-01-08' });
    expect(interactionReportDue('2026-01-04')?.dueBy).toBe('2026-01-08');
    expect(interactionReportDue('2026-01-08')).not.toBeNull();
    expect(interactionReportDue('2026-01-09')).toBeNull();
    // National Day 10-01..07, Saturday 10-10 a 调休 workday: 08, 09, 10, 12, 13.
    expect(interactionReportDue('2026-10-13')).toMatchObject({ year: 2026, quarter: 3, from: '2026-07-01', to: '2026-09-30', dueBy: '2026-10-13' });
    expect(interactionReportDue('2026-10-14')).toBeNull();
    expect(interactionReportDue('2026-03-31')).toBeNull();
    expect(quarterBounds({ year: 2024, quarter: 1 })).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(quarterBounds({ year: 2026, quarter: 2 })).toEqual({ from: '2026-04-01', to: '2026-06-30' });
  });

  it('builds the annex-2 table without withdrawn records, and reminds the office in the first 5 working days', () => {
    const w = makeWorld(tempDir(), '2025-12-30T01:00:00Z');
    const kept = addInteraction(w.ctx('clerk'), { heldDate: '2025-11-12', place: '鼓楼区行政服务中心三楼会议室', enterprises: ['福州闽江智造科技有限公司', '福建榕城建设有限公司'], content: '重点项目审批政策宣讲' });
    const wrong = addInteraction(w.ctx('clerk'), { heldDate: '2025-10-20', place: '鼓楼区行政服务中心', enterprises: '误录企业', content: '录入错误的活动' });
    addInteraction(w.ctx('townClerk'), { heldDate: '2025-10-09', place: '鼓东街道便民服务中心', enterprises: '辖区小微企业代表', content: '营商环境座谈会' });
    addInteraction(w.ctx('otherClerk'), { heldDate: '2025-11-01', place: '仓山区行政服务中心', enterprises: '仓山企业', content: '另一区县的活动' });
    addInteraction(w.ctx('clerk'), { heldDate: '2025-09-30', place: '鼓楼区行政服务中心', enterprises: '上季度企业', content: '上一季度的活动' });
    withdrawInteraction(w.ctx('clerk'), { interactionId: wrong.id, reason: '重复录入' });

    w.clock.set('2026-01-08T01:00:00Z');
    const rep = buildInteractionsReport(w.ctx('clerk'), Q4);
    expect(rep.header).toEqual({
      title: '政企互动情况统计表', officeName: '鼓楼区行政服务中心代办服务中心', period: Q4,
      lines: ['填报单位：鼓楼区行政服务中心代办服务中心', '填报时间：2026年1月8日', '统计期间：2025年第4季度', '填报人：林晓燕', expect.stringMatching(/^办公电话：0591-8\d{7}$/), '联系手机：13800000000'],
    });
    const [table] = rep.tables;
    expect(table!.title).toBe('各单位开展政企互动情况统计表');
    expect(table!.columns.map((c) => c.header)).toEqual(['序号', '时间', '地点', '参加企业', '活动内容', '备注']);
    expect(table!.rows).toEqual([
      [1, '2025-10-09', '鼓东街道便民服务中心', '辖区小微企业代表', '营商环境座谈会', '鼓东街道便民服务中心'],
      [2, '2025-11-12', kept.place, '福州闽江智造科技有限公司、福建榕城建设有限公司', '重点项目审批政策宣讲', ''],
    ]);
    // The township's own table; a period that is not a quarter is printed as dates.
    const town = buildInteractionsReport(w.ctx('clerk'), { from: '2025-10-01', to: '2025-10-31', orgCode: '350102001' });
    expect(town.tables[0]!.rows).toEqual([[1, '2025-10-09', '鼓东街道便民服务中心', '辖区小微企业代表', '营商环境座谈会', '']]);
    expect(town.header.lines).toContain('统计期间：2025年10月1日至2025年10月31日');
    expect(() => buildInteractionsReport(w.ctx('clerk'), { ...Q4, orgCode: '350104' })).toThrow('该机构不在您所在机构及下级机构的范围内');
    expect(() => buildInteractionsReport(w.ctx('clerk'), { from: '2025-12-31', to: '2025-10-01' })).toThrow('开始日期不能晚于结束日期');

    // 01-08 is the 5th working day: the reminder shows the live records of the office's subtree.
    expect(getDashboard(w.ctx('clerk')).reminders.interactionReport).toEqual({ year: 2025, quarter: 4, ...Q4, dueBy: '2026-01-08', recorded: 2 });
    expect(getDashboard(w.ctx('townClerk')).reminders.interactionReport).toMatchObject({ recorded: 1 });
    expect(getDashboard(w.ctx('otherClerk')).reminders.interactionReport).toMatchObject({ recorded: 1 });
    w.clock.set('2026-01-09T01:00:00Z');
    expect(getDashboard(w.ctx('clerk')).reminders.interactionReport).toBeNull();
  });
});
