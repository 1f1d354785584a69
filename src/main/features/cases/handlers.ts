// Contract handlers for the case file, its list, assignment, closing and admission review.
import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { admissionQueue } from './admission-queue';
import { assignCase, caseAction, closeCase, confirmRefusal, getCaseFile, listCases, reviewProject, setCaseLeader } from './service';

export const casesHandlers = defineHandlers<BackendDeps>()({
  'case.list': (input, ctx) => listCases(svc(ctx), input),
  'case.get': (input, ctx) => getCaseFile(svc(ctx), input.id),
  'case.assign': (input, ctx) => assignCase(svc(ctx), input),
  'case.setLeader': (input, ctx) => setCaseLeader(svc(ctx), input),
  'case.action': (input, ctx) => caseAction(svc(ctx), { caseId: input.caseId, action: input.action, reason: input.reason ?? null }),
  'case.close': (input, ctx) => closeCase(svc(ctx), input),
  'admission.queue': (_input, ctx) => admissionQueue(svc(ctx)),
  'project.review': (input, ctx) => reviewProject(svc(ctx), input),
  'project.confirmRefusal': (input, ctx) => confirmRefusal(svc(ctx), input),
});
