// Finding 4: a plan running into a year with no published calendar counted that year's holidays as
// workdays without a word. Now the years computed without a calendar are exposed (plan and
// 工作台, the latter from November when next year is missing), and when an admin enters the year
// the open items' due dates are counted again in the same write — finished items keep theirs.
import { describe, expect, it } from 'vitest';
import { calendarWarningText, calendarWarningYears, dueFor, uncoveredYears, BUILTIN_CALENDAR, type WorkCalendar } from '../../../src/shared/domain/calendar.js';
import { setCalendarDay, setCalendarYear } from '../../../src/main/features/calendar/service.js';
import { calendarOf } from '../../../src/main/features/context.js';
import { listPlanTemplates } from '../../../src/main/features/catalog/service.js';
import { getCaseFile } from '../../../src/main/features/cases/service.js';
import { getDashboard } from '../../../src/main/features/dashboard/service.js';
import { createPlan, setPlanItemStatus } from '../../../src/main/features/plans/service.js';
import { makeWorld, registerProxyCase } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

// 2027 as the State Council might publish it: 元旦 and a Spring Festival week with make-up days.
const YEAR_2027 = {
  notice: '国务院办公厅关于2027年部分节假日安排的通知',
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    ...['2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'].map((date) => ({ date, name: '春节' })),
  ],
  workdays: ['2027-02-13', '2027-02-14'],
};

describe('calendar coverage (pure)', () => {
  it('names the years a computation ran without a calendar, and the 工作台 years by date', () => {
    expect(uncoveredYears('2026-12-20', '2027-02-01')).toEqual([2027]);
    expect(uncoveredYears('2026-01-05', '2026-12-31')).toEqual([]);
    expect(dueFor('2026-12-28', { value: 10, unit: 'workdays' }).uncovered).toEqual([2027]);
    expect(calendarWarningYears('2026-10-31')).toEqual([]);
    expect(calendarWarningYears('2026-11-01')).toEqual([2027]);
    expect(calendarWarningYears('2027-03-01')).toEqual([2027]);
    const with2027: WorkCalendar = { years: { ...BUILTIN_CALENDAR.years, 2027: YEAR_2027 } };
    expect(calendarWarningYears('2026-11-01', with2027)).toEqual([]);
    expect(calendarWarningText([2027])).toBe('2027年工作日历尚未发布，到期日按周末推算');
    expect(calendarWarningText([])).toBeNull();
  });
});

describe('calendar coverage on the desk and the plan', () => {
  it('warns on the 工作台 from November (clock fixed) and on a plan that runs into 2027; entering 2027 recounts open items only, audited', () => {
    const w = makeWorld(tempDir(), '2026-11-16T01:00:00Z'); // Monday 16 November 2026, 09:00 in Fuzhou
    expect(getDashboard(w.ctx('agent')).calendarWarningYears).toEqual([2027]);
    const { caseId } = registerProxyCase(w);
    const template = listPlanTemplates(w.ctx('agent'))[0]!;
    createPlan(w.ctx('agent'), { caseId, templateId: template.id, startDate: '2026-12-21' });
    const before = getCaseFile(w.ctx('agent'), caseId).plan!;
    expect(before.uncalendaredYears).toEqual([2027]);

    // one item is finished before the year is published: its due date is history
    const finished = before.items[0]!;
    setPlanItemStatus(w.ctx('agent'), { planItemId: finished.id, status: 'preparing' });
    setPlanItemStatus(w.ctx('agent'), { planItemId: finished.id, status: 'submitted' });
    setPlanItemStatus(w.ctx('agent'), { planItemId: finished.id, status: 'approved', approvalDocNo: '榕发改〔2026〕12号' });

    const outboxBefore = w.store.db.prepare(`SELECT count(*) FROM outbox WHERE entity = 'planItems'`).pluck().get() as number;
    const result = setCalendarYear(w.ctx('admin'), 2027, YEAR_2027);
    const cal = calendarOf(w.store);
    const after = getCaseFile(w.ctx('agent'), caseId).plan!;
    expect(after.uncalendaredYears).toEqual([]);
    expect(getDashboard(w.ctx('agent')).calendarWarningYears).toEqual([]);

    const changed: Array<{ planItemId: string; from: string; to: string }> = [];
    for (const item of after.items) {
      const old = before.items.find((i) => i.id === item.id)!;
      if (item.id === finished.id) {
        expect(item.dueDate).toBe(old.dueDate);
        continue;
      }
      // every open item is due where the new calendar puts it
      expect(item.dueDate).toBe(dueFor(item.startDate!, { value: item.limitValue!, unit: item.limitUnit! }, cal).date);
      if (item.dueDate !== old.dueDate) changed.push({ planItemId: item.id, from: old.dueDate!, to: item.dueDate! });
    }
    expect(changed.length).toBeGreaterThan(0); // the holidays of 2027 moved some of them
    expect(result.recomputedDueDates).toBe(changed.length);

    const event = w.store.db.prepare(`SELECT entity, entity_id, detail FROM audit_events WHERE action = 'calendar.setYear' ORDER BY rowid DESC LIMIT 1`).get() as { entity: string; entity_id: string; detail: string };
    expect(event).toMatchObject({ entity: 'calendarYears', entity_id: '2027' });
    const detail = JSON.parse(event.detail) as { recomputed: number; dueDates: Array<{ caseId: string; planItemId: string; from: string; to: string }> };
    expect(detail.recomputed).toBe(changed.length);
    expect(detail.dueDates.map(({ caseId: c, ...rest }) => (expect(c).toBe(caseId), rest)).sort((a, b) => a.planItemId.localeCompare(b.planItemId)))
      .toEqual([...changed].sort((a, b) => a.planItemId.localeCompare(b.planItemId)));
    // field patches for sync, in the same write
    const ops = w.store.db.prepare(`SELECT kind, payload FROM outbox WHERE entity = 'planItems' ORDER BY rowid`).all().slice(outboxBefore) as Array<{ kind: string; payload: string }>;
    expect(ops).toHaveLength(changed.length);
    for (const op of ops) expect(op.kind).toBe('patch');
    expect(Object.keys(JSON.parse(ops[0]!.payload))).toEqual(['dueDate']);
  });

  it('one day changed by the editor recounts the open items that span it', () => {
    const w = makeWorld(tempDir()); // 2026-03-02
    const { caseId } = registerProxyCase(w);
    createPlan(w.ctx('agent'), { caseId, templateId: listPlanTemplates(w.ctx('agent'))[0]!.id, startDate: '2026-03-02' });
    const item = getCaseFile(w.ctx('agent'), caseId).plan!.items[0]!;
    // a local holiday on the day after the start moves the due date one workday later
    setCalendarDay(w.ctx('admin'), { date: '2026-03-03', kind: 'holiday' });
    const moved = getCaseFile(w.ctx('agent'), caseId).plan!.items.find((i) => i.id === item.id)!;
    expect(moved.dueDate).toBe(dueFor('2026-03-02', { value: item.limitValue!, unit: item.limitUnit! }, calendarOf(w.store)).date);
    expect(moved.dueDate! > item.dueDate!).toBe(true);
    setCalendarDay(w.ctx('admin'), { date: '2026-03-03', kind: 'default' });
    expect(getCaseFile(w.ctx('agent'), caseId).plan!.items.find((i) => i.id === item.id)!.dueDate).toBe(item.dueDate);
  });
});
