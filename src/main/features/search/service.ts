// Instant search across cases, applicants and projects, limited to what the actor may see.
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import * as t from '../../db/schema.js';
import { applicantDto, caseSummaries, projectDto } from '../cases/service.js';
import { canSeeCase, searchIndex, sql, type ServiceContext } from '../context.js';

const IN_IDS = 'id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL';

export function searchAll(ctx: ServiceContext, input: ApiParsedInput<'search.query'>): ApiOutput<'search.query'> {
  const started = performance.now();
  const { store } = ctx;
  const hits = searchIndex(store).search(input.q, { limit: input.limit * 3, kinds: ['case', 'applicant', 'project'] });
  const ids = (kind: string) => hits.filter((h) => h.kind === kind).map((h) => h.refId);
  const rank = new Map(hits.map((h, i) => [h.refId, i]));
  const byRank = (a: { id: string }, b: { id: string }) => rank.get(a.id)! - rank.get(b.id)!;

  const caseIds = ids('case');
  const cases = caseIds.length ? store.rows(t.cases, IN_IDS, JSON.stringify(caseIds)).filter((c) => canSeeCase(ctx, c)).sort(byRank) : [];
  const applicantIds = ids('applicant');
  const applicants = applicantIds.length ? store.rows(t.applicants, IN_IDS, JSON.stringify(applicantIds)).sort(byRank) : [];
  const projectIds = ids('project');
  const projects = projectIds.length ? store.rows(t.projects, IN_IDS, JSON.stringify(projectIds)).sort(byRank).slice(0, input.limit) : [];
  const caseOfProject = new Map(
    projects.length
      ? (sql(store, 'SELECT id, project_id, case_no FROM cases WHERE project_id IN (SELECT value FROM json_each(?))').all(JSON.stringify(projects.map((p) => p.id))) as Array<{ id: string; project_id: string; case_no: string }>).map((c) => [c.project_id, c])
      : [],
  );
  return {
    cases: caseSummaries(store, cases.slice(0, input.limit).map((c) => c.id)),
    applicants: applicants.slice(0, input.limit).map((a) => applicantDto(a)),
    projects: projects.map((p) => ({ ...projectDto(p), caseId: caseOfProject.get(p.id)?.id ?? null, caseNo: caseOfProject.get(p.id)?.case_no ?? null })),
    tookMs: Math.round((performance.now() - started) * 10) / 10,
  };
}
