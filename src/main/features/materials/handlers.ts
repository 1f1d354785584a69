import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { editHandover, recordHandover, updateMaterial, withdrawHandover } from './service';

export const materialsHandlers = defineHandlers<BackendDeps>()({
  'material.update': (input, ctx) => updateMaterial(svc(ctx), input),
  'handover.record': (input, ctx) => ({ id: recordHandover(svc(ctx), input).id }),
  'handover.edit': (input, ctx) => editHandover(svc(ctx), input),
  'handover.withdraw': (input, ctx) => withdrawHandover(svc(ctx), input),
});
