import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { correctApplicant, correctContact, correctProject, revealCase } from './service';

export const correctionsHandlers = defineHandlers<BackendDeps>()({
  'applicant.correct': (input, ctx) => correctApplicant(svc(ctx), input),
  'case.correctContact': (input, ctx) => correctContact(svc(ctx), input),
  'project.correct': (input, ctx) => correctProject(svc(ctx), input),
  'case.reveal': (input, ctx) => revealCase(svc(ctx), input),
});
