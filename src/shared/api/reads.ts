// Which entities each query reads, so a `data.changed` event refetches only what it touched.
// A query not listed here reads "everything but the logs": it refetches after any data change.
import type { DataChangedEvent } from './events';

/** Entities written as a side effect of every write; they never make ordinary screens stale. */
const LOG_ENTITIES = ['auditEvents', 'outbox'] as const;

/** Records that belong to one case (their commit events name it in `caseIds`). */
const CASE_ENTITIES: ReadonlySet<string> = new Set([
  'cases', 'entrustments', 'planItems', 'progressEntries', 'problems', 'materials', 'handovers',
  'attachments', 'transfers', 'evaluations', 'callbacks', 'rectifications', 'conflicts',
]);

const STATS_READS = ['cases', 'projects', 'planItems', 'progressEntries', 'problems', 'transfers', 'orgUnits', 'users', 'catalogItems', 'calendarYears'] as const;

interface Reads {
  /** The entities; 'data' = every entity except the logs. */
  entities: readonly string[] | 'data';
  /** The query shows one case (input.caseId, or input.id for case.get): other cases' changes pass it by. */
  oneCase?: boolean;
}

const READS: Record<string, Reads> = {
  'case.get': { entities: 'data', oneCase: true },
  'case.history': { entities: [...LOG_ENTITIES, 'data'], oneCase: true },
  'print.document': { entities: 'data', oneCase: true },
  'audit.list': { entities: ['auditEvents'] },
  'catalogue.list': { entities: ['catalogItems', 'catalogItemVersions'] },
  'catalogue.history': { entities: ['catalogItems', 'catalogItemVersions', 'users'] },
  'catalogue.exportXlsx': { entities: ['catalogItems', 'catalogItemVersions'] },
  // Publishing queues the rows under their entities (WriteTx.queueLocal), which refreshes this.
  'catalogue.publishStatus': { entities: ['catalogItems', 'planTemplates'] },
  'knowledge.list': { entities: ['knowledgeArticles', 'users', 'orgUnits'] },
  'knowledge.get': { entities: ['knowledgeArticles', 'users', 'orgUnits', 'catalogItems', 'planTemplates'] },
  'knowledge.forItems': { entities: ['knowledgeArticles'] },
  'contacts.list': { entities: ['departmentContacts', 'orgUnits', 'users'] },
  'contacts.forCase': { entities: ['departmentContacts', 'orgUnits', 'cases'] },
  'planTemplate.list': { entities: ['planTemplates', 'planTemplateVersions', 'catalogItems', 'catalogItemVersions'] },
  'planTemplate.history': { entities: ['planTemplates', 'planTemplateVersions', 'catalogItems', 'catalogItemVersions', 'users'] },
  'orgUnit.list': { entities: ['orgUnits'] },
  'user.list': { entities: ['users', 'orgUnits'] },
  'user.options': { entities: ['users', 'orgUnits'] },
  'calendar.year': { entities: ['calendarYears'] },
  // Supervision figures: what they count, and the offices, people and calendar they count by
  // (a knowledge article or a setting arriving by sync does not recompute them).
  'stats.overview': { entities: [...STATS_READS] },
  'stats.cases': { entities: [...STATS_READS, 'applicants'] },
  'performance.list': { entities: [...STATS_READS, 'evaluations', 'rectifications'] },
  'performance.cases': { entities: [...STATS_READS, 'applicants'] },
  'report.job': { entities: [] },
  'interaction.list': { entities: ['interactions', 'users', 'orgUnits'] },
  'ratings.ledger': { entities: ['evaluations', 'callbacks', 'rectifications', 'cases', 'projects', 'transfers', 'users', 'orgUnits', 'calendarYears'] },
  'sync.strip': { entities: ['outbox', 'conflicts'] },
  'sync.overview': { entities: ['outbox', 'conflicts', 'data'] },
  'auth.status': { entities: ['users', 'orgUnits'] },
  'guide.address': { entities: ['settings'] },
  'settings.idleLock': { entities: ['settings'] },
  'settings.desktop': { entities: ['settings'] },
  // Drives and an export's progress are not store data: they are polled, never refetched by commits.
  'archive.drives': { entities: [] },
  'archive.job': { entities: [] },
  // Every backup is audited, so the audit event refreshes the list.
  'backup.list': { entities: ['auditEvents'] },
};

/** The case a query's input is about, if it shows one case. */
function caseOf(name: string, input: unknown): string | null {
  if (!input || typeof input !== 'object') return null;
  const i = input as { caseId?: unknown; id?: unknown };
  if (typeof i.caseId === 'string') return i.caseId;
  if (name === 'case.get' && typeof i.id === 'string') return i.id;
  return null;
}

/** Whether the query `name(input)` may show something this commit changed. */
export function queryReads(name: string, input: unknown, ev: DataChangedEvent): boolean {
  const reads = READS[name] ?? { entities: 'data' };
  const list = reads.entities === 'data' ? ['data'] : reads.entities;
  const touches = ev.entities.some((e) => list.includes(e) || (list.includes('data') && !(LOG_ENTITIES as readonly string[]).includes(e)));
  if (!touches) return false;
  if (!reads.oneCase) return true;
  const mine = caseOf(name, input);
  if (!mine || ev.caseIds.length === 0 || ev.caseIds.includes(mine)) return true;
  // Another case's records only (and the logs): this case is unchanged.
  return !ev.entities.every((e) => CASE_ENTITIES.has(e) || (LOG_ENTITIES as readonly string[]).includes(e));
}
