// 系统设置 → 本机设置 through the contract on a real data folder: the idle lock's minutes and the
// backup folder are checked (Chinese refusals beside the field, nothing saved), a good save is
// audited from → to and read back, only admins save (everyone signed in reads the minutes), and
// 立即备份 then writes into the chosen folder while the list keeps the built-in location's backups.
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../src/main/api/backend';
import { dailyBackupIfDue } from '../../../src/main/features/backup/service';
import type { ApiResult } from '../../../src/shared/api/errors';
import { auditText } from '../../../src/shared/domain/audit-text';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const PASSWORD = 'Guanli2026';
let backend: Backend | undefined;
afterEach(() => {
  backend?.close();
  backend = undefined;
});

type Refusal = { code: string; message: string; fieldErrors?: Record<string, string> };

async function open() {
  const dataDir = tempDir();
  const b = (backend = createBackend({ dataDir, sync: false, dailyBackup: false }));
  const dispatch = (conn: string, name: string, input: unknown = {}) => b.dispatch(conn, name, input) as Promise<ApiResult<Record<string, unknown>>>;
  const call = async <T = Record<string, unknown>>(conn: string, name: string, input: unknown = {}): Promise<T> => {
    const r = await dispatch(conn, name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
    return r.data as T;
  };
  const refused = async (conn: string, name: string, input: unknown): Promise<Refusal> => {
    const r = await dispatch(conn, name, input);
    expect(r.ok, `${name} should be refused`).toBe(false);
    return (r as { ok: false; error: Refusal }).error;
  };
  const audit = () =>
    (b.deps.store.db.prepare(`SELECT detail FROM audit_events WHERE action = 'settings.desktop' ORDER BY rowid`).pluck().all() as string[]).map((d) => JSON.parse(d) as Record<string, unknown>);
  const stored = () => ({ minutes: b.deps.store.getSetting('idleLockMinutes'), folder: b.deps.store.getSetting('backupFolder') });
  await call('a', 'auth.setup', { orgUnitName: '鼓东街道便民服务中心', orgLevel: 'township', orgCode: '350102001', username: 'admin', displayName: '张管理', password: PASSWORD });
  return { b, dataDir, call, refused, audit, stored };
}

describe('本机设置', () => {
  it('refuses bad minutes and folders in Chinese, beside the field, and changes nothing', async () => {
    const { call, refused, audit, stored, dataDir } = await open();
    const before = await call<{ idleLockMinutes: number; backupFolder: string | null; defaultBackupFolder: string }>('a', 'settings.desktop');
    expect(before).toMatchObject({ idleLockMinutes: 10, backupFolder: null, defaultBackupFolder: join(dataDir, 'backups'), effectiveBackupFolder: join(dataDir, 'backups') });

    for (const [bad, words] of [[0, '不能少于 1 分钟'], [121, '不能超过 120 分钟'], ['十分钟', '1–120 之间的整数'], [2.5, '1–120 之间的整数']] as const) {
      const e = await refused('a', 'settings.saveDesktop', { idleLockMinutes: bad });
      expect(e.code, String(bad)).toBe('validation');
      expect(e.fieldErrors?.idleLockMinutes, String(bad)).toContain(words);
    }
    // a relative path
    const relative = await refused('a', 'settings.saveDesktop', { idleLockMinutes: 15, backupFolder: 'backups/daiban' });
    expect(relative.fieldErrors?.backupFolder).toContain('请填写完整的文件夹路径');
    // a file, not a folder
    const file = join(tempDir(), 'note.txt');
    writeFileSync(file, 'x');
    expect((await refused('a', 'settings.saveDesktop', { idleLockMinutes: 15, backupFolder: file })).fieldErrors?.backupFolder).toContain('不是文件夹');
    // cannot be created: its parent is a file
    expect((await refused('a', 'settings.saveDesktop', { idleLockMinutes: 15, backupFolder: join(file, 'sub') })).fieldErrors?.backupFolder).toContain('无法创建备份文件夹');
    // exists, not writable (root writes anywhere a mode allows, but not into sysfs)
    let unwritable = '/sys';
    if (process.getuid?.() !== 0) {
      unwritable = join(tempDir(), 'readonly');
      mkdirSync(unwritable);
      chmodSync(unwritable, 0o500);
    }
    const ro = await refused('a', 'settings.saveDesktop', { idleLockMinutes: 15, backupFolder: unwritable });
    expect(ro.message).toMatch(/无法写入/);
    expect(ro.fieldErrors?.backupFolder).toMatch(/无法写入/);

    expect(audit()).toEqual([]);
    expect(stored()).toEqual({ minutes: undefined, folder: undefined });
    expect(await call('a', 'settings.desktop')).toEqual(before);
    expect((await refused('a', 'settings.saveDesktop', { idleLockMinutes: 10 })).message).toBe('没有需要修改的内容');
  });

  it('a good save is audited from → to and read back; 立即备份 then writes into the chosen folder, and the list keeps the old ones', async () => {
    const { b, call, audit, dataDir } = await open();
    const old = await call<{ name: string; dir: string }>('a', 'backup.now');
    expect(old.dir.startsWith(join(dataDir, 'backups'))).toBe(true);

    const folder = join(tempDir(), '代办备份', '鼓东');
    expect(existsSync(folder)).toBe(false);
    const saved = await call('a', 'settings.saveDesktop', { idleLockMinutes: '１５', backupFolder: `${folder}/` });
    expect(saved).toMatchObject({ idleLockMinutes: 15, backupFolder: folder, effectiveBackupFolder: folder });
    expect(existsSync(folder)).toBe(true);
    expect(readdirSync(folder)).toEqual([]); // the write check leaves nothing behind
    expect(await call('a', 'settings.desktop')).toEqual(saved);
    expect(await call('a', 'settings.idleLock')).toEqual({ minutes: 15 });
    const [event] = audit();
    expect(event).toEqual({ changes: { idleLockMinutes: { from: 10, to: 15 }, backupFolder: { from: null, to: folder } } });
    const names = { caseNo: null, user: () => null, office: () => null };
    expect(auditText({ action: 'settings.desktop', entity: 'settings', entityId: null, detail: event! }, names)).toBe(`修改本机设置：自动锁屏时间由 10 分钟改为 15 分钟，备份文件夹由 默认位置 改为 ${folder}`);
    // never synced: no outbox entry
    expect(b.deps.store.db.prepare(`SELECT count(*) FROM outbox WHERE entity = 'settings'`).pluck().get()).toBe(0);

    const fresh = await call<{ name: string; dir: string }>('a', 'backup.now');
    expect(fresh.dir.startsWith(folder)).toBe(true);
    expect(existsSync(join(fresh.dir, 'backup.json'))).toBe(true);
    const daily = await dailyBackupIfDue(b.deps.store);
    expect(daily?.dir.startsWith(folder)).toBe(true);
    const list = await call<Array<{ name: string; dir: string }>>('a', 'backup.list');
    expect(list.map((x) => x.dir)).toEqual([daily!.dir, fresh.dir, old.dir]);

    // back to the built-in location: an empty box
    const back = await call('a', 'settings.saveDesktop', { backupFolder: '' });
    expect(back).toMatchObject({ idleLockMinutes: 15, backupFolder: null, effectiveBackupFolder: join(dataDir, 'backups') });
    expect(audit()[1]).toEqual({ changes: { backupFolder: { from: folder, to: null } } });
  });

  it('only admins save or read the desktop settings; every signed-in user reads the lock minutes', async () => {
    const { call, refused, audit } = await open();
    const [office] = await call<Array<{ id: string }>>('a', 'orgUnit.list');
    await call('a', 'user.create', { username: 'lin', displayName: '林窗口', roles: ['clerk'], orgUnitId: office!.id, password: PASSWORD });
    await call('a', 'settings.saveDesktop', { idleLockMinutes: 30 });
    await call('c', 'auth.login', { username: 'lin', password: PASSWORD });
    expect(await call('c', 'settings.idleLock')).toEqual({ minutes: 30 });
    const save = await refused('c', 'settings.saveDesktop', { idleLockMinutes: 5 });
    expect(save.code).toBe('forbidden');
    expect(save.message).toBe('您的角色无权修改本机设置');
    expect((await refused('c', 'settings.desktop', {})).code).toBe('forbidden');
    expect((await refused('nobody', 'settings.idleLock', {})).code).toBe('unauthenticated');
    expect(audit()).toHaveLength(1);
    expect(await call('a', 'settings.idleLock')).toEqual({ minutes: 30 });
  });

  it('the office details an admin edits are audited field by field and said in words', async () => {
    const { b, call } = await open();
    const [office] = await call<Array<{ id: string }>>('a', 'orgUnit.list');
    await call('a', 'orgUnit.update', { orgUnitId: office!.id, address: '鼓楼区五四路 88 号', phone: '0591-87654321' });
    const row = b.deps.store.db.prepare(`SELECT entity_id AS entityId, detail FROM audit_events WHERE action = 'orgUnit.edit'`).get() as { entityId: string; detail: string };
    const detail = JSON.parse(row.detail) as Record<string, unknown>;
    expect(detail.changes).toEqual({ address: { from: '', to: '鼓楼区五四路 88 号' }, phone: { from: '', to: '0591-87654321' } });
    expect(auditText({ action: 'orgUnit.edit', entity: 'orgUnits', entityId: row.entityId, detail }, { caseNo: null, user: () => null, office: () => '鼓东街道便民服务中心' }))
      .toBe('修改机构 鼓东街道便民服务中心 的信息（地址、咨询电话）');
  });
});
