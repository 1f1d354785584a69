// 审计日志: the viewer's page of events and the chain check.
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import { verifyAuditChain, type AuditVerifyResult } from '../../db/audit.js';
import { requireRole, userName, type ServiceContext } from '../context.js';

export function listAudit(ctx: ServiceContext, input: ApiParsedInput<'audit.list'>): ApiOutput<'audit.list'> {
  requireRole(ctx, ['admin', 'leader'], '查看审计日志');
  const where: string[] = [];
  const args: unknown[] = [];
  if (input.userId) {
    where.push('actor_id = ?');
    args.push(input.userId);
  }
  if (input.action) {
    where.push('action LIKE ?');
    args.push(`${input.action}%`);
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = ctx.store.db.prepare(`SELECT count(*) FROM audit_events ${w}`).pluck().get(...args) as number;
  const rows = ctx.store.db
    .prepare(`SELECT id, at, actor_id, action, entity, entity_id, detail FROM audit_events ${w} ORDER BY seq DESC LIMIT ? OFFSET ?`)
    .all(...args, input.limit, input.offset) as Array<{ id: string; at: string; actor_id: string | null; action: string; entity: string | null; entity_id: string | null; detail: string }>;
  return {
    total,
    rows: rows.map((r) => ({ id: r.id, at: r.at, userName: userName(ctx.store, r.actor_id), action: r.action, entity: r.entity, entityId: r.entity_id, detail: r.detail === '{}' ? null : r.detail })),
  };
}

export function verifyAudit(ctx: ServiceContext): AuditVerifyResult {
  requireRole(ctx, ['admin', 'leader'], '校验审计日志');
  return verifyAuditChain(ctx.store.db);
}
