// `daiban report …` as a scheduled job runs it: real processes on a demo data folder; the file's
// numbers are the service's for the same period, refusals are Chinese with their exit codes.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../../src/main/db/store.js';
import { generateDemo } from '../../../src/main/features/demo/generate.js';
import { getStats } from '../../../src/main/features/statistics/service.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const root = join(import.meta.dirname, '../../..');
const cliEntry = join(root, 'src/main/cli/index.ts');
const YEAR = { from: '2026-01-01', to: '2026-12-31' };

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', cliEntry, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('daiban report', () => {
  let data: string;
  let expected: { received: number; completed: number; office: string };
  beforeAll(() => {
    data = tempDir();
    const store = openStore(data);
    try {
      generateDemo(store, { cases: 300, seed: 8 });
      const s = getStats({ store, actor: { userId: null, roles: ['admin'], orgUnitId: null, displayName: '命令行' } }, { ...YEAR, orgCode: '350102' });
      expected = { received: s.headline.received.value, completed: s.headline.completed.value, office: s.officeName };
    } finally {
      store.close();
    }
  }, 120_000);

  it('writes the statistics of an office to .xlsx with the service’s numbers, and to PDF', async () => {
    const out = join(tempDir(), '鼓楼区统计.xlsx');
    const r = cli('report', 'stats', '--from', YEAR.from, '--to', YEAR.to, '--org-code', '350102', '--out', out, '--data', data, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'stats', format: 'xlsx', file: out, office: expected.office });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('概览')!;
    const line = (label: string) => ws.getRows(1, ws.rowCount)!.find((row) => row.getCell(1).value === label)!;
    expect(line('受理（件）').getCell(2).value).toBe(expected.received);
    expect(line('办结（件）').getCell(2).value).toBe(expected.completed);
    expect(wb.getWorksheet('案件明细')!.rowCount - 3).toBe(expected.received);

    const pdf = join(tempDir(), 'performance.pdf');
    const p = cli('report', 'performance', '--from', YEAR.from, '--to', YEAR.to, '--out', pdf, '--data', data);
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('已导出代办员绩效');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('代办员绩效');
    expect(text).toContain('专职代办员');
  });

  it('refuses bad dates, an unknown office and another format, writing nothing', () => {
    const out = join(tempDir(), 'x.xlsx');
    const bad = cli('report', 'stats', '--from', '2026-12-31', '--to', '2026-01-01', '--out', out, '--data', data);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('开始日期不能晚于结束日期')]);
    const office = cli('report', 'ratings', '--from', YEAR.from, '--to', YEAR.to, '--org-code', '350199', '--out', out, '--data', data);
    expect([office.code, office.stderr]).toEqual([1, expect.stringContaining('机构代码“350199”不存在')]);
    const csv = cli('report', 'stats', '--from', YEAR.from, '--to', YEAR.to, '--out', join(tempDir(), 'x.csv'), '--data', data);
    expect([csv.code, csv.stderr]).toEqual([2, expect.stringContaining('输出文件应以 .xlsx 或 .pdf 结尾')]);
    const kind = cli('report', 'everything', '--from', YEAR.from, '--to', YEAR.to, '--out', out, '--data', data);
    expect([kind.code, kind.stderr]).toEqual([2, expect.stringContaining('报表类型应为')]);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.part`)).toBe(false);
  });
});
