// Words and dates as the guide shows them.
import type { TimeLimit } from '../../shared/domain/calendar';
import { LIMIT_UNITS } from '../../shared/domain/enums';

/** 5工作日, 4工作小时, 30分钟; a zero promise is 即办; no statutory limit is 无. */
export function limitText(limit: TimeLimit | null): string {
  if (!limit) return '无';
  if (limit.value === 0) return '即办';
  return `${limit.value}${LIMIT_UNITS.labels[limit.unit]}`;
}

/** Items done on the spot (即办事项): promised at once, or within minutes. */
export function isImmediate(limit: TimeLimit): boolean {
  return limit.value === 0 || limit.unit === 'minutes';
}

/** 原件 1 份 / 复印件 2 份. */
export function materialCounts(m: { originals: number; copies: number }): string {
  const parts: string[] = [];
  if (m.originals > 0) parts.push(`原件 ${m.originals} 份`);
  if (m.copies > 0) parts.push(`复印件 ${m.copies} 份`);
  return parts.join(' / ') || '按需提供';
}

/** The centre works on Beijing time whatever the server's zone is. */
const OFFICE_OFFSET_MS = 8 * 3600_000;

/** Today's date (YYYY-MM-DD) at the offices. */
export function officeDate(at: Date): string {
  return new Date(at.getTime() + OFFICE_OFFSET_MS).toISOString().slice(0, 10);
}

/** 2026-03-02 10:05 at the offices. */
export function officeDateTime(at: Date): string {
  return new Date(at.getTime() + OFFICE_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** 2026年3月2日 */
export function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : iso;
}
