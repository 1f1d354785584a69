import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { addProgress, editProgress, withdrawProgress } from './service';

export const progressHandlers = defineHandlers<BackendDeps>()({
  'progress.add': (input, ctx) => addProgress(svc(ctx), input),
  'progress.edit': (input, ctx) => editProgress(svc(ctx), input),
  'progress.withdraw': (input, ctx) => withdrawProgress(svc(ctx), input),
});
