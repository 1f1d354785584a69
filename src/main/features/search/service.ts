// Instant search across cases, applicants and projects, limited to what the actor may see.
import { inArray } from 'drizzle-orm';
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import * as t from '../../db/schema.js';
import { applicantDto, caseSummaries, projectDto } from '../cases/service.js';
import { canSeeCase, searchIndex, type ServiceContext } from '../context.js';

export function searchAll(ctx: ServiceContext, input: ApiParsedInput<'search.query'>): ApiOutput<'search.query'> {
  const started = performance.now();
  const { store } = ctx;
  const hits = searchIndex(store).search(input.q, { limit: input.limit * 3 });
  const ids = (kind: string) => hits.filter((h) => h.kind === kind).map((h) => h.refId);
  const caseRows = ids('case').length ? store.orm.select().from(t.cases).where(inArray(t.cases.id, ids('case'))).all() : [];
  const visibleCases = caseRows.filter((c) => !c.deletedAt && canSeeCase(ctx, c)).map((c) => c.id);
  const order = new Map(ids('case').map((id, i) => [id, i]));
  visibleCases.sort((a, b) => order.get(a)! - order.get(b)!);
  const applicants = ids('applicant').length ? store.orm.select().from(t.applicants).where(inArray(t.applicants.id, ids('applicant'))).all() : [];
  const projects = ids('project').length ? store.orm.select().from(t.projects).where(inArray(t.projects.id, ids('project'))).all() : [];
  const caseOfProject = new Map(
    projects.length
      ? store.orm.select({ id: t.cases.id, projectId: t.cases.projectId, caseNo: t.cases.caseNo }).from(t.cases).where(inArray(t.cases.projectId, projects.map((p) => p.id))).all().map((c) => [c.projectId, c])
      : [],
  );
  return {
    cases: caseSummaries(store, visibleCases.slice(0, input.limit)),
    applicants: applicants.filter((a) => !a.deletedAt).slice(0, input.limit).map((a) => applicantDto(a)),
    projects: projects
      .filter((p) => !p.deletedAt)
      .slice(0, input.limit)
      .map((p) => ({ ...projectDto(p), caseId: caseOfProject.get(p.id)?.id ?? null, caseNo: caseOfProject.get(p.id)?.caseNo ?? null })),
    tookMs: Math.round((performance.now() - started) * 10) / 10,
  };
}
