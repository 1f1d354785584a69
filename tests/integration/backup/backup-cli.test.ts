// `daiban backup`, `daiban backup list` and `daiban restore` as an admin runs them: real processes
// on a real data folder; refusals in Chinese with a non-zero exit and nothing changed.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../src/main/db/store.js';
import { sha256File } from '../../../src/main/features/backup/layout.js';
import { makeWorld, registerProxyCase } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const root = join(import.meta.dirname, '../../..');
const cliEntry = join(root, 'src/main/cli/index.ts');

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', cliEntry, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000, input: '' });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('daiban backup / restore', () => {
  it('backs up, lists, refuses without confirmation, restores with --yes', () => {
    const dir = tempDir();
    const data = join(dir, 'data');
    const w = makeWorld(data);
    registerProxyCase(w);
    w.store.close();

    const made = cli('backup', '--data', data, '--json');
    expect(made.code, made.stderr).toBe(0);
    const { dir: backupDir, manifest } = JSON.parse(made.stdout) as { dir: string; manifest: { tables: Record<string, number> } };
    expect(backupDir.startsWith(join(data, 'backups'))).toBe(true);
    expect(manifest.tables['cases']).toBe(1);

    const listed = cli('backup', 'list', '--data', data, '--json');
    expect(JSON.parse(listed.stdout).map((r: { dir: string }) => r.dir)).toEqual([backupDir]);
    expect(cli('backup', 'list', '--data', data).stdout).toContain('共有 1 份备份');

    const live = sha256File(join(data, DB_FILE));
    const unconfirmed = cli('restore', backupDir, '--data', data);
    expect(unconfirmed.code).not.toBe(0);
    expect(unconfirmed.stderr).toContain('请加 --yes 确认');
    const missing = cli('restore', join(dir, 'nowhere'), '--data', data, '--yes');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('找不到备份文件夹');
    expect(cli('backup', 'bogus', '--data', data).stderr).toContain('用法: daiban backup');
    expect(sha256File(join(data, DB_FILE))).toBe(live);

    const restored = cli('restore', backupDir, '--data', data, '--yes');
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/已从 .* 恢复/);
    expect(readdirSync(data).filter((n) => n.startsWith('replaced-'))).toHaveLength(1);
    expect(cli('cases', 'list', '--data', data, '--json').stdout).toContain('"total": 1');
  }, 120_000);
});
