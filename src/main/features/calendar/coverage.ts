// Which years a due date was computed for without an official calendar (holidays counted as
// workdays there, weekends assumed): the 工作台 and the plan tab say so.
import { calendarWarningYears, uncoveredYears, type WorkCalendar } from '../../../shared/domain/calendar.js';
import { isPlanItemFinal } from '../../../shared/domain/plan-item-status.js';
import type { PlanItemStatus } from '../../../shared/domain/enums.js';
import type { Store } from '../../db/store.js';
import { calendarOf } from '../context.js';

/** Years the open items of a plan run into (start → due) that the calendar does not list, ascending. */
export function planUncoveredYears(
  items: ReadonlyArray<{ status: string; startDate: string | null; dueDate: string | null }>,
  cal: WorkCalendar,
): number[] {
  const years = new Set<number>();
  for (const i of items) {
    if (!i.dueDate || isPlanItemFinal(i.status as PlanItemStatus)) continue;
    for (const y of uncoveredYears(i.startDate ?? i.dueDate, i.dueDate, cal)) years.add(y);
  }
  return [...years].sort((a, b) => a - b);
}

/** The 工作台's warning years for the store's today (see calendarWarningYears). */
export function deskWarningYears(store: Store): number[] {
  return calendarWarningYears(store.today(), calendarOf(store));
}
