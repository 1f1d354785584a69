import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { getDashboard } from './service';

export const dashboardHandlers = defineHandlers<BackendDeps>()({
  'dashboard.get': (_input, ctx) => getDashboard(svc(ctx)),
  'sync.status': (_input, ctx) => ctx.deps.sync.status(),
});
