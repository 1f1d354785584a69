// Corrections and withdrawals of saved records (shared by the features that keep them): the audit
// detail's `changes` (the 修改记录 tab reads it), the withdrawal fields and their display.
import type { WithdrawalDto } from '../../shared/api/index.js';
import { DomainError } from '../../shared/errors.js';
import type { Store, SyncedTable } from '../db/store.js';
import { userName, type ServiceContext } from './context.js';

export type Changes = Record<string, { from: unknown; to: unknown }>;

/** The fields whose value really changes, as `{ field: { from, to } }` (undefined = not given). */
export function changesOf<T extends Record<string, unknown>>(current: T, next: Partial<T>): Changes {
  const out: Changes = {};
  for (const [k, v] of Object.entries(next)) {
    if (v === undefined) continue;
    const from = current[k] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(v)) out[k] = { from, to: v };
  }
  return out;
}

/** The values of the changes, for tx.patch. */
export function valuesOf(changes: Changes): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c.to]));
}

export function requireChanges(changes: Changes): void {
  if (Object.keys(changes).length === 0) throw new DomainError('invalid_input', '没有修改任何内容');
}

interface Withdrawable {
  withdrawnAt: string | null;
  withdrawnBy: string | null;
  withdrawReason: string | null;
}

export function requireNotWithdrawn(row: Withdrawable, label: string): void {
  if (row.withdrawnAt) throw new DomainError('invalid_transition', `该${label}已于${row.withdrawnAt.slice(0, 10)}撤回，不能再修改`);
}

/** The fields a withdrawal sets. */
export function withdrawalFields(store: Store, userId: string, reason: string): Withdrawable {
  return { withdrawnAt: store.nowIso(), withdrawnBy: userId, withdrawReason: reason };
}

export function withdrawalDto(store: Store, row: Withdrawable): WithdrawalDto {
  return { withdrawnAt: row.withdrawnAt, withdrawnByName: userName(store, row.withdrawnBy), withdrawReason: row.withdrawReason };
}

interface CorrectionAudit {
  /** e.g. 'progress.edit'; the event names the record patched. */
  action: string;
  /** The case the record belongs to (null for records of no case, e.g. 政企互动). */
  caseId: string | null;
  /** More for the 修改记录 line (the plan item's name, the reason of a withdrawal). */
  detail?: Record<string, unknown>;
}

/** A correction of a saved record: the fields that really change, one audited field patch (refused when nothing changes). */
export function writeCorrection<T extends SyncedTable>(ctx: ServiceContext, table: T, row: T['$inferSelect'] & { id: string }, wanted: Record<string, unknown>, audit: CorrectionAudit): T['$inferSelect'] {
  const changes = changesOf(row as Record<string, unknown>, wanted);
  requireChanges(changes);
  const detail = { ...(audit.caseId ? { caseId: audit.caseId } : {}), ...audit.detail, changes };
  return ctx.store.write({ actor: ctx.actor, action: audit.action, detail }, (tx) => tx.patch(table, row.id, valuesOf(changes) as never));
}

/** A withdrawal (已撤回): the row stays, with who, when and why, as one audited field patch. */
export function writeWithdrawal<T extends SyncedTable>(ctx: ServiceContext, table: T, row: T['$inferSelect'] & { id: string }, userId: string, reason: string, audit: CorrectionAudit): void {
  const fields = withdrawalFields(ctx.store, userId, reason);
  const detail = { ...(audit.caseId ? { caseId: audit.caseId } : {}), ...audit.detail, changes: changesOf(row as Record<string, unknown>, { ...fields }), reason };
  ctx.store.write({ actor: ctx.actor, action: audit.action, detail }, (tx) => tx.patch(table, row.id, fields as never));
}
