import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { addProblem, resolveProblem } from './service';

export const problemsHandlers = defineHandlers<BackendDeps>()({
  'problem.add': (input, ctx) => addProblem(svc(ctx), input),
  'problem.resolve': (input, ctx) => resolveProblem(svc(ctx), input),
});
