import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { attachEntrustmentScan, createEntrustment, revokeEntrustment, signEntrustment } from './service';

export const entrustmentsHandlers = defineHandlers<BackendDeps>()({
  'entrustment.create': (input, ctx) => createEntrustment(svc(ctx), input),
  'entrustment.sign': (input, ctx) => signEntrustment(svc(ctx), input),
  'entrustment.attachScan': (input, ctx) => attachEntrustmentScan(svc(ctx), input),
  'entrustment.revoke': (input, ctx) => revokeEntrustment(svc(ctx), input),
});
