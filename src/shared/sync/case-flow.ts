// The case status transitions the server checks for intents that change a case's status.
// TODO(sync): switch to src/shared/domain/case-status.ts once it lands, keeping this table as the
// reference the server and desktop agree on.
import type { CaseStatus } from '../domain/enums';
import { CASE_STATUSES } from '../domain/enums';

export const CASE_TRANSITIONS: Record<CaseStatus, readonly CaseStatus[]> = {
  consulting: ['accepted', 'withdrawn', 'completed'],
  accepted: ['entrusted', 'inProgress', 'completed', 'suspended', 'withdrawn'],
  entrusted: ['inProgress', 'completed', 'suspended', 'withdrawn'],
  inProgress: ['completed', 'suspended', 'withdrawn'],
  suspended: ['inProgress', 'completed', 'withdrawn'],
  completed: ['inProgress'],
  withdrawn: [],
};

export function isCaseStatus(s: unknown): s is CaseStatus {
  return typeof s === 'string' && (CASE_STATUSES.codes as readonly string[]).includes(s);
}

/** Chinese explanation when `from → to` is not allowed, or null when it is. */
export function caseTransitionError(from: unknown, to: unknown): string | null {
  if (!isCaseStatus(to)) return `未知的办件状态：${String(to)}`;
  if (!isCaseStatus(from)) return `办件当前状态未知：${String(from)}`;
  if (from === to) return null;
  if (CASE_TRANSITIONS[from].includes(to)) return null;
  return `办件当前状态为“${CASE_STATUSES.labels[from]}”，不能变更为“${CASE_STATUSES.labels[to]}”`;
}

/** Statuses a new case may be created with. */
export const INITIAL_CASE_STATUSES: readonly CaseStatus[] = ['consulting', 'accepted'];
