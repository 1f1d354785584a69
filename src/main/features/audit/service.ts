// 审计日志: the viewer's page of events (in words) and the chain check.
import type { ApiOutput, ApiParsedInput } from '../../../shared/api/index.js';
import { verifyAuditChain, type AuditVerifyResult } from '../../db/audit.js';
import { authorize, type ServiceContext } from '../context.js';
import { AUDIT_COLUMNS, describeEvent, type AuditRow } from './describe.js';

export function listAudit(ctx: ServiceContext, input: ApiParsedInput<'audit.list'>): ApiOutput<'audit.list'> {
  authorize(ctx, 'audit.list');
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
    .prepare(`SELECT ${AUDIT_COLUMNS} FROM audit_events ${w} ORDER BY seq DESC LIMIT ? OFFSET ?`)
    .all(...args, input.limit, input.offset) as AuditRow[];
  return { total, rows: rows.map((r) => describeEvent(ctx.store, r)) };
}

export function verifyAudit(ctx: ServiceContext): AuditVerifyResult {
  authorize(ctx, 'verifyAudit');
  return verifyAuditChain(ctx.store.db);
}
