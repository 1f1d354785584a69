import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { addPlanTemplate, listPlanTemplates, planTemplateHistory, saveTemplateVersion } from './service';

export const templatesHandlers = defineHandlers<BackendDeps>()({
  'planTemplate.list': (input, ctx) => listPlanTemplates(svc(ctx), input),
  'planTemplate.history': (input, ctx) => planTemplateHistory(svc(ctx), input),
  'planTemplate.saveVersion': (input, ctx) => saveTemplateVersion(svc(ctx), input),
  'planTemplate.add': (input, ctx) => addPlanTemplate(svc(ctx), input),
});
