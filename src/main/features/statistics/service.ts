// 统计分析: the figures of a period for an office subtree, each beside the period before, and the
// cases behind any of them. Each figure is one grouped query (measures.ts holds the conditions);
// working days are counted in JS with the calendar's prefix table (O(1) per pair).
import type { ApiOutput, StatCount, StatsDto } from '../../../shared/api/index.js';
import { CHANNELS, HELP_KINDS, MODES, PROJECT_CATEGORIES, STAGES, TRANSFER_KINDS } from '../../../shared/domain/enums.js';
import { dayNumber, workdaysBetween, type WorkCalendar } from '../../../shared/domain/calendar.js';
import { previousPeriod, type Period } from '../../../shared/reports/period.js';
import type { ReportParams } from '../../../shared/reports/report.js';
import { DomainError } from '../../../shared/errors.js';
import { chinaDate } from '../../platform/clock.js';
import { caseSummaries } from '../cases/service.js';
import { authorize, calendarOf, type ServiceContext } from '../context.js';
import { LATE_CASE_IDS, completedWhere, correctingWhere, drillQuery, itemsDoneWhere, openProblemsWhere, receivedWhere, transfersWhere, type Drill } from './measures.js';
import { statsScope, type StatsScope } from './scope.js';

const NONE = '未分类';

/** Every code of a vocabulary (zeros included, so bars keep their places), then any other value met. */
function labelled(labels: Record<string, string>, now: Map<string, number>, prev: Map<string, number>, prefix: string, noneLabel = NONE): StatCount[] {
  const keys = [...new Set([...Object.keys(labels), ...now.keys(), ...prev.keys()])];
  return keys.map((k) => ({ key: `${prefix}:${k}`, label: labels[k] ?? (k === 'none' ? noneLabel : k), value: now.get(k) ?? 0, previous: prev.get(k) ?? 0 }));
}

interface ReceivedRow { org_unit_id: string; channel: string; mode: string; help_kind: string; category: string; n: number }

function receivedRows(ctx: ServiceContext, scope: StatsScope, period: Period): ReceivedRow[] {
  const w = receivedWhere(scope, period);
  return ctx.store.db
    .prepare(
      `SELECT c.org_unit_id, c.channel, c.mode, coalesce(c.help_kind, 'none') AS help_kind, coalesce(p.category, 'none') AS category, count(*) AS n
       FROM cases c LEFT JOIN projects p INDEXED BY projects_category ON p.id = c.project_id WHERE ${w.sql} GROUP BY 1, 2, 3, 4, 5`,
    )
    .all(...w.args) as ReceivedRow[];
}

function sumBy(rows: ReceivedRow[], key: (r: ReceivedRow) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + r.n);
  return m;
}

/** Completed cases summed per handling office and per 办结 day, with their working days in all. */
interface Completed { byOffice: Map<string, number>; byDay: Map<string, number>; total: number; workdays: number; lateByOffice: Map<string, number> }

const EPOCH = '1970-01-01';

function completedRows(ctx: ServiceContext, scope: StatsScope, period: Period, cal: WorkCalendar): Completed {
  const w = completedWhere(scope, period);
  // Raw rows from the covering index, summed here (a GROUP BY over a function of closed_at would
  // sort every row). Working days 受理 → 办结 as W(办结) − W(受理), W = working days since 1970,
  // each date's W computed once.
  const raw = ctx.store.db.prepare(`SELECT c.handling_org_unit_id, c.accepted_date, c.closed_at FROM cases c WHERE ${w.sql}`).raw().all(...w.args) as Array<[string, string, string]>;
  const wOf = new Map<string, number>();
  const W = (date: string) => {
    let v = wOf.get(date);
    if (v === undefined) wOf.set(date, (v = workdaysBetween(EPOCH, date, cal)));
    return v;
  };
  const dayOf = new Map<string, string>();
  const out: Completed = { byOffice: new Map(), byDay: new Map(), total: raw.length, workdays: 0, lateByOffice: new Map() };
  for (const [h, a, closed] of raw) {
    // The China date of a UTC instant depends only on its UTC date and hour.
    const stamp = closed.slice(0, 13);
    let d = dayOf.get(stamp);
    if (d === undefined) dayOf.set(stamp, (d = chinaDate(new Date(closed))));
    out.workdays += Math.max(0, W(d) - W(a));
    out.byOffice.set(h, (out.byOffice.get(h) ?? 0) + 1);
    out.byDay.set(d, (out.byDay.get(d) ?? 0) + 1);
  }
  // The late ones are few: found from the late items (plan_items_late), then their cases.
  const late = ctx.store.db
    .prepare(
      `SELECT c.handling_org_unit_id AS h, count(*) AS n
       FROM (${LATE_CASE_IDS}) l CROSS JOIN cases c ON c.id = l.case_id WHERE ${w.sql} GROUP BY 1`,
    )
    .all(...w.args) as Array<{ h: string; n: number }>;
  out.lateByOffice = new Map(late.map((r) => [r.h, r.n]));
  return out;
}

function average(values: number[]): number | null {
  return values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10;
}

/** The average of `days` weighted by `n`, to one place; null without any. */
function weightedAverage(pairs: Array<[days: number, n: number]>): number | null {
  const n = pairs.reduce((t, [, k]) => t + k, 0);
  return n === 0 ? null : Math.round((pairs.reduce((t, [d, k]) => t + d * k, 0) / n) * 10) / 10;
}

function completedFigures(c: Completed) {
  const late = [...c.lateByOffice.values()].reduce((t, n) => t + n, 0);
  return {
    total: c.total,
    late,
    onTimeRate: c.total ? (c.total - late) / c.total : null,
    avgCaseWorkdays: c.total ? Math.round((c.workdays / c.total) * 10) / 10 : null,
  };
}

function transferCount(ctx: ServiceContext, scope: StatsScope, period: Period): number {
  const w = transfersWhere(scope, period);
  return ctx.store.db.prepare(`SELECT count(*) FROM transfers tr JOIN cases c ON c.id = tr.case_id WHERE ${w.sql}`).pluck().get(...w.args) as number;
}

/** Day buckets up to a month, weeks up to a quarter, months beyond. */
function trendBuckets(period: Period): { unit: 'day' | 'week' | 'month'; of: (date: string) => string; buckets: string[] } {
  const days = dayNumber(period.to) - dayNumber(period.from) + 1;
  const list: string[] = [];
  if (days <= 31) {
    for (let d = dayNumber(period.from); d <= dayNumber(period.to); d++) list.push(new Date(d * 86_400_000).toISOString().slice(5, 10));
    return { unit: 'day', of: (date) => date.slice(5, 10), buckets: list };
  }
  if (days <= 92) {
    const start = dayNumber(period.from);
    const n = Math.ceil(days / 7);
    for (let i = 0; i < n; i++) list.push(`第${i + 1}周`);
    return { unit: 'week', of: (date) => `第${Math.floor((dayNumber(date) - start) / 7) + 1}周`, buckets: list };
  }
  let y = Number(period.from.slice(0, 4));
  let m = Number(period.from.slice(5, 7));
  const endKey = period.to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    list.push(key);
    if (key >= endKey) break;
    if (++m > 12) { m = 1; y++; }
  }
  return { unit: 'month', of: (date) => date.slice(0, 7), buckets: list };
}

const AGE_BUCKETS = [
  { key: 'age:5', label: '5个工作日内', max: 5 },
  { key: 'age:10', label: '6–10个工作日', max: 10 },
  { key: 'age:20', label: '11–20个工作日', max: 20 },
  { key: 'age:more', label: '20个工作日以上', max: Infinity },
];

/** `waitingListed`: how many of the longest 补正 waits to list (the page shows 20, a report all). */
export function getStats(ctx: ServiceContext, params: ReportParams, waitingListed = 20): StatsDto {
  authorize(ctx, 'stats.overview');
  const scope = statsScope(ctx, params);
  const { store } = ctx;
  const cal = calendarOf(store);
  const today = store.today();
  const period: Period = { from: params.from, to: params.to };
  const prev = previousPeriod(period);

  // 受理: one grouped query per period, summed by each dimension.
  const rec = receivedRows(ctx, scope, period);
  const recPrev = receivedRows(ctx, scope, prev);
  const by = (f: (r: ReceivedRow) => string) => [sumBy(rec, f), sumBy(recPrev, f)] as const;
  const groupOf = (office: string) => scope.groupOf.get(office) ?? scope.officeId;
  const [officeNow, officePrev] = by((r) => groupOf(r.org_unit_id));
  const groupLabels = Object.fromEntries(scope.groups.map((g) => [g.id, g.name]));

  // 办结 and on time.
  const done = completedRows(ctx, scope, period, cal);
  const donePrev = completedRows(ctx, scope, prev, cal);
  const figures = completedFigures(done);
  const figuresPrev = completedFigures(donePrev);
  const completedByOffice = scope.groups.map((g) => {
    const completed = [...done.byOffice].filter(([h]) => groupOf(h) === g.id).reduce((t, [, n]) => t + n, 0);
    const late = [...done.lateByOffice].filter(([h]) => groupOf(h) === g.id).reduce((t, [, n]) => t + n, 0);
    return { key: `office:${g.id}`, label: g.name, completed, onTime: completed - late, late };
  });

  // Trend.
  const trend = trendBuckets(period);
  const recTrend = new Map<string, number>();
  const acceptedDays = receivedTrendRows(ctx, scope, period);
  for (const r of acceptedDays) recTrend.set(trend.of(r.d), (recTrend.get(trend.of(r.d)) ?? 0) + r.n);
  const doneTrend = new Map<string, number>();
  for (const [d, n] of done.byDay) {
    const b = trend.of(d);
    doneTrend.set(b, (doneTrend.get(b) ?? 0) + n);
  }

  // Items approved in the period: per stage and per catalogue item, grouped by their dates (the
  // working days of each start → done pair are counted once). Over every office, the partial index
  // plan_items_done is read alone, with deleted cases taken out as a set; for part of the tree, from
  // the offices' cases to their items (CROSS JOIN keeps that order: the other way visits every
  // item of the period to find its office).
  const iw = itemsDoneWhere(scope, period);
  const everything = scope.everyOffice && !scope.agentId;
  const items = store.db
    .prepare(
      everything
        ? `SELECT pi.stage, pi.catalog_code, pi.start_date, pi.completed_date, count(*) AS n, sum(pi.due_date IS NOT NULL AND pi.completed_date > pi.due_date) AS late
           FROM plan_items pi WHERE pi.status = 'approved' AND pi.deleted_at IS NULL AND pi.completed_date >= ? AND pi.completed_date <= ?
             AND pi.case_id NOT IN (SELECT id FROM cases WHERE deleted_at IS NOT NULL) GROUP BY 1, 2, 3, 4`
        : `SELECT pi.stage, pi.catalog_code, pi.start_date, pi.completed_date, count(*) AS n, sum(pi.due_date IS NOT NULL AND pi.completed_date > pi.due_date) AS late
           FROM cases c CROSS JOIN plan_items pi ON pi.case_id = c.id WHERE ${iw.sql} GROUP BY 1, 2, 3, 4`,
    )
    .all(...(everything ? [period.from, period.to] : iw.args)) as Array<{ stage: number; catalog_code: string; start_date: string | null; completed_date: string; n: number; late: number }>;
  const names = new Map((store.db.prepare('SELECT code, name, department FROM catalog_items WHERE deleted_at IS NULL').all() as Array<{ code: string; name: string; department: string }>).map((c) => [c.code, c]));
  const stageAcc = new Map<number, { items: number; late: number; days: Array<[number, number]> }>();
  const codeAcc = new Map<string, { name: string; department: string; items: number; late: number; days: Array<[number, number]> }>();
  for (const it of items) {
    const days = it.start_date ? Math.max(0, workdaysBetween(it.start_date, it.completed_date, cal)) : null;
    const s = stageAcc.get(it.stage) ?? { items: 0, late: 0, days: [] };
    s.items += it.n; s.late += it.late; if (days !== null) s.days.push([days, it.n]);
    stageAcc.set(it.stage, s);
    const known = names.get(it.catalog_code);
    const c = codeAcc.get(it.catalog_code) ?? { name: known?.name ?? it.catalog_code, department: known?.department ?? '', items: 0, late: 0, days: [] };
    c.items += it.n; c.late += it.late; if (days !== null) c.days.push([days, it.n]);
    codeAcc.set(it.catalog_code, c);
  }
  const stageOrder = [1, 2, 3, 4, 0];

  // 补正 now.
  const cw = correctingWhere(scope);
  const correcting = store.db
    .prepare(
      `SELECT c.id AS case_id, c.case_no, pi.name, pi.department, pi.updated_at,
              (SELECT max(pe.occurred_date) FROM progress_entries pe WHERE pe.case_id = pi.case_id AND pe.plan_item_id = pi.id AND pe.kind = 'correction' AND pe.withdrawn_at IS NULL AND pe.deleted_at IS NULL) AS since
       FROM plan_items pi CROSS JOIN cases c ON c.id = pi.case_id WHERE ${cw.sql}`,
    )
    .all(...cw.args) as Array<{ case_id: string; case_no: string; name: string; department: string; updated_at: string; since: string | null }>;
  const waits = correcting
    .map((r) => {
      const since = r.since ?? chinaDate(new Date(r.updated_at));
      return { caseId: r.case_id, caseNo: r.case_no, itemName: r.name, department: r.department, since, workdays: Math.max(0, workdaysBetween(since, today, cal)) };
    })
    .sort((a, b) => b.workdays - a.workdays || a.caseNo.localeCompare(b.caseNo));

  // Problems now, by department and age.
  const pw = openProblemsWhere(scope);
  const probs = store.db.prepare(`SELECT pr.department, pr.raised_date FROM problems pr JOIN cases c ON c.id = pr.case_id WHERE ${pw.sql}`).all(...pw.args) as Array<{ department: string; raised_date: string }>;
  const byDept = new Map<string, { department: string; total: number; upTo5: number; upTo10: number; upTo20: number; over20: number; oldest: number }>();
  for (const p of probs) {
    const age = Math.max(0, workdaysBetween(p.raised_date, today, cal));
    const d = byDept.get(p.department) ?? { department: p.department, total: 0, upTo5: 0, upTo10: 0, upTo20: 0, over20: 0, oldest: 0 };
    d.total++;
    if (age <= 5) d.upTo5++; else if (age <= 10) d.upTo10++; else if (age <= 20) d.upTo20++; else d.over20++;
    d.oldest = Math.max(d.oldest, age);
    byDept.set(p.department, d);
  }

  // 接力办: transfers sent in the period, by kind and outcome, with the time they waited.
  const tw = transfersWhere(scope, period);
  const trs = store.db
    .prepare(`SELECT tr.kind, tr.status, tr.sent_at, tr.responded_at FROM transfers tr JOIN cases c ON c.id = tr.case_id WHERE ${tw.sql}`)
    .all(...tw.args) as Array<{ kind: string; status: string; sent_at: string; responded_at: string | null }>;
  const byKind = Object.entries(TRANSFER_KINDS.labels).map(([kind, label]) => {
    const rows = trs.filter((r) => r.kind === kind);
    const waited = rows.filter((r) => r.responded_at).map((r) => Math.max(0, workdaysBetween(chinaDate(new Date(r.sent_at)), chinaDate(new Date(r.responded_at!)), cal)));
    return {
      kind,
      label,
      sent: rows.length,
      accepted: rows.filter((r) => r.status === 'accepted').length,
      returned: rows.filter((r) => r.status === 'returned').length,
      pending: rows.filter((r) => r.status === 'sent').length,
      avgWaitWorkdays: average(waited),
    };
  });

  const [chNow, chPrev] = by((r) => r.channel);
  const [moNow, moPrev] = by((r) => r.mode);
  const [hkNow, hkPrev] = by((r) => r.help_kind);
  const [caNow, caPrev] = by((r) => r.category);
  return {
    officeName: scope.officeName,
    period,
    previous: prev,
    agentOnly: scope.agentId !== null,
    headline: {
      received: { value: rec.reduce((a, r) => a + r.n, 0), previous: recPrev.reduce((a, r) => a + r.n, 0) },
      completed: { value: figures.total, previous: figuresPrev.total },
      onTimeRate: { value: figures.onTimeRate, previous: figuresPrev.onTimeRate },
      avgCaseWorkdays: { value: figures.avgCaseWorkdays, previous: figuresPrev.avgCaseWorkdays },
      transfers: { value: trs.length, previous: transferCount(ctx, scope, prev) },
    },
    received: {
      byChannel: labelled(CHANNELS.labels, chNow, chPrev, 'channel'),
      byMode: labelled(MODES.labels, moNow, moPrev, 'mode'),
      byHelpKind: labelled(HELP_KINDS.labels, hkNow, hkPrev, 'helpKind', '代办（无帮办方式）'),
      byCategory: labelled(PROJECT_CATEGORIES.labels, caNow, caPrev, 'category', '非项目事项'),
      byOffice: scope.groups.map((g) => ({ key: `office:${g.id}`, label: groupLabels[g.id] ?? g.name, value: officeNow.get(g.id) ?? 0, previous: officePrev.get(g.id) ?? 0 })),
    },
    trend: { unit: trend.unit, buckets: trend.buckets, received: trend.buckets.map((b) => recTrend.get(b) ?? 0), completed: trend.buckets.map((b) => doneTrend.get(b) ?? 0) },
    completed: { total: figures.total, onTime: figures.total - figures.late, late: figures.late, byOffice: completedByOffice },
    stages: stageOrder
      .filter((s) => stageAcc.has(s))
      .map((s) => {
        const a = stageAcc.get(s)!;
        return { stage: s, label: STAGES.labels[String(s) as keyof typeof STAGES.labels], items: a.items, late: a.late, avgWorkdays: weightedAverage(a.days) };
      }),
    catalogItems: [...codeAcc]
      .map(([code, a]) => ({ code, name: a.name, department: a.department, items: a.items, late: a.late, avgWorkdays: weightedAverage(a.days) }))
      .sort((a, b) => b.items - a.items || a.code.localeCompare(b.code)),
    correcting: {
      total: waits.length,
      byAge: AGE_BUCKETS.map((b, i) => {
        const min = i === 0 ? -1 : AGE_BUCKETS[i - 1]!.max;
        return { key: b.key, label: b.label, value: waits.filter((w) => w.workdays > min && w.workdays <= b.max).length, previous: 0 };
      }),
      longest: waits.slice(0, waitingListed),
    },
    problems: { total: probs.length, byDepartment: [...byDept.values()].sort((a, b) => b.total - a.total || b.oldest - a.oldest) },
    transfers: { total: trs.length, byKind },
  };
}

function receivedTrendRows(ctx: ServiceContext, scope: StatsScope, period: Period): Array<{ d: string; n: number }> {
  const w = receivedWhere(scope, period);
  return ctx.store.db.prepare(`SELECT c.accepted_date AS d, count(*) AS n FROM cases c WHERE ${w.sql} GROUP BY 1`).all(...w.args) as Array<{ d: string; n: number }>;
}

/** The cases behind one figure, newest 受理 first. */
export function statsCases(ctx: ServiceContext, input: ReportParams & Drill & { offset: number; limit: number }): ApiOutput<'stats.cases'> {
  authorize(ctx, 'stats.cases');
  const scope = statsScope(ctx, input);
  const q = drillQuery(scope, input);
  if (!q) throw new DomainError('invalid_input', '该统计项没有这一分类', { key: '分类不正确' });
  const total = ctx.store.db.prepare(`SELECT count(*) FROM (${q.sql})`).pluck().get(...q.args) as number;
  const ids = ctx.store.db
    .prepare(`SELECT x.id FROM (${q.sql}) x JOIN cases c2 ON c2.id = x.id ORDER BY c2.accepted_date DESC, c2.id DESC LIMIT ? OFFSET ?`)
    .pluck()
    .all(...q.args, input.limit, input.offset) as string[];
  return { total, cases: caseSummaries(ctx.store, ids) };
}
