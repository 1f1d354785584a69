// The charts of 统计分析, from its figures: the page draws them and the PDF prints them.
import type { StatCount, StatsDto } from '../api/statistics';
import type { ReportChart } from './report';

/** The charts of the 统计分析 page, from its figures (the page draws the same ones). */
/** This period's counts beside the period before's. */
export function nowPrevChart(title: string, counts: StatCount[], unit = '件'): ReportChart {
  return {
    kind: 'bar',
    title,
    categories: counts.map((c) => c.label),
    series: [{ name: '本期', values: counts.map((c) => c.value) }, { name: '上期', values: counts.map((c) => c.previous) }],
    unit,
  };
}

export function statsCharts(s: StatsDto): Record<'channel' | 'trend' | 'category' | 'offices' | 'stages' | 'problems', ReportChart> {
  const top = s.problems.byDepartment.slice(0, 12);
  return {
    channel: nowPrevChart('受理渠道', s.received.byChannel),
    trend: { kind: 'line', title: s.trend.unit === 'month' ? '受理与办结（按月）' : s.trend.unit === 'week' ? '受理与办结（按周）' : '受理与办结（按日）', categories: s.trend.buckets, series: [{ name: '受理', values: s.trend.received }, { name: '办结', values: s.trend.completed }], unit: '件' },
    category: nowPrevChart('项目类别', s.received.byCategory),
    offices: { kind: 'stackedBar', title: '各机构办结（按时/逾期）', categories: s.completed.byOffice.map((o) => o.label), series: [{ name: '按时', values: s.completed.byOffice.map((o) => o.onTime) }, { name: '逾期', values: s.completed.byOffice.map((o) => o.late) }], unit: '件' },
    stages: { kind: 'bar', title: '各审批阶段平均用时', categories: s.stages.map((x) => x.label), series: [{ name: '平均工作日', values: s.stages.map((x) => x.avgWorkdays ?? 0) }], unit: '天' },
    problems: { kind: 'stackedBar', title: '待协调问题（按部门、时长）', categories: top.map((d) => d.department), series: [
      { name: '5日内', values: top.map((d) => d.upTo5) },
      { name: '6–10日', values: top.map((d) => d.upTo10) },
      { name: '11–20日', values: top.map((d) => d.upTo20) },
      { name: '20日以上', values: top.map((d) => d.over20) },
    ], unit: '个' },
  };
}

