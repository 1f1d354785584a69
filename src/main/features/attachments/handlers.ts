import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { addAttachment, getAttachment } from './service';

export const attachmentsHandlers = defineHandlers<BackendDeps>()({
  'attachment.add': (input, ctx) => addAttachment(svc(ctx), input),
  'attachment.get': (input, ctx) => getAttachment(svc(ctx), input),
});
