// Audit events as people read them: the case each event belongs to (found through the record it
// names when an older event carries no caseId), the names behind ids, the sentence from
// src/shared/domain/audit-text.ts, and the fields a correction changed ("从 X 改为 Y").
import type { AuditChangeDto, AuditEventDto } from '../../../shared/api/index.js';
import { auditDomainLabel, auditText, type AuditNames } from '../../../shared/domain/audit-text.js';
import type { Store } from '../../db/store.js';
import { orgInfo, sql, userName } from '../context.js';
import type { StoredEvent } from '../../db/audit.js';
import { fieldLabel, formatValue } from '../sync/labels.js';

/** The columns of an audit event that describing it needs. */
export type AuditRow = Omit<StoredEvent, 'seq' | 'prev_hash' | 'hash'>;

export const AUDIT_COLUMNS = 'id, at, actor_id, action, entity, entity_id, detail';

/** Tables of a case's own records (audit entity name → SQL table); each has case_id. */
export const CASE_CHILD_TABLES: Record<string, string> = {
  entrustments: 'entrustments', planItems: 'plan_items', progressEntries: 'progress_entries', problems: 'problems', materials: 'materials',
  handovers: 'handovers', attachments: 'attachments', transfers: 'transfers', evaluations: 'evaluations', callbacks: 'callbacks',
  rectifications: 'rectifications', conflicts: 'conflicts',
};

/** How long after a case's creation its registration event is written (same transaction; generous). */
const REGISTRATION_WINDOW_MS = 5_000;

function parseDetail(detail: string): Record<string, unknown> {
  try {
    const d = JSON.parse(detail) as unknown;
    return d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The case an event is about, or null (sign-ins, staff, the calendar…). */
export function caseIdOf(store: Store, row: AuditRow, detail: Record<string, unknown>): string | null {
  if (typeof detail.caseId === 'string') return detail.caseId;
  if (!row.entity_id) return null;
  if (row.entity === 'cases') return row.entity_id;
  const table = row.entity ? CASE_CHILD_TABLES[row.entity] : undefined;
  if (table) return (sql(store, `SELECT case_id FROM ${table} WHERE id = ?`).pluck().get(row.entity_id) as string | null | undefined) ?? null;
  if (row.entity === 'projects') return (sql(store, 'SELECT id FROM cases WHERE project_id = ?').pluck().get(row.entity_id) as string | undefined) ?? null;
  if (row.entity === 'applicants' && row.action === 'case.register') {
    // Registrations used to name the applicant they created first: the case is the one created in that transaction.
    return (sql(store, 'SELECT id FROM cases WHERE applicant_id = ? AND created_at <= ? ORDER BY created_at DESC LIMIT 1').pluck().get(row.entity_id, row.at) as string | undefined) ?? null;
  }
  return null;
}

export function registrationWindowStart(createdAt: string): string {
  return new Date(Date.parse(createdAt) - 1).toISOString();
}
export function registrationWindowEnd(createdAt: string): string {
  return new Date(Date.parse(createdAt) + REGISTRATION_WINDOW_MS).toISOString();
}

function changesOf(store: Store, entity: string | null, detail: Record<string, unknown>): AuditChangeDto[] {
  const changes = detail.changes;
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) return [];
  return Object.entries(changes as Record<string, unknown>).map(([field, c]) => {
    const ch = (c && typeof c === 'object' ? c : {}) as { from?: unknown; to?: unknown };
    const e = entity ?? '';
    return { field: fieldLabel(e, field), from: formatValue(store, e, field, ch.from), to: formatValue(store, e, field, ch.to) };
  });
}

function namesFor(store: Store, caseNo: string | null): AuditNames {
  return {
    caseNo,
    user: (id) => (typeof id === 'string' ? userName(store, id) : null),
    office: (id) => (typeof id === 'string' ? (orgInfo(store, id)?.name ?? null) : null),
  };
}

/** One event in words; `knownCase` skips the lookup when the caller already knows the case. */
export function describeEvent(store: Store, row: AuditRow, knownCase?: { id: string; caseNo: string }): AuditEventDto {
  const detail = parseDetail(row.detail);
  const caseId = knownCase?.id ?? caseIdOf(store, row, detail);
  const caseNo = knownCase?.caseNo ?? (caseId ? ((sql(store, 'SELECT case_no FROM cases WHERE id = ?').pluck().get(caseId) as string | undefined) ?? null) : null);
  const reason = typeof detail.reason === 'string' && detail.reason.trim() ? detail.reason.trim() : null;
  return {
    id: row.id,
    at: row.at,
    userName: userName(store, row.actor_id) ?? (row.actor_id ? '（未知人员）' : '系统'),
    action: row.action,
    domain: auditDomainLabel(row.action),
    text: auditText({ action: row.action, entity: row.entity, entityId: row.entity_id, detail }, namesFor(store, caseNo)),
    caseId,
    caseNo,
    changes: changesOf(store, row.entity, detail),
    reason,
  };
}
