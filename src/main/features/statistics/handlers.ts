import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { listPerformance, performanceCases } from './performance';
import { getStats, statsCases } from './service';

export const statisticsHandlers = defineHandlers<BackendDeps>()({
  'stats.overview': (input, ctx) => getStats(svc(ctx), input),
  'stats.cases': (input, ctx) => statsCases(svc(ctx), input),
  'performance.list': (input, ctx) => listPerformance(svc(ctx), input),
  'performance.cases': (input, ctx) => performanceCases(svc(ctx), input),
});
