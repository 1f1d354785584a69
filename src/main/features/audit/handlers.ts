import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { caseHistory } from './history';
import { listAudit } from './service';

export const auditHandlers = defineHandlers<BackendDeps>()({
  'audit.list': (input, ctx) => listAudit(svc(ctx), input),
  'case.history': (input, ctx) => caseHistory(svc(ctx), input),
});
