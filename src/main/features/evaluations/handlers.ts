import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { ratingsLedger } from './ledger';
import { addCallback, addEvaluation, addRectification, completeRectification } from './service';

export const evaluationsHandlers = defineHandlers<BackendDeps>()({
  'evaluation.add': (input, ctx) => ({ id: addEvaluation(svc(ctx), input).id }),
  'callback.add': (input, ctx) => addCallback(svc(ctx), input),
  'rectification.add': (input, ctx) => addRectification(svc(ctx), input),
  'rectification.complete': (input, ctx) => completeRectification(svc(ctx), input),
  'ratings.ledger': (input, ctx) => ratingsLedger(svc(ctx), input),
});
