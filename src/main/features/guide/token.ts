// 重新生成查询码: a case's public token made anew. The old card's link then finds no case (the
// server says the card is void); the new card is printed from the case file. One field patch of
// cases.publicToken through the write path (so it syncs), audited without the token values.
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { hasRole, loadCase, authorize, requireUser, type ServiceContext } from '../context.js';
import { newPublicToken } from '../intake/service.js';

export function regeneratePublicToken(ctx: ServiceContext, input: { caseId: string }): { ok: true } {
  const userId = requireUser(ctx);
  authorize(ctx, 'case.regenerateToken');
  const c = loadCase(ctx, input.caseId);
  if (!hasRole(ctx.actor, 'admin') && c.agentId !== userId) throw new DomainError('forbidden', '只有本件的代办员或管理员可以重新生成查询码');
  ctx.store.write(
    { actor: ctx.actor, action: 'case.regenerateToken', entity: 'cases', entityId: c.id, detail: { caseId: c.id } },
    (tx) => tx.patch(t.cases, c.id, { publicToken: newPublicToken() }),
  );
  return { ok: true };
}
