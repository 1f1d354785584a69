// The centre's authority rule for reference data (src/shared/sync/reference-authority.ts), checked
// on the desktop before a change is written: a county admin hears at once, in the form, what the
// server would refuse at the next sync — and nothing is written that would come back refused.
import { eq } from 'drizzle-orm';
import { DomainError } from '../../shared/errors.js';
import { checkReferenceChange, isRootAdmin, type OfficeTree, type ReferenceChange } from '../../shared/sync/reference-authority.js';
import * as t from '../db/schema.js';
import { orgSubtree, type ServiceContext } from './context.js';

/** The office tree as this desktop holds it (every desktop pulls every office). */
function localTree(ctx: ServiceContext): OfficeTree {
  return {
    contains: (root, id) => Boolean(id) && orgSubtree(ctx.store, root).has(id as string),
    parentOf: (id) => {
      const row = ctx.store.orm.select({ parentId: t.orgUnits.parentId }).from(t.orgUnits).where(eq(t.orgUnits.id, id)).get();
      return row ? row.parentId ?? null : undefined;
    },
  };
}

/** Refuses (with the server's own message) a change of an office, a staff member or the calendar the actor may not make. */
export function requireReferenceAuthority(ctx: ServiceContext, change: ReferenceChange): void {
  // A desktop without an office of its own (first start) has nobody to check against; the roles did.
  if (!ctx.actor.orgUnitId) return;
  const verdict = checkReferenceChange(localTree(ctx), { orgUnitId: ctx.actor.orgUnitId, roles: ctx.actor.roles, userId: ctx.actor.userId }, change);
  if (!verdict.ok) throw new DomainError('forbidden', verdict.message);
}

/** Whether the actor is an admin of the centre (a root office): who publishes shared reference data. */
export function isCentreAdmin(ctx: ServiceContext): boolean {
  return Boolean(ctx.actor.orgUnitId) && isRootAdmin(localTree(ctx), { orgUnitId: ctx.actor.orgUnitId!, roles: ctx.actor.roles });
}

/** Whether the rule allows the change (for the buttons a screen offers; writes call requireReferenceAuthority). */
export function mayChangeReference(ctx: ServiceContext, change: ReferenceChange): boolean {
  if (!ctx.actor.orgUnitId) return false;
  return checkReferenceChange(localTree(ctx), { orgUnitId: ctx.actor.orgUnitId, roles: ctx.actor.roles, userId: ctx.actor.userId }, change).ok;
}
