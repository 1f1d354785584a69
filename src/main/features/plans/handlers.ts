import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { addPlanItem, createPlan, editPlanItem, removePlanItem, setPlanItemStatus } from './service';

export const plansHandlers = defineHandlers<BackendDeps>()({
  'plan.create': (input, ctx) => createPlan(svc(ctx), input),
  'plan.addItem': (input, ctx) => addPlanItem(svc(ctx), input),
  'plan.setItemStatus': (input, ctx) => setPlanItemStatus(svc(ctx), input),
  'planItem.edit': (input, ctx) => editPlanItem(svc(ctx), input),
  'planItem.remove': (input, ctx) => removePlanItem(svc(ctx), input),
});
