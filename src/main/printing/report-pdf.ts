// A report as an A4-landscape PDF through the project's printing (pdfmake, Noto Sans SC): the
// title block, the charts as vector graphics (ECharts rendered server-side to SVG, drawn by
// pdfmake's SVG support in the document's font), then each table with its header repeated on every
// page. A PDF is for reading: a table longer than PDF_ROW_LIMIT prints its first rows and says where
// the rest is (the .xlsx holds every row).
import type * as Echarts from 'echarts';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { chartOption } from '../../shared/reports/charts.js';
import type { Report, ReportCell, ReportCellKind, ReportChart, ReportTable } from '../../shared/reports/report.js';
import { periodText } from '../../shared/reports/report.js';
import { clean, COLORS, formatDateTime, GRID_LAYOUT, STYLES } from './common.js';
import { MAIN_FONT, SVG_FONT } from './fonts.js';
import { renderPdf } from './render.js';
import { textWidth } from './report-xlsx.js';

export const PDF_ROW_LIMIT = 500;
const PAGE_WIDTH = 841.89;
const MARGINS: [number, number, number, number] = [36, 48, 36, 40];
const CONTENT_WIDTH = PAGE_WIDTH - MARGINS[0] - MARGINS[2];
const CHART_WIDTH = (CONTENT_WIDTH - 16) / 2;
const CHART_HEIGHT = 190;

/** A cell as printed: shares as percentages, decimals to one place, empty as a dash. */
export function printedCell(v: ReportCell, kind: ReportCellKind): string {
  if (v === null || v === '') return '—';
  if (typeof v === 'number') {
    if (kind === 'percent') return `${(v * 100).toFixed(1)}%`;
    if (kind === 'decimal') return v.toFixed(1);
    if (kind === 'number') return String(Math.round(v * 10) / 10);
    return String(v);
  }
  return clean(v);
}

type ECharts = typeof Echarts;
let echartsModule: Promise<ECharts> | undefined;

/** One chart as an SVG string, drawn by the same option as on screen. */
export async function chartSvg(chart: ReportChart, width = CHART_WIDTH, height = CHART_HEIGHT): Promise<string> {
  const echarts = await (echartsModule ??= import('echarts'));
  const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    c.setOption(chartOption(chart, { fontFamily: SVG_FONT, print: true }));
    // ECharts gives value labels a halo drawn first (paint-order), which the PDF's SVG drawing does
    // not know: the halo would be painted over the text. Labels print without it.
    return c.renderToSVGString().replace(/(<text[^>]*?) stroke="[^"]*" stroke-width="[^"]*" paint-order="stroke"/g, '$1');
  } finally {
    c.dispose();
  }
}

function tableContent(t: ReportTable): Content[] {
  const shown = t.rows.slice(0, PDF_ROW_LIMIT);
  // Column widths follow the longest text in the header and the first rows, within the page.
  const sample = shown.slice(0, 200);
  const want = t.columns.map((c, i) => Math.min(40, Math.max(textWidth(c.header), ...sample.map((r) => textWidth(printedCell(r[i] ?? null, c.kind))))));
  const totalWant = want.reduce((a, b) => a + b, 0) || 1;
  const usable = CONTENT_WIDTH - t.columns.length * 8 - 2;
  const widths = want.map((w) => Math.max(24, (w / totalWant) * usable));
  const scale = usable / widths.reduce((a, b) => a + b, 0);
  const body: TableCell[][] = [t.columns.map((c) => ({ text: c.header, style: 'th', fontSize: 9 }))];
  for (const r of shown) {
    body.push(t.columns.map((c, i) => ({ text: printedCell(r[i] ?? null, c.kind), fontSize: 8.5, alignment: c.kind === 'text' || c.kind === 'date' ? 'left' : 'right' })));
  }
  if (shown.length === 0) body.push([{ text: '无', colSpan: t.columns.length, alignment: 'center', color: COLORS.grey }, ...t.columns.slice(1).map(() => ({}))]);
  const notes = [t.note, t.rows.length > shown.length ? `共 ${t.rows.length} 行，此处列出前 ${shown.length} 行；完整明细请导出 Excel。` : undefined].filter(Boolean);
  return [
    { text: t.title, style: 'h2' },
    ...notes.map((n) => ({ text: n as string, style: 'small', margin: [0, 0, 0, 4] as [number, number, number, number] })),
    {
      table: { headerRows: 1, widths: widths.map((w) => Math.floor(w * scale)), body, dontBreakRows: true },
      layout: { ...GRID_LAYOUT, paddingLeft: () => 3, paddingRight: () => 3, paddingTop: () => 2, paddingBottom: () => 2 },
    },
  ];
}

export interface ReportPrintOptions {
  printedAt: string;
  printedBy?: string;
}

export async function reportDocument(report: Report, opts: ReportPrintOptions): Promise<TDocumentDefinitions> {
  const charts = await Promise.all((report.charts ?? []).map((c) => chartSvg(c)));
  const chartRows: Content[] = [];
  for (let i = 0; i < charts.length; i += 2) {
    chartRows.push({
      columns: charts.slice(i, i + 2).map((svg) => ({ svg, width: CHART_WIDTH, font: SVG_FONT }) as unknown as Content),
      columnGap: 16,
      margin: [0, 4, 0, 8],
      unbreakable: true,
    } as Content);
  }
  const h = report.header;
  const printed = `打印：${formatDateTime(opts.printedAt)}${opts.printedBy ? ` ${clean(opts.printedBy)}` : ''}`;
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: MARGINS,
    info: { title: h.title, subject: [h.title, h.officeName, periodText(h.period)].filter(Boolean).join(' '), creator: 'Daiban Desk', producer: 'Daiban Desk' },
    defaultStyle: { font: MAIN_FONT, fontSize: 9.5, lineHeight: 1.15, color: COLORS.ink },
    styles: STYLES,
    header: () => ({ margin: [MARGINS[0], 20, MARGINS[2], 0], columns: [{ text: clean(h.officeName), fontSize: 8.5, color: COLORS.grey }, { text: h.title, fontSize: 8.5, color: COLORS.grey, alignment: 'right' }] }),
    footer: (page: number, pages: number) => ({
      margin: [MARGINS[0], 12, MARGINS[2], 0],
      fontSize: 8.5,
      color: COLORS.grey,
      columns: [{ text: printed }, { text: `第 ${page} 页 共 ${pages} 页`, alignment: 'right' }],
    }),
    content: [
      { text: h.title, style: 'title' },
      { text: [clean(h.officeName), periodText(h.period)].filter(Boolean).join('　'), style: 'subtitle' },
      ...(h.lines ?? []).map((l) => ({ text: clean(l), margin: [0, 0, 0, 2] as [number, number, number, number] })),
      ...chartRows,
      ...report.tables.flatMap(tableContent),
    ],
  };
}

export async function reportPdf(report: Report, opts: ReportPrintOptions): Promise<Buffer> {
  return renderPdf(await reportDocument(report, opts));
}
