// Which entities sync how: reference data, append-only logs, controlled fields, intents.
// Pure data + small pure functions shared by desktop and server.

/** Reference data published centrally (knowledge articles: proposed by any staff member; 部门联络表: by each office's admins); every desktop pulls all of it. */
export const REFERENCE_ENTITIES = ['orgUnits', 'users', 'catalogItems', 'catalogItemVersions', 'planTemplates', 'planTemplateVersions', 'calendarYears', 'knowledgeArticles', 'departmentContacts'] as const;
export type ReferenceEntity = (typeof REFERENCE_ENTITIES)[number];
export function isReferenceEntity(entity: string): entity is ReferenceEntity {
  return (REFERENCE_ENTITIES as readonly string[]).includes(entity);
}

/** Entities that only ever grow: no patch, no delete ("logs, progress and attachments only append"). */
export const APPEND_ONLY_ENTITIES = ['progressEntries', 'auditEvents', 'attachments', 'handovers', 'catalogItemVersions', 'planTemplateVersions'] as const;
export function isAppendOnly(entity: string): boolean {
  return (APPEND_ONLY_ENTITIES as readonly string[]).includes(entity);
}

/** The fields of a withdrawal (撤回): the row stays, marked with who, when and why. */
export const WITHDRAWAL_FIELDS = ['withdrawnAt', 'withdrawnBy', 'withdrawReason'] as const;

/**
 * The only patches an append-only log takes: a correction of its editable fields or a withdrawal.
 * It is never deleted, and what it records about who and when (author, receipt, items) never moves.
 */
export const CORRECTABLE_LOG_FIELDS: Readonly<Record<string, readonly string[]>> = {
  progressEntries: ['kind', 'text', 'hours', 'occurredDate', 'planItemId', ...WITHDRAWAL_FIELDS],
  handovers: ['counterpartName', 'note', ...WITHDRAWAL_FIELDS],
};
/** Whether a patch of these fields on an append-only entity is a correction the server accepts. */
export function isLogCorrection(entity: string, fields: readonly string[]): boolean {
  const allowed = CORRECTABLE_LOG_FIELDS[entity];
  return Boolean(allowed) && fields.length > 0 && fields.every((f) => allowed!.includes(f));
}

/** Entities that stay on the desktop and must never be pushed. */
export const LOCAL_ONLY_ENTITIES = ['outbox', 'syncState', 'settings', 'migrations'] as const;

/** Conflict records written by the server and pulled by desktops (冲突待处理): the desktop's `conflicts` table. */
export const CONFLICT_ENTITY = 'conflicts';
/**
 * Server-made marker: a case left an office's scope (a transfer to it was returned). Id
 * `${caseId}:${orgUnitId}`; data `{caseId, orgUnitId, records: [entity, id][]}` lists the office
 * records (applicant, project) shared only through that case. A tombstone means the case came back.
 */
export const SCOPE_EXIT_ENTITY = 'scopeExits';
export const scopeExitId = (caseId: string, orgUnitId: string) => `${caseId}:${orgUnitId}`;
/** Fields of a conflict record a desktop may change (resolving it). */
export const CONFLICT_RESOLUTION_FIELDS = ['status', 'resolvedBy', 'updatedAt'] as const;

/**
 * Controlled fields: on a same-field conflict (server value differs from the op's base) the
 * server keeps its value and records a conflict. Everything else is last-writer-wins in server order.
 */
export const CONTROLLED_FIELDS: Record<string, readonly string[]> = {
  // Identity numbers (USCC, resident IDs) are corrected deliberately: two desktops correcting the same
  // one differently is a conflict a person decides, never last-writer-wins.
  applicants: ['uscc', 'residentId'],
  cases: ['status', 'agentId', 'handlingOrgUnitId', 'contactResidentId'],
  projects: ['admissionStatus'],
  transfers: ['status'],
  entrustments: ['status'],
};
export function isControlledField(entity: string, field: string): boolean {
  return CONTROLLED_FIELDS[entity]?.includes(field) ?? false;
}

/** Fields no patch may touch: identity and ownership never move through a plain edit. */
export const IMMUTABLE_FIELDS = ['id', 'caseId', 'createdAt', 'deletedAt', 'orgUnitId'] as const;
/** For reference data only `id` is immutable (admins move users between offices). */
export const IMMUTABLE_REFERENCE_FIELDS = ['id', 'createdAt'] as const;

/**
 * Intent payload fields come as `{field: {base, value}}` (what the desktop store writes) or as
 * plain resulting values. Returns base/value pairs; `hasBase` is false for plain values.
 */
export function normalizeIntentFields(fields: Record<string, unknown>): Record<string, { base: unknown; value: unknown; hasBase: boolean }> {
  const out: Record<string, { base: unknown; value: unknown; hasBase: boolean }> = {};
  const paired = Object.values(fields).every(
    (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && 'value' in (v as object) && Object.keys(v as object).every((k) => k === 'base' || k === 'value'),
  );
  for (const [k, v] of Object.entries(fields)) {
    if (paired) {
      const pv = v as { base?: unknown; value: unknown };
      out[k] = { base: pv.base ?? null, value: pv.value, hasBase: 'base' in (v as object) };
    } else {
      out[k] = { base: null, value: v, hasBase: false };
    }
  }
  return out;
}

/** Structural equality for JSON values (field base checks). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined) return b === null;
  if (b === undefined) return a === null;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
