import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { ApplicantDiffersError, registerCase } from './service';

export const intakeHandlers = defineHandlers<BackendDeps>()({
  'intake.register': (input, ctx) => {
    try {
      const r = registerCase(svc(ctx), input);
      return { outcome: 'registered' as const, caseId: r.caseId, caseNo: r.caseNo };
    } catch (e) {
      // Not a failure: the clerk is asked which name is right and sends the form again.
      if (!(e instanceof ApplicantDiffersError)) throw e;
      return {
        outcome: 'applicantDiffers' as const,
        applicantId: e.applicant.id,
        registeredName: e.applicant.name,
        typedName: e.typedName,
        differences: e.differences,
        message: e.message,
      };
    }
  },
});
