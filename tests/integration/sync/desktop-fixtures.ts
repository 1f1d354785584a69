// Rows shaped like the desktop schema (every NOT NULL column), for tests that sync into real SQLite stores.
import { uuidv7 } from '../../../src/shared/ids';

const stamp = () => new Date().toISOString();

export function applicantRow(orgUnitId: string, name = '福州某某科技有限公司'): Record<string, unknown> {
  const now = stamp();
  return { id: uuidv7(), createdAt: now, updatedAt: now, deletedAt: null, orgUnitId, kind: 'enterprise', name, uscc: null, residentId: null, legalRepresentative: '张三', address: '' };
}

export function desktopCaseRow(orgUnitId: string, applicantId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const id = uuidv7();
  const now = stamp();
  return {
    id, createdAt: now, updatedAt: now, deletedAt: null, caseNo: `GD${id.replace(/-/g, '').slice(-12)}`, orgUnitId, handlingOrgUnitId: orgUnitId, applicantId, projectId: null,
    channel: 'counter', mode: 'proxy', helpKind: null, status: 'accepted', subject: '厂房建设项目', agentId: null, leaderId: null, templateCode: null,
    publicToken: id.replace(/-/g, ''), acceptedDate: '2026-03-02', registeredBy: 'seed', closedAt: null, closeReason: null, ...extra,
  };
}

export function planItemRow(caseId: string, i: number): Record<string, unknown> {
  const now = stamp();
  return {
    id: uuidv7(), createdAt: now, updatedAt: now, deletedAt: null, caseId, catalogCode: `C${i}`, name: `事项${i}`, department: '自然资源局', stage: 1, parallelGroup: 1,
    sortOrder: i, limitValue: 20, limitUnit: 'workdays', startDate: null, dueDate: null, status: 'notStarted', docNo: null, statusReason: null, completedDate: null,
  };
}

export function progressRow(caseId: string, authorId: string, text: string): Record<string, unknown> {
  const now = stamp();
  return { id: uuidv7(), createdAt: now, updatedAt: now, deletedAt: null, caseId, planItemId: null, kind: 'phone', text, hours: 0.5, occurredDate: '2026-03-02', authorId };
}
