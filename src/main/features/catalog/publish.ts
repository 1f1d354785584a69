// The first publication of the shipped catalogue and plan templates: every desktop seeds them
// locally under the same ids (seed.ts, kept off the outbox), so a fresh centre's server holds none
// until the centre's first admin desktop sends them — once. Rows the server has never sent back
// (no server sequence) and that are not already queued are the ones it lacks; later edits are
// versions, which sync on their own.
import type { ApiOutput } from '../../../shared/api/index.js';
import { DomainError } from '../../../shared/errors.js';
import * as t from '../../db/schema.js';
import { SERVER_SEQ_COLUMN, savedCursor } from '../../sync/index.js';
import { authorize, requireUser, type ServiceContext } from '../context.js';
import { isCentreAdmin } from '../reference-authority.js';

const TABLES = [
  { entity: 'catalogItems', table: t.catalogItems, sql: 'catalog_items' },
  { entity: 'planTemplates', table: t.planTemplates, sql: 'plan_templates' },
] as const;

function unpublished(ctx: ServiceContext, entity: string, table: string): string[] {
  return ctx.store.db.prepare(
    `SELECT id FROM "${table}" WHERE ${SERVER_SEQ_COLUMN} IS NULL AND deleted_at IS NULL AND id NOT IN (SELECT entity_id FROM outbox WHERE entity = ?) ORDER BY code`,
  ).pluck().all(entity) as string[];
}

export function referencePublishStatus(ctx: ServiceContext): ApiOutput<'catalogue.publishStatus'> {
  authorize(ctx, 'catalogue.publishStatus');
  // Before its first pull a desktop cannot tell what the server holds; a standalone one has no server.
  if (savedCursor(ctx.store) === null) return { state: 'standalone', items: 0, templates: 0 };
  if (!isCentreAdmin(ctx)) return { state: 'notCentre', items: 0, templates: 0 };
  const [items, templates] = TABLES.map((x) => unpublished(ctx, x.entity, x.sql).length) as [number, number];
  return { state: items + templates > 0 ? 'needed' : 'published', items, templates };
}

export function publishShippedReference(ctx: ServiceContext): ApiOutput<'catalogue.publishShipped'> {
  authorize(ctx, 'catalogue.publishShipped');
  requireUser(ctx);
  const status = referencePublishStatus(ctx);
  if (status.state === 'standalone') throw new DomainError('conflict', '本机尚未与中心服务器同步，请先登记并完成一次同步');
  if (status.state === 'notCentre') throw new DomainError('forbidden', '代办目录和计划书模板由中心（根机构）的管理员发布');
  if (status.state === 'published') throw new DomainError('conflict', '中心服务器已有本机的代办目录和计划书模板，无需再次发布');
  ctx.store.write({ actor: ctx.actor, action: 'catalogue.publishShipped', entity: 'catalogItems', detail: { items: status.items, templates: status.templates } }, (tx) => {
    for (const x of TABLES) for (const id of unpublished(ctx, x.entity, x.sql)) tx.queueLocal(x.table, id);
  });
  return { items: status.items, templates: status.templates };
}
