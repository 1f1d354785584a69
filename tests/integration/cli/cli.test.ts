// The `daiban` CLI as an admin uses it: real processes on a real data folder.
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE } from '../../../src/main/db/store.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const root = join(import.meta.dirname, '../../..');
const cliEntry = join(root, 'src/main/cli/index.ts');

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, ['--import', 'tsx', cliEntry, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Opens the store file read-only (the caller closes it) with SQLite's own integrity check. */
function integrity(dir: string) {
  const db = new Database(join(dir, DB_FILE), { readonly: true });
  return { check: db.pragma('integrity_check', { simple: true }), db };
}

/** Starts a process and resolves once `ready(stdout+stderr so far)` is true. */
function startUntil(args: string[], ready: (output: string) => boolean): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, args, { cwd: root });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      output += d.toString('utf8');
      if (ready(output)) resolve({ child, output: () => output });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited early (${code}): ${output}`)));
  });
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('daiban CLI', () => {
  it('initialises a folder, adds a user, and answers in plain Chinese with a non-zero exit on errors', () => {
    const dir = tempDir();
    // no made-up office code: --org-code is asked for, and checked like on the setup screen
    const noCode = cli('init', '--data', dir, '--admin', 'admin', '--password', 'Admin2026');
    expect(noCode.code).not.toBe(0);
    expect(noCode.stderr).toContain('--org-code');
    const badCode = cli('init', '--data', dir, '--admin', 'admin', '--password', 'Admin2026', '--org-code', '35010');
    expect(badCode.code).not.toBe(0);
    expect(badCode.stderr).toContain('当前为5位');
    const init = cli('init', '--data', dir, '--admin', 'admin', '--password', 'Admin2026', '--office', '鼓楼区代办服务中心', '--org-code', '350102');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('已初始化');
    const again = cli('init', '--data', dir, '--admin', 'x', '--password', 'Admin2026');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('已初始化');
    const add = cli('users', 'add', '--data', dir, '--username', 'lin', '--name', '林晓燕', '--role', 'clerk', '--org-code', '350102', '--password', 'Clerk2026');
    expect(add.stdout).toContain('林晓燕');
    const both = cli('users', 'add', '--data', dir, '--username', 'wang', '--name', '王小红', '--role', 'clerk,agent', '--org-code', '350102', '--password', 'Clerk2026', '--json');
    expect(JSON.parse(both.stdout)).toMatchObject({ roles: ['clerk', 'agent'] });
    const badRole = cli('users', 'add', '--data', dir, '--username', 'wu', '--name', '吴', '--role', 'clerk,boss', '--org-code', '350102', '--password', 'Clerk2026');
    expect(badRole.code).not.toBe(0);
    expect(badRole.stderr).toContain('角色“boss”无效');
    const dup = cli('users', 'add', '--data', dir, '--username', 'lin', '--name', '林晓燕', '--role', 'clerk', '--org-code', '350102', '--password', 'Clerk2026');
    expect(dup.code).not.toBe(0);
    expect(dup.stderr).toContain('已被使用');
    const unknown = cli('cases', 'list', '--data', dir, '--status', 'flying');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('未知的状态');
    // An admin enters next year's official calendar when the State Council publishes it.
    const year = join(dir, '2027.json');
    writeFileSync(year, JSON.stringify({ holidays: [{ date: '2027-02-08', name: '春节' }], workdays: ['2027-02-06'] }));
    expect(cli('calendar', 'set', '2027', '--file', year, '--data', dir).code).toBe(0);
    writeFileSync(year, JSON.stringify({ holidays: [], workdays: ['2027-02-08'] }));
    const bad = cli('calendar', 'set', '2027', '--file', year, '--data', dir);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('星期六或星期日');
    expect(cli('calendar', 'show', '2027', '--data', dir).stdout).toContain('调休上班：2027-02-06');
    const verify = cli('audit', 'verify', '--data', dir);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('审计日志完好');
  }, 180_000);

  it('loads a deterministic demo and lists, shows and finds its cases', () => {
    const a = tempDir();
    const b = tempDir();
    expect(cli('demo', '--data', a, '--cases', '1000', '--seed', '42').code).toBe(0);
    expect(cli('demo', '--data', b, '--cases', '1000', '--seed', '42').code).toBe(0);
    const listA = JSON.parse(cli('cases', 'list', '--data', a, '--json', '--limit', '1000').stdout);
    const listB = JSON.parse(cli('cases', 'list', '--data', b, '--json', '--limit', '1000').stdout);
    expect(listA.total).toBe(1000);
    expect(listA.rows.map((r: { caseNo: string; status: string }) => [r.caseNo, r.status])).toEqual(listB.rows.map((r: { caseNo: string; status: string }) => [r.caseNo, r.status]));
    // Every status, mode and channel appears.
    const statuses = new Set(listA.rows.map((r: { status: string }) => r.status));
    expect([...statuses].sort()).toEqual(['accepted', 'completed', 'consulting', 'entrusted', 'inProgress', 'suspended', 'withdrawn']);
    expect(new Set(listA.rows.map((r: { channel: string }) => r.channel)).size).toBe(6);
    const overdue = JSON.parse(cli('cases', 'list', '--data', a, '--overdue', '--json').stdout);
    expect(overdue.total).toBeGreaterThan(0);
    expect(overdue.rows.every((r: { overdue: boolean }) => r.overdue)).toBe(true);
    const show = cli('case', 'show', overdue.rows[0].caseNo, '--data', a);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain(overdue.rows[0].caseNo);
    expect(show.stdout).toContain('代办服务计划');
    expect(cli('calendar', 'show', '2026', '--data', a).stdout).toContain('调休上班：2026-01-04');
  });

  it('a demo load killed with -9 leaves a sound store holding every batch it reported', async () => {
    const dir = tempDir();
    const { child, output } = await startUntil(['--import', 'tsx', cliEntry, 'demo', '--data', dir, '--cases', '200000'], (o) => /已写入 (\d+)\//.test(o) && Number(/已写入 (\d+)\//.exec(o.split('\n').filter((l) => l.includes('已写入')).at(-1)!)![1]) >= 4000);
    await killed(child);
    const reported = Math.max(...[...output().matchAll(/已写入 (\d+)\//g)].map((m) => Number(m[1])));
    const { check, db } = integrity(dir);
    expect(check).toBe('ok');
    const cases = db.prepare('SELECT count(*) FROM cases').pluck().get() as number;
    expect(cases).toBeGreaterThanOrEqual(reported);
    expect(cases % 2000).toBe(0); // whole batches only: nothing half-written
    db.close();
    // The store opens again, its search index is consistent and the audit chain verifies.
    const verify = cli('audit', 'verify', '--data', dir);
    expect(verify.stdout).toContain('审计日志完好');
    const fts = new Database(join(dir, DB_FILE));
    expect(() => fts.exec(`INSERT INTO search_trigram(search_trigram) VALUES ('integrity-check')`)).not.toThrow();
    fts.close();
  }, 180_000);

  it('a write loop killed with -9 keeps every acknowledged write', async () => {
    const dir = tempDir();
    expect(cli('init', '--data', dir, '--admin', 'admin', '--password', 'Admin2026', '--org-code', '350102').code).toBe(0);
    expect(cli('users', 'add', '--data', dir, '--username', 'clerk', '--name', '林晓燕', '--role', 'clerk,agent', '--org-code', '350102', '--password', 'Clerk2026').code).toBe(0);
    const program = join(root, 'tests/fixtures/programs/write-loop.ts');
    const { child, output } = await startUntil(['--import', 'tsx', program, dir, 'clerk', 'Clerk2026'], (o) => (o.match(/^progress /gm) ?? []).length >= 40);
    await killed(child);
    const acked = [...output().matchAll(/^(case|progress) ([0-9a-f-]{36})$/gm)].map((m) => ({ kind: m[1]!, id: m[2]! }));
    const { check, db } = integrity(dir);
    expect(check).toBe('ok');
    for (const { kind, id } of acked) {
      const table = kind === 'case' ? 'cases' : 'progress_entries';
      expect(db.prepare(`SELECT count(*) FROM ${table} WHERE id = ?`).pluck().get(id), `${kind} ${id}`).toBe(1);
    }
    // Each write's outbox op is there with it.
    const pendingOps = db.prepare(`SELECT count(*) FROM outbox WHERE entity = 'progressEntries'`).pluck().get() as number;
    expect(pendingOps).toBeGreaterThanOrEqual(acked.filter((a) => a.kind === 'progress').length);
    db.close();
    expect(cli('audit', 'verify', '--data', dir).code).toBe(0);
  }, 120_000);
});
