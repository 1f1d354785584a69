import { describe, expect, it } from 'vitest';
import {
  addDays,
  addWorkdays,
  addWorkingTime,
  BUILTIN_CALENDAR,
  calendarCovers,
  calendarYearSchema,
  coveredYears,
  dayNumber,
  daysLeft,
  describeYear,
  dueDateFor,
  dueFor,
  FUZHOU_SUMMER_OFFICE_HOURS,
  fromDayNumber,
  holidayName,
  isMakeupWorkday,
  isWorkday,
  mergeYear,
  parseWorkCalendar,
  rangeCovered,
  weekday,
  workdaysBetween,
  workingMinutesPerDay,
  type WorkCalendar,
} from '../../../src/shared/domain/calendar.js';
import shared from '../../../src/shared/domain/cn-workday-calendar.json' with { type: 'json' };

/** A slow, obviously-correct reference: walk day by day with the JSON lists. */
function refIsWorkday(date: string, cal: WorkCalendar = BUILTIN_CALENDAR): boolean {
  const y = cal.years[date.slice(0, 4)];
  if (y?.holidays.some((h) => h.date === date)) return false;
  if (y?.workdays.includes(date)) return true;
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
}
function refAdd(start: string, n: number): string {
  let d = new Date(`${start}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d = new Date(d.getTime() + 86_400_000);
    if (refIsWorkday(d.toISOString().slice(0, 10))) left--;
  }
  return d.toISOString().slice(0, 10);
}

describe('day numbers', () => {
  it('round-trip every day from 1969 to 2101 and agree with Date', () => {
    const start = Date.UTC(1969, 0, 1);
    for (let t = start; t < Date.UTC(2102, 0, 1); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      const n = dayNumber(iso);
      expect(n).toBe(Math.round(t / 86_400_000));
      if (fromDayNumber(n) !== iso) throw new Error(`round trip ${iso}`);
    }
  });
  it('refuse impossible dates in Chinese', () => {
    expect(() => dayNumber('2026-02-29')).toThrow('日期“2026-02-29”无效');
    expect(() => dayNumber('2026-2-3')).toThrow(RangeError);
    expect(() => dayNumber('2024-13-01')).toThrow(RangeError);
    expect(dayNumber('2024-02-29')).toBe(dayNumber('2024-03-01') - 1);
    expect(weekday('2026-02-13')).toBe(5);
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
  });
});

describe('the built-in calendar', () => {
  it('is the copy of the shared data file', () => {
    expect(BUILTIN_CALENDAR.years).toEqual(shared.years);
    expect(coveredYears()).toEqual([2024, 2025, 2026]);
    expect(calendarCovers(BUILTIN_CALENDAR, 2026)).toBe(true);
    expect(calendarCovers(BUILTIN_CALENDAR, '2027')).toBe(false);
  });

  it('knows holidays and make-up workdays around Spring Festival 2026', () => {
    expect(isWorkday('2026-02-13')).toBe(true); // Friday
    expect(isWorkday('2026-02-14')).toBe(true); // Saturday, 调休上班
    expect(isMakeupWorkday('2026-02-14')).toBe(true);
    for (let d = 15; d <= 23; d++) {
      const date = `2026-02-${d}`;
      expect(isWorkday(date)).toBe(false);
      expect(holidayName(date)).toBe('春节');
    }
    expect(isWorkday('2026-02-24')).toBe(true);
    expect(isWorkday('2026-02-28')).toBe(true); // Saturday, 调休上班
    expect(isWorkday('2026-03-01')).toBe(false); // ordinary Sunday
    expect(holidayName('2026-02-24')).toBeNull();
  });

  it('knows National Day 2025 (merged with Mid-Autumn) and its make-up days', () => {
    expect(isWorkday('2025-09-28')).toBe(true); // Sunday, 调休上班
    expect(isWorkday('2025-09-30')).toBe(true);
    for (let d = 1; d <= 8; d++) expect(isWorkday(`2025-10-0${d}`)).toBe(false);
    expect(holidayName('2025-10-06')).toBe('国庆节、中秋节');
    expect(isWorkday('2025-10-09')).toBe(true);
    expect(isWorkday('2025-10-11')).toBe(true); // Saturday, 调休上班
    expect(isWorkday('2025-10-12')).toBe(false);
  });

  it('agrees with a day-by-day reference over every day of 2024–2026', () => {
    let d = '2023-12-25';
    while (d <= '2027-01-10') {
      expect(isWorkday(d)).toBe(refIsWorkday(d));
      d = addDays(d, 1);
    }
  });

  it('counts the working days of each year', () => {
    expect(describeYear(2024).workdayCount).toBe(251);
    expect(describeYear(2025).workdayCount).toBe(248);
    expect(describeYear(2026).workdayCount).toBe(248);
    expect(describeYear(2026)).toMatchObject({ covered: true, notice: expect.stringContaining('2026年部分节假日') });
  });
});

describe('addWorkdays', () => {
  it('does not count the day of acceptance; the next workday may be a make-up weekend day', () => {
    expect(addWorkdays('2026-02-13', 1)).toBe('2026-02-14'); // Friday → make-up Saturday
    expect(addWorkdays('2026-02-13', 2)).toBe('2026-02-24'); // over the Spring Festival
    expect(addWorkdays('2026-02-14', 1)).toBe('2026-02-24');
    expect(addWorkdays('2025-09-26', 1)).toBe('2025-09-28'); // Friday → make-up Sunday
    expect(addWorkdays('2025-09-30', 1)).toBe('2025-10-09'); // over National Day
    expect(addWorkdays('2025-09-30', 3)).toBe('2025-10-11'); // Thu, Fri, make-up Saturday
    expect(addWorkdays('2026-11-20', 1)).toBe('2026-11-23'); // ordinary Friday → Monday
    expect(addWorkdays('2026-02-15', 0)).toBe('2026-02-15');
  });

  it('counts back with negative n', () => {
    expect(addWorkdays('2026-02-24', -1)).toBe('2026-02-14');
    expect(addWorkdays('2026-02-22', -1)).toBe('2026-02-14');
    expect(addWorkdays('2025-10-09', -2)).toBe('2025-09-29');
  });

  it('agrees with the reference for many starts and limits', () => {
    let start = '2024-01-01';
    for (let i = 0; i < 400; i++) {
      for (const n of [1, 3, 5, 15, 20, 60]) expect(addWorkdays(start, n)).toBe(refAdd(start, n));
      start = addDays(start, 2);
    }
  });

  it('falls back to Monday–Friday outside the calendar and says so', () => {
    expect(addWorkdays('2027-10-01', 1)).toBe('2027-10-04'); // Friday → Monday (no 2027 data)
    expect(dueFor('2026-12-30', { value: 5, unit: 'workdays' })).toEqual({ date: '2027-01-06', at: null, covered: false, uncovered: [2027] });
    expect(dueFor('2026-12-01', { value: 5, unit: 'workdays' }).covered).toBe(true);
    expect(rangeCovered('2024-05-01', '2026-12-31')).toBe(true);
    expect(rangeCovered('2023-12-31', '2024-01-02')).toBe(false);
    // far outside the precomputed table it still works
    expect(addWorkdays('2200-01-02', 1)).toBe('2200-01-03');
    expect(workdaysBetween('1960-01-01', '1960-01-08')).toBe(5);
  });

  it('refuses non-integer counts and bad dates', () => {
    expect(() => addWorkdays('2026-01-05', 1.5)).toThrow('工作日数应为整数');
    expect(() => addWorkdays('2026/01/05', 1)).toThrow('YYYY-MM-DD');
  });

  it('is cheap: 100,000 due dates well under a second', () => {
    addWorkdays('2026-01-05', 1); // build the index
    const t0 = performance.now();
    let last = '';
    for (let i = 0; i < 100_000; i++) last = addWorkdays(fromDayNumber(dayNumber('2024-01-01') + (i % 1000)), 1 + (i % 60));
    const ms = performance.now() - t0;
    expect(last).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(ms).toBeLessThan(1000);
  });
});

describe('workdaysBetween and daysLeft', () => {
  it('inverts addWorkdays for every n, both directions', () => {
    let a = '2024-01-01';
    for (let i = 0; i < 300; i++) {
      for (const n of [-20, -5, -1, 0, 1, 2, 7, 30]) expect(workdaysBetween(a, addWorkdays(a, n))).toBe(n);
      a = addDays(a, 3);
    }
  });

  it('is antisymmetric-ish and negative when b < a', () => {
    expect(workdaysBetween('2026-02-13', '2026-02-24')).toBe(2);
    expect(workdaysBetween('2026-02-24', '2026-02-13')).toBe(-2);
    expect(workdaysBetween('2026-02-15', '2026-02-23')).toBe(0);
  });

  it('daysLeft: 0 due today, negative overdue, holidays do not count', () => {
    expect(daysLeft('2026-02-13', '2026-02-13')).toBe(0);
    expect(daysLeft('2026-02-13', '2026-02-24')).toBe(2);
    expect(daysLeft('2026-02-24', '2026-02-14')).toBe(-1);
    expect(daysLeft('2026-02-20', '2026-02-14')).toBe(-1); // during the holiday, overdue by one workday
    expect(daysLeft('2026-03-02', '2026-02-26')).toBe(-3); // Thu, Fri, make-up Sat
  });
});

describe('working-hour limits', () => {
  it('counts only office hours on workdays', () => {
    expect(workingMinutesPerDay()).toBe(390);
    expect(addWorkingTime('2026-02-13T16:00', 1, 'workhours')).toBe('2026-02-13T17:00');
    expect(addWorkingTime('2026-02-13T16:00', 1.5, 'workhours')).toBe('2026-02-13T17:30'); // end of day, not next morning
    expect(addWorkingTime('2026-02-13T16:00', 2, 'workhours')).toBe('2026-02-14T09:00'); // make-up Saturday
    expect(addWorkingTime('2026-02-14T17:00', 1, 'workhours')).toBe('2026-02-24T09:00'); // over Spring Festival
    expect(addWorkingTime('2026-03-02T11:30', 60, 'minutes')).toBe('2026-03-02T15:00'); // over lunch
    expect(addWorkingTime('2026-03-02T12:30', 30, 'minutes')).toBe('2026-03-02T15:00'); // starts at opening
    expect(addWorkingTime('2026-03-02T07:00', 30, 'minutes')).toBe('2026-03-02T09:00');
    expect(addWorkingTime('2026-03-02T18:00', 30, 'minutes')).toBe('2026-03-03T09:00');
    expect(addWorkingTime('2026-03-01', 30, 'minutes')).toBe('2026-03-02T09:00'); // Sunday, bare date
    expect(addWorkingTime('2026-03-02T09:00', 0, 'minutes')).toBe('2026-03-02T09:00');
    expect(addWorkingTime('2026-03-02T08:30', 16, 'workhours')).toBe('2026-03-04T11:30'); // 6.5 + 6.5 + 3 hours from 08:30
  });

  it('takes other office hours as a parameter', () => {
    expect(workingMinutesPerDay(FUZHOU_SUMMER_OFFICE_HOURS)).toBe(420);
    expect(addWorkingTime('2026-07-01T11:30', 1, 'workhours', BUILTIN_CALENDAR, FUZHOU_SUMMER_OFFICE_HOURS)).toBe('2026-07-01T15:30');
    expect(() => addWorkingTime('2026-07-01T11:30', 1, 'workhours', BUILTIN_CALENDAR, [{ start: '12:00', end: '11:00' }])).toThrow('办公时间段无效');
    expect(() => addWorkingTime('2026-07-01 25:00', 1, 'workhours')).toThrow('HH:mm');
    expect(() => addWorkingTime('2026-07-01T10:00', -1, 'workhours')).toThrow('非负');
  });

  it('dueDateFor handles every unit', () => {
    expect(dueDateFor('2026-02-13', { value: 1, unit: 'workdays' })).toBe('2026-02-14');
    expect(dueDateFor('2025-09-30', { value: 5, unit: 'workdays' })).toBe('2025-10-14');
    expect(dueDateFor('2026-02-13T17:00', { value: 4, unit: 'workhours' })).toBe('2026-02-14');
    expect(dueFor('2026-02-13T17:00', { value: 4, unit: 'workhours' })).toEqual({ date: '2026-02-14', at: '2026-02-14T12:00', covered: true, uncovered: [] });
    expect(dueDateFor('2026-02-13T17:20', { value: 20, unit: 'minutes' })).toBe('2026-02-14');
  });
});

describe('editing a year', () => {
  const y2027 = {
    notice: '国务院办公厅关于2027年部分节假日安排的通知',
    holidays: [
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-10-01', name: ' 国庆节 ' },
    ],
    workdays: ['2027-09-26'],
  };

  it('merges a valid year into a new calendar without touching the old one', () => {
    const r = mergeYear(BUILTIN_CALENDAR, 2027, y2027);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(coveredYears(r.value)).toEqual([2024, 2025, 2026, 2027]);
    expect(calendarCovers(BUILTIN_CALENDAR, 2027)).toBe(false);
    expect(isWorkday('2027-10-01', r.value)).toBe(false);
    expect(isWorkday('2027-10-01')).toBe(true);
    expect(isWorkday('2027-09-26', r.value)).toBe(true); // Sunday
    expect(holidayName('2027-10-01', r.value)).toBe('国庆节');
    expect(addWorkdays('2027-09-30', 1, r.value)).toBe('2027-10-04');
  });

  it('replaces an existing year', () => {
    const r = mergeYear(BUILTIN_CALENDAR, '2026', { holidays: [{ date: '2026-02-13', name: '测试' }], workdays: [] });
    expect(r.ok && isWorkday('2026-02-13', r.value)).toBe(false);
    expect(r.ok && isWorkday('2026-02-14', r.value)).toBe(false);
  });

  it('refuses bad entries with Chinese reasons', () => {
    const bad = (entry: unknown, year: number | string = 2027) => {
      const r = mergeYear(BUILTIN_CALENDAR, year, entry);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.error;
    };
    expect(bad({ ...y2027, holidays: [{ date: '2028-01-01', name: '元旦' }] })).toBe('假日 2028-01-01 不在2027年内');
    expect(bad({ ...y2027, workdays: ['2027-01-01'] })).toContain('不能既是假日又是调休上班日');
    expect(bad({ ...y2027, workdays: ['2027-09-27'] })).toBe('调休上班日 2027-09-27 应为星期六或星期日');
    expect(bad({ ...y2027, holidays: [{ date: '2027-01-01', name: '  ' }] })).toContain('请填写节日名称');
    expect(bad({ ...y2027, holidays: [{ date: '2027-02-30', name: '春节' }] })).toContain('YYYY-MM-DD');
    expect(bad({ ...y2027, workdays: ['2027-09-26', '2027-09-26'] })).toContain('重复');
    expect(bad(y2027, 1999)).toBe('年份不能早于2000年');
    expect(bad(y2027, 'abc')).toBe('年份应为数字');
    expect(calendarYearSchema(2027).safeParse({ holidays: [] }).success).toBe(false);
  });

  it('parses a whole calendar, e.g. one received from the server', () => {
    const r = parseWorkCalendar(JSON.parse(JSON.stringify(shared)));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(coveredYears(r.value)).toEqual([2024, 2025, 2026]);
      expect(addWorkdays('2026-02-13', 1, r.value)).toBe('2026-02-14');
    }
    expect(parseWorkCalendar({})).toEqual({ ok: false, error: '工作日历格式无效：缺少 years' });
    expect(parseWorkCalendar({ years: { '26': { holidays: [], workdays: [] } } })).toEqual({ ok: false, error: '工作日历中的年份“26”无效' });
    expect(parseWorkCalendar({ years: { '2026': { holidays: [], workdays: ['2026-03-02'] } } })).toEqual({
      ok: false, error: '调休上班日 2026-03-02 应为星期六或星期日',
    });
  });
});
