import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { reportFile, reportJob, startReportJob } from './jobs';

export const reportsHandlers = defineHandlers<BackendDeps>()({
  'report.start': (input, ctx) => startReportJob(svc(ctx), input),
  'report.job': (input, ctx) => reportJob(svc(ctx), input),
  'report.file': (input, ctx) => reportFile(svc(ctx), input),
});
