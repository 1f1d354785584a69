// 工作日历: the built-in official years plus the years an admin entered (or the centre published).
// Due dates, "due soon" and "overdue" all read the effective calendar from calendarOf().
import { requireReferenceAuthority } from '../reference-authority.js';
import { eq } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput, CalendarYearDto } from '../../../shared/api/index.js';
import { BUILTIN_CALENDAR, mergeYear, weekday, type CalendarYear } from '../../../shared/domain/calendar.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { calendarOf, authorize, type ServiceContext } from '../context.js';
import { recomputeOpenDueDates } from './recompute.js';

function yearDto(ctx: ServiceContext, year: number): CalendarYearDto {
  const entry = calendarOf(ctx.store).years[String(year)];
  const row = ctx.store.orm.select().from(t.calendarYears).where(eq(t.calendarYears.year, year)).get();
  return {
    year,
    holidays: entry?.holidays.map((h) => h.date) ?? [],
    workdays: entry?.workdays ?? [],
    source: row ? row.source : BUILTIN_CALENDAR.years[String(year)] ? '国务院办公厅通知（内置）' : null,
  };
}

export function getCalendarYear(ctx: ServiceContext, input: ApiParsedInput<'calendar.year'>): ApiOutput<'calendar.year'> {
  return yearDto(ctx, input.year);
}

/** Replaces one year's holidays and make-up workdays after validating them (admin). */
export function setCalendarYear(ctx: ServiceContext, year: number, entry: unknown, source = '管理员录入'): CalendarYearDto {
  authorize(ctx, 'calendar.setDay');
  requireReferenceAuthority(ctx, { entity: 'calendarYears', id: String(year), existing: null, next: { year } });
  const merged = mergeYear(calendarOf(ctx.store), year, entry);
  if (!merged.ok) throw new DomainError('invalid_input', merged.error);
  const data = merged.value.years[String(year)] as CalendarYear;
  const now = ctx.store.nowIso();
  // The audit detail is filled inside the write (the recounted due dates are known only there).
  const detail: Record<string, unknown> = { year, holidays: data.holidays.length, workdays: data.workdays.length };
  ctx.store.write({ actor: ctx.actor, action: 'calendar.setYear', entity: 'calendarYears', entityId: String(year), detail }, (tx) => {
    ctx.store.orm
      .insert(t.calendarYears)
      .values({ year, data, source, updatedAt: now, updatedBy: ctx.actor.userId })
      .onConflictDoUpdate({ target: t.calendarYears.year, set: { data, source, updatedAt: now, updatedBy: ctx.actor.userId } })
      .run();
    ctx.store.recordOp(ctx.actor, 'calendarYears', String(year), 'insert', null, { year, data, source });
    // Open items counted on the old calendar would keep a wrong due date: recount them in this write.
    const dueDates = recomputeOpenDueDates(tx, year, merged.value);
    detail.recomputed = dueDates.length;
    if (dueDates.length) detail.dueDates = dueDates.slice(0, MAX_AUDITED_DUE_DATES);
  });
  return { ...yearDto(ctx, year), recomputedDueDates: detail.recomputed as number };
}

/** The audit event lists this many recounted items by name (the count is always there). */
const MAX_AUDITED_DUE_DATES = 500;

/** One day at a time, as the calendar editor clicks: a holiday, a make-up workday, or back to the week's rule. */
export function setCalendarDay(ctx: ServiceContext, input: ApiParsedInput<'calendar.setDay'>): ApiOutput<'calendar.setDay'> {
  authorize(ctx, 'calendar.setDay');
  const year = Number(input.date.slice(0, 4));
  const current = calendarOf(ctx.store).years[String(year)] ?? { holidays: [], workdays: [] };
  const holidays = current.holidays.filter((h) => h.date !== input.date);
  const workdays = current.workdays.filter((d) => d !== input.date);
  const dow = weekday(input.date);
  const weekend = dow === 0 || dow === 6;
  if (input.kind === 'holiday') {
    if (weekend) throw new DomainError('invalid_input', '周末本就休息，无需设为假日');
    holidays.push({ date: input.date, name: '放假' });
  } else if (input.kind === 'workday') {
    if (!weekend) throw new DomainError('invalid_input', '只有周六、周日可以设为调休上班日；工作日取消假日请选“恢复默认”');
    workdays.push(input.date);
  }
  return setCalendarYear(ctx, year, { ...current, holidays, workdays });
}
