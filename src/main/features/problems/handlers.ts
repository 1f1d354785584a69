import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { addProblem, editProblem, resolveProblem, withdrawProblem } from './service';

export const problemsHandlers = defineHandlers<BackendDeps>()({
  'problem.add': (input, ctx) => addProblem(svc(ctx), input),
  'problem.resolve': (input, ctx) => resolveProblem(svc(ctx), input),
  'problem.edit': (input, ctx) => editProblem(svc(ctx), input),
  'problem.withdraw': (input, ctx) => withdrawProblem(svc(ctx), input),
});
