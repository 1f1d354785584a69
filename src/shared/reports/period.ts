// The periods a supervision page is asked for (周, 月, 季, 年, 自定义) and the period before one, for
// the comparison beside every figure. Calendar periods compare with the calendar period before
// (November with October, Q4 with Q3); a custom period with the same number of days just before it.
import { addDays, dayNumber } from '../domain/calendar';

export const PERIOD_KINDS = ['week', 'month', 'quarter', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const PERIOD_LABELS: Record<PeriodKind, string> = { week: '本周', month: '本月', quarter: '本季度', year: '本年', custom: '自定义' };

export interface Period {
  from: string;
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
function lastOfMonth(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0));
  return `${year}-${pad(month)}-${pad(d.getUTCDate())}`;
}

/** The week (Monday–Sunday), month, quarter or year that contains `date`. */
export function periodAround(kind: Exclude<PeriodKind, 'custom'>, date: string): Period {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7));
  switch (kind) {
    case 'week': {
      const dow = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
      const from = addDays(date, -dow);
      return { from, to: addDays(from, 6) };
    }
    case 'month':
      return { from: `${y}-${pad(m)}-01`, to: lastOfMonth(y, m) };
    case 'quarter': {
      const first = Math.floor((m - 1) / 3) * 3 + 1;
      return { from: `${y}-${pad(first)}-01`, to: lastOfMonth(y, first + 2) };
    }
    case 'year':
      return { from: `${y}-01-01`, to: `${y}-12-31` };
  }
}

/** Whole months from the 1st to a month's last day: their count, else null. */
function wholeMonths(p: Period): number | null {
  if (p.from.slice(8) !== '01') return null;
  const y = Number(p.to.slice(0, 4));
  const m = Number(p.to.slice(5, 7));
  if (p.to !== lastOfMonth(y, m)) return null;
  return (y - Number(p.from.slice(0, 4))) * 12 + m - Number(p.from.slice(5, 7)) + 1;
}

/** The period just before: as many whole months before a run of whole months, else as many days. */
export function previousPeriod(p: Period): Period {
  const months = wholeMonths(p);
  if (months !== null) {
    let y = Number(p.from.slice(0, 4));
    let m = Number(p.from.slice(5, 7)) - months;
    while (m < 1) { m += 12; y -= 1; }
    const to = addDays(p.from, -1);
    return { from: `${y}-${pad(m)}-01`, to };
  }
  const days = dayNumber(p.to) - dayNumber(p.from) + 1;
  return { from: addDays(p.from, -days), to: addDays(p.from, -1) };
}

/** Days in a period, both ends counted. */
export function periodDays(p: Period): number {
  return dayNumber(p.to) - dayNumber(p.from) + 1;
}
