// The case status machine (代办件/帮办件状态): named actions, who may take them, and the reasons
// required for refusing, suspending and withdrawing. The desktop services, the renderer (to show
// only the buttons that apply) and the sync server (to validate intents) all use this one table.
//
//   consulting ──accept──▶ accepted ──entrust (proxy)──▶ entrusted ──start──▶ inProgress ──complete──▶ completed
//       │                     │  └──────────start (help)────────────────────────▲
//       └─refuse─▶ withdrawn  └─suspend─▶ suspended ──resume──▶ inProgress
//   withdraw: any open status ▶ withdrawn · guide (导办) cases may complete from consulting or accepted
import { CASE_STATUSES, MODES, ROLES, type CaseStatus, type HelpKind, type Mode, type Role } from './enums.js';

export const CASE_ACTIONS = {
  accept: '受理',
  refuse: '不予受理',
  entrust: '签订委托',
  start: '开始办理',
  complete: '办结',
  suspend: '中止',
  resume: '恢复办理',
  withdraw: '退件',
} as const;
export type CaseAction = keyof typeof CASE_ACTIONS;
export const CASE_ACTION_CODES = Object.keys(CASE_ACTIONS) as [CaseAction, ...CaseAction[]];

export type ReasonRule = 'required' | 'optional' | 'none';

export interface CaseTransition {
  action: CaseAction;
  from: readonly CaseStatus[];
  to: CaseStatus;
  /** Roles that may take the action on any case. */
  roles: readonly Role[];
  /** Extra roles that may take it on help-mode (帮办) cases only. */
  helpRoles?: readonly Role[];
  /** Only for this mode. */
  mode?: Mode;
  reason: ReasonRule;
  /** What the reason is called in messages (e.g. 退件原因). */
  reasonLabel?: string;
}

/** Statuses in which a case is still open (can still move). */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['consulting', 'accepted', 'entrusted', 'inProgress', 'suspended'];
export const CLOSED_CASE_STATUSES: readonly CaseStatus[] = ['completed', 'withdrawn'];

/** The transition table. Leaders (责任领导) read and supervise; they do not move cases. Admins may do everything. */
export const CASE_TRANSITIONS: Readonly<Record<CaseAction, CaseTransition>> = {
  accept: { action: 'accept', from: ['consulting'], to: 'accepted', roles: ['clerk', 'agent', 'admin'], reason: 'none' },
  refuse: {
    action: 'refuse', from: ['consulting'], to: 'withdrawn', roles: ['clerk', 'agent', 'admin'],
    reason: 'required', reasonLabel: '不予受理原因',
  },
  entrust: { action: 'entrust', from: ['accepted'], to: 'entrusted', roles: ['clerk', 'agent', 'admin'], mode: 'proxy', reason: 'none' },
  start: {
    action: 'start', from: ['accepted', 'entrusted'], to: 'inProgress', roles: ['agent', 'admin'], helpRoles: ['clerk'], reason: 'none',
  },
  complete: {
    action: 'complete', from: ['inProgress'], to: 'completed', roles: ['agent', 'admin'], helpRoles: ['clerk'],
    reason: 'optional', reasonLabel: '办结说明',
  },
  suspend: {
    action: 'suspend', from: ['accepted', 'entrusted', 'inProgress'], to: 'suspended', roles: ['agent', 'admin'],
    reason: 'required', reasonLabel: '中止原因',
  },
  resume: { action: 'resume', from: ['suspended'], to: 'inProgress', roles: ['agent', 'admin'], reason: 'none' },
  withdraw: {
    action: 'withdraw', from: OPEN_CASE_STATUSES, to: 'withdrawn', roles: ['clerk', 'agent', 'admin'],
    reason: 'required', reasonLabel: '退件原因',
  },
};

export function isOpenStatus(status: CaseStatus): boolean {
  return OPEN_CASE_STATUSES.includes(status);
}

export interface CaseActionContext {
  role: Role;
  mode: Mode;
  helpKind?: HelpKind | null;
  reason?: string | null;
}

/** Minimum length of a reason after trimming. */
export const MIN_REASON_LENGTH = 2;
export const MAX_REASON_LENGTH = 500;

/** Statuses the action may start from for this kind of case (mode and help kind aware). */
function fromStatuses(t: CaseTransition, ctx: Pick<CaseActionContext, 'mode' | 'helpKind'>): readonly CaseStatus[] {
  if (t.action === 'start' && ctx.mode === 'proxy') return ['entrusted'];
  if (t.action === 'complete' && ctx.mode === 'help' && ctx.helpKind === 'guide') return ['consulting', 'accepted', 'inProgress'];
  return t.from;
}

function roleAllowed(t: CaseTransition, ctx: Pick<CaseActionContext, 'role' | 'mode'>): boolean {
  if (ctx.role === 'admin') return true;
  if (t.roles.includes(ctx.role)) return true;
  return ctx.mode === 'help' && (t.helpRoles ?? []).includes(ctx.role);
}

function modeAllowed(t: CaseTransition, mode: Mode): boolean {
  return !t.mode || t.mode === mode;
}

export interface CaseActionOption {
  action: CaseAction;
  label: string;
  to: CaseStatus;
  reason: ReasonRule;
  reasonLabel: string | null;
}

/** The actions this role may take on a case of this kind in this status, in table order. */
export function caseActionOptions(status: CaseStatus, ctx: Omit<CaseActionContext, 'reason'>): CaseActionOption[] {
  const out: CaseActionOption[] = [];
  for (const t of Object.values(CASE_TRANSITIONS)) {
    if (!modeAllowed(t, ctx.mode) || !roleAllowed(t, ctx)) continue;
    if (!fromStatuses(t, ctx).includes(status)) continue;
    out.push({ action: t.action, label: CASE_ACTIONS[t.action], to: t.to, reason: t.reason, reasonLabel: t.reasonLabel ?? null });
  }
  return out;
}

/** The names of the actions this role may take (see `caseActionOptions` for labels and reason rules). */
export function caseActionsFrom(status: CaseStatus, ctx: Omit<CaseActionContext, 'reason'>): CaseAction[] {
  return caseActionOptions(status, ctx).map((o) => o.action);
}

export type CaseActionResult =
  | { ok: true; from: CaseStatus; to: CaseStatus; action: CaseAction; reason: string | null }
  | { ok: false; error: string };

/** Normalises a free-text reason: trims, collapses inner whitespace. */
export function normalizeReason(reason: string | null | undefined): string {
  return String(reason ?? '').replace(/[\s\u3000]+/g, ' ').trim();
}

/**
 * Checks one action on a case in `status`. Returns the new status and the normalised reason,
 * or a Chinese error saying why the action is not allowed. Changes nothing itself.
 */
export function applyCaseAction(status: CaseStatus, action: string, ctx: CaseActionContext): CaseActionResult {
  if (!(action in CASE_TRANSITIONS)) return { ok: false, error: `未知的操作“${action}”` };
  const t = CASE_TRANSITIONS[action as CaseAction];
  const label = CASE_ACTIONS[t.action];
  if (!CASE_STATUSES.labels[status]) return { ok: false, error: `未知的状态“${status}”` };
  if (!ROLES.labels[ctx.role]) return { ok: false, error: `未知的角色“${ctx.role}”` };
  if (!MODES.labels[ctx.mode]) return { ok: false, error: `未知的服务方式“${ctx.mode}”` };
  const statusLabel = CASE_STATUSES.labels[status];
  if (!roleAllowed(t, ctx)) {
    if (ctx.role === 'leader') return { ok: false, error: `责任领导只能查看和督办，不能执行“${label}”` };
    return { ok: false, error: `${ROLES.labels[ctx.role]}无权对${MODES.labels[ctx.mode]}件执行“${label}”` };
  }
  if (!modeAllowed(t, ctx.mode)) {
    return { ok: false, error: `帮办件无需签订委托，不能执行“${label}”` };
  }
  const from = fromStatuses(t, ctx);
  if (!from.includes(status)) {
    if (t.action === 'start' && ctx.mode === 'proxy' && status === 'accepted') {
      return { ok: false, error: '代办件须先签订委托协议，才能开始办理' };
    }
    if (!isOpenStatus(status)) return { ok: false, error: `该件${statusLabel}，不能再执行“${label}”` };
    return { ok: false, error: `“${statusLabel}”状态的件不能执行“${label}”` };
  }
  const reason = normalizeReason(ctx.reason);
  if (t.reason === 'required' || (t.reason === 'optional' && reason !== '')) {
    const what = t.reasonLabel ?? '原因';
    if (reason === '') return { ok: false, error: `请填写${what}` };
    if ([...reason].length < MIN_REASON_LENGTH) return { ok: false, error: `${what}至少${MIN_REASON_LENGTH}个字` };
    if ([...reason].length > MAX_REASON_LENGTH) return { ok: false, error: `${what}不能超过${MAX_REASON_LENGTH}个字` };
  }
  return { ok: true, from: status, to: t.to, action: t.action, reason: t.reason === 'none' || reason === '' ? null : reason };
}

/**
 * Is there any action that moves `from` to `to` (for some role and mode)? Used by sync to accept
 * or reject a status coming from another desktop.
 */
export function isCaseTransition(from: CaseStatus, to: CaseStatus): boolean {
  for (const t of Object.values(CASE_TRANSITIONS)) {
    if (t.to !== to) continue;
    if (t.from.includes(from)) return true;
    if (t.action === 'complete' && (from === 'consulting' || from === 'accepted')) return true;
  }
  return false;
}
