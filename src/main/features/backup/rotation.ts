// Which backups are kept: the newest daily backup of each of the last 7 days that have one, and
// the newest daily of each of the last 4 ISO weeks (that week's weekly); of every other kind the 5
// newest. Days and weeks are China dates of the backup's time (from its name, which came from the
// injected clock), so the outcome depends on the names alone: tests fix the clock.
import { rmSync } from 'node:fs';
import { chinaDate } from '../../platform/clock.js';
import { listBackups, type BackupEntry, type BackupKind } from './layout.js';

export const KEEP_DAILY = 7;
export const KEEP_WEEKLY = 4;
export const KEEP_PER_KIND = 5;

/** ISO 8601 week of a YYYY-MM-DD date, as "2026-W49". */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - day + 3); // the Thursday of this week decides its year
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((d.getTime() - firstThursday.getTime()) / (7 * 86400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}

type Dated = Pick<BackupEntry, 'name' | 'kind' | 'at'>;

/** The newest entry of each of the `n` newest groups. */
function newestPerGroup<T extends Dated>(entries: T[], groupOf: (e: T) => string, n: number): T[] {
  const seen = new Map<string, T>();
  for (const e of [...entries].sort((a, b) => b.at.getTime() - a.at.getTime() || b.name.localeCompare(a.name))) {
    const g = groupOf(e);
    if (!seen.has(g)) seen.set(g, e);
  }
  return [...seen.values()].slice(0, n);
}

export function planRotation<T extends Dated>(entries: T[]): { keep: T[]; remove: T[] } {
  const keep = new Set<T>();
  const byKind = new Map<BackupKind, T[]>();
  for (const e of entries) byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), e]);
  for (const [kind, list] of byKind) {
    if (kind === 'daily') {
      for (const e of newestPerGroup(list, (x) => chinaDate(x.at), KEEP_DAILY)) keep.add(e);
      for (const e of newestPerGroup(list, (x) => isoWeek(chinaDate(x.at)), KEEP_WEEKLY)) keep.add(e);
    } else {
      for (const e of newestPerGroup(list, (x) => x.name, KEEP_PER_KIND)) keep.add(e);
    }
  }
  return { keep: entries.filter((e) => keep.has(e)), remove: entries.filter((e) => !keep.has(e)) };
}

/** Applies the plan to a backups folder; returns the names removed. */
export function rotateBackups(targetDir: string): string[] {
  const { remove } = planRotation(listBackups(targetDir));
  for (const e of remove) rmSync(e.dir, { recursive: true, force: true });
  return remove.map((e) => e.name);
}
