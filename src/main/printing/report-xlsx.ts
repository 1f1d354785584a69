// A report as an .xlsx workbook (exceljs, streamed): one sheet per table, its first row the title
// (report · office · period), then the header lines, the column headers (bold, frozen) and the
// rows — numbers as numbers with a number format, dates as dates. Rows stream to the file, so a
// 100,000-row table never sits in memory as cells; progress is reported as rows are written.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Report, ReportCell, ReportCellKind, ReportColumn } from '../../shared/reports/report.js';
import { titleLine } from '../../shared/reports/report.js';

const NUMBER_FORMATS: Partial<Record<ReportCellKind, string>> = { int: '0', decimal: '0.0', number: 'General', percent: '0.0%', date: 'yyyy-mm-dd' };
/** Rows between yields to the event loop, so the backend answers (progress polls) while a big export runs. */
const YIELD_EVERY = 2_000;

/** A name Excel accepts: no []:*?/\, at most 31 characters, unique in the workbook. */
export function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '_').slice(0, 31) || '报表';
  let n = base;
  for (let i = 2; taken.has(n); i++) n = `${base.slice(0, 31 - String(i).length - 1)}_${i}`;
  taken.add(n);
  return n;
}

/** Display width of a text: a CJK character counts 2. */
export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u2e80-\uffff]/.test(ch) ? 2 : 1;
  return w;
}

function columnWidth(c: ReportColumn): number {
  return Math.min(60, Math.max(c.width ?? 0, textWidth(c.header) + 2, c.kind === 'date' ? 12 : 8));
}

function cellValue(v: ReportCell, kind: ReportCellKind): ExcelJS.CellValue {
  if (v === null || v === '') return null;
  if (kind === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(`${v}T00:00:00Z`);
  return v;
}

export function reportRowCount(report: Report): number {
  return report.tables.reduce((n, t) => n + t.rows.length, 0);
}

/** Writes the report to `file` (through a temporary name: a cut-off export never looks finished). */
export async function writeReportXlsx(report: Report, file: string, onProgress?: (done: number, total: number) => void): Promise<void> {
  const tmp = `${file}.part`;
  const total = reportRowCount(report);
  let done = 0;
  try {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: createWriteStream(tmp), useStyles: true, useSharedStrings: false });
    wb.creator = '代办帮办工作台';
    wb.title = report.header.title;
    const taken = new Set<string>();
    for (const table of report.tables) {
      const lines = report.header.lines ?? [];
      const headerRow = 2 + lines.length + (table.note ? 1 : 0);
      const ws = wb.addWorksheet(sheetName(table.sheetName, taken), { views: [{ state: 'frozen', ySplit: headerRow }] });
      ws.columns = table.columns.map((c, i) => ({ key: String(i), width: columnWidth(c), style: NUMBER_FORMATS[c.kind] ? { numFmt: NUMBER_FORMATS[c.kind] } : {} }));
      const span = Math.max(1, table.columns.length);
      const wide = (text: string, font: Partial<ExcelJS.Font>) => {
        const row = ws.addRow([text]);
        row.font = font;
        if (span > 1) ws.mergeCells(row.number, 1, row.number, span);
        row.commit();
      };
      wide(titleLine(report.header, table.title), { bold: true, size: 14 });
      for (const l of lines) wide(l, { size: 11 });
      if (table.note) wide(table.note, { size: 10, italic: true });
      const head = ws.addRow(table.columns.map((c) => c.header));
      head.font = { bold: true };
      head.alignment = { vertical: 'middle', wrapText: true };
      head.eachCell((cell) => {
        cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FF' } };
        cell.border = { bottom: { style: 'thin' } };
      });
      head.commit();
      for (const r of table.rows) {
        ws.addRow(table.columns.map((c, i) => cellValue(r[i] ?? null, c.kind))).commit();
        if (++done % YIELD_EVERY === 0) {
          onProgress?.(done, total);
          await new Promise<void>((res) => setImmediate(res));
        }
      }
      ws.commit();
    }
    await wb.commit();
    await rename(tmp, file);
    onProgress?.(total, total);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
