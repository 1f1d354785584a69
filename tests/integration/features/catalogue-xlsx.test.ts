// 代办目录 as .xlsx: an export read back equals the catalogue; the dry run names each bad row in
// Chinese (bad code, unknown department, a limit of "十天", a material of no item) and writes
// nothing; an import writes new items and changed limits (as versions from its date) in one
// step, and exporting again gives the imported content back.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import * as t from '../../../src/main/db/schema.js';
import { actorFor, addUser } from '../../../src/main/features/auth/service.js';
import { exportCatalogXlsx, importCatalogXlsx } from '../../../src/main/features/catalog/import.js';
import { readCatalogWorkbook } from '../../../src/main/features/catalog/sheet.js';
import { catalogHistory, listCatalog } from '../../../src/main/features/catalog/service.js';
import type { ServiceContext } from '../../../src/main/features/context.js';
import { referenceContract } from '../../../src/shared/api/reference.js';
import { CATALOG_ITEMS } from '../../../src/shared/reference-data/index.js';
import { makeWorld, PASSWORD, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const TODAY = '2026-03-02';

async function exported(ctx: ServiceContext): Promise<Buffer> {
  return Buffer.from((await exportCatalogXlsx(ctx, {})).dataBase64, 'base64');
}

/** The workbook with `edit` applied to it (cells addressed as Excel shows them). */
async function edited(bytes: Buffer, edit: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  edit(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function importInput(bytes: Buffer, dryRun: boolean, effectiveFrom = TODAY) {
  return referenceContract['catalogue.importXlsx'].input.parse({ fileName: '代办目录.xlsx', dataBase64: bytes.toString('base64'), effectiveFrom, dryRun });
}

/** The row of the 事项清单 sheet holding `code`. */
function rowOf(ws: ExcelJS.Worksheet, code: string): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  ws.eachRow((r) => { if (r.getCell(1).value === code) found = r; });
  if (!found) throw new Error(`no row for ${code}`);
  return found;
}

const counted = (w: World) => w.store.db.prepare('SELECT (SELECT count(*) FROM catalog_items) AS items, (SELECT count(*) FROM catalog_item_versions) AS versions, (SELECT count(*) FROM outbox) AS outbox, (SELECT count(*) FROM audit_events) AS audit').get();

describe('catalogue xlsx', () => {
  it('exports the catalogue in force, and a dry run of the export finds every item the same', async () => {
    const w = makeWorld(tempDir());
    const admin = w.ctx('admin');
    const bytes = await exported(admin);
    const book = await readCatalogWorkbook(bytes);
    expect(book.fileProblems).toEqual([]);
    expect(book.items.map((i) => i.code).sort()).toEqual(CATALOG_ITEMS.map((c) => c.code).sort());
    const listed = listCatalog(admin);
    const first = listed[0]!;
    const read = book.items.find((i) => i.code === first.code)!;
    expect(read.fields).toMatchObject({ name: first.name, department: first.department, promisedLimitValue: first.promisedLimit, promisedLimitUnit: first.limitUnit });
    expect(book.materials.filter((m) => m.code === first.code).map((m) => m.material.name)).toEqual(first.materials);

    const before = counted(w);
    const dry = await importCatalogXlsx(admin, importInput(bytes, true));
    expect(dry.counts).toEqual({ add: 0, change: 0, same: CATALOG_ITEMS.length, error: 0 });
    expect(dry.fileProblems).toEqual([]);
    expect(dry.written).toBe(false);
    expect(counted(w)).toEqual(before);
  });

  it('a dry run names each bad row in Chinese and nothing is written, nor by an import of the same file', async () => {
    const w = makeWorld(tempDir());
    const admin = w.ctx('admin');
    const [a, b, c, d] = CATALOG_ITEMS.map((i) => i.code);
    const bad = await edited(await exported(admin), (wb) => {
      const items = wb.getWorksheet('事项清单')!;
      rowOf(items, a!).getCell(1).value = 'FZ 1 坏';
      rowOf(items, b!).getCell(3).value = '市住建 局';
      rowOf(items, c!).getCell(9).value = '十天';
      rowOf(items, d!).getCell(13).value = '可以';
      wb.getWorksheet('申请材料')!.addRow(['FZ-9-999', 1, '不属于任何事项的材料', 1, 0, '否', '']);
    });
    const before = counted(w);
    for (const dryRun of [true, false]) {
      const r = await importCatalogXlsx(admin, importInput(bad, dryRun));
      expect(r.written).toBe(false);
      // Four item rows, the stray material, and the materials of the item whose code was spoilt (no item of theirs is left).
      expect(r.counts.error).toBe(5 + CATALOG_ITEMS[0]!.materials.length);
      const problem = (code: string) => r.rows.find((x) => x.code === code && x.action === 'error')?.problems.join('；') ?? '';
      expect(problem('FZ 1 坏')).toContain('事项编码应为3至40位字母、数字或“-”');
      expect(problem(b!)).toContain('实施部门“市住建 局”不在部门名录中');
      expect(problem(c!)).toContain('不能写“十天”');
      expect(problem(d!)).toContain('是否可代办应填“是”或“否”，不能写“可以”');
      const orphan = r.rows.find((x) => x.sheet === '申请材料' && x.code === 'FZ-9-999')!;
      expect(orphan.problems.join()).toContain('事项编码“FZ-9-999”不在“事项清单”表中');
      // Problem rows come first, each with its row number as Excel shows it.
      expect(r.rows.slice(0, 5).every((x) => x.action === 'error' && x.row >= 2)).toBe(true);
      expect(counted(w)).toEqual(before);
    }
  });

  it('an import adds items and changes limits from its date in one step; exporting again gives the file back', async () => {
    const w = makeWorld(tempDir());
    const admin = w.ctx('admin');
    const code = CATALOG_ITEMS[3]!.code;
    const oldLimit = CATALOG_ITEMS[3]!.promisedLimit.value;
    const file = await edited(await exported(admin), (wb) => {
      const items = wb.getWorksheet('事项清单')!;
      rowOf(items, code).getCell(9).value = oldLimit + 3;
      items.addRow(['FZ-9-001', '城镇污水排入排水管网许可（乡镇）', '市城管委', '乡镇(街道)', '工程建设项目', 3, 20, '工作日', 7, '工作日', '不收费', '是', '是', '否', '《城镇排水与污水处理条例》第二十一条']);
      wb.getWorksheet('申请材料')!.addRow(['FZ-9-001', 2, '排水户内部排水管网、专用检测井、污水排放口位置和口径的图纸及说明', 1, 1, '否', '']);
      wb.getWorksheet('申请材料')!.addRow(['FZ-9-001', 1, '城镇污水排入排水管网许可申请表', 1, 0, '否', '加盖单位公章']);
    });
    const later = '2026-03-16';
    const dry = await importCatalogXlsx(admin, importInput(file, true, later));
    expect(dry.counts).toMatchObject({ add: 1, change: 1, error: 0 });
    expect(dry.rows.find((r) => r.code === code)).toMatchObject({ action: 'change', changed: ['承诺时限'] });

    const outboxBefore = w.store.db.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    const r = await importCatalogXlsx(admin, importInput(file, false, later));
    expect(r.written).toBe(true);
    // The new item is in the catalogue now, with its materials in 序号 order; the change waits for its date.
    const added = listCatalog(admin, { q: 'FZ-9-001' })[0]!;
    expect(added).toMatchObject({ name: '城镇污水排入排水管网许可（乡镇）', promisedLimit: 7, statutoryLimit: 20, level: 'township', basis: '《城镇排水与污水处理条例》第二十一条' });
    expect(added.materials[0]).toBe('城镇污水排入排水管网许可申请表');
    const changed = listCatalog(admin, { q: code })[0]!;
    expect(changed.promisedLimit).toBe(oldLimit);
    expect(changed.nextChangeFrom).toBe(later);
    const history = catalogHistory(admin, { catalogItemId: changed.id });
    expect(history.entries.at(-1)).toMatchObject({ effectiveFrom: later, authorName: '系统管理员', note: '从 代办目录.xlsx 导入' });
    // Synced like any edit: the new item and both versions go to the centre.
    const ops = w.store.db.prepare('SELECT entity FROM outbox').pluck().all().slice(outboxBefore) as string[];
    expect(ops.sort()).toEqual(['catalogItemVersions', 'catalogItemVersions', 'catalogItems']);
    expect(w.store.db.prepare("SELECT action FROM audit_events ORDER BY seq DESC LIMIT 1").pluck().get()).toBe('catalogue.import');

    // Round trip: the catalogue as in force on the date, exported, equals the file imported.
    const again = await readCatalogWorkbook(Buffer.from((await exportCatalogXlsx(admin, { date: later })).dataBase64, 'base64'));
    const original = await readCatalogWorkbook(file);
    const key = (b: typeof again) => ({ items: b.items.map(({ row: _r, ...i }) => i).sort((x, y) => x.code.localeCompare(y.code)), materials: b.materials.map(({ row: _r, order: _o, ...m }) => m) });
    const sortMaterials = (b: ReturnType<typeof key>) => ({ ...b, materials: [...b.materials].sort((x, y) => x.code.localeCompare(y.code) || String(x.material.name).localeCompare(String(y.material.name))) });
    expect(sortMaterials(key(again))).toEqual(sortMaterials(key(original)));
    // And importing the same file again changes nothing.
    expect((await importCatalogXlsx(admin, importInput(file, true, later))).counts).toMatchObject({ add: 0, change: 0, error: 0 });
  });

  it('refuses what is not a catalogue workbook, a past date, and a county admin, writing nothing', async () => {
    const w = makeWorld(tempDir());
    const admin = w.ctx('admin');
    const before = counted(w);
    const junk = await importCatalogXlsx(admin, importInput(Buffer.from('事项编码,事项名称\nFZ-1-001,立项'), true));
    expect(junk.fileProblems[0]).toContain('不是有效的 Excel 工作簿');
    const noColumn = await edited(await exported(admin), (wb) => { wb.getWorksheet('事项清单')!.getRow(1).getCell(9).value = '承诺'; });
    expect((await importCatalogXlsx(admin, importInput(noColumn, false))).fileProblems.join()).toContain('缺少列：承诺办结时限');
    await expect(importCatalogXlsx(admin, importInput(await exported(admin), false, '2026-03-01'))).rejects.toThrow('生效日期不能早于今天');

    const u = addUser(admin, { username: 'gulou-admin', displayName: '鼓楼区管理员', roles: ['admin'], orgUnitId: w.org('350102'), password: PASSWORD });
    const county: ServiceContext = { store: w.store, actor: actorFor(w.store.byId(t.users, u.id)!) };
    const file = await edited(await exported(admin), (wb) => { rowOf(wb.getWorksheet('事项清单')!, CATALOG_ITEMS[0]!.code).getCell(9).value = 1; });
    const mid = counted(w);
    await expect(importCatalogXlsx(county, importInput(file, false))).rejects.toThrow('只有中心（根机构）的管理员可以修改');
    expect(counted(w)).toEqual(mid);
    expect(mid).not.toEqual(before); // the county admin's own account was written, nothing of theirs after it
  });
});
