// `daiban archive export | verify | import` as an admin runs them: real processes on real data
// folders. Export refuses without the personal-data confirmation; an encrypted export prints its
// password once; import restores into an empty folder and refuses the second time, in Chinese.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/main/db/store.js';
import * as t from '../../../src/main/db/schema.js';
import { caseRows, RECORD_TABLE_NAMES } from '../../../src/main/features/archive/record.js';
import { makeWorld } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';
import { archivableCase } from './case-fixture.js';

const tempDir = useTempDirs();
const root = join(import.meta.dirname, '../../..');
const cliEntry = join(root, 'src/main/cli/index.ts');
const has7z = spawnSync('7z', ['i'], { stdio: 'ignore' }).status === 0;

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', cliEntry, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000, input: '' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('daiban archive', () => {
  it('exports with --yes only, verifies, imports into an empty data folder, refuses a second import', async () => {
    const data = join(tempDir(), 'data');
    const w = makeWorld(data);
    const caseId = await archivableCase(w);
    const caseNo = w.store.byId(t.cases, caseId)!.caseNo;
    const original = caseRows(w.store, caseId);
    w.store.close();
    const usb = tempDir();

    const unconfirmed = cli('archive', 'export', '--data', data, '--case', caseNo, '--to', usb);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('个人信息');
    expect(readdirSync(usb)).toEqual([]);
    expect(cli('archive', 'export', '--data', data, '--case', '350102-2026-99999', '--to', usb, '--yes').stderr).toContain('找不到案卷');

    const done = cli('archive', 'export', '--data', data, '--case', caseNo, '--to', usb, '--yes');
    expect(done.code, done.stderr + done.stdout).toBe(0);
    expect(done.stdout).toContain('已导出 1 个案卷');
    const bag = join(usb, readdirSync(usb)[0]!);
    expect(cli('archive', 'verify', bag).code).toBe(0);

    const empty = join(tempDir(), 'empty');
    const imported = cli('archive', 'import', bag, '--data', empty, '--json');
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ caseId, caseNo });
    const restored = openStore(empty);
    try {
      const rows = caseRows(restored, caseId);
      for (const name of RECORD_TABLE_NAMES) expect(rows[name], name).toEqual(original[name]);
    } finally {
      restored.close();
    }
    const again = cli('archive', 'import', bag, '--data', empty);
    expect(again.code).not.toBe(0);
    expect(again.stderr + again.stdout).toContain('本机已有案卷');

    // A bag altered on the stick is refused before anything is imported.
    const other = join(tempDir(), 'other');
    writeFileSync(join(bag, 'data', '案卷数据.json'), '{}');
    const refused = cli('archive', 'import', bag, '--data', other);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr + refused.stdout).toMatch(/校验未通过/);
    expect(cli('archive', 'verify', bag).code).toBe(1);
  });

  it.skipIf(!has7z)('an encrypted export prints its password once; 7-Zip opens the ZIP with it', async () => {
    const data = join(tempDir(), 'data');
    const w = makeWorld(data);
    const caseId = await archivableCase(w);
    const caseNo = w.store.byId(t.cases, caseId)!.caseNo;
    w.store.close();
    const usb = tempDir();
    const done = cli('archive', 'export', '--data', data, '--case', caseNo, '--to', usb, '--encrypt', '--yes');
    expect(done.code, done.stderr + done.stdout).toBe(0);
    const password = /密码[^：]*：(\S+)/.exec(done.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9-]{20,}$/);
    const zip = readdirSync(usb)[0]!;
    expect(zip.endsWith('.zip')).toBe(true);
    const out = tempDir();
    execFileSync('7z', ['x', `-p${password}`, `-o${out}`, join(usb, zip)], { stdio: 'ignore' });
    expect(cli('archive', 'verify', join(out, readdirSync(out)[0]!)).code).toBe(0);
    // The plain copy staged on this computer is gone.
    expect(readdirSync(join(data, 'export-staging'))).toEqual([]);
  });
});
