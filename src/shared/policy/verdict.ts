// Reading the policy: may these roles call a use case, which roles may push an intent or plain
// row changes. Pure functions over POLICY, shared by desktop, server and renderer.
import type { Role } from '../domain/enums';
import { CAPABILITIES, POLICY, type Capability, type Permission, type UseCase, type Who } from './permissions';

export type Verdict = 'ok' | 'unauthenticated' | 'forbidden';

/** public needs nobody; session anyone signed in; a role list any of the caller's roles (窗口人员 + 代办员). */
export function whoVerdict(who: Who, roles: readonly string[] | null): Verdict {
  if (who === 'public') return 'ok';
  if (!roles) return 'unauthenticated';
  if (who === 'session') return 'ok';
  return roles.some((r) => (who as readonly string[]).includes(r)) ? 'ok' : 'forbidden';
}

export function permissionOf(name: string): Permission | undefined {
  return Object.prototype.hasOwnProperty.call(POLICY, name) ? POLICY[name as UseCase] : undefined;
}

/** The verdict for a use case; a name the policy does not know is forbidden. */
export function useCaseVerdict(name: string, roles: readonly string[] | null): Verdict {
  const p = permissionOf(name);
  return p ? whoVerdict(p.who, roles) : 'forbidden';
}

/** The rule of a use case or of a capability checked inside one. */
export function ruleOf(name: UseCase | Capability): Permission {
  return Object.prototype.hasOwnProperty.call(POLICY, name) ? POLICY[name as UseCase] : CAPABILITIES[name as Capability];
}

/** May these roles use it? (A use case or a capability: one question.) */
export function mayUse(name: UseCase | Capability, roles: readonly string[] | null | undefined): boolean {
  return whoVerdict(ruleOf(name).who, roles ?? null) === 'ok';
}

/** The refusal a service gives: 您的角色无权{what}. */
export function refusalOf(name: UseCase | Capability): string {
  return `您的角色无权${ruleOf(name).what}`;
}

const rolesOf = (who: Who): readonly Role[] => (typeof who === 'string' ? [] : who);

/** Intent name → the roles of every use case that sends it. */
const INTENT_ROLES: ReadonlyMap<string, readonly Role[]> = (() => {
  const m = new Map<string, Set<Role>>();
  for (const p of Object.values(POLICY) as Permission[]) {
    for (const i of p.intents ?? []) {
      const set = m.get(i) ?? new Set<Role>();
      for (const r of rolesOf(p.who)) set.add(r);
      m.set(i, set);
    }
  }
  return new Map([...m].map(([k, v]) => [k, [...v]]));
})();

/** The roles that may push this intent; undefined for an intent no use case sends. */
export function intentRoles(intent: string): readonly Role[] | undefined {
  return INTENT_ROLES.get(intent);
}

export const KNOWN_INTENTS: readonly string[] = [...INTENT_ROLES.keys()];

/** Roles that may push plain row changes of case and office records: those of the use cases that write rows. */
export const ROW_WRITER_ROLES: readonly Role[] = [...new Set((Object.values(POLICY) as Permission[]).filter((p) => p.writesRows).flatMap((p) => rolesOf(p.who)))];
