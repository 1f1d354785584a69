// 进度记录: dated entries on a case's timeline, each with its author and the hours spent.
import { eq } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import { PROGRESS_KINDS } from '../../../shared/domain/enums.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { loadCase, requireOpenCase, requireRole, requireUser, type ServiceContext } from '../context.js';

export function addProgress(ctx: ServiceContext, input: ApiParsedInput<'progress.add'>): ApiOutput<'progress.add'> {
  requireRole(ctx, ['agent', 'clerk'], '登记进度');
  const authorId = requireUser(ctx);
  const c = loadCase(ctx, input.caseId);
  requireOpenCase(c, '登记进度');
  const date = input.at ?? ctx.store.today();
  if (date > ctx.store.today()) throw new DomainError('invalid_input', '进度日期不能晚于今天', { at: '进度日期不能晚于今天' });
  if (input.planItemId) {
    const item = ctx.store.orm.select({ caseId: t.planItems.caseId }).from(t.planItems).where(eq(t.planItems.id, input.planItemId)).get();
    if (!item || item.caseId !== c.id) throw new DomainError('invalid_input', '所选计划事项不属于本案卷', { planItemId: '所选计划事项不属于本案卷' });
  }
  const row = ctx.store.write(
    { actor: ctx.actor, action: 'progress.add', entity: 'cases', entityId: c.id, detail: { kind: input.kind, hours: input.hours } },
    (tx) =>
      tx.insert(t.progressEntries, {
        caseId: c.id,
        planItemId: input.planItemId ?? null,
        kind: input.kind,
        text: input.text,
        hours: input.hours,
        occurredDate: date,
        authorId,
      }),
  );
  return { id: row.id };
}

export function progressKindLabel(kind: string): string {
  return (PROGRESS_KINDS.labels as Record<string, string>)[kind] ?? kind;
}
