// What each kind of record can be found by. Written in the same transaction as the record.
import { CASE_STATUSES } from '../../../shared/domain/enums.js';
import type * as t from '../../db/schema.js';
import type { SearchDoc } from '../../db/search.js';

type Applicant = Pick<typeof t.applicants.$inferSelect, 'id' | 'name' | 'uscc' | 'residentId' | 'contactName' | 'contactPhone' | 'legalRepresentative'>;
type Project = Pick<typeof t.projects.$inferSelect, 'id' | 'name' | 'projectCode' | 'location'>;
type Case = Pick<typeof t.cases.$inferSelect, 'id' | 'caseNo' | 'subject' | 'status'>;

export function applicantSearchDoc(a: Applicant): SearchDoc {
  return {
    kind: 'applicant',
    refId: a.id,
    title: a.name,
    subtitle: [a.uscc ?? '', a.contactName].filter(Boolean).join(' · '),
    parts: [a.name, a.uscc, a.residentId, a.contactName, a.contactPhone, a.legalRepresentative],
  };
}

export function projectSearchDoc(p: Project, applicantName: string): SearchDoc {
  return {
    kind: 'project',
    refId: p.id,
    title: p.name,
    subtitle: [p.projectCode ?? '', applicantName].filter(Boolean).join(' · '),
    parts: [p.name, p.projectCode, p.location, applicantName],
  };
}

export function caseSearchDoc(c: Case, applicant: Pick<Applicant, 'name' | 'contactName'>, projectName: string | null): SearchDoc {
  return {
    kind: 'case',
    refId: c.id,
    title: `${c.caseNo} ${projectName ?? c.subject}`,
    subtitle: `${applicant.name} · ${(CASE_STATUSES.labels as Record<string, string>)[c.status] ?? c.status}`,
    parts: [c.caseNo, projectName, c.subject, applicant.name, applicant.contactName],
  };
}
