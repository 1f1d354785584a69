// 统计分析 and 代办员绩效 as reports (xlsx / PDF): the page's figures as tables, its charts, and for
// 统计分析 every case received in the period as a 案件明细 sheet (the export that reaches 100,000 rows).
import type { AgentPerformanceDto, StatCount } from '../../../shared/api/index.js';
import { CASE_STATUSES, CHANNELS, HELP_KINDS, MODES, PROJECT_CATEGORIES } from '../../../shared/domain/enums.js';
import type { Report, ReportCell, ReportParams, ReportTable } from '../../../shared/reports/report.js';
import { statsCharts } from '../../../shared/reports/stats-charts.js';
import { periodText } from '../../../shared/reports/report.js';
import { chinaDate } from '../../platform/clock.js';
import { orgInfo, userName, type ServiceContext } from '../context.js';
import { receivedWhere } from './measures.js';
import { listPerformance } from './performance.js';
import { statsScope } from './scope.js';
import { getStats } from './service.js';

const round1 = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
const change = (now: number | null, prev: number | null): ReportCell => (now === null || prev === null ? null : round1(now - prev));
const percent = (share: number | null): number | null => (share === null ? null : round1(share * 100));

function caseDetail(ctx: ServiceContext, params: ReportParams): ReportTable {
  const scope = statsScope(ctx, params);
  const w = receivedWhere(scope);
  const rows = ctx.store.db
    .prepare(
      `SELECT c.case_no, c.accepted_date, coalesce(p.name, c.subject) AS title, a.name AS applicant, c.channel, c.mode, c.help_kind, p.category,
              c.org_unit_id, c.handling_org_unit_id, c.status, c.agent_id, c.closed_at
       FROM cases c LEFT JOIN projects p ON p.id = c.project_id JOIN applicants a ON a.id = c.applicant_id
       WHERE ${w.sql} ORDER BY c.accepted_date, c.case_no`,
    )
    .raw()
    .all(...w.args) as Array<[string, string, string, string, string, string, string | null, string | null, string, string, string, string | null, string | null]>;
  const label = <T extends Record<string, string>>(l: T, v: string | null) => (v ? (l[v] ?? v) : '');
  const office = (id: string) => orgInfo(ctx.store, id)?.name ?? '';
  return {
    sheetName: '案件明细',
    title: '受理案件明细',
    columns: [
      { header: '案卷编号', kind: 'text', width: 18 }, { header: '受理日期', kind: 'date' }, { header: '项目或事项', kind: 'text', width: 36 },
      { header: '申请人', kind: 'text', width: 28 }, { header: '受理渠道', kind: 'text' }, { header: '服务方式', kind: 'text' }, { header: '帮办方式', kind: 'text' },
      { header: '项目类别', kind: 'text' }, { header: '受理机构', kind: 'text', width: 16 }, { header: '办理机构', kind: 'text', width: 16 },
      { header: '状态', kind: 'text' }, { header: '代办员', kind: 'text' }, { header: '办结日期', kind: 'date' },
    ],
    rows: rows.map((r) => [
      r[0], r[1], r[2], r[3], label(CHANNELS.labels, r[4]), label(MODES.labels, r[5]), label(HELP_KINDS.labels, r[6]), label(PROJECT_CATEGORIES.labels, r[7]),
      office(r[8]), office(r[9]), label(CASE_STATUSES.labels, r[10]), userName(ctx.store, r[11]) ?? '', r[12] && r[10] === 'completed' ? chinaDate(new Date(r[12])) : null,
    ]),
  };
}

export function buildStatsReport(ctx: ServiceContext, params: ReportParams): Report {
  const s = getStats(ctx, params, Infinity);
  const h = s.headline;
  const dims: Array<[string, StatCount[]]> = [['受理渠道', s.received.byChannel], ['服务方式', s.received.byMode], ['帮办方式', s.received.byHelpKind], ['项目类别', s.received.byCategory], ['受理机构', s.received.byOffice]];
  return {
    header: { title: '代办帮办统计分析', officeName: s.officeName, period: s.period, lines: [`对比期：${periodText(s.previous)}${s.agentOnly ? '；仅本人代办的案件' : ''}`] },
    charts: Object.values(statsCharts(s)),
    tables: [
      {
        sheetName: '概览',
        title: '主要指标',
        columns: [{ header: '指标', kind: 'text', width: 20 }, { header: '本期', kind: 'number' }, { header: '上期', kind: 'number' }, { header: '增减', kind: 'number' }],
        rows: [
          ['受理（件）', h.received.value, h.received.previous, change(h.received.value, h.received.previous)],
          ['办结（件）', h.completed.value, h.completed.previous, change(h.completed.value, h.completed.previous)],
          ['按时办结率（%）', percent(h.onTimeRate.value), percent(h.onTimeRate.previous), change(percent(h.onTimeRate.value), percent(h.onTimeRate.previous))],
          ['平均办理用时（工作日）', h.avgCaseWorkdays.value, h.avgCaseWorkdays.previous, change(h.avgCaseWorkdays.value, h.avgCaseWorkdays.previous)],
          ['接力办（次）', h.transfers.value, h.transfers.previous, change(h.transfers.value, h.transfers.previous)],
        ],
      },
      {
        sheetName: '受理分类',
        title: '受理案件分类',
        columns: [{ header: '维度', kind: 'text' }, { header: '类别', kind: 'text', width: 20 }, { header: '本期', kind: 'int' }, { header: '上期', kind: 'int' }],
        rows: dims.flatMap(([dim, counts]) => counts.map((c) => [dim, c.label, c.value, c.previous])),
      },
      {
        sheetName: '办结情况',
        title: '各机构办结情况',
        columns: [{ header: '机构', kind: 'text', width: 20 }, { header: '办结', kind: 'int' }, { header: '按时', kind: 'int' }, { header: '逾期', kind: 'int' }, { header: '按时率', kind: 'percent' }],
        rows: [...s.completed.byOffice.map((o) => [o.label, o.completed, o.onTime, o.late, o.completed ? o.onTime / o.completed : null] as ReportCell[]), ['合计', s.completed.total, s.completed.onTime, s.completed.late, s.completed.total ? s.completed.onTime / s.completed.total : null]],
      },
      {
        sheetName: '阶段用时',
        title: '各审批阶段办结事项与平均用时',
        columns: [{ header: '审批阶段', kind: 'text', width: 18 }, { header: '办结事项', kind: 'int' }, { header: '逾期事项', kind: 'int' }, { header: '平均用时（工作日）', kind: 'decimal' }],
        rows: s.stages.map((x) => [x.label, x.items, x.late, x.avgWorkdays]),
      },
      {
        sheetName: '事项用时',
        title: '各审批事项办结数与平均用时',
        columns: [{ header: '事项编码', kind: 'text', width: 16 }, { header: '事项名称', kind: 'text', width: 36 }, { header: '审批部门', kind: 'text', width: 20 }, { header: '办结', kind: 'int' }, { header: '逾期', kind: 'int' }, { header: '平均用时（工作日）', kind: 'decimal' }],
        rows: s.catalogItems.map((x) => [x.code, x.name, x.department, x.items, x.late, x.avgWorkdays]),
      },
      {
        sheetName: '补正等待',
        title: `正在补正的事项（当前 ${s.correcting.total} 项）`,
        columns: [{ header: '案卷编号', kind: 'text', width: 18 }, { header: '事项', kind: 'text', width: 32 }, { header: '审批部门', kind: 'text', width: 20 }, { header: '补正起始', kind: 'date' }, { header: '已等待（工作日）', kind: 'int' }],
        rows: s.correcting.longest.map((w) => [w.caseNo, w.itemName, w.department, w.since, w.workdays]),
      },
      {
        sheetName: '问题分析',
        title: `待协调问题（当前 ${s.problems.total} 个）`,
        columns: [{ header: '涉及部门', kind: 'text', width: 22 }, { header: '合计', kind: 'int' }, { header: '5个工作日内', kind: 'int' }, { header: '6–10日', kind: 'int' }, { header: '11–20日', kind: 'int' }, { header: '20日以上', kind: 'int' }, { header: '最久（工作日）', kind: 'int' }],
        rows: s.problems.byDepartment.map((d) => [d.department, d.total, d.upTo5, d.upTo10, d.upTo20, d.over20, d.oldest]),
      },
      {
        sheetName: '接力办',
        title: '接力办（转办、联办）',
        columns: [{ header: '类型', kind: 'text' }, { header: '发出', kind: 'int' }, { header: '已接收', kind: 'int' }, { header: '已退回', kind: 'int' }, { header: '待接收', kind: 'int' }, { header: '平均等待（工作日）', kind: 'decimal' }],
        rows: s.transfers.byKind.map((k) => [k.label, k.sent, k.accepted, k.returned, k.pending, k.avgWaitWorkdays]),
      },
      caseDetail(ctx, params),
    ],
  };
}

const KIND_LABEL = { fullTime: '专职', partTime: '兼职' } as const;

function performanceRow(a: AgentPerformanceDto): ReportCell[] {
  return [a.name, a.officeName, a.handled, a.completed, a.hours, a.onTimeRate, a.ratings, a.avgLevel, a.satisfiedRate, a.badRatings, a.rectificationsDone, a.rectificationsOpen, a.rectificationsMissing];
}

export function buildPerformanceReport(ctx: ServiceContext, params: ReportParams): Report {
  const scope = statsScope(ctx, params);
  const rows = listPerformance(ctx, params);
  const columns: ReportTable['columns'] = [
    { header: '代办员', kind: 'text' }, { header: '所属机构', kind: 'text', width: 18 }, { header: '经办案件', kind: 'int' }, { header: '办结', kind: 'int' },
    { header: '工作时长（小时）', kind: 'decimal' }, { header: '按时办结率', kind: 'percent' }, { header: '评价数', kind: 'int' }, { header: '平均评价', kind: 'decimal' },
    { header: '满意率', kind: 'percent' }, { header: '差评', kind: 'int' }, { header: '整改完成', kind: 'int' }, { header: '整改中', kind: 'int' }, { header: '未登记整改', kind: 'int' },
  ];
  const group = (kind: 'fullTime' | 'partTime' | null, title: string): ReportTable => ({
    sheetName: title,
    title: `${title}代办员`,
    columns,
    rows: rows.filter((r) => r.agentKind === kind).map(performanceRow),
  });
  const tables = [group('fullTime', KIND_LABEL.fullTime), group('partTime', KIND_LABEL.partTime)];
  const other = rows.filter((r) => r.agentKind === null);
  if (other.length) tables.push(group(null, '未注明'));
  return {
    header: { title: '代办员绩效', officeName: scope.officeName, period: { from: params.from, to: params.to }, lines: ['满意率：评价为满意、非常满意的占比；差评：不满意、非常不满意'] },
    charts: [{ kind: 'bar', title: '办结案件（按代办员）', categories: rows.slice(0, 15).map((r) => r.name), series: [{ name: '办结', values: rows.slice(0, 15).map((r) => r.completed) }, { name: '经办', values: rows.slice(0, 15).map((r) => r.handled) }], unit: '件' }],
    tables,
  };
}
