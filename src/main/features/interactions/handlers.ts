import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { addInteraction, editInteraction, listInteractions, withdrawInteraction } from './service';

export const interactionsHandlers = defineHandlers<BackendDeps>()({
  'interaction.list': (input, ctx) => listInteractions(svc(ctx), input),
  'interaction.add': (input, ctx) => addInteraction(svc(ctx), input),
  'interaction.edit': (input, ctx) => editInteraction(svc(ctx), input),
  'interaction.withdraw': (input, ctx) => withdrawInteraction(svc(ctx), input),
});
