import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { listCatalog, listPlanTemplates } from './service';

export const catalogHandlers = defineHandlers<BackendDeps>()({
  'catalogue.list': (input, ctx) => listCatalog(svc(ctx), input),
  'planTemplate.list': (input, ctx) => listPlanTemplates(svc(ctx), input),
});
