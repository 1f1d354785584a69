// Shared pieces of the A4 forms: page setup, styles, the footer with the case number and
// "第 N 页 共 M 页", label/value tables, signature boxes, date formatting, the standard clauses.
import type { Content, ContentTable, DynamicContent, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { fitText, MAIN_FONT, measureText } from './fonts';
import type { PrintOptions } from './types';

/** 代办不包办、服务不揽责 — every printed form carries it (DOMAIN.md). */
export const DISCLAIMER = '代办不包办、服务不揽责';
export const LEGAL_RELATION_CLAUSE =
  '代办服务不改变申请人与审批部门之间的法律关系：申请人仍为各审批事项的法定申请人，对申报材料的真实性、合法性负责并依法承担相应责任；审批结果由审批部门依法作出。';
export const FREE_CLAUSE = '代办服务全程免费，不向申请人收取任何服务费用。';

export const A4_MARGINS: [number, number, number, number] = [56, 62, 56, 56];
export const A4_CONTENT_WIDTH = 595.28 - A4_MARGINS[0] - A4_MARGINS[2];
const FOOTER_CENTRE = 96;

export const COLORS = {
  red: '#B3121E',
  ink: '#1A1A1A',
  grey: '#5C5C5C',
  line: '#333333',
  light: '#F2F2F2',
  box: '#FBFBFB',
};

/** Removes characters that would change how text prints (controls, bidi overrides); keeps newlines. */
export function clean(value: string | undefined | null): string {
  if (value === undefined || value === null) return '';
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069\u200E\u200F]/g, '');
}

/** A space to write in by hand on a blank form (样表): a run of ideographic spaces, printed as is. */
export const HANDWRITTEN = (chars: number): string => '\u3000'.repeat(chars);
const isHandwritten = (v: string): boolean => /^\u3000+$/.test(v);

/** Text or a long dash when empty; a blank to fill in by hand (HANDWRITTEN) stays blank. */
export function orDash(value: string | undefined | null): string {
  const raw = clean(value);
  if (isHandwritten(raw)) return raw;
  const v = raw.trim();
  return v.length > 0 ? v : '—';
}

/** 2026-11-22 → 2026年11月22日. */
export function formatDate(value: string | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return clean(value);
  return `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

/** 2026-11-22T09:05 → 2026年11月22日 09:05 (time printed as written, no zone conversion). */
export function formatDateTime(value: string | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value);
  if (!m) return clean(value);
  const d = `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
  return m[4] ? `${d} ${m[4]}:${m[5]}` : d;
}

/** 2026-11-22 → 11月22日. */
export function formatShortDate(value: string | undefined): string {
  if (!value) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  return m ? `${Number(m[2])}月${Number(m[3])}日` : clean(value);
}

/** The print time as a Date for the PDF's metadata (from the injected clock, not the machine's). */
export function printedDate(printedAt: string): Date | undefined {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(printedAt) ? `${printedAt}T00:00:00` : printedAt.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function datePart(value: string): string {
  return value.slice(0, 10);
}

/** A blank date line for handwriting: "    年    月    日". */
export const BLANK_DATE = '\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日';

export const STYLES: TDocumentDefinitions['styles'] = {
  title: { fontSize: 20, bold: true, alignment: 'center', margin: [0, 0, 0, 4], characterSpacing: 2 },
  subtitle: { fontSize: 10, alignment: 'center', color: COLORS.grey, margin: [0, 0, 0, 12] },
  h2: { fontSize: 12.5, bold: true, margin: [0, 10, 0, 5] },
  label: { bold: true, fillColor: COLORS.light },
  th: { bold: true, fillColor: COLORS.light, alignment: 'center' },
  small: { fontSize: 8.5, color: COLORS.grey },
  clause: { margin: [0, 2, 0, 2], lineHeight: 1.35 },
  disclaimer: { bold: true, color: COLORS.red },
};

/** Thin black grid with comfortable padding. */
export const GRID_LAYOUT = {
  hLineWidth: () => 0.6,
  vLineWidth: () => 0.6,
  hLineColor: () => COLORS.line,
  vLineColor: () => COLORS.line,
  paddingLeft: () => 5,
  paddingRight: () => 5,
  paddingTop: () => 4,
  paddingBottom: () => 4,
};

export interface A4Frame {
  title: string;
  caseNumber: string;
  officeName: string;
  options: PrintOptions;
  content: Content[];
  /** Document metadata subject. */
  subject?: string;
  /** Footer text on the left instead of "代办编号：…" (reports over several cases). */
  footerLeft?: string;
}

/** Header (office, disclaimer), footer (case number, printed at/by, page N of M) and the A4 page. */
export function a4Document(frame: A4Frame): TDocumentDefinitions {
  const caseNumber = clean(frame.caseNumber);
  const printed = frame.options.blankForm
    ? '样表'
    : [`打印：${formatDate(frame.options.printedAt)}`, frame.options.printedBy ? clean(frame.options.printedBy) : ''].filter(Boolean).join(' ');
  const office = fitText(clean(frame.officeName).replace(/\n+/g, ' '), { width: A4_CONTENT_WIDTH - 110, maxLines: 1, fontSize: 8.5, minSize: 6 });
  const header: DynamicContent = () => ({
    margin: [A4_MARGINS[0], 24, A4_MARGINS[2], 0],
    columns: [
      { text: office.text, fontSize: office.fontSize, color: COLORS.grey, noWrap: true },
      { text: DISCLAIMER, fontSize: 8.5, color: COLORS.red, alignment: 'right', width: 100, noWrap: true },
    ],
  });
  // Side texts shrink to one line so the page number in the middle never wraps.
  const side = (A4_CONTENT_WIDTH - FOOTER_CENTRE) / 2;
  const left = fitText(clean(frame.footerLeft ?? `代办编号：${caseNumber}`).replace(/\n+/g, ' '), { width: side, maxLines: 1, fontSize: 8.5, minSize: 6 });
  const right = fitText(printed.replace(/\n+/g, ' '), { width: side, maxLines: 1, fontSize: 8.5, minSize: 6 });
  const footer: DynamicContent = (currentPage: number, pageCount: number) => ({
    margin: [A4_MARGINS[0], 14, A4_MARGINS[2], 0],
    fontSize: 8.5,
    color: COLORS.grey,
    columns: [
      { text: left.text, fontSize: left.fontSize, width: side, noWrap: true },
      { text: `第 ${currentPage} 页 共 ${pageCount} 页`, alignment: 'center', width: FOOTER_CENTRE, noWrap: true },
      { text: right.text, fontSize: right.fontSize, alignment: 'right', width: side, noWrap: true },
    ],
  });
  return {
    pageSize: 'A4',
    pageMargins: A4_MARGINS,
    info: {
      title: frame.title,
      subject: frame.subject ?? frame.title,
      creator: 'Daiban Desk',
      producer: 'Daiban Desk',
      ...(printedDate(frame.options.printedAt) ? { creationDate: printedDate(frame.options.printedAt) } : {}),
    },
    defaultStyle: { font: MAIN_FONT, fontSize: 10.5, lineHeight: 1.2, color: COLORS.ink },
    styles: STYLES,
    header,
    footer,
    content: frame.content,
  };
}

/** Title block: the form's name and, under it, the case number. */
export function titleBlock(title: string, caseNumber: string, extra?: string): Content[] {
  const sub = fitText([`代办编号：${clean(caseNumber)}`, extra ? `\u3000\u3000${extra}` : ''].join(''), { width: A4_CONTENT_WIDTH, maxLines: 1, fontSize: 10, minSize: 7 });
  return [
    { text: title, style: 'title', noWrap: true },
    { text: sub.text, style: 'subtitle', fontSize: sub.fontSize, noWrap: true },
  ];
}

/** A cell text that is one piece (noWrap) when it surely fits the width, else wraps normally. */
export function cellText(text: string, width: number, fontSize: number, bold = false): { text: string; noWrap?: boolean } {
  return !text.includes('\n') && measureText(text, fontSize, bold) <= width * 0.95 ? { text, noWrap: true } : { text };
}

export type Row = [string, string] | [string, string, string, string];

/** A label/value grid: rows of two or four cells (label, value[, label, value]). */
export function infoTable(rows: Row[], labelWidth = 78): ContentTable {
  const four = rows.some((r) => r.length === 4);
  const widths = four ? [labelWidth, '*', labelWidth, '*'] : [labelWidth, '*'];
  // pdfmake widths are content widths; padding (5 + 5) and rules (0.6) come on top.
  const labelInner = labelWidth;
  const cols = four ? 4 : 2;
  const free = A4_CONTENT_WIDTH - cols * 10 - (cols + 1) * 0.6;
  const valueNarrow = (free - 2 * labelWidth) / 2;
  const valueWide = four ? free - labelWidth : free - labelWidth;
  const body: TableCell[][] = rows.map((r): TableCell[] => {
    if (r.length === 2 && four) {
      return [{ ...cellText(r[0], labelInner, 10.5, true), style: 'label' }, { ...cellText(orDash(r[1]), valueWide, 10.5), colSpan: 3 }, {}, {}];
    }
    const cells: TableCell[] = [];
    for (let i = 0; i < r.length; i += 2) {
      cells.push({ ...cellText(r[i] ?? '', labelInner, 10.5, true), style: 'label' });
      cells.push(cellText(orDash(r[i + 1]), four ? valueNarrow : valueWide, 10.5));
    }
    return cells;
  });
  return { table: { widths, body, dontBreakRows: true }, layout: GRID_LAYOUT };
}

/** A header row plus data rows; empty data prints one "无" row. */
export function dataTable(headers: string[], widths: Array<number | string>, rows: string[][], emptyText = '无'): ContentTable {
  // pdfmake widths are content widths; padding (5 + 5) and rules (0.6) come on top.
  const fixed = widths.filter((w): w is number => typeof w === 'number').reduce((a, b) => a + b, 0);
  const stars = widths.filter((w) => typeof w !== 'number').length;
  const free = A4_CONTENT_WIDTH - widths.length * 10 - (widths.length + 1) * 0.6 - fixed;
  const inner = (i: number): number => {
    const w = widths[i];
    return typeof w === 'number' ? w : free / Math.max(1, stars);
  };
  const body: TableCell[][] = [headers.map((h, i) => ({ ...cellText(h, inner(i), 10.5, true), style: 'th' }))];
  if (rows.length === 0) {
    body.push([{ text: emptyText, colSpan: headers.length, alignment: 'center', color: COLORS.grey }, ...headers.slice(1).map(() => ({}))]);
  } else {
    for (const r of rows) body.push(r.map((c, i) => cellText(clean(c), inner(i), 10.5)));
  }
  return { table: { headerRows: 1, widths, body, dontBreakRows: true }, layout: GRID_LAYOUT };
}

export interface SignatureBox {
  heading: string;
  lines: string[];
}

/** Side-by-side boxes for signatures and seals, each with room to write and a date line. */
export function signatureBoxes(boxes: SignatureBox[], height = 96): Content {
  const cells: TableCell[] = boxes.map((b) => ({
    stack: [
      { text: b.heading, bold: true, margin: [0, 0, 0, 6] },
      ...b.lines.map((l) => ({ text: l, margin: [0, 0, 0, 10] as [number, number, number, number] })),
    ],
    margin: [2, 2, 2, 2],
  }));
  return {
    unbreakable: true,
    margin: [0, 12, 0, 0],
    table: { widths: boxes.map(() => '*'), heights: [height], body: [cells] },
    layout: GRID_LAYOUT,
  };
}

/** Numbered clause paragraphs. */
export function clauses(items: string[]): Content[] {
  return items.map((t, i) => ({ text: `${i + 1}. ${t}`, style: 'clause', margin: [14, 1, 0, 1] }));
}

/** Heading like "一、项目基本情况". */
const CN_NUMS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
export function section(index: number, title: string): Content {
  return { text: `${CN_NUMS[index] ?? String(index + 1)}、${title}`, style: 'h2' };
}

/** A checkbox mark: ■ checked, □ not. */
export function box(checked: boolean, label: string): string {
  return `${checked ? '■' : '□'}${label}`;
}
