// 代办目录 import and export as .xlsx (sheet.ts has the columns). The import reads the whole file
// first and lists every row's problem in Chinese; it writes only a file without any problem, all
// of it in one transaction: new items, and each changed item as a version from the chosen date
// (the same record 修改 saves). It never removes an item the file leaves out.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput, CatalogImportRowDto } from '../../../shared/api/index.js';
import { catalogCodeSchema, catalogFieldsSchema, catalogMaterialSchema } from '../../../shared/domain/catalog-fields.js';
import { changedFields, fieldsOn, type CatalogFields, type CatalogMaterial } from '../../../shared/domain/catalog-versions.js';
import { PLAN_KINDS } from '../../../shared/domain/enums.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import type { WriteTx } from '../../db/store.js';
import { decodeBase64 } from '../attachments/service.js';
import { requireReferenceAuthority } from '../reference-authority.js';
import { authorize, requireUser, type ServiceContext } from '../context.js';
import { versionsByItem } from './in-force.js';
import { readCatalogWorkbook, SHEETS, writeCatalogWorkbook, type ReadWorkbook } from './sheet.js';

type CatalogRow = typeof t.catalogItems.$inferSelect;
const MAX_ROWS = 5000;

function liveItems(ctx: ServiceContext): CatalogRow[] {
  return ctx.store.orm.select().from(t.catalogItems).where(and(isNull(t.catalogItems.deletedAt), eq(t.catalogItems.active, true))).orderBy(asc(t.catalogItems.stage), asc(t.catalogItems.code)).all();
}

/** The department directory: every department of the catalogue in force on `date`. */
export function catalogDepartments(ctx: ServiceContext, date = ctx.store.today()): string[] {
  const versions = versionsByItem(ctx.store);
  return [...new Set(liveItems(ctx).map((c) => fieldsOn(c, versions.get(c.id) ?? [], date).fields.department))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

export async function exportCatalogXlsx(ctx: ServiceContext, input: ApiParsedInput<'catalogue.exportXlsx'> = {}): Promise<ApiOutput<'catalogue.exportXlsx'>> {
  authorize(ctx, 'catalogue.exportXlsx');
  const date = input.date ?? ctx.store.today();
  const versions = versionsByItem(ctx.store);
  const items = liveItems(ctx).map((c) => ({ code: c.code, planKind: c.planKind, fields: fieldsOn(c, versions.get(c.id) ?? [], date).fields }));
  const bytes = await writeCatalogWorkbook(items, catalogDepartments(ctx, date), `代办目录（${date} 执行）`);
  return { fileName: `代办目录-${date}.xlsx`, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', dataBase64: bytes.toString('base64') };
}

/** A material as the file gives it, keeping the catalogue's sample form and flags where the name is the same. */
function withKept(m: CatalogMaterial, current: readonly CatalogMaterial[]): CatalogMaterial {
  const was = current.find((c) => c.name === m.name);
  const out: CatalogMaterial = { name: m.name, originals: m.originals, copies: m.copies };
  if (m.note) out.note = m.note;
  if (m.certificate || was?.certificate === false) out.certificate = m.certificate === true;
  if (was?.sampleAttachmentId) out.sampleAttachmentId = was.sampleAttachmentId;
  if (was?.sampleForm) out.sampleForm = was.sampleForm;
  return out;
}

interface PlannedRow extends CatalogImportRowDto {
  write?: { kind: 'add'; planKind: string; fields: CatalogFields } | { kind: 'change'; item: CatalogRow; fields: CatalogFields };
}

interface ImportPlan {
  rows: PlannedRow[];
  fileProblems: string[];
  newDepartments: string[];
  notInFile: number;
}

/** What the file would do on `effectiveFrom`, row by row; nothing is written here. */
function planImport(ctx: ServiceContext, book: ReadWorkbook, effectiveFrom: string): ImportPlan {
  const plan: ImportPlan = { rows: [], fileProblems: [...book.fileProblems], newDepartments: [], notInFile: 0 };
  if (plan.fileProblems.length) return plan;
  if (book.items.length === 0) plan.fileProblems.push(`“${SHEETS.items}”表中没有事项`);
  if (book.items.length > MAX_ROWS) plan.fileProblems.push(`一次最多导入 ${MAX_ROWS} 个事项，文件中有 ${book.items.length} 个`);
  if (plan.fileProblems.length) return plan;

  const versions = versionsByItem(ctx.store);
  const existing = new Map(liveItems(ctx).map((c) => [c.code, c]));
  const inFile = new Set<string>();
  const known = new Set(catalogDepartments(ctx));
  plan.newDepartments = [...new Set(book.departments)].filter((d) => !known.has(d));
  for (const d of book.departments) known.add(d);

  // Materials by item code, in the file's order (序号 first where given).
  const materialsOf = new Map<string, Array<{ row: number; order: number | null; material: unknown }>>();
  const itemCodes = new Set(book.items.map((i) => i.code.trim().toUpperCase()));
  for (const m of book.materials) {
    const code = m.code.trim().toUpperCase();
    const problems = [...m.problems];
    if (!itemCodes.has(code)) problems.push(code ? `事项编码“${m.code}”不在“${SHEETS.items}”表中` : '请填写事项编码');
    const parsed = catalogMaterialSchema.safeParse(m.material);
    if (!parsed.success) problems.push(...parsed.error.issues.map((i) => i.message));
    if (problems.length) {
      plan.rows.push({ sheet: SHEETS.materials, row: m.row, code: m.code, name: String((m.material as { name?: unknown }).name ?? ''), action: 'error', changed: [], problems });
      continue;
    }
    const list = materialsOf.get(code) ?? [];
    list.push({ row: m.row, order: m.order, material: parsed.data });
    materialsOf.set(code, list);
  }

  const firstRowOf = new Map<string, number>();
  for (const item of book.items) {
    const problems = [...item.problems];
    const codeParsed = catalogCodeSchema.safeParse(item.code);
    const code = codeParsed.success ? codeParsed.data : item.code;
    if (!codeParsed.success) problems.push(...codeParsed.error.issues.map((i) => i.message));
    else if (firstRowOf.has(code)) problems.push(`事项编码与第 ${firstRowOf.get(code)} 行重复`);
    else firstRowOf.set(code, item.row);
    inFile.add(code);

    const current = existing.get(code);
    const before = current ? fieldsOn(current, versions.get(current.id) ?? [], effectiveFrom).fields : null;
    const materials = (materialsOf.get(code) ?? [])
      .sort((a, b) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER) || a.row - b.row)
      .map((m) => withKept(m.material as CatalogMaterial, before?.materials ?? []));
    const parsed = catalogFieldsSchema.safeParse({ ...item.fields, materials });
    if (!parsed.success) problems.push(...parsed.error.issues.map((i) => i.message));
    const department = typeof item.fields.department === 'string' ? item.fields.department : '';
    if (department && !known.has(department)) problems.push(`实施部门“${department}”不在部门名录中（请核对名称，新部门请先列入“${SHEETS.departments}”表）`);
    if (!PLAN_KINDS.codes.includes(item.planKind as never)) problems.push(`代办类别应为${PLAN_KINDS.codes.map((c) => PLAN_KINDS.labels[c]).join('、')}之一`);
    else if (current && current.planKind !== item.planKind) problems.push(`代办类别不能通过导入修改（目录中为“${PLAN_KINDS.labels[current.planKind as keyof typeof PLAN_KINDS.labels]}”）`);

    const name = typeof item.fields.name === 'string' ? item.fields.name : '';
    if (problems.length || !parsed.success) {
      plan.rows.push({ sheet: SHEETS.items, row: item.row, code: item.code, name, action: 'error', changed: [], problems });
      continue;
    }
    const fields = parsed.data as CatalogFields;
    if (!current) {
      plan.rows.push({ sheet: SHEETS.items, row: item.row, code, name, action: 'add', changed: [], problems: [], write: { kind: 'add', planKind: String(item.planKind), fields } });
      continue;
    }
    const changes = changedFields(before!, fields);
    plan.rows.push(changes.length
      ? { sheet: SHEETS.items, row: item.row, code, name, action: 'change', changed: changes.map((c) => c.label), problems: [], write: { kind: 'change', item: current, fields } }
      : { sheet: SHEETS.items, row: item.row, code, name, action: 'same', changed: [], problems: [] });
  }
  plan.notInFile = [...existing.keys()].filter((c) => !inFile.has(c)).length;
  // Problems first, then each sheet in row order.
  plan.rows.sort((a, b) => Number(b.action === 'error') - Number(a.action === 'error') || a.sheet.localeCompare(b.sheet) || a.row - b.row);
  return plan;
}

/** Inserts a new item: its row holds the fields, and a version from today adds 即办 and 设定依据. */
export function insertCatalogItem(tx: WriteTx, code: string, planKind: string, fields: CatalogFields, authorId: string, today: string, note: string): CatalogRow {
  const { instant, basis, ...base } = fields;
  const row = tx.insert(t.catalogItems, { code, planKind, ...base });
  if (instant || basis) tx.insert(t.catalogItemVersions, { catalogItemId: row.id, effectiveFrom: today, fields, authorId, note });
  return row;
}

export async function importCatalogXlsx(ctx: ServiceContext, input: ApiParsedInput<'catalogue.importXlsx'>): Promise<ApiOutput<'catalogue.importXlsx'>> {
  authorize(ctx, 'catalogue.importXlsx');
  const userId = requireUser(ctx);
  const today = ctx.store.today();
  const effectiveFrom = input.effectiveFrom ?? today;
  if (effectiveFrom < today) throw new DomainError('invalid_input', '生效日期不能早于今天：已制定的计划按当时的时限执行，变更只能从今天或以后生效', { effectiveFrom: '生效日期不能早于今天' });
  const bytes = decodeBase64(input.dataBase64);
  const plan = planImport(ctx, await readCatalogWorkbook(bytes), effectiveFrom);
  const counts = { add: 0, change: 0, same: 0, error: 0 };
  for (const r of plan.rows) counts[r.action] += 1;
  const result = (written: boolean): ApiOutput<'catalogue.importXlsx'> => ({
    fileName: input.fileName, effectiveFrom, written, counts,
    rows: plan.rows.map(({ write: _w, ...row }) => row), fileProblems: plan.fileProblems, newDepartments: plan.newDepartments, notInFile: plan.notInFile,
  });
  const writes = plan.rows.flatMap((r) => (r.write ? [{ code: r.code, ...r.write }] : []));
  if (input.dryRun || plan.fileProblems.length || counts.error > 0) return result(false);
  if (!writes.length) throw new DomainError('invalid_input', '文件中的事项与目录相同，没有需要导入的修改');
  // The catalogue is shared reference data: one rule for the whole of it (the centre's admins).
  requireReferenceAuthority(ctx, { entity: 'catalogItems', id: writes[0]!.code, existing: null, next: {} });
  const note = input.note || `从 ${input.fileName} 导入`;
  ctx.store.write(
    { actor: ctx.actor, action: 'catalogue.import', entity: 'catalogItems', detail: { fileName: input.fileName, effectiveFrom, added: counts.add, changed: counts.change } },
    (tx) => {
      for (const w of writes) {
        if (w.kind === 'add') insertCatalogItem(tx, w.code, w.planKind, w.fields, userId, today, note);
        else tx.insert(t.catalogItemVersions, { catalogItemId: w.item.id, effectiveFrom, fields: w.fields, authorId: userId, note });
      }
    },
  );
  return result(true);
}
