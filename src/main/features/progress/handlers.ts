import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { addProgress } from './service';

export const progressHandlers = defineHandlers<BackendDeps>()({
  'progress.add': (input, ctx) => addProgress(svc(ctx), input),
});
