import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { createOrgUnit, listOrgUnits, updateOrgUnit } from './service';

export const orgUnitsHandlers = defineHandlers<BackendDeps>()({
  'orgUnit.list': (_input, ctx) => listOrgUnits(svc(ctx)),
  'orgUnit.create': (input, ctx) => createOrgUnit(svc(ctx), input),
  'orgUnit.update': (input, ctx) => updateOrgUnit(svc(ctx), input),
});
