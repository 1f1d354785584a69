// When an admin changes a year of the calendar, the open plan items whose span touches that year
// get their due dates counted again (finished items keep theirs: they are history).
import { dueDateFor, type WorkCalendar } from '../../../shared/domain/calendar.js';
import type { LimitUnit } from '../../../shared/domain/enums.js';
import * as t from '../../db/schema.js';
import type { WriteTx } from '../../db/store.js';

export interface DueDateChange {
  caseId: string;
  planItemId: string;
  from: string;
  to: string;
}

/**
 * Recounts, inside `tx`, the due dates of open items of live cases that start before the end of
 * `year` and fall due on or after its start (only they count days of that year), under `cal`.
 * Each changed item is a field patch; returns the changes for the audit event.
 */
export function recomputeOpenDueDates(tx: WriteTx, year: number, cal: WorkCalendar): DueDateChange[] {
  const rows = tx.store.db
    .prepare(
      `SELECT pi.id, pi.case_id, pi.start_date, pi.due_date, pi.limit_value, pi.limit_unit
       FROM plan_items pi JOIN cases c ON c.id = pi.case_id
       WHERE pi.status NOT IN ('approved', 'refused') AND pi.deleted_at IS NULL
         AND c.status NOT IN ('completed', 'withdrawn') AND c.deleted_at IS NULL
         AND pi.start_date IS NOT NULL AND pi.limit_value IS NOT NULL AND pi.limit_unit IS NOT NULL
         AND pi.due_date >= ? AND pi.start_date <= ?`,
    )
    .all(`${year}-01-01`, `${year}-12-31`) as Array<{ id: string; case_id: string; start_date: string; due_date: string; limit_value: number; limit_unit: string }>;
  const changes: DueDateChange[] = [];
  for (const r of rows) {
    const due = dueDateFor(r.start_date, { value: r.limit_value, unit: r.limit_unit as LimitUnit }, cal);
    if (due === r.due_date) continue;
    tx.patch(t.planItems, r.id, { dueDate: due });
    changes.push({ caseId: r.case_id, planItemId: r.id, from: r.due_date, to: due });
  }
  return changes;
}
