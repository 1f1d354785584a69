import { defineHandlers } from '../../api/registry';
import type { BackendDeps } from '../../api/backend';
import { svc } from '../../api/context';
import { authorize } from '../context';
import { guideAddress, setGuideOverride } from './address';
import { regeneratePublicToken } from './token';

export const guideHandlers = defineHandlers<BackendDeps>()({
  'guide.address': async (_input, ctx) => {
    authorize(svc(ctx), 'guide.address');
    return guideAddress(ctx.deps.store, (await ctx.deps.sync.cardKey()) !== null);
  },
  'guide.setAddress': async (input, ctx) => setGuideOverride(svc(ctx), input.override, (await ctx.deps.sync.cardKey()) !== null),
  'case.regenerateToken': (input, ctx) => regeneratePublicToken(svc(ctx), input),
});
