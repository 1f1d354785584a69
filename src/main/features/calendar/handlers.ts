import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { getCalendarYear, setCalendarDay } from './service';

export const calendarHandlers = defineHandlers<BackendDeps>()({
  'calendar.year': (input, ctx) => getCalendarYear(svc(ctx), input),
  'calendar.setDay': (input, ctx) => setCalendarDay(svc(ctx), input),
});
