// Which queries a commit makes stale: the case file of the changed case and lists, not another
// case's file; the audit log after any write; reference lists only when their data changed.
import { describe, expect, it } from 'vitest';
import { queryReads } from '../../../src/shared/api/reads';

const A = '0190a000-0000-7000-8000-00000000000a';
const B = '0190a000-0000-7000-8000-00000000000b';

describe('queryReads', () => {
  it('refetches the file of the case whose records changed, and leaves other case files alone', () => {
    const ev = { entities: ['progressEntries', 'auditEvents'], caseIds: [A] };
    expect(queryReads('case.get', { id: A }, ev)).toBe(true);
    expect(queryReads('case.get', { id: B }, ev)).toBe(false);
    expect(queryReads('print.document', { caseId: B, kind: 'liaisonCard' }, ev)).toBe(false);
    expect(queryReads('case.list', { scope: 'office' }, ev)).toBe(true);
  });

  it('refetches every case file when shared records change (an applicant, a user)', () => {
    expect(queryReads('case.get', { id: B }, { entities: ['applicants', 'auditEvents'], caseIds: [A] })).toBe(true);
    expect(queryReads('case.get', { id: B }, { entities: ['users'], caseIds: [] })).toBe(true);
  });

  it('a write that only logs (printing, revealing an ID) refreshes the audit log and nothing else', () => {
    const ev = { entities: ['auditEvents'], caseIds: [] };
    expect(queryReads('audit.list', {}, ev)).toBe(true);
    expect(queryReads('print.document', { caseId: A, kind: 'liaisonCard' }, ev)).toBe(false);
    expect(queryReads('dashboard.get', {}, ev)).toBe(false);
  });

  it('reference lists follow their own entities', () => {
    expect(queryReads('catalogue.list', {}, { entities: ['cases', 'auditEvents'], caseIds: [A] })).toBe(false);
    expect(queryReads('catalogue.list', {}, { entities: ['catalogItems'], caseIds: [] })).toBe(true);
    expect(queryReads('sync.strip', {}, { entities: ['outbox'], caseIds: [] })).toBe(true);
    expect(queryReads('calendar.year', { year: 2027 }, { entities: ['calendarYears', 'auditEvents'], caseIds: [] })).toBe(true);
  });
});
