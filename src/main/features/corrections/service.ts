// Corrections of registered data after saving (更正): the applicant shared by its cases, the case's
// contact (经办人), the case's project. Each is one write: a field patch with base values (so a
// concurrent edit of a controlled field — USCC, ID numbers — becomes a conflict on the server) and
// one audit event `{ caseId, changes: { field: { from, to } }, reason }` that the 修改记录 tab reads.
import type { UseCase } from '../../../shared/policy/index.js';
import { changesOf, valuesOf, type Changes } from '../record-changes.js';
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput, CorrectionResultDto } from '../../../shared/api/index.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { loadCase, authorize, requireUser, type CaseRow, type ServiceContext } from '../context.js';
import { applicantDto, contactDto } from '../cases/service.js';
import { reindexSynced } from '../search/documents.js';

type ApplicantRow = typeof t.applicants.$inferSelect;
type ProjectRow = typeof t.projects.$inferSelect;

function reindex(ctx: ServiceContext, changes: Array<{ entity: string; id: string }>): void {
  reindexSynced(ctx.store, changes.map((c) => ({ ...c, deleted: false })));
}

function requireCorrector(ctx: ServiceContext, useCase: UseCase): void {
  requireUser(ctx);
  authorize(ctx, useCase);
}

/**
 * Writes a correction of an applicant (also used by intake when the clerk says the typed name is
 * right). The applicant's projects and cases are found by its new name at once.
 */
export function writeApplicantCorrection(ctx: ServiceContext, a: ApplicantRow, changes: Changes, caseId: string, reason: string | null): string[] {
  const fields = Object.keys(changes);
  if (fields.length === 0) return [];
  ctx.store.write(
    { actor: ctx.actor, action: 'applicant.correct', entity: 'applicants', entityId: a.id, detail: { caseId, applicantName: a.name, changes, ...(reason ? { reason } : {}) } },
    (tx) => {
      tx.patch(t.applicants, a.id, valuesOf(changes));
      reindex(ctx, [{ entity: 'applicants', id: a.id }]);
    },
  );
  return fields;
}

/** A USCC or resident ID number belongs to one applicant: a correction may not take another's. */
function checkIdentityFree(ctx: ServiceContext, a: ApplicantRow, field: 'uscc' | 'residentId', value: string | undefined): void {
  if (value === undefined || value === a[field]) return;
  const other = ctx.store.orm
    .select()
    .from(t.applicants)
    .where(and(eq(t.applicants[field], value), ne(t.applicants.id, a.id), isNull(t.applicants.deletedAt)))
    .get();
  if (other) {
    const what = field === 'uscc' ? '统一社会信用代码' : '身份证号码';
    const msg = `该${what}已登记为申请人“${other.name}”，不能用于“${a.name}”`;
    throw new DomainError('duplicate', msg, { [field === 'uscc' ? 'uscc' : 'idNumber']: msg });
  }
}

export function correctApplicant(ctx: ServiceContext, input: ApiParsedInput<'applicant.correct'>): CorrectionResultDto {
  requireCorrector(ctx, 'applicant.correct');
  const c = loadCase(ctx, input.caseId);
  const a = ctx.store.byId(t.applicants, c.applicantId);
  if (!a || a.deletedAt) throw new DomainError('not_found', '申请人不存在或已删除');
  if (a.kind === 'enterprise' && input.idNumber !== undefined) {
    throw new DomainError('invalid_input', '企业申请人登记统一社会信用代码，不登记身份证号码', { idNumber: '企业申请人不登记身份证号码' });
  }
  if (a.kind === 'person' && input.uscc !== undefined) {
    throw new DomainError('invalid_input', '个人申请人登记身份证号码，不登记统一社会信用代码', { uscc: '个人申请人不登记统一社会信用代码' });
  }
  checkIdentityFree(ctx, a, 'uscc', input.uscc);
  checkIdentityFree(ctx, a, 'residentId', input.idNumber);
  const changes = changesOf(a, { name: input.name, uscc: input.uscc, residentId: input.idNumber, legalRepresentative: input.legalRepresentative });
  return { changed: writeApplicantCorrection(ctx, a, changes, c.id, input.reason ?? null) };
}

export function correctContact(ctx: ServiceContext, input: ApiParsedInput<'case.correctContact'>): CorrectionResultDto {
  requireCorrector(ctx, 'case.correctContact');
  const c = loadCase(ctx, input.caseId);
  const changes = changesOf<CaseRow>(c, { contactName: input.name, contactResidentId: input.idNumber, contactPhone: input.phone });
  const fields = Object.keys(changes);
  if (fields.length === 0) return { changed: [] };
  ctx.store.write(
    { actor: ctx.actor, action: 'case.correctContact', entity: 'cases', entityId: c.id, detail: { caseId: c.id, caseNo: c.caseNo, changes, ...(input.reason ? { reason: input.reason } : {}) } },
    (tx) => {
      tx.patch(t.cases, c.id, valuesOf(changes));
      reindex(ctx, [{ entity: 'cases', id: c.id }]);
    },
  );
  return { changed: fields };
}

export function correctProject(ctx: ServiceContext, input: ApiParsedInput<'project.correct'>): CorrectionResultDto {
  requireCorrector(ctx, 'project.correct');
  const c = loadCase(ctx, input.caseId);
  const p = c.projectId ? ctx.store.byId(t.projects, c.projectId) : undefined;
  if (!p || p.deletedAt) throw new DomainError('not_found', '该案卷未登记项目');
  const changes = changesOf<ProjectRow>(p, { name: input.name, projectCode: input.code, category: input.category, location: input.location, investment: input.investment });
  const fields = Object.keys(changes);
  if (fields.length === 0) return { changed: [] };
  ctx.store.write(
    { actor: ctx.actor, action: 'project.correct', entity: 'projects', entityId: p.id, detail: { caseId: c.id, projectName: p.name, changes, ...(input.reason ? { reason: input.reason } : {}) } },
    (tx) => {
      tx.patch(t.projects, p.id, valuesOf(changes));
      // The project's name is in its own document and in those of its cases.
      const cases = ctx.store.rows(t.cases, 'project_id = ? AND deleted_at IS NULL', p.id);
      reindex(ctx, [{ entity: 'projects', id: p.id }, ...cases.map((x) => ({ entity: 'cases', id: x.id }))]);
    },
  );
  return { changed: fields };
}

/** The case's applicant and contact unmasked, for the roles whose work needs them; audited. */
export function revealCase(ctx: ServiceContext, input: ApiParsedInput<'case.reveal'>): ApiOutput<'case.reveal'> {
  requireCorrector(ctx, 'case.reveal');
  const c = loadCase(ctx, input.caseId);
  const a = ctx.store.byId(t.applicants, c.applicantId);
  if (!a) throw new DomainError('not_found', '申请人不存在或已删除');
  const fields = [a.residentId && 'idNumber', c.contactResidentId && 'contactIdNumber', c.contactPhone && 'contactPhone'].filter(Boolean);
  ctx.store.audit({
    actor: ctx.actor,
    action: 'case.reveal',
    entity: 'cases',
    entityId: c.id,
    detail: { caseId: c.id, caseNo: c.caseNo, applicantName: a.name, fields, by: ctx.actor.displayName ?? ctx.actor.userId },
  });
  return { applicant: applicantDto(a, true), contact: contactDto(c, true) };
}
