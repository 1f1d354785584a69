import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { searchAll } from './service';

export const searchHandlers = defineHandlers<BackendDeps>()({
  'search.query': (input, ctx) => searchAll(svc(ctx), input),
});
