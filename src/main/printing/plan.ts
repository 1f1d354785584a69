// 代办服务计划书 with 项目审批申报流程图: the plan's stages run top to bottom; inside a stage each
// parallel group (并联审批) is a row of boxes side by side joined by a fork and a join line; arrows
// lead from group to group and stage to stage. Each box: item, department, time limit, due date,
// status. A table of all items follows the chart.
import type { CanvasElement, Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { LIMIT_UNITS, PLAN_ITEM_STATUSES, PLAN_KINDS, STAGES } from '../../shared/domain/enums';
import type { PlanItemStatus } from '../../shared/domain/enums';
import { A4_CONTENT_WIDTH, a4Document, clean, COLORS, formatDate, GRID_LAYOUT, infoTable, orDash, section, titleBlock } from './common';
import { scopeOf } from './entrustment';
import { fitText } from './fonts';
import type { PrintableCase, PrintablePlanItem, PrintablePlanStage, PrintOptions } from './types';
import { PrintError } from './types';

const W = A4_CONTENT_WIDTH;
const GAP = 10;
const PER_ROW = 5;
const BOX_HEIGHT = 80;
const STAGE_NUMERALS = ['', '一', '二', '三', '四'];

export const STATUS_COLORS: Record<PlanItemStatus, { fg: string; bg: string }> = {
  notStarted: { fg: '#6B6B6B', bg: '#FFFFFF' },
  preparing: { fg: '#9A6700', bg: '#FFF8E6' },
  submitted: { fg: '#0B5CAD', bg: '#EEF5FD' },
  correcting: { fg: '#C2410C', bg: '#FFF1EA' },
  approved: { fg: '#1E7B34', bg: '#EEF8F0' },
  refused: { fg: '#B3121E', bg: '#FDEEEF' },
};

export function limitText(limit: PrintablePlanItem['limit']): string {
  if (!limit) return '—';
  return `${limit.value} ${LIMIT_UNITS.labels[limit.unit]}`;
}

export function stageTitle(st: Pick<PrintablePlanStage, 'stage' | 'name'>): string {
  const name = clean(st.name) || STAGES.labels[String(st.stage) as keyof typeof STAGES.labels];
  return st.stage === 0 ? name : `第${STAGE_NUMERALS[st.stage] ?? st.stage}阶段\u3000${name}`;
}

function arrow(height = 16): Content {
  const x = W / 2;
  return {
    canvas: [
      { type: 'line', x1: x, y1: 0, x2: x, y2: height - 5, lineWidth: 1, lineColor: COLORS.line },
      { type: 'polyline', closePath: true, color: COLORS.line, lineColor: COLORS.line, lineWidth: 0.5, points: [{ x: x - 4, y: height - 6 }, { x: x + 4, y: height - 6 }, { x, y: height }] },
    ],
    margin: [0, 1, 0, 1],
  };
}

/** Positions (x of left edge) and width of boxes in a row of n, in a space `avail` wide. */
function rowGeometry(n: number, avail = W): { width: number; xs: number[] } {
  if (n === 1) {
    const width = Math.min(W * 0.46, avail);
    return { width, xs: [(avail - width) / 2] };
  }
  const width = (avail - GAP * (n - 1)) / n;
  return { width, xs: Array.from({ length: n }, (_, i) => i * (width + GAP)) };
}

/** Fork (above) or join (below) lines from the centre line to each box centre. */
function forkLines(n: number, kind: 'fork' | 'join'): Content {
  const { width, xs } = rowGeometry(n);
  const centres = xs.map((x) => x + width / 2);
  const first = centres[0] ?? W / 2;
  const last = centres[centres.length - 1] ?? W / 2;
  const h = 12;
  const bar = 6;
  const lines: CanvasElement[] = [
    { type: 'line', x1: W / 2, y1: kind === 'fork' ? 0 : bar, x2: W / 2, y2: kind === 'fork' ? bar : h, lineWidth: 1, lineColor: COLORS.line },
    { type: 'line', x1: first, y1: bar, x2: last, y2: bar, lineWidth: 1, lineColor: COLORS.line },
    ...centres.map(
      (c): CanvasElement => ({ type: 'line', x1: c, y1: kind === 'fork' ? bar : 0, x2: c, y2: kind === 'fork' ? h : bar, lineWidth: 1, lineColor: COLORS.line }),
    ),
  ];
  return { canvas: lines };
}

/** A plain vertical connector on the centre line. */
function stub(height = 8): Content {
  return { canvas: [{ type: 'line', x1: W / 2, y1: 0, x2: W / 2, y2: height, lineWidth: 1, lineColor: COLORS.line }] };
}

function itemBox(it: PrintablePlanItem, width: number): Content {
  const colors = STATUS_COLORS[it.status];
  const inner = width - 10;
  const plainName = clean(it.name).replace(/\n+/g, ' ');
  // One line when a slightly smaller size allows it, else up to two lines, shrinking as needed.
  const oneLine = fitText(plainName, { width: inner, maxLines: 1, fontSize: 9, minSize: 8, bold: true });
  const name = oneLine.truncated ? fitText(plainName, { width: inner, maxLines: 2, fontSize: 9, minSize: 6, bold: true }) : oneLine;
  const dept = fitText(orDash(it.department).replace(/\n+/g, ' '), { width: inner, maxLines: 1, fontSize: 7.5, minSize: 5.5 });
  const small = (t: string) => fitText(t, { width: inner, maxLines: 1, fontSize: 7.5, minSize: 5.5 });
  const limit = small(`时限：${limitText(it.limit)}`);
  const due = small(`截止：${it.dueDate ? formatDate(it.dueDate) : '—'}`);
  return {
    table: {
      widths: [width - 10 - 1.5],
      heights: [BOX_HEIGHT],
      body: [
        [
          {
            fillColor: colors.bg,
            stack: [
              { text: name.text, bold: true, fontSize: name.fontSize, lineHeight: 1.05, margin: [0, 0, 0, 2], noWrap: name === oneLine },
              { text: dept.text, fontSize: dept.fontSize, color: COLORS.grey, noWrap: true },
              { text: limit.text, fontSize: limit.fontSize, noWrap: true },
              { text: due.text, fontSize: due.fontSize, noWrap: true },
              { text: `● ${PLAN_ITEM_STATUSES.labels[it.status]}`, fontSize: 7.5, bold: true, color: colors.fg, noWrap: true },
            ],
          },
        ],
      ],
    },
    layout: {
      hLineWidth: () => 1,
      vLineWidth: () => 1,
      hLineColor: () => colors.fg,
      vLineColor: () => colors.fg,
      paddingLeft: () => 4,
      paddingRight: () => 4,
      paddingTop: () => 3,
      paddingBottom: () => 2,
    },
  } as Content;
}

function boxRow(items: PrintablePlanItem[], avail = W): Content {
  const { width } = rowGeometry(items.length, avail);
  if (items.length === 1) {
    return { columns: [{ text: '', width: '*' }, { ...(itemBox(items[0]!, width) as object), width } as Content, { text: '', width: '*' }], columnGap: 0 };
  }
  return { columns: items.map((it) => ({ ...(itemBox(it, width) as object), width }) as Content), columnGap: GAP };
}

/** Splits n items into balanced rows of at most PER_ROW (e.g. 7 → 4 + 3, 6 → 3 + 3). */
export function balancedRows<T>(items: T[]): T[][] {
  const rows = Math.ceil(items.length / PER_ROW);
  const per = Math.ceil(items.length / Math.max(1, rows));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += per) out.push(items.slice(i, i + per));
  return out;
}

const FRAME_PAD = 6;

function groupBlock(items: PrintablePlanItem[], caption: string | undefined): Content[] {
  const out: Content[] = [];
  if (caption) out.push({ text: caption, fontSize: 8, color: COLORS.grey, alignment: 'center', margin: [0, 0, 0, 1] });
  const rows = balancedRows(items);
  if (rows.length === 1) {
    const row = rows[0] ?? [];
    if (row.length > 1) out.push(forkLines(row.length, 'fork'));
    out.push(boxRow(row));
    if (row.length > 1) out.push(forkLines(row.length, 'join'));
    return out;
  }
  // Many parallel items: all rows inside one dashed frame, entered and left on the centre line.
  const inner = W - 2 * FRAME_PAD - 2;
  out.push(stub(), {
    table: {
      widths: [inner],
      body: [[{ stack: rows.map((r, i) => ({ ...(boxRow(r, inner) as object), margin: [0, i === 0 ? 0 : 8, 0, 0] }) as Content) }]],
    },
    layout: {
      hLineWidth: () => 0.8,
      vLineWidth: () => 0.8,
      hLineColor: () => COLORS.grey,
      vLineColor: () => COLORS.grey,
      hLineStyle: () => ({ dash: { length: 3, space: 2 } }),
      vLineStyle: () => ({ dash: { length: 3, space: 2 } }),
      paddingLeft: () => FRAME_PAD,
      paddingRight: () => FRAME_PAD,
      paddingTop: () => FRAME_PAD,
      paddingBottom: () => FRAME_PAD,
    },
  } as Content, stub());
  return out;
}

function stageBanner(st: PrintablePlanStage): Content {
  const count = st.groups.reduce((n, g) => n + g.items.length, 0);
  return {
    table: {
      widths: ['*', 'auto'],
      body: [
        [
          { text: stageTitle(st), bold: true, color: '#FFFFFF', fontSize: 11 },
          { text: `${count} 项`, color: '#FFFFFF', fontSize: 9, alignment: 'right', margin: [0, 1.5, 0, 0] },
        ],
      ],
    },
    layout: {
      fillColor: () => COLORS.red,
      hLineWidth: () => 0,
      vLineWidth: () => 0,
      paddingLeft: () => 8,
      paddingRight: () => 8,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
  };
}

/** The flow chart: stages top to bottom, parallel groups as rows of boxes. */
export function flowChart(stages: PrintablePlanStage[]): Content[] {
  const sorted = stages.slice().sort((a, b) => (a.stage === 0 ? 99 : a.stage) - (b.stage === 0 ? 99 : b.stage));
  const out: Content[] = [];
  sorted.forEach((st, si) => {
    // The arrow into a stage travels with the stage, so no page ends on a dangling arrow.
    const lead: Content[] = si > 0 ? [arrow(18)] : [];
    const groups = st.groups.filter((g) => g.items.length > 0);
    if (groups.length === 0) {
      out.push({ stack: [...lead, stageBanner(st), { text: '本阶段暂无计划事项', alignment: 'center', color: COLORS.grey, margin: [0, 4, 0, 0] }], unbreakable: true });
      return;
    }
    groups.forEach((g, gi) => {
      const parallel = g.items.length > 1;
      const caption = parallel ? `${clean(g.name) || '并联办理'}（${g.items.length} 项同时办理）` : g.name ? clean(g.name) : undefined;
      const block: Content[] = [];
      if (gi === 0) block.push(...lead, stageBanner(st), arrow(14));
      else block.push(arrow(14));
      block.push(...groupBlock(g.items, caption));
      out.push({ stack: block, unbreakable: true });
    });
  });
  out.push({
    stack: [
      arrow(16),
      {
        columns: [
          { text: '', width: '*' },
          {
            width: 150,
            table: { widths: ['*'], body: [[{ text: '项目审批完成', bold: true, alignment: 'center', color: COLORS.red }]] },
            layout: { hLineWidth: () => 1.2, vLineWidth: () => 1.2, hLineColor: () => COLORS.red, vLineColor: () => COLORS.red, paddingTop: () => 4, paddingBottom: () => 4 },
          },
          { text: '', width: '*' },
        ],
      },
    ],
    unbreakable: true,
  });
  return out;
}

function legend(): Content {
  return {
    text: PLAN_ITEM_STATUSES.codes.flatMap((s) => [{ text: '● ', color: STATUS_COLORS[s].fg }, { text: `${PLAN_ITEM_STATUSES.labels[s]}\u3000` }]),
    fontSize: 8,
    alignment: 'center',
    margin: [0, 0, 0, 6],
  };
}

export function buildPlan(c: PrintableCase, options: PrintOptions): TDocumentDefinitions {
  const plan = c.plan;
  if (!plan || plan.stages.every((s) => s.groups.length === 0)) throw new PrintError('本件还没有代办服务计划，无法打印计划书');
  const scope = scopeOf(c);
  const rows: TableCell[][] = [['序号', '阶段', '事项名称', '审批部门', '时限', '截止日期', '状态'].map((t) => ({ text: t, style: 'th' }))];
  let n = 0;
  for (const st of plan.stages.slice().sort((a, b) => a.stage - b.stage)) {
    for (const g of st.groups) {
      for (const it of g.items) {
        n++;
        rows.push([
          { text: String(n), alignment: 'center' },
          { text: STAGES.labels[String(st.stage) as keyof typeof STAGES.labels] },
          { text: [clean(it.name), it.approvalNo ? { text: `\n${clean(it.approvalNo)}`, fontSize: 8, color: COLORS.grey } : ''] },
          { text: orDash(it.department) },
          { text: limitText(it.limit), alignment: 'center' },
          { text: it.dueDate ? it.dueDate : '—', alignment: 'center' },
          { text: PLAN_ITEM_STATUSES.labels[it.status], color: STATUS_COLORS[it.status].fg, alignment: 'center' },
        ]);
      }
    }
  }
  const content: Content[] = [
    ...titleBlock('代办服务计划书', c.caseNumber),
    infoTable([
      ['项目名称', c.project.name],
      ['项目单位', c.applicant.name],
      ['计划名称', plan.title ?? '', '计划类别', plan.kind ? PLAN_KINDS.labels[plan.kind] : ''],
      ['代办员', [c.agent.name, c.agent.phone].filter(Boolean).join('\u3000'), '责任领导', [c.leader?.name, c.leader?.phone].filter(Boolean).join('\u3000')],
      ['代办范围', scope.sentence],
    ]),
    section(0, '项目审批申报流程图'),
    legend(),
    ...flowChart(plan.stages),
    { text: '', pageBreak: 'before' },
    section(1, '审批事项明细'),
    { table: { headerRows: 1, widths: [24, 58, '*', 92, 50, 58, 44], body: rows, dontBreakRows: true }, layout: GRID_LAYOUT, fontSize: 9 },
    section(2, '说明'),
    {
      ol: [
        '时限按工作日计算（法定节假日不计，调休上班日计入），截止日期依据官方工作日历推算，实际以审批部门办理为准。',
        '同一阶段内并联办理的事项同时申报、同步推进；前一阶段主要事项办结后进入下一阶段。',
        '计划由代办员根据项目实际情况动态调整，调整后重新打印并告知申请人。',
        '代办不包办、服务不揽责：代办服务不改变申请人的法定申请人地位，申请人对申报材料的真实性负责。',
      ],
      fontSize: 9.5,
      lineHeight: 1.3,
    },
  ];
  return a4Document({ title: '代办服务计划书', caseNumber: c.caseNumber, officeName: c.office.name, options, content });
}
