// 周进展报告 (weekly progress report) for one key project or for an office: what moved this week,
// overdue items, open problems. "Overdue": a plan item not finished (not 已办结/不予许可) whose due
// date is before the end of the period — due dates already count working days.
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { PLAN_ITEM_STATUSES, PROBLEM_STATUSES, PROGRESS_KINDS, STAGES } from '../../shared/domain/enums';
import { a4Document, clean, COLORS, dataTable, datePart, formatDate, GRID_LAYOUT, infoTable, orDash, section } from './common';
import type { PrintableCase, PrintableWeekly, PrintOptions } from './types';
import { PrintError } from './types';

/** Monday to Sunday of the week that contains the date (calendar week, for the report's period). */
export function weekAround(dateStr: string): { start: string; end: string } {
  const d = new Date(`${datePart(dateStr)}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
  const start = new Date(d.getTime() - dow * 86400000);
  const end = new Date(start.getTime() + 6 * 86400000);
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

export interface CaseWeek {
  moved: NonNullable<PrintableCase['progress']>;
  overdue: Array<{ stage: string; name: string; department: string; dueDate: string; status: string }>;
  openProblems: NonNullable<PrintableCase['problems']>;
  resolvedThisWeek: NonNullable<PrintableCase['problems']>;
  hours: number;
}

export function summarizeWeek(c: PrintableCase, start: string, end: string): CaseWeek {
  const inPeriod = (d: string) => datePart(d) >= start && datePart(d) <= end;
  const moved = (c.progress ?? []).filter((p) => inPeriod(p.date)).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const overdue: CaseWeek['overdue'] = [];
  for (const st of c.plan?.stages ?? []) {
    for (const g of st.groups) {
      for (const it of g.items) {
        if (it.dueDate && it.dueDate < end && it.status !== 'approved' && it.status !== 'refused') {
          overdue.push({ stage: clean(st.name) || STAGES.labels[String(st.stage) as keyof typeof STAGES.labels], name: it.name, department: it.department ?? '', dueDate: it.dueDate, status: PLAN_ITEM_STATUSES.labels[it.status] });
        }
      }
    }
  }
  const problems = c.problems ?? [];
  return {
    moved,
    overdue,
    openProblems: problems.filter((p) => p.status === 'open'),
    resolvedThisWeek: problems.filter((p) => p.status === 'resolved' && p.resolvedAt !== undefined && inPeriod(p.resolvedAt)),
    hours: moved.reduce((h, p) => h + (p.hours ?? 0), 0),
  };
}

function caseSections(c: PrintableCase, w: CaseWeek, numbered: boolean, startIndex: number): Content[] {
  const h = (i: number, t: string): Content => (numbered ? section(startIndex + i, t) : { text: t, bold: true, margin: [0, 8, 0, 4] });
  return [
    h(0, `本周进展（${w.moved.length} 条，${w.hours} 小时）`),
    dataTable(
      ['日期', '类型', '事项', '进展情况', '记录人'],
      [58, 46, 96, '*', 46],
      w.moved.map((p) => [formatDate(p.date).replace(/^\d{4}年/, ''), PROGRESS_KINDS.labels[p.kind], orDash(p.item), p.text, orDash(p.author)]),
      '本周无进展记录',
    ),
    h(1, `逾期事项（${w.overdue.length} 项）`),
    dataTable(
      ['阶段', '事项', '审批部门', '截止日期', '状态'],
      [110, '*', 96, 62, 46],
      w.overdue.map((o) => [o.stage, o.name, orDash(o.department), o.dueDate, o.status]),
      '无逾期事项',
    ),
    h(2, `待协调问题（${w.openProblems.length} 个）`),
    dataTable(
      ['提出日期', '涉及部门', '问题', '状态'],
      [62, 96, '*', 46],
      w.openProblems.map((p) => [p.raisedAt, orDash(p.department), p.text, PROBLEM_STATUSES.labels[p.status]]),
      '无待协调问题',
    ),
    ...(w.resolvedThisWeek.length > 0
      ? [
          h(3, `本周解决的问题（${w.resolvedThisWeek.length} 个）`),
          dataTable(
            ['解决日期', '涉及部门', '问题', '解决情况'],
            [62, 96, '*', '*'],
            w.resolvedThisWeek.map((p) => [p.resolvedAt ?? '', orDash(p.department), p.text, orDash(p.resolution)]),
          ),
        ]
      : []),
  ];
}

function caseHeader(c: PrintableCase): Content {
  return infoTable([
    ['项目名称', c.project.name],
    ['代办编号', c.caseNumber, '项目单位', c.applicant.name],
    ['代办员', [c.agent.name, c.agent.phone].filter(Boolean).join('\u3000'), '责任领导', [c.leader?.name, c.leader?.phone].filter(Boolean).join('\u3000')],
  ]);
}

export function buildWeekly(data: PrintableWeekly, options: PrintOptions): TDocumentDefinitions {
  const { periodStart: start, periodEnd: end } = data;
  if (end < start) throw new PrintError('统计截止日不能早于起始日');
  const period = `${formatDate(start)} — ${formatDate(end)}`;
  const summaries = data.cases.map((c) => ({ c, w: summarizeWeek(c, start, end) }));
  const content: Content[] = [];
  let title: string;
  let caseNumber: string;
  let footerLeft: string | undefined;
  if (data.scope === 'project') {
    const one = summaries[0];
    if (!one || summaries.length !== 1) throw new PrintError('重点项目周进展报告只能包含一个项目');
    title = clean(data.title) || '重点项目代办服务周进展报告';
    caseNumber = one.c.caseNumber;
    content.push(
      { text: title, style: 'title' },
      { text: `代办编号：${clean(one.c.caseNumber)}\u3000\u3000报告期：${period}`, style: 'subtitle' },
      caseHeader(one.c),
      ...caseSections(one.c, one.w, true, 0),
    );
  } else {
    title = clean(data.title) || '代办服务周进展报告';
    caseNumber = '';
    footerLeft = `周报 ${start} 至 ${end}`;
    const totals = summaries.reduce(
      (t, s) => ({ moved: t.moved + s.w.moved.length, overdue: t.overdue + s.w.overdue.length, problems: t.problems + s.w.openProblems.length, hours: t.hours + s.w.hours }),
      { moved: 0, overdue: 0, problems: 0, hours: 0 },
    );
    content.push(
      { text: title, style: 'title' },
      { text: `${clean(data.office.name)}\u3000\u3000报告期：${period}`, style: 'subtitle' },
      {
        text: `本周共跟踪项目 ${summaries.length} 个，进展记录 ${totals.moved} 条，投入 ${totals.hours} 小时；逾期事项 ${totals.overdue} 项，待协调问题 ${totals.problems} 个。`,
        margin: [0, 0, 0, 6],
      },
      section(0, '项目总览'),
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: [22, 96, '*', 44, 40, 40, 40],
          body: [
            ['序号', '代办编号', '项目名称', '代办员', '进展', '逾期', '问题'].map((t) => ({ text: t, style: 'th' })),
            ...summaries.map((s, i) => [
              { text: String(i + 1), alignment: 'center' as const },
              { text: clean(s.c.caseNumber), fontSize: 8.5 },
              { text: clean(s.c.project.name) },
              { text: clean(s.c.agent.name) },
              { text: String(s.w.moved.length), alignment: 'center' as const },
              { text: String(s.w.overdue.length), alignment: 'center' as const, color: s.w.overdue.length > 0 ? COLORS.red : COLORS.ink },
              { text: String(s.w.openProblems.length), alignment: 'center' as const },
            ]),
          ],
        },
        layout: GRID_LAYOUT,
      },
    );
    summaries.forEach((s, i) => {
      content.push(
        { text: `${i + 1}. ${clean(s.c.project.name)}`, style: 'h2', pageBreak: i === 0 ? undefined : 'before', margin: [0, 14, 0, 5] },
        caseHeader(s.c),
        ...caseSections(s.c, s.w, false, 0),
      );
    });
  }
  return a4Document({ title, caseNumber, officeName: data.office.name, options, content, subject: `${title} ${period}`, footerLeft });
}
