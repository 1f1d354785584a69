// 系统设置 → 本机设置: this desktop's own settings, kept in the local `settings` table (never synced):
// the idle lock's minutes (every window of this desktop locks after them) and the backup folder
// (daily and manual backups go there; the list also shows the built-in location's).
import { accessSync, constants, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { IDLE_LOCK_MINUTES_DEFAULT, IDLE_LOCK_MINUTES_MAX, IDLE_LOCK_MINUTES_MIN, type ApiParsedInput, type DesktopSettingsDto } from '../../../shared/api/index.js';
import { DomainError } from '../../../shared/errors.js';
import type { Store } from '../../db/store.js';
import { BACKUP_FOLDER_SETTING, backupsDirOf, configuredBackupFolder, defaultBackupsDir } from '../backup/service.js';
import { authorize, type ServiceContext } from '../context.js';

/** Settings key of the idle lock's minutes. */
export const IDLE_LOCK_SETTING = 'idleLockMinutes';

/** The saved minutes, or the default when none (or a value this version does not accept) is saved. */
export function idleLockMinutes(store: Pick<Store, 'getSetting'>): number {
  const v = store.getSetting<unknown>(IDLE_LOCK_SETTING);
  return typeof v === 'number' && Number.isInteger(v) && v >= IDLE_LOCK_MINUTES_MIN && v <= IDLE_LOCK_MINUTES_MAX ? v : IDLE_LOCK_MINUTES_DEFAULT;
}

export function desktopSettings(store: Store): DesktopSettingsDto {
  return {
    idleLockMinutes: idleLockMinutes(store),
    backupFolder: configuredBackupFolder(store),
    defaultBackupFolder: defaultBackupsDir(store.dataDir),
    effectiveBackupFolder: backupsDirOf(store),
  };
}

export function readIdleLock(ctx: ServiceContext): { minutes: number } {
  authorize(ctx, 'settings.idleLock');
  return { minutes: idleLockMinutes(ctx.store) };
}

export function readDesktopSettings(ctx: ServiceContext): DesktopSettingsDto {
  authorize(ctx, 'settings.desktop');
  return desktopSettings(ctx.store);
}

const refuseFolder = (message: string): never => {
  throw new DomainError('invalid_input', message, { backupFolder: message });
};

/**
 * A folder backups can go to: absolute on this computer, a folder (created when missing), and
 * writable (a probe file is written and removed). Returns the normalised path; refuses in Chinese.
 */
export function checkBackupFolder(path: string): string {
  if (!isAbsolute(path)) refuseFolder(`“${path}”不是本机的完整文件夹路径，请填写完整路径，例如 ${process.platform === 'win32' ? 'D:\\代办备份' : '/srv/daiban-backups'}`);
  const dir = resolve(path);
  let created = false;
  try {
    const st = statSync(dir, { throwIfNoEntry: false });
    if (st && !st.isDirectory()) refuseFolder(`${dir} 是一个文件，不是文件夹，请换一个位置`);
    if (!st) {
      makeDirs(dir);
      created = true;
    }
  } catch (e) {
    if (e instanceof DomainError) throw e;
    refuseFolder(`无法创建备份文件夹 ${dir}：${reason(e)}。请换一个位置，或检查磁盘是否已连接`);
  }
  const probe = join(dir, `.daiban-write-check-${process.pid}`);
  try {
    accessSync(dir, constants.W_OK);
    writeFileSync(probe, 'daiban');
    rmSync(probe, { force: true });
  } catch (e) {
    rmSync(probe, { force: true });
    if (created) rmSync(dir, { recursive: true, force: true });
    refuseFolder(`备份文件夹 ${dir} 无法写入（${reason(e)}），请换一个位置或检查文件夹权限`);
  }
  return dir;
}

/**
 * mkdir -p one level at a time: Node's recursive mkdir can loop for ever where a parent exists but
 * refuses new entries with ENOENT (seen under /proc).
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) mkdirSync(d);
}

function reason(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'EACCES' || code === 'EPERM') return '没有写入权限';
  if (code === 'EROFS') return '磁盘为只读';
  if (code === 'ENOSPC') return '磁盘空间已满';
  if (code === 'ENOENT') return '上级文件夹或磁盘不存在';
  return code ?? (e as Error).message;
}

/** Saves what the admin changed: one audited write of the settings (from → to), nothing when refused. */
export function saveDesktopSettings(ctx: ServiceContext, input: ApiParsedInput<'settings.saveDesktop'>): DesktopSettingsDto {
  authorize(ctx, 'settings.saveDesktop');
  const before = desktopSettings(ctx.store);
  const changes: { idleLockMinutes?: { from: number; to: number }; backupFolder?: { from: string | null; to: string | null } } = {};
  if (input.idleLockMinutes !== undefined && input.idleLockMinutes !== before.idleLockMinutes) {
    changes.idleLockMinutes = { from: before.idleLockMinutes, to: input.idleLockMinutes };
  }
  if (input.backupFolder !== undefined) {
    // The built-in location typed in by hand is the built-in location: no folder of the admin's.
    const to = input.backupFolder === null ? null : checkBackupFolder(input.backupFolder);
    const next = to !== null && to === resolve(before.defaultBackupFolder) ? null : to;
    if (next !== before.backupFolder) changes.backupFolder = { from: before.backupFolder, to: next };
  }
  if (!changes.idleLockMinutes && !changes.backupFolder) throw new DomainError('invalid_input', '没有需要修改的内容');
  ctx.store.write(
    { actor: ctx.actor, action: 'settings.desktop', entity: 'settings', entityId: Object.keys(changes).join(','), detail: { changes } },
    () => {
      if (changes.idleLockMinutes) ctx.store.setSetting(IDLE_LOCK_SETTING, changes.idleLockMinutes.to);
      if (changes.backupFolder) ctx.store.setSetting(BACKUP_FOLDER_SETTING, changes.backupFolder.to);
    },
  );
  return desktopSettings(ctx.store);
}
