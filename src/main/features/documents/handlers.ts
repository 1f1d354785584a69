import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { printCaseDocument } from './service';

export const documentsHandlers = defineHandlers<BackendDeps>()({
  'print.document': async (input, ctx) => {
    const doc = await printCaseDocument(svc(ctx), { kind: input.kind, caseId: input.caseId, ...(input.handoverId ? { handoverId: input.handoverId } : {}) });
    return { fileName: doc.fileName, mime: 'application/pdf' as const, dataBase64: doc.pdf.toString('base64'), pages: doc.pages };
  },
});
