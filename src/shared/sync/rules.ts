// Which entities sync how: reference data, append-only logs, controlled fields, intents.
// Pure data + small pure functions shared by desktop and server.
import type { Role } from '../domain/enums';

/** Reference data edited by admins and published centrally; every desktop pulls all of it. */
export const REFERENCE_ENTITIES = ['orgUnits', 'users', 'catalogItems', 'planTemplates', 'calendarYears'] as const;
export type ReferenceEntity = (typeof REFERENCE_ENTITIES)[number];
export function isReferenceEntity(entity: string): entity is ReferenceEntity {
  return (REFERENCE_ENTITIES as readonly string[]).includes(entity);
}

/** Entities that only ever grow: no patch, no delete ("logs, progress and attachments only append"). */
export const APPEND_ONLY_ENTITIES = ['progressEntries', 'auditEvents', 'attachments', 'handovers'] as const;
export function isAppendOnly(entity: string): boolean {
  return (APPEND_ONLY_ENTITIES as readonly string[]).includes(entity);
}

/** Entities that stay on the desktop and must never be pushed. */
export const LOCAL_ONLY_ENTITIES = ['outbox', 'syncState', 'settings', 'migrations'] as const;

/** Conflict records written by the server and pulled by desktops (冲突待处理). */
export const CONFLICT_ENTITY = 'syncConflicts';

/**
 * Controlled fields: on a same-field conflict (server value differs from the op's base) the
 * server keeps its value and records a conflict. Everything else is last-writer-wins in server order.
 */
export const CONTROLLED_FIELDS: Record<string, readonly string[]> = {
  cases: ['status', 'agentId', 'assigneeId', 'admissionStatus', 'admissionDecision', 'orgUnitId'],
  projects: ['admissionStatus', 'admissionDecision'],
  transfers: ['status'],
  entrustments: ['status'],
};
export function isControlledField(entity: string, field: string): boolean {
  return CONTROLLED_FIELDS[entity]?.includes(field) ?? false;
}

/** Fields no patch may touch: identity and ownership move only through intents. */
export const IMMUTABLE_FIELDS = ['id', 'caseId', 'createdAt', 'deletedAt'] as const;

/** Named workflow steps that travel as intents. */
export const INTENTS = {
  'case.accept': { entity: 'cases', roles: ['clerk', 'agent', 'admin'] },
  'case.assign': { entity: 'cases', roles: ['clerk', 'agent', 'admin'] },
  'case.entrust': { entity: 'cases', roles: ['clerk', 'agent', 'admin'] },
  'case.start': { entity: 'cases', roles: ['agent', 'admin'] },
  'case.close': { entity: 'cases', roles: ['clerk', 'agent', 'admin'] },
  'case.reopen': { entity: 'cases', roles: ['agent', 'admin'] },
  'admission.decide': { entity: '*', roles: ['clerk', 'agent', 'admin', 'leader'] },
  'transfer.send': { entity: 'transfers', roles: ['clerk', 'agent', 'admin'] },
  'transfer.accept': { entity: 'transfers', roles: ['clerk', 'agent', 'admin'] },
  'transfer.return': { entity: 'transfers', roles: ['clerk', 'agent', 'admin'] },
  'conflict.resolve': { entity: 'syncConflicts', roles: ['clerk', 'agent', 'admin', 'leader'] },
} as const satisfies Record<string, { entity: string; roles: readonly Role[] }>;
export type IntentName = keyof typeof INTENTS;
export function isIntentName(name: string): name is IntentName {
  return Object.prototype.hasOwnProperty.call(INTENTS, name);
}

/** Roles that may write case data at all (leaders read; they may resolve conflicts and decide admission). */
export const WRITER_ROLES: readonly Role[] = ['clerk', 'agent', 'admin'];

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
