import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import type { PrintedDocument } from '../../printing/index';
import { printCaseDocument, printGuidePoster, printOfficeWeekly } from './service';

const toDto = (doc: PrintedDocument) => ({ fileName: doc.fileName, mime: 'application/pdf' as const, dataBase64: doc.pdf.toString('base64'), pages: doc.pages });

export const documentsHandlers = defineHandlers<BackendDeps>()({
  'print.document': async (input, ctx) =>
    toDto(await printCaseDocument(svc(ctx), { kind: input.kind, caseId: input.caseId, ...(input.handoverId ? { handoverId: input.handoverId } : {}) }, await ctx.deps.sync.cardKey())),
  'print.weekly': async (input, ctx) =>
    toDto(await printOfficeWeekly(svc(ctx), { orgUnitId: ctx.user().orgUnitId, ...(input.weekOf ? { weekOf: input.weekOf } : {}) })),
  'print.poster': async (_input, ctx) => toDto(await printGuidePoster(svc(ctx), { orgUnitId: ctx.user().orgUnitId })),
});
