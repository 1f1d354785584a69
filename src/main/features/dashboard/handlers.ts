import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { getDashboard } from './service';

export const dashboardHandlers = defineHandlers<BackendDeps>()({
  'dashboard.get': (_input, ctx) => getDashboard(svc(ctx)),
  // Placeholder until the sync client lands: this desktop is standalone.
  'sync.status': () => ({ state: 'notConfigured' as const, pendingChanges: 0, lastSyncAt: null, message: null }),
});
