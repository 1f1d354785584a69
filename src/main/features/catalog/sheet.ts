// The catalogue as an .xlsx workbook, in the columns of a 政务清单管理系统 事项 export: 事项清单
// (one row per item), 申请材料 (one row per material, by 事项编码) and 实施部门 (the department
// directory). exceljs writes and reads it. Reading turns each cell into what catalogFieldsSchema
// checks, keeping a value it cannot convert as typed, so the schema names it ("十天" stays "十天").
import ExcelJS from 'exceljs';
import { LIMIT_UNITS, ORG_LEVELS, PLAN_KINDS, STAGES } from '../../../shared/domain/enums.js';
import type { CatalogFields } from '../../../shared/domain/catalog-versions.js';

export const SHEETS = { items: '事项清单', materials: '申请材料', departments: '实施部门' } as const;

const ITEM_COLUMNS = [
  '事项编码', '事项名称', '实施部门', '实施层级', '代办类别', '审批阶段', '法定办结时限', '法定时限单位',
  '承诺办结时限', '承诺时限单位', '收费标准', '是否网上办理', '是否可代办', '是否即办件', '设定依据',
] as const;
const MATERIAL_COLUMNS = ['事项编码', '序号', '材料名称', '原件份数', '复印件份数', '是否证照', '材料说明'] as const;
const DEPARTMENT_COLUMNS = ['部门名称'] as const;

export interface SheetItem {
  code: string;
  planKind: string;
  fields: CatalogFields;
}

/** One row as read: where it is, and its cells converted as far as they go (the rest as typed). */
export interface ReadItemRow { row: number; code: string; planKind: unknown; fields: Record<string, unknown>; problems: string[] }
export interface ReadMaterialRow { row: number; code: string; order: number | null; material: Record<string, unknown>; problems: string[] }
export interface ReadWorkbook { items: ReadItemRow[]; materials: ReadMaterialRow[]; departments: string[]; fileProblems: string[] }

const yesNo = (v: boolean) => (v ? '是' : '否');

/** The workbook of `items` (already in force on the day it shows), with `departments` as its directory. */
export async function writeCatalogWorkbook(items: readonly SheetItem[], departments: readonly string[], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '代办帮办工作台';
  wb.title = title;
  const sheet = (name: string, columns: readonly string[], widths: number[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map((header, i) => ({ header, width: widths[i] ?? 12 }));
    ws.getRow(1).font = { bold: true };
    return ws;
  };
  const itemsWs = sheet(SHEETS.items, ITEM_COLUMNS, [16, 36, 18, 12, 14, 10, 12, 12, 12, 12, 16, 12, 10, 10, 40]);
  const materialsWs = sheet(SHEETS.materials, MATERIAL_COLUMNS, [16, 6, 48, 10, 10, 10, 30]);
  for (const it of items) {
    const f = it.fields;
    itemsWs.addRow([
      it.code, f.name, f.department, ORG_LEVELS.labels[f.level as keyof typeof ORG_LEVELS.labels] ?? f.level,
      PLAN_KINDS.labels[it.planKind as keyof typeof PLAN_KINDS.labels] ?? it.planKind, f.stage,
      f.statutoryLimitValue, f.statutoryLimitUnit ? LIMIT_UNITS.labels[f.statutoryLimitUnit as keyof typeof LIMIT_UNITS.labels] : null,
      f.promisedLimitValue, LIMIT_UNITS.labels[f.promisedLimitUnit as keyof typeof LIMIT_UNITS.labels] ?? f.promisedLimitUnit,
      f.fee, yesNo(f.online), yesNo(f.proxyAllowed), yesNo(f.instant), f.basis,
    ]);
    f.materials.forEach((m, i) => materialsWs.addRow([it.code, i + 1, m.name, m.originals, m.copies, yesNo(m.certificate === true), m.note ?? '']));
  }
  const deptWs = sheet(SHEETS.departments, DEPARTMENT_COLUMNS, [30]);
  for (const d of departments) deptWs.addRow([d]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A cell's value as the user sees it: text, a number, a boolean, or null when empty. */
function cellValue(cell: ExcelJS.Cell): string | number | boolean | null {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim() || null;
    if ('result' in v) return v.result === undefined || v.result === null || typeof v.result === 'object' ? null : (v.result as string | number | boolean);
    if ('text' in v) return String(v.text).trim() || null;
  }
  return String(cell.text).trim() || null;
}

/** A whole number from a number cell or digits typed as text; anything else as typed (the schema names it). */
function integerOf(v: string | number | boolean | null): unknown {
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return v;
}

interface Labelled { codes: readonly string[]; labels: Record<string, string> }

/** A code from its label (or the code itself); anything else as typed (the schema names it). */
function codeOf(set: Labelled, v: string | number | boolean | null): unknown {
  if (v === null) return null;
  const s = String(v);
  const found = set.codes.find((c) => c === s || set.labels[c] === s);
  return found ?? s;
}

/** 审批阶段 as its number or its name (施工许可); anything else as typed. */
function stageOf(v: string | number | boolean | null): unknown {
  if (typeof v === 'string' && /^\d$/.test(v)) return Number(v);
  const code = typeof v === 'string' ? STAGES.codes.find((c) => STAGES.labels[c] === v) : undefined;
  return code === undefined ? v : Number(code);
}

function flagOf(label: string, v: string | number | boolean | null, problems: string[]): boolean | undefined {
  if (v === true || v === '是') return true;
  if (v === false || v === '否') return false;
  problems.push(v === null ? `请填写${label}（“是”或“否”）` : `${label}应填“是”或“否”，不能写“${String(v)}”`);
  return undefined;
}

const text = (v: string | number | boolean | null) => (v === null ? '' : String(v));

/** The header row's columns by name; names a missing one. */
function columnsOf(ws: ExcelJS.Worksheet, wanted: readonly string[], problems: string[]): Map<string, number> {
  const cols = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => {
    const name = text(cellValue(cell)).replace(/\s/g, '');
    if (name && !cols.has(name)) cols.set(name, col);
  });
  const missing = wanted.filter((w) => !cols.has(w));
  if (missing.length) problems.push(`“${ws.name}”表缺少列：${missing.join('、')}（第一行应为列名）`);
  return cols;
}

function rowsOf(ws: ExcelJS.Worksheet, cols: Map<string, number>, each: (row: number, get: (name: string) => string | number | boolean | null) => void): void {
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const get = (name: string) => (cols.has(name) ? cellValue(r.getCell(cols.get(name)!)) : null);
    if ([...cols.values()].every((c) => cellValue(r.getCell(c)) === null)) return;
    each(n, get);
  });
}

/** Reads a catalogue workbook. Never throws on content: what is wrong is in the problems. */
export async function readCatalogWorkbook(bytes: Buffer): Promise<ReadWorkbook> {
  const out: ReadWorkbook = { items: [], materials: [], departments: [], fileProblems: [] };
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    out.fileProblems.push('文件不是有效的 Excel 工作簿（.xlsx）；旧版 .xls 请在 Excel 或 WPS 中另存为 .xlsx 后再导入');
    return out;
  }
  const itemsWs = wb.getWorksheet(SHEETS.items);
  if (!itemsWs) {
    out.fileProblems.push(`工作簿中没有“${SHEETS.items}”表（可先导出一份代办目录作为模板）`);
    return out;
  }
  const itemCols = columnsOf(itemsWs, ITEM_COLUMNS.filter((c) => c !== '设定依据' && c !== '是否即办件'), out.fileProblems);
  const materialsWs = wb.getWorksheet(SHEETS.materials);
  const materialCols = materialsWs ? columnsOf(materialsWs, ['事项编码', '材料名称', '原件份数', '复印件份数'], out.fileProblems) : null;
  const deptWs = wb.getWorksheet(SHEETS.departments);
  const deptCols = deptWs ? columnsOf(deptWs, DEPARTMENT_COLUMNS, out.fileProblems) : null;
  if (out.fileProblems.length) return out;

  rowsOf(itemsWs, itemCols, (row, get) => {
    const problems: string[] = [];
    const fields: Record<string, unknown> = {
      name: get('事项名称') ?? undefined,
      department: get('实施部门') ?? undefined,
      level: codeOf(ORG_LEVELS, get('实施层级')),
      stage: stageOf(get('审批阶段')),
      statutoryLimitValue: integerOf(get('法定办结时限')),
      statutoryLimitUnit: codeOf(LIMIT_UNITS, get('法定时限单位')),
      promisedLimitValue: integerOf(get('承诺办结时限')) ?? undefined,
      promisedLimitUnit: codeOf(LIMIT_UNITS, get('承诺时限单位')) ?? undefined,
      fee: text(get('收费标准')),
      online: flagOf('是否网上办理', get('是否网上办理'), problems),
      proxyAllowed: flagOf('是否可代办', get('是否可代办'), problems),
      instant: get('是否即办件') === null ? false : flagOf('是否即办件', get('是否即办件'), problems),
      basis: text(get('设定依据')),
      materials: [],
    };
    out.items.push({ row, code: text(get('事项编码')), planKind: codeOf(PLAN_KINDS, get('代办类别')), fields, problems });
  });
  if (materialsWs && materialCols) {
    rowsOf(materialsWs, materialCols, (row, get) => {
      const problems: string[] = [];
      const certificate = get('是否证照') === null ? false : flagOf('是否证照', get('是否证照'), problems);
      const order = integerOf(get('序号'));
      const note = text(get('材料说明'));
      out.materials.push({
        row,
        code: text(get('事项编码')),
        order: typeof order === 'number' ? order : null,
        material: { name: get('材料名称') ?? undefined, originals: integerOf(get('原件份数')) ?? 0, copies: integerOf(get('复印件份数')) ?? 0, ...(note ? { note } : {}), certificate },
        problems,
      });
    });
  }
  if (deptWs && deptCols) rowsOf(deptWs, deptCols, (_row, get) => {
    const d = text(get('部门名称'));
    if (d) out.departments.push(d);
  });
  return out;
}
