// Quarters (季度) of the calendar year, and the 政企互动 report's window: "请于每季度前 5 个工作日内报送上一季度
// 活动开展情况" (Meizhou annex 2) — working days per the official calendar, 调休 days included.
import { addDays, addWorkdays, BUILTIN_CALENDAR, type WorkCalendar } from './calendar';

export interface Quarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

/** Working days at the start of a quarter within which the previous quarter's 政企互动统计表 is due. */
export const INTERACTION_REPORT_WORKDAYS = 5;

export function quarterOf(date: string): Quarter {
  return { year: Number(date.slice(0, 4)), quarter: (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as Quarter['quarter'] };
}

/** First and last day of a quarter: 2026 Q1 → 2026-01-01 … 2026-03-31. */
export function quarterBounds(q: Quarter): { from: string; to: string } {
  const first = (q.quarter - 1) * 3 + 1;
  const from = `${q.year}-${String(first).padStart(2, '0')}-01`;
  const next = q.quarter === 4 ? `${q.year + 1}-01-01` : `${q.year}-${String(first + 3).padStart(2, '0')}-01`;
  return { from, to: addDays(next, -1) };
}

export function previousQuarter(q: Quarter): Quarter {
  return q.quarter === 1 ? { year: q.year - 1, quarter: 4 } : { year: q.year, quarter: (q.quarter - 1) as Quarter['quarter'] };
}

/** The quarter a period is exactly, if it is one (for 2026年第1季度 in a report's header). */
export function quarterOfPeriod(from: string, to: string): Quarter | null {
  const q = quarterOf(from);
  const b = quarterBounds(q);
  return b.from === from && b.to === to ? q : null;
}

export function quarterText(q: Quarter): string {
  return `${q.year}年第${q.quarter}季度`;
}

/**
 * When `today` lies in a quarter's first 5 working days (from the quarter's first day through its
 * fifth working day), the previous quarter whose 政企互动统计表 is due, and the last day to send it.
 */
export function interactionReportDue(today: string, cal: WorkCalendar = BUILTIN_CALENDAR): (Quarter & { from: string; to: string; dueBy: string }) | null {
  const current = quarterOf(today);
  const start = quarterBounds(current).from;
  const dueBy = addWorkdays(addDays(start, -1), INTERACTION_REPORT_WORKDAYS, cal);
  if (today > dueBy) return null;
  const prev = previousQuarter(current);
  return { ...prev, ...quarterBounds(prev), dueBy };
}
