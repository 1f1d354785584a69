// A report people open: a title block (what, which office, which period), tables and charts.
// Every page of 统计分析 / 代办员绩效 / 好差评台账 / 政企互动 / 部门联络表 builds one of these; the
// same value is written to .xlsx (src/main/reports/xlsx.ts) and to an A4-landscape PDF
// (src/main/reports/pdf.ts), from the app and from `daiban report`.
import { z } from 'zod';
import { isoDate } from '../api/common';

/**
 * How a column's cells are written: numbers stay numbers in the sheet, with a number format —
 * int 0, decimal 0.0, percent 0.0% (cells are shares in [0, 1]), number as given (a column mixing
 * counts and averages), date yyyy-mm-dd.
 */
export type ReportCellKind = 'text' | 'int' | 'decimal' | 'number' | 'percent' | 'date';
export type ReportCell = string | number | null;

export interface ReportColumn {
  header: string;
  kind: ReportCellKind;
  /** Width in characters (a Chinese character counts 2); default from the header. */
  width?: number;
}

export interface ReportTable {
  /** The sheet's name in the workbook (Chinese, ≤ 31 characters, none of []:*?/\). */
  sheetName: string;
  /** The table's heading in the PDF and its sheet's title row. */
  title: string;
  columns: ReportColumn[];
  /** One array per row, cells in column order; `percent` cells are shares in [0, 1]. */
  rows: ReportCell[][];
  /** A line under the table (e.g. "合计" is a row; this is for 说明). */
  note?: string;
}

/** A chart drawn by ECharts on screen and as vector graphics in the PDF (src/shared/reports/charts.ts). */
export interface ReportChart {
  kind: 'bar' | 'line' | 'stackedBar';
  title: string;
  categories: string[];
  series: Array<{ name: string; values: number[] }>;
  /** Axis unit shown after values, e.g. 件, 天, %. */
  unit?: string;
}

export interface ReportHeader {
  /** E.g. 代办帮办统计分析. */
  title: string;
  /** The office the report covers (with the offices below it), as printed. */
  officeName: string;
  /** Null for a report without a period (部门联络表). */
  period: { from: string; to: string } | null;
  /** Extra header lines, printed above the tables (e.g. 填报单位、填报人). */
  lines?: string[];
}

export interface Report {
  header: ReportHeader;
  charts?: ReportChart[];
  tables: ReportTable[];
}

/** The reports the app and the CLI export, by the CLI's names. */
export const REPORT_KINDS = ['stats', 'performance', 'ratings', 'interactions', 'contacts'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const REPORT_FORMATS = ['xlsx', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What every report is asked for: a period and an office (its code; default the caller's office). */
export const reportParamsSchema = z
  .object({
    from: isoDate('开始日期'),
    to: isoDate('结束日期'),
    orgCode: z.string({ error: '机构代码应为文本' }).trim().regex(/^\d{6,12}$/, { error: '机构代码应为6至12位数字' }).optional(),
  })
  .refine((p) => p.from <= p.to, { error: '开始日期不能晚于结束日期', path: ['to'] });
export type ReportParams = z.output<typeof reportParamsSchema>;

/** The period as printed: 2026年11月1日至2026年11月30日. */
export function periodText(period: { from: string; to: string } | null): string {
  if (!period) return '';
  const d = (s: string) => `${Number(s.slice(0, 4))}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日`;
  return period.from === period.to ? d(period.from) : `${d(period.from)}至${d(period.to)}`;
}

/** The title row of a sheet and the PDF: 代办员绩效 · 福州市鼓楼区 · 2026年11月1日至2026年11月30日. */
export function titleLine(header: ReportHeader, tableTitle?: string): string {
  return [tableTitle && tableTitle !== header.title ? `${header.title}：${tableTitle}` : header.title, header.officeName, periodText(header.period)].filter(Boolean).join(' · ');
}
