// 系统设置 → 本机设置: what belongs to this desktop alone (kept in its local `settings` table, never
// synced): how soon an idle window locks, and where the store's backups go.
import { z } from 'zod';
import { folderPathSchema } from './archive';
import { empty } from './common';
import { defineContract, out } from './contract';

export const IDLE_LOCK_MINUTES_MIN = 1;
export const IDLE_LOCK_MINUTES_MAX = 120;
export const IDLE_LOCK_MINUTES_DEFAULT = 10;

const minutesWords = `自动锁屏时间应为 ${IDLE_LOCK_MINUTES_MIN}–${IDLE_LOCK_MINUTES_MAX} 之间的整数（分钟），例如 ${IDLE_LOCK_MINUTES_DEFAULT}`;

/** Whole minutes, 1–120; digits typed in a text box ("15", "１５") are taken as the number. */
export const idleLockMinutesSchema = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*[0-9０-９]+\s*$/.test(v) ? Number(v.trim().replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10))) : v),
  z
    .number({ error: minutesWords })
    .int({ error: minutesWords })
    .min(IDLE_LOCK_MINUTES_MIN, { error: `自动锁屏时间不能少于 ${IDLE_LOCK_MINUTES_MIN} 分钟` })
    .max(IDLE_LOCK_MINUTES_MAX, { error: `自动锁屏时间不能超过 ${IDLE_LOCK_MINUTES_MAX} 分钟` }),
);

/** The backup folder: an absolute folder path, or null (an empty box) for the built-in location. */
export const backupFolderSchema = z.preprocess((v) => (v === undefined || v === null || (typeof v === 'string' && !v.trim()) ? null : v), folderPathSchema.nullable());

export const desktopSettingsSchema = z
  .object({
    /** Absent: unchanged. */
    idleLockMinutes: idleLockMinutesSchema.optional(),
    /** Absent: unchanged; null or '': back to the built-in location. */
    backupFolder: backupFolderSchema.optional(),
  })
  .strict();

export interface DesktopSettingsDto {
  idleLockMinutes: number;
  /** The admin's folder, or null: backups go to the built-in location. */
  backupFolder: string | null;
  /** The built-in location (the data folder's `backups`). */
  defaultBackupFolder: string;
  /** Where the next backup goes. */
  effectiveBackupFolder: string;
}

export const settingsContract = defineContract({
  'settings.idleLock': {
    input: empty, output: out<{ minutes: number }>(),
    doc: "Minutes of no activity before this desktop's window locks (every signed-in user's lock reads it)",
  },
  'settings.desktop': {
    input: empty, output: out<DesktopSettingsDto>(),
    doc: "This desktop's own settings: idle-lock minutes and the backup folder (local, never synced)",
  },
  'settings.saveDesktop': {
    input: desktopSettingsSchema, output: out<DesktopSettingsDto>(),
    doc: 'Saves the idle-lock minutes and/or the backup folder (checked: created if missing, writable); audited from→to',
  },
});
