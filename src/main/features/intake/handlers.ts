import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { registerCase } from './service';

export const intakeHandlers = defineHandlers<BackendDeps>()({
  'intake.register': (input, ctx) => {
    const r = registerCase(svc(ctx), input);
    return { caseId: r.caseId, caseNo: r.caseNo };
  },
});
