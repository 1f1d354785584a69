// 统计分析 and 代办员绩效: figures for a period and an office subtree, each with the period before,
// the cases behind any figure, and exports of every report page (xlsx / PDF, as a job with progress).
import { z } from 'zod';
import { REPORT_FORMATS, REPORT_KINDS, reportParamsSchema } from '../reports/report';
import type { Period } from '../reports/period';
import { id } from './common';
import { defineContract, out } from './contract';
import type { CaseSummaryDto } from './dto';

export interface StatValue { value: number; previous: number }
/** One bar: `key` is what the drill-down asks for (`channel:counter`, `office:<id>` …). */
export interface StatCount { key: string; label: string; value: number; previous: number }

export interface StatsDto {
  officeName: string;
  period: Period;
  previous: Period;
  /** The caller sees only the cases they are the agent of. */
  agentOnly: boolean;
  headline: {
    received: StatValue;
    completed: StatValue;
    /** Share of completed cases with no item finished late, in [0, 1]; null without completed cases. */
    onTimeRate: { value: number | null; previous: number | null };
    /** Working days from 受理 to 办结, on average over the completed cases. */
    avgCaseWorkdays: { value: number | null; previous: number | null };
    transfers: StatValue;
  };
  received: { byChannel: StatCount[]; byMode: StatCount[]; byHelpKind: StatCount[]; byCategory: StatCount[]; byOffice: StatCount[] };
  /** Received and completed per day, week or month of the period. */
  trend: { unit: 'day' | 'week' | 'month'; buckets: string[]; received: number[]; completed: number[] };
  completed: { total: number; onTime: number; late: number; byOffice: Array<{ key: string; label: string; completed: number; onTime: number; late: number }> };
  stages: Array<{ stage: number; label: string; items: number; late: number; avgWorkdays: number | null }>;
  catalogItems: Array<{ code: string; name: string; department: string; items: number; late: number; avgWorkdays: number | null }>;
  /** Now (not the period): items waiting on 补正. */
  correcting: { total: number; byAge: StatCount[]; longest: Array<{ caseId: string; caseNo: string; itemName: string; department: string; since: string; workdays: number }> };
  /** Now: problems being coordinated, by department and age in working days. */
  problems: { total: number; byDepartment: Array<{ department: string; total: number; upTo5: number; upTo10: number; upTo20: number; over20: number; oldest: number }> };
  transfers: { total: number; byKind: Array<{ kind: string; label: string; sent: number; accepted: number; returned: number; pending: number; avgWaitWorkdays: number | null }> };
}

export interface AgentPerformanceDto {
  userId: string;
  name: string;
  officeName: string;
  /** fullTime 专职, partTime 兼职, null when not recorded. */
  agentKind: 'fullTime' | 'partTime' | null;
  /** Cases of theirs open at some time in the period. */
  handled: number;
  completed: number;
  hours: number;
  /** Of their completed cases, the share with no item late; null without any. */
  onTimeRate: number | null;
  ratings: number;
  /** Average level (1–5) of their cases' ratings in the period; null without any. */
  avgLevel: number | null;
  /** Share of ratings 满意 or 非常满意. */
  satisfiedRate: number | null;
  badRatings: number;
  rectificationsDone: number;
  rectificationsOpen: number;
  /** Bad ratings without any rectification entered. */
  rectificationsMissing: number;
}

export interface ReportJobDto {
  jobId: string;
  state: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  fileName: string;
  error: string | null;
}

/** The figures a drill-down opens: received/completed cases (by a dimension), plan items, problems, transfers. */
export const DRILL_MEASURES = ['received', 'completed', 'onTime', 'late', 'itemsDone', 'itemsLate', 'correcting', 'problems', 'transfers'] as const;
export type DrillMeasure = (typeof DRILL_MEASURES)[number];

export const drillInput = reportParamsSchema.and(
  z.object({
    measure: z.enum(DRILL_MEASURES, { error: '统计项不正确' }),
    /** `channel:counter`, `office:<id>`, `stage:2`, `code:<catalog code>`, `department:<name>`, `status:returned`, `kind:down`; none = all. */
    key: z.string({ error: '分类应为文本' }).max(200, { error: '分类过长' }).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200).default(50),
  }),
);

export const statisticsContract = defineContract({
  'stats.overview': { input: reportParamsSchema, output: out<StatsDto>(), doc: 'Every 统计分析 figure for the period and office subtree, with the period before' },
  'stats.cases': { input: drillInput, output: out<{ total: number; cases: CaseSummaryDto[] }>(), doc: 'The cases behind one figure (a bar clicked), newest first' },
  'performance.list': { input: reportParamsSchema, output: out<AgentPerformanceDto[]>(), doc: '代办员绩效: one row per agent of the office subtree (an agent sees their own)' },
  'performance.cases': {
    input: reportParamsSchema.and(z.object({ userId: id('代办员') })),
    output: out<CaseSummaryDto[]>(),
    doc: "An agent's cases open in the period, for the drill-down",
  },
  'report.start': {
    input: z.object({ kind: z.enum(REPORT_KINDS, { error: '报表类型不正确' }), format: z.enum(REPORT_FORMATS, { error: '导出格式应为 xlsx 或 pdf' }), params: reportParamsSchema }),
    output: out<ReportJobDto>(),
    doc: 'Starts an export of a report page; follow it with report.job, then fetch it with report.file',
  },
  'report.job': { input: z.object({ jobId: id('导出任务') }), output: out<ReportJobDto>() },
  'report.file': { input: z.object({ jobId: id('导出任务') }), output: out<{ fileName: string; mime: string; dataBase64: string }>(), doc: 'The finished export (once; the job is then forgotten)' },
});
