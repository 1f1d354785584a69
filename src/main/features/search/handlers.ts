import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { searchAll } from './service';

export const searchHandlers = defineHandlers<BackendDeps>()({
  'search.query': (input, ctx) => searchAll(svc(ctx), input),
  // Applicant lookup at intake is the same index, applicants only.
  'applicant.search': (input, ctx) => searchAll(svc(ctx), { q: input.q, limit: 10 }).applicants,
});
