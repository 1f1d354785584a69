import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { getApplicant, searchApplicants } from './service';

export const applicantsHandlers = defineHandlers<BackendDeps>()({
  'applicant.search': (input, ctx) => searchApplicants(svc(ctx), input),
  'applicant.get': (input, ctx) => getApplicant(svc(ctx), input),
});
