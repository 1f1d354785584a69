// The working-day calendar (工作日历): official public holidays and make-up workdays (调休) per year,
// working-day and working-hour arithmetic for time limits (法定/承诺时限), due dates and days left.
//
// Dates are `YYYY-MM-DD` strings, date-times `YYYY-MM-DDTHH:mm` in local office time. No time zones:
// all arithmetic runs on day numbers (days since 1970-01-01, computed in UTC from the date parts).
// Days a calendar does not list follow the week (Monday–Friday work); a year missing from the
// calendar therefore falls back to Monday–Friday — callers can ask `calendarCovers` / `coveredYears`
// / `uncoveredYears` (or `dueFor(…).uncovered`) and tell the user the date is an estimate
// (`calendarWarningText`).
import { z } from 'zod';
import builtin from './cn-workday-calendar.json' with { type: 'json' };

export interface CalendarHoliday {
  date: string;
  name: string;
}
export interface CalendarYear {
  /** The notice the year was taken from, e.g. 国务院办公厅关于2026年部分节假日安排的通知. */
  notice?: string;
  holidays: CalendarHoliday[];
  /** Make-up workdays (调休上班): Saturdays or Sundays that are working days. */
  workdays: string[];
}
export interface WorkCalendar {
  years: Record<string, CalendarYear>;
}

/** The built-in calendar (2024–2026, from the State Council notices). Treat calendars as immutable. */
export const BUILTIN_CALENDAR: WorkCalendar = { years: (builtin as { years: Record<string, CalendarYear> }).years };

// ---------------------------------------------------------------------------------------------
// Day numbers

// Proleptic Gregorian day arithmetic without Date objects (Howard Hinnant's civil-from-days).
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : NaN;
}

/** `YYYY-MM-DD` → days since 1970-01-01; throws a RangeError (Chinese message) on a bad date. */
export function dayNumber(date: string): number {
  if (typeof date === 'string' && date.length === 10 && date[4] === '-' && date[7] === '-') {
    const y = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
    const m = digit(date, 5) * 10 + digit(date, 6);
    const d = digit(date, 8) * 10 + digit(date, 9);
    if (m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) return daysFromCivil(y, m, d);
  }
  throw new RangeError(`日期“${String(date)}”无效，应为 YYYY-MM-DD 格式的真实日期`);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
export function fromDayNumber(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** Is `date` a real `YYYY-MM-DD` date? */
export function isIsoDate(date: string): boolean {
  try {
    dayNumber(date);
    return true;
  } catch {
    return false;
  }
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return dayOfWeek(dayNumber(date));
}
function dayOfWeek(n: number): number {
  return (((n + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function addDays(date: string, n: number): string {
  return fromDayNumber(dayNumber(date) + n);
}

// ---------------------------------------------------------------------------------------------
// The index: one Set of holiday and one of make-up workday day numbers per calendar (cached)

interface CalendarIndex {
  holidays: Set<number>;
  workdays: Set<number>;
  names: Map<number, string>;
  years: Set<number>;
  /** prefix[i] = workdays in [TABLE_START, TABLE_START + i]. */
  prefix: Int32Array;
  /** Day numbers of every workday in the table range, ascending. */
  list: Int32Array;
}
/** Precomputed range for O(1) arithmetic: 1970-01-01 … 2100-12-31; outside it we walk day by day. */
const TABLE_START = 0;
const TABLE_END = daysFromCivil(2100, 12, 31);
const indexCache = new WeakMap<object, CalendarIndex>();

function indexOf(cal: WorkCalendar): CalendarIndex {
  const cached = indexCache.get(cal.years);
  if (cached) return cached;
  const size = TABLE_END - TABLE_START + 1;
  const idx: CalendarIndex = {
    holidays: new Set(),
    workdays: new Set(),
    names: new Map(),
    years: new Set(),
    prefix: new Int32Array(size),
    list: new Int32Array(size),
  };
  for (const [year, entry] of Object.entries(cal.years)) {
    idx.years.add(Number(year));
    for (const h of entry.holidays) {
      const n = dayNumber(h.date);
      idx.holidays.add(n);
      idx.names.set(n, h.name);
    }
    for (const w of entry.workdays) idx.workdays.add(dayNumber(w));
  }
  let count = 0;
  for (let i = 0; i < size; i++) {
    if (isWorkdayNumber(idx, TABLE_START + i)) idx.list[count++] = TABLE_START + i;
    idx.prefix[i] = count;
  }
  idx.list = idx.list.slice(0, count);
  indexCache.set(cal.years, idx);
  return idx;
}

function isWorkdayNumber(idx: CalendarIndex, n: number): boolean {
  if (idx.holidays.has(n)) return false;
  if (idx.workdays.has(n)) return true;
  const dow = dayOfWeek(n);
  return dow !== 0 && dow !== 6;
}

export function isWorkday(date: string, cal: WorkCalendar = BUILTIN_CALENDAR): boolean {
  return isWorkdayNumber(indexOf(cal), dayNumber(date));
}

/** The holiday's name (e.g. 春节) when `date` is an official holiday, else null. */
export function holidayName(date: string, cal: WorkCalendar = BUILTIN_CALENDAR): string | null {
  return indexOf(cal).names.get(dayNumber(date)) ?? null;
}

/** Is `date` a weekend day that is a make-up workday (调休上班)? */
export function isMakeupWorkday(date: string, cal: WorkCalendar = BUILTIN_CALENDAR): boolean {
  return indexOf(cal).workdays.has(dayNumber(date));
}

export function calendarCovers(cal: WorkCalendar, year: number | string): boolean {
  return indexOf(cal).years.has(Number(year));
}

/** The years the calendar lists, ascending. */
export function coveredYears(cal: WorkCalendar = BUILTIN_CALENDAR): number[] {
  return [...indexOf(cal).years].sort((a, b) => a - b);
}

/** Does the calendar list every year from `from` to `to` (dates, either order)? */
export function rangeCovered(from: string, to: string, cal: WorkCalendar = BUILTIN_CALENDAR): boolean {
  const a = Number(from.slice(0, 4));
  const b = Number(to.slice(0, 4));
  const idx = indexOf(cal);
  for (let y = Math.min(a, b); y <= Math.max(a, b); y++) if (!idx.years.has(y)) return false;
  return true;
}

/** The years from `from` to `to` (dates, either order) that the calendar does not list: there the week's rule was assumed. */
export function uncoveredYears(from: string, to: string, cal: WorkCalendar = BUILTIN_CALENDAR): number[] {
  const a = Number(from.slice(0, 4));
  const b = Number(to.slice(0, 4));
  const idx = indexOf(cal);
  const out: number[] = [];
  for (let y = Math.min(a, b); y <= Math.max(a, b); y++) if (!idx.years.has(y)) out.push(y);
  return out;
}

/** From this month on the desk warns that next year's calendar is still missing (the notice usually comes in November or December). */
export const NEXT_YEAR_WARNING_MONTH = 11;

/**
 * Years the 工作台 should warn about on `today`: this year when it is missing, and next year when
 * it is missing from November on (due dates soon run into it).
 */
export function calendarWarningYears(today: string, cal: WorkCalendar = BUILTIN_CALENDAR): number[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const out: number[] = [];
  if (!calendarCovers(cal, year)) out.push(year);
  if (month >= NEXT_YEAR_WARNING_MONTH && !calendarCovers(cal, year + 1)) out.push(year + 1);
  return out;
}

/** "2027年工作日历尚未发布，到期日按周末推算" (several years joined by 、); null for none. */
export function calendarWarningText(years: readonly number[]): string | null {
  if (years.length === 0) return null;
  return `${[...years].sort((a, b) => a - b).join('、')}年工作日历尚未发布，到期日按周末推算`;
}

// ---------------------------------------------------------------------------------------------
// Working days

const inTable = (d: number) => d >= TABLE_START && d <= TABLE_END;
/** Workdays in [TABLE_START, d]. */
const upTo = (idx: CalendarIndex, d: number) => idx.prefix[d - TABLE_START] ?? 0;

function addWorkdaysNumber(idx: CalendarIndex, start: number, n: number): number {
  if (inTable(start)) {
    const before = upTo(idx, start) - (n < 0 && isWorkdayNumber(idx, start) ? 1 : 0);
    const k = n > 0 ? before + n - 1 : before + n;
    if (n !== 0 && k >= 0 && k < idx.list.length) return idx.list[k] ?? start;
  }
  let d = start;
  if (n > 0) {
    let left = n;
    while (left > 0) {
      d++;
      if (isWorkdayNumber(idx, d)) left--;
    }
  } else if (n < 0) {
    let left = -n;
    while (left > 0) {
      d--;
      if (isWorkdayNumber(idx, d)) left--;
    }
  }
  return d;
}

/**
 * The n-th working day after `start` (the day of acceptance does not count): 1 working day after a
 * Friday is the next workday, which may be a make-up Saturday or Sunday. n = 0 returns `start`;
 * negative n counts back (the n-th working day before `start`).
 */
export function addWorkdays(start: string, n: number, cal: WorkCalendar = BUILTIN_CALENDAR): string {
  if (!Number.isInteger(n)) throw new RangeError(`工作日数应为整数，收到 ${n}`);
  return fromDayNumber(addWorkdaysNumber(indexOf(cal), dayNumber(start), n));
}

/**
 * Working days from `a` to `b`: for b ≥ a the workdays in (a, b]; for b < a minus the workdays in
 * [b, a). So `workdaysBetween(a, addWorkdays(a, n)) === n` for every integer n.
 */
export function workdaysBetween(a: string, b: string, cal: WorkCalendar = BUILTIN_CALENDAR): number {
  const idx = indexOf(cal);
  const x = dayNumber(a);
  const y = dayNumber(b);
  if (inTable(x) && inTable(y)) {
    if (y >= x) return upTo(idx, y) - upTo(idx, x);
    const w = (d: number) => (isWorkdayNumber(idx, d) ? 1 : 0);
    return -(upTo(idx, x) - w(x) - (upTo(idx, y) - w(y)));
  }
  let count = 0;
  if (y >= x) {
    for (let d = x + 1; d <= y; d++) if (isWorkdayNumber(idx, d)) count++;
    return count;
  }
  for (let d = y; d < x; d++) if (isWorkdayNumber(idx, d)) count++;
  return -count;
}

/** The first workday on or after `date`. */
export function nextWorkdayOnOrAfter(date: string, cal: WorkCalendar = BUILTIN_CALENDAR): string {
  const idx = indexOf(cal);
  let d = dayNumber(date);
  while (!isWorkdayNumber(idx, d)) d++;
  return fromDayNumber(d);
}

/**
 * Working days left until `due` counted from `today`: 0 = due today, 1 = due the next workday,
 * negative = overdue by that many working days.
 */
export function daysLeft(today: string, due: string, cal: WorkCalendar = BUILTIN_CALENDAR): number {
  return workdaysBetween(today, due, cal);
}

// ---------------------------------------------------------------------------------------------
// Working hours

export interface OfficePeriod {
  /** `HH:mm` */
  start: string;
  /** `HH:mm`, after start */
  end: string;
}
export type OfficeHours = readonly OfficePeriod[];

/** Usual service-hall hours: 08:30–12:00 and 14:30–17:30 (6.5 working hours a day). */
export const DEFAULT_OFFICE_HOURS: OfficeHours = [
  { start: '08:30', end: '12:00' },
  { start: '14:30', end: '17:30' },
];
/** Example of Fuzhou summer hours (夏季作息): 08:00–12:00 and 15:00–18:00. Offices configure their own. */
export const FUZHOU_SUMMER_OFFICE_HOURS: OfficeHours = [
  { start: '08:00', end: '12:00' },
  { start: '15:00', end: '18:00' },
];

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
function minutesOf(hhmm: string): number {
  const m = TIME_RE.exec(hhmm);
  if (!m) throw new RangeError(`时间“${hhmm}”无效，应为 HH:mm`);
  return Number(m[1]) * 60 + Number(m[2]);
}
function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function periodsOf(hours: OfficeHours): Array<[number, number]> {
  const out = hours.map((p) => [minutesOf(p.start), minutesOf(p.end)] as [number, number]);
  out.sort((a, b) => a[0] - b[0]);
  let last = -1;
  for (const [s, e] of out) {
    if (e <= s || s < last) throw new RangeError('办公时间段无效：每段结束须晚于开始，且各段不能重叠');
    last = e;
  }
  if (out.length === 0) throw new RangeError('办公时间至少需要一个时间段');
  return out;
}

/** Working minutes in one working day under `hours` (390 for the default hours). */
export function workingMinutesPerDay(hours: OfficeHours = DEFAULT_OFFICE_HOURS): number {
  return periodsOf(hours).reduce((sum, [s, e]) => sum + (e - s), 0);
}

const DATETIME_RE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?$/;

/**
 * Adds working time to a local date-time (`YYYY-MM-DDTHH:mm`, or a bare date = start of that day).
 * Only office hours on workdays count. A start outside office hours starts the clock at the next
 * opening. The result is the moment the limit runs out; when that is exactly a period's end it is
 * that end (e.g. `…T17:30`), not the next opening.
 */
export function addWorkingTime(
  startIso: string,
  amount: number,
  unit: 'workhours' | 'minutes',
  cal: WorkCalendar = BUILTIN_CALENDAR,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS,
): string {
  const m = DATETIME_RE.exec(startIso);
  if (!m) throw new RangeError(`时间“${startIso}”无效，应为 YYYY-MM-DDTHH:mm`);
  if (!(amount >= 0) || !Number.isFinite(amount)) throw new RangeError('时限应为非负数');
  const idx = indexOf(cal);
  const periods = periodsOf(hours);
  let day = dayNumber(m[1] ?? '');
  let minute = m[2] ? minutesOf(m[2]) : 0;
  let left = Math.round(unit === 'workhours' ? amount * 60 : amount);
  for (let guard = 0; guard < 200_000; guard++) {
    if (isWorkdayNumber(idx, day)) {
      for (const [s, e] of periods) {
        if (minute >= e) continue;
        const from = Math.max(minute, s);
        const avail = e - from;
        if (left <= avail) return `${fromDayNumber(day)}T${hhmm(from + left)}`;
        left -= avail;
        minute = e;
      }
    }
    day++;
    minute = 0;
  }
  throw new RangeError('时限过长，无法计算');
}

// ---------------------------------------------------------------------------------------------
// Due dates

export interface TimeLimit {
  value: number;
  unit: 'workdays' | 'workhours' | 'minutes';
}

export interface DueInfo {
  /** The due date `YYYY-MM-DD`. */
  date: string;
  /** For hour/minute limits the due moment `YYYY-MM-DDTHH:mm`; null for working-day limits. */
  at: string | null;
  /** False when a year between acceptance and due date is not in the calendar (Monday–Friday assumed). */
  covered: boolean;
  /** Those years, ascending: the due date is an estimate for them. */
  uncovered: number[];
}

/** Due date and moment for a limit, with whether the calendar covered the whole span. */
export function dueFor(
  accepted: string,
  limit: TimeLimit,
  cal: WorkCalendar = BUILTIN_CALENDAR,
  hours: OfficeHours = DEFAULT_OFFICE_HOURS,
): DueInfo {
  const date = accepted.slice(0, 10);
  if (limit.unit === 'workdays') {
    const due = addWorkdays(date, limit.value, cal);
    const uncovered = uncoveredYears(date, due, cal);
    return { date: due, at: null, covered: uncovered.length === 0, uncovered };
  }
  const at = addWorkingTime(accepted, limit.value, limit.unit, cal, hours);
  const uncovered = uncoveredYears(date, at.slice(0, 10), cal);
  return { date: at.slice(0, 10), at, covered: uncovered.length === 0, uncovered };
}

/**
 * The due date (`YYYY-MM-DD`) for a limit counted from the acceptance date (the day of acceptance
 * does not count for working-day limits; hour/minute limits run from the acceptance moment when
 * `accepted` carries a time, else from the start of that day).
 */
export function dueDateFor(accepted: string, limit: TimeLimit, cal: WorkCalendar = BUILTIN_CALENDAR): string {
  return dueFor(accepted, limit, cal).date;
}

// ---------------------------------------------------------------------------------------------
// Editing by an admin

const isoDate = z.string().refine(isIsoDate, { error: '日期应为 YYYY-MM-DD 格式的真实日期' });

/** Schema for one year's entry; `year` is the year the entry is for. */
export function calendarYearSchema(year: number) {
  return z
    .object({
      notice: z.string().trim().max(200, { error: '通知名称不能超过200个字' }).optional(),
      holidays: z.array(
        z.object({
          date: isoDate,
          name: z.string().trim().min(1, { error: '请填写节日名称' }).max(20, { error: '节日名称不能超过20个字' }),
        }),
      ),
      workdays: z.array(isoDate),
    })
    .superRefine((entry, ctx) => {
      const prefix = `${year}-`;
      const seen = new Set<string>();
      entry.holidays.forEach((h, i) => {
        if (!isIsoDate(h.date)) return;
        if (!h.date.startsWith(prefix)) {
          ctx.addIssue({ code: 'custom', path: ['holidays', i, 'date'], message: `假日 ${h.date} 不在${year}年内` });
        }
        if (seen.has(h.date)) {
          ctx.addIssue({ code: 'custom', path: ['holidays', i, 'date'], message: `假日 ${h.date} 重复` });
        }
        seen.add(h.date);
      });
      const seenW = new Set<string>();
      entry.workdays.forEach((w, i) => {
        if (!isIsoDate(w)) return;
        if (!w.startsWith(prefix)) {
          ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `调休上班日 ${w} 不在${year}年内` });
        }
        if (seen.has(w)) {
          ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `${w} 不能既是假日又是调休上班日` });
        }
        if (seenW.has(w)) ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `调休上班日 ${w} 重复` });
        seenW.add(w);
        const dow = weekday(w);
        if (dow !== 0 && dow !== 6) {
          ctx.addIssue({ code: 'custom', path: ['workdays', i], message: `调休上班日 ${w} 应为星期六或星期日` });
        }
      });
    })
    .transform((entry): CalendarYear => {
      const out: CalendarYear = {
        holidays: [...entry.holidays].sort((a, b) => (a.date < b.date ? -1 : 1)),
        workdays: [...entry.workdays].sort(),
      };
      if (entry.notice) out.notice = entry.notice;
      return out;
    });
}

export const calendarYearKeySchema = z.coerce
  .number({ error: '年份应为数字' })
  .int({ error: '年份应为整数' })
  .min(2000, { error: '年份不能早于2000年' })
  .max(2100, { error: '年份不能晚于2100年' });

/**
 * Returns a new calendar with `year` replaced by `entry` (validated), or a Chinese error.
 * The input calendar is not changed.
 */
export function mergeYear(
  cal: WorkCalendar,
  year: number | string,
  entry: unknown,
): { ok: true; value: WorkCalendar } | { ok: false; error: string } {
  const y = calendarYearKeySchema.safeParse(year);
  if (!y.success) return { ok: false, error: y.error.issues[0]?.message ?? '年份无效' };
  const parsed = calendarYearSchema(y.data).safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const msg = issue?.code === 'custom' ? issue.message : `${y.data}年日历格式无效：${issue?.message ?? ''}`;
    return { ok: false, error: msg };
  }
  return { ok: true, value: { years: { ...cal.years, [String(y.data)]: parsed.data } } };
}

/**
 * Parses a whole calendar (e.g. one received from the central server or imported from a file):
 * every year is checked with `calendarYearSchema`. Returns the calendar or the first Chinese error.
 */
export function parseWorkCalendar(input: unknown): { ok: true; value: WorkCalendar } | { ok: false; error: string } {
  const shape = z.object({ years: z.record(z.string(), z.unknown()) }).safeParse(input);
  if (!shape.success) return { ok: false, error: '工作日历格式无效：缺少 years' };
  let cal: WorkCalendar = { years: {} };
  for (const [year, entry] of Object.entries(shape.data.years)) {
    if (!/^\d{4}$/.test(year)) return { ok: false, error: `工作日历中的年份“${year}”无效` };
    const r = mergeYear(cal, year, entry);
    if (!r.ok) return r;
    cal = r.value;
  }
  return { ok: true, value: cal };
}

/** A readable summary of a year for `calendar show YEAR`: holidays, make-up workdays, coverage. */
export function describeYear(
  year: number,
  cal: WorkCalendar = BUILTIN_CALENDAR,
): { year: number; covered: boolean; notice: string | null; holidays: CalendarHoliday[]; workdays: string[]; workdayCount: number } {
  const entry = cal.years[String(year)];
  const count = workdaysBetween(`${year - 1}-12-31`, `${year}-12-31`, cal);
  return {
    year,
    covered: calendarCovers(cal, year),
    notice: entry?.notice ?? null,
    holidays: entry?.holidays ?? [],
    workdays: entry?.workdays ?? [],
    workdayCount: count,
  };
}
