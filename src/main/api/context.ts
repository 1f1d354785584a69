// From a request's connection to the services' context ({ store, actor }).
import type { Actor } from '../db/store';
import type { ServiceContext } from '../features/context';
import type { BackendDeps } from './backend';
import type { HandlerContext } from './registry';

export type Ctx = HandlerContext<BackendDeps>;

export function actorOf(ctx: Ctx): Actor {
  const u = ctx.user();
  const stored = ctx.connection.actor as Actor | undefined;
  if (stored && stored.userId === u.userId) return stored;
  return { userId: u.userId, roles: [u.role], orgUnitId: u.orgUnitId, displayName: u.displayName };
}

export function svc(ctx: Ctx): ServiceContext {
  return { store: ctx.deps.store, actor: actorOf(ctx) };
}
