import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { catalogHistory, listCatalog, listPlanTemplates, saveCatalogVersion } from './service';

export const catalogHandlers = defineHandlers<BackendDeps>()({
  'catalogue.list': (input, ctx) => listCatalog(svc(ctx), input),
  'catalogue.saveVersion': (input, ctx) => saveCatalogVersion(svc(ctx), input),
  'catalogue.history': (input, ctx) => catalogHistory(svc(ctx), input),
  'planTemplate.list': (input, ctx) => listPlanTemplates(svc(ctx), input),
});
