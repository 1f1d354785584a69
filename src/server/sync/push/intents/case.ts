// case.* intents: the status actions of the case state machine (src/shared/domain/case-status.ts),
// re-checked against the server's current status and the user's roles, and case.assign.
import { CASE_STATUSES, ROLES } from '../../../../shared/domain/enums';
import type { CaseStatus, HelpKind, Mode, Role } from '../../../../shared/domain/enums';
import { CASE_ACTION_CODES, applyCaseAction, isCaseTransition } from '../../../../shared/domain/case-status';
import type { CaseAction } from '../../../../shared/domain/case-status';
import type { Rec } from '../../records';
import type { Changes } from '../record-ops';
import { reject } from '../state';
import type { IntentCheck, IntentHandler } from './types';

function labelOf(s: unknown): string {
  return isCaseStatus(s) ? CASE_STATUSES.labels[s] : String(s);
}
function isCaseStatus(s: unknown): s is CaseStatus {
  return typeof s === 'string' && (CASE_STATUSES.codes as readonly string[]).includes(s);
}

/** A case's status moves only along the state machine (plain patches and intents without a rule of their own). */
export function checkStatusMove(r: Rec, changes: Changes): void {
  if (r.entity !== 'cases' || !changes.status) return;
  const from = r.data.status;
  const to = changes.status.value;
  if (!isCaseStatus(from) || !isCaseStatus(to) || (from !== to && !isCaseTransition(from, to))) {
    reject('invalid_transition', `办件状态不能从“${labelOf(from)}”变为“${labelOf(to)}”`);
  }
}

/** One status action, allowed if any of the user's roles may take it from the server's current status. */
function checkCaseAction(action: CaseAction, { op, r, changes, roles }: IntentCheck): void {
  const status = r.data.status;
  if (!isCaseStatus(status)) reject('invalid_transition', '办件当前状态未知');
  let firstError = '';
  for (const role of roles) {
    if (!(ROLES.codes as readonly string[]).includes(role)) continue;
    const res = applyCaseAction(status as CaseStatus, action, {
      role: role as Role,
      mode: (r.data.mode === 'help' ? 'help' : 'proxy') as Mode,
      helpKind: (r.data.helpKind as HelpKind | null | undefined) ?? null,
      reason: (op.payload.args.reason as string | null | undefined) ?? null,
    });
    if (res.ok) {
      if (changes.status && changes.status.value !== res.to) reject('invalid_transition', '操作结果状态与服务器规则不一致');
      return;
    }
    firstError ||= res.error;
  }
  reject('invalid_transition', firstError || '当前角色无权执行该操作');
}

const statusActions = Object.fromEntries(
  CASE_ACTION_CODES.map((action): [string, IntentHandler] => [`case.${action}`, { entities: ['cases'], validate: (c) => checkCaseAction(action, c) }]),
);

export const caseIntents: Record<string, IntentHandler> = {
  ...statusActions,
  'case.assign': {
    entities: ['cases'],
    validate: ({ r }) => {
      if (r.data.status === 'completed' || r.data.status === 'withdrawn') reject('invalid_transition', '办件已办结或已退件，不能再指派');
    },
  },
};
