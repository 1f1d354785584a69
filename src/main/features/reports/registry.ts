// The report pages, by the CLI's names: each builds its Report from the same services as its page
// (and so with the same permission checks and office scope).
import type { Report, ReportKind, ReportParams } from '../../../shared/reports/report.js';
import type { ServiceContext } from '../context.js';
import { buildContactsReport } from '../contacts/report.js';
import { buildRatingsReport } from '../evaluations/report.js';
import { buildInteractionsReport } from '../interactions/report.js';
import { buildPerformanceReport, buildStatsReport } from '../statistics/report.js';

type Builder = (ctx: ServiceContext, params: ReportParams) => Report;

const BUILDERS: Record<ReportKind, Builder> = {
  stats: buildStatsReport,
  performance: buildPerformanceReport,
  contacts: buildContactsReport,
  ratings: buildRatingsReport,
  interactions: buildInteractionsReport,
};

export function buildReport(ctx: ServiceContext, kind: ReportKind, params: ReportParams): Report {
  return BUILDERS[kind](ctx, params);
}
