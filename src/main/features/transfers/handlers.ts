import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { acceptTransfer, returnTransfer, sendTransfer, transferInbox } from './service';

export const transfersHandlers = defineHandlers<BackendDeps>()({
  'transfer.send': (input, ctx) => sendTransfer(svc(ctx), input),
  'transfer.accept': (input, ctx) => acceptTransfer(svc(ctx), input),
  'transfer.return': (input, ctx) => returnTransfer(svc(ctx), input),
  'transfer.inbox': (input, ctx) => transferInbox(svc(ctx), input),
});
