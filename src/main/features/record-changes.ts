// Corrections and withdrawals of saved records (shared by the features that keep them): the audit
// detail's `changes` (the 修改记录 tab reads it), the withdrawal fields and their display.
import type { WithdrawalDto } from '../../shared/api/index.js';
import { DomainError } from '../../shared/errors.js';
import type { Store } from '../db/store.js';
import { userName } from './context.js';

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
