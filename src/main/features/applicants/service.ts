// 申请人/项目单位: search (masked) and one applicant, optionally with the personal data revealed.
// Revealing ID numbers and phones is for the roles whose work needs them (window clerk, agent,
// admin); each reveal is written to the audit log with who revealed whose data.
import { and, eq, isNull } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { applicantDto } from '../cases/service.js';
import { canSeeCase, hasRole, orgSubtree, authorize, requireUser, searchIndex, type ServiceContext } from '../context.js';

export type ApplicantRow = typeof t.applicants.$inferSelect;

/** Whether the actor's office may see this applicant: registered in its subtree, or party to a case it sees. */
export function canSeeApplicant(ctx: ServiceContext, a: ApplicantRow): boolean {
  const { actor, store } = ctx;
  if (!actor.orgUnitId) return hasRole(actor, 'admin');
  if (orgSubtree(store, actor.orgUnitId).has(a.orgUnitId)) return true;
  const cases = store.orm.select().from(t.cases).where(and(eq(t.cases.applicantId, a.id), isNull(t.cases.deletedAt))).all();
  return cases.some((c) => canSeeCase(ctx, c));
}

export function searchApplicants(ctx: ServiceContext, input: ApiParsedInput<'applicant.search'>): ApiOutput<'applicant.search'> {
  requireUser(ctx);
  const hits = searchIndex(ctx.store).search(input.q, { kinds: ['applicant'], limit: 50 });
  const out: ApiOutput<'applicant.search'> = [];
  for (const h of hits) {
    const a = ctx.store.orm.select().from(t.applicants).where(eq(t.applicants.id, h.refId)).get();
    if (a && !a.deletedAt && canSeeApplicant(ctx, a)) out.push(applicantDto(a));
    if (out.length >= 30) break;
  }
  return out;
}

export function getApplicant(ctx: ServiceContext, input: ApiParsedInput<'applicant.get'>): ApiOutput<'applicant.get'> {
  requireUser(ctx);
  if (input.reveal) authorize(ctx, 'revealPersonalData');
  const a = ctx.store.orm.select().from(t.applicants).where(eq(t.applicants.id, input.id)).get();
  if (!a || a.deletedAt) throw new DomainError('not_found', '申请人不存在或已删除');
  if (!canSeeApplicant(ctx, a)) throw new DomainError('forbidden', '该申请人不属于您所在机构的办理范围');
  if (input.reveal) {
    const fields = [a.residentId && 'idNumber'].filter(Boolean);
    ctx.store.audit({
      actor: ctx.actor,
      action: 'applicant.reveal',
      entity: 'applicants',
      entityId: a.id,
      detail: { applicantName: a.name, fields, by: ctx.actor.displayName ?? ctx.actor.userId },
    });
  }
  return applicantDto(a, input.reveal);
}
