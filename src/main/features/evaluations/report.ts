// The 好差评台账 as a report (xlsx and PDF through the shared writers): a 汇总 table (评价数, 满意率,
// 差评数, 回访率, 整改率, 已登记整改, 按期/逾期整改), 评价明细 (every rating), 差评回访整改 (one row
// per rectification of each bad rating, or one row when none was entered) and the ratings by level.
import { EVALUATION_LEVELS, EVALUATION_SOURCES } from '../../../shared/domain/enums.js';
import type { Report, ReportCell } from '../../../shared/reports/report.js';
import type { ServiceContext } from '../context.js';
import { ratingsLedger, type LedgerParams } from './ledger.js';

const levelText = (level: number) => (EVALUATION_LEVELS.labels as Record<string, string>)[String(level)] ?? String(level);
const sourceText = (source: string) => (EVALUATION_SOURCES.labels as Record<string, string>)[source] ?? source;

export const RATES_NOTE = '满意率＝非常满意、满意、基本满意的评价占评价数的比例；回访率＝已回访的差评占差评数的比例；整改率＝已登记整改且整改全部完成的差评占差评数的比例；已登记整改＝已登记整改措施（不论是否完成）的差评占差评数的比例。无差评时以上比例计为100%。';

export function buildRatingsReport(ctx: ServiceContext, params: LedgerParams): Report {
  const ledger = ratingsLedger(ctx, params);
  const t = ledger.totals;
  const badRows: ReportCell[][] = [];
  for (const b of ledger.bad) {
    const cb = b.callbacks;
    const callback: ReportCell[] = [
      cb.map((c) => c.byName ?? '').join('、') || null,
      cb[0]?.calledDate ?? null,
      cb.map((c) => c.result).join('；') || null,
    ];
    const rating: ReportCell[] = [b.caseNo, b.title, b.agentName ?? '', levelText(b.level), b.evaluatedDate, b.comment];
    const rects = b.rectifications.length ? b.rectifications : [null];
    for (const r of rects) {
      badRows.push([
        badRows.length + 1,
        ...rating,
        ...callback,
        r?.problem ?? null,
        r?.measure ?? null,
        r?.responsibleName ?? null,
        r?.dueDate ?? null,
        r?.workdaysGiven ?? null,
        r?.doneDate ?? null,
        r ? (r.onTime === null ? (r.overdue ? '已逾期' : '未完成') : r.onTime ? '按期' : '逾期') : null,
        b.missing.join('、') || '已完成',
      ]);
    }
  }
  return {
    header: {
      title: '好差评台账',
      officeName: ledger.office?.name ?? '全部机构',
      period: ledger.period,
      ...(ledger.ownCasesOnly ? { lines: ['统计范围：本人代办的案卷'] } : {}),
    },
    charts: [
      {
        kind: 'bar',
        title: '评价等级分布',
        categories: [5, 4, 3, 2, 1].map(levelText),
        series: [{ name: '评价数', values: [5, 4, 3, 2, 1].map((l) => t.byLevel[l - 1]!) }],
        unit: '件',
      },
    ],
    tables: [
      {
        sheetName: '汇总',
        title: '汇总',
        columns: [
          { header: '评价数', kind: 'int' },
          { header: '满意率', kind: 'percent' },
          { header: '差评数', kind: 'int' },
          { header: '回访率', kind: 'percent' },
          { header: '整改率', kind: 'percent' },
          { header: '已登记整改', kind: 'percent' },
          { header: '按期整改', kind: 'int' },
          { header: '逾期整改', kind: 'int' },
        ],
        rows: [[t.ratings, t.satisfactionRate, t.badRatings, t.callbackRate, t.rectificationRate, t.registeredRate, t.doneOnTime, t.doneLate]],
        note: RATES_NOTE,
      },
      {
        sheetName: '评价明细',
        title: '评价明细',
        columns: [
          { header: '序号', kind: 'int', width: 6 },
          { header: '案卷编号', kind: 'text', width: 20 },
          { header: '项目/事项', kind: 'text', width: 36 },
          { header: '代办员', kind: 'text', width: 10 },
          { header: '受理机构', kind: 'text', width: 16 },
          { header: '评价渠道', kind: 'text', width: 8 },
          { header: '评价等级', kind: 'text', width: 10 },
          { header: '评价内容', kind: 'text', width: 36 },
          { header: '评价日期', kind: 'date', width: 12 },
        ],
        rows: ledger.ratings.map((r, i) => [i + 1, r.caseNo, r.title, r.agentName ?? '', r.orgUnitName, sourceText(r.source), levelText(r.level), r.comment, r.evaluatedDate]),
      },
      {
        sheetName: '差评回访整改',
        title: '差评回访整改',
        columns: [
          { header: '序号', kind: 'int', width: 6 },
          { header: '案卷编号', kind: 'text', width: 20 },
          { header: '项目/事项', kind: 'text', width: 30 },
          { header: '代办员', kind: 'text', width: 10 },
          { header: '评价等级', kind: 'text', width: 10 },
          { header: '评价日期', kind: 'date', width: 12 },
          { header: '评价内容', kind: 'text', width: 24 },
          { header: '回访人', kind: 'text', width: 10 },
          { header: '回访日期', kind: 'date', width: 12 },
          { header: '回访结果', kind: 'text', width: 24 },
          { header: '存在问题', kind: 'text', width: 24 },
          { header: '整改措施', kind: 'text', width: 30 },
          { header: '整改责任人', kind: 'text', width: 10 },
          { header: '整改期限', kind: 'date', width: 12 },
          { header: '期限（工作日）', kind: 'int', width: 8 },
          { header: '完成日期', kind: 'date', width: 12 },
          { header: '是否按期', kind: 'text', width: 8 },
          { header: '待办', kind: 'text', width: 16 },
        ],
        rows: badRows,
        note: '未回访、未登记整改或整改未完成的差评排在前面。',
      },
    ],
  };
}
