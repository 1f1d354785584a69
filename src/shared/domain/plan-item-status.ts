// Plan-item statuses (计划事项状态): 未开始 → 准备材料 → 已申报 → 补正中 → 已办结 / 不予许可.
// 补正中 goes back to 已申报 once the corrected materials are handed in; 已办结 needs the approval
// document number (批准文号/证照编号); 不予许可 needs a reason. Both outcomes are final.
import { PLAN_ITEM_STATUSES, type PlanItemStatus } from './enums.js';
import { MAX_REASON_LENGTH, MIN_REASON_LENGTH, normalizeReason } from './case-status.js';

export const PLAN_ITEM_TRANSITIONS: Readonly<Record<PlanItemStatus, readonly PlanItemStatus[]>> = {
  notStarted: ['preparing', 'submitted'],
  preparing: ['notStarted', 'submitted'],
  submitted: ['correcting', 'approved', 'refused'],
  correcting: ['submitted', 'refused'],
  approved: [],
  refused: [],
};

export const FINAL_PLAN_ITEM_STATUSES: readonly PlanItemStatus[] = ['approved', 'refused'];

export function isPlanItemFinal(status: PlanItemStatus): boolean {
  return FINAL_PLAN_ITEM_STATUSES.includes(status);
}

export function planItemNextStatuses(from: PlanItemStatus): readonly PlanItemStatus[] {
  return PLAN_ITEM_TRANSITIONS[from] ?? [];
}

export interface PlanItemStatusInput {
  /** Approval document number (批准文号), required for 已办结. */
  documentNo?: string | null;
  /** Reason, required for 不予许可. */
  reason?: string | null;
}

export type PlanItemStatusResult =
  | { ok: true; from: PlanItemStatus; to: PlanItemStatus; documentNo: string | null; reason: string | null }
  | { ok: false; error: string };

export const MAX_DOCUMENT_NO_LENGTH = 64;

/** Checks a status change of one plan item; returns the normalised document number / reason or a Chinese error. */
export function applyPlanItemStatus(from: PlanItemStatus, to: PlanItemStatus, input: PlanItemStatusInput = {}): PlanItemStatusResult {
  const fromLabel = PLAN_ITEM_STATUSES.labels[from];
  const toLabel = PLAN_ITEM_STATUSES.labels[to];
  if (!fromLabel) return { ok: false, error: `未知的事项状态“${from}”` };
  if (!toLabel) return { ok: false, error: `未知的事项状态“${to}”` };
  if (from === to) return { ok: false, error: `事项已是“${toLabel}”状态` };
  if (isPlanItemFinal(from)) return { ok: false, error: `事项已是“${fromLabel}”，状态不能再更改` };
  if (!planItemNextStatuses(from).includes(to)) {
    return { ok: false, error: `事项不能从“${fromLabel}”改为“${toLabel}”` };
  }
  let documentNo: string | null = null;
  let reason: string | null = null;
  if (to === 'approved') {
    documentNo = normalizeReason(input.documentNo);
    if (documentNo === '') return { ok: false, error: '办结须填写批准文号（或证照编号）' };
    if ([...documentNo].length > MAX_DOCUMENT_NO_LENGTH) return { ok: false, error: `批准文号不能超过${MAX_DOCUMENT_NO_LENGTH}个字` };
  }
  if (to === 'refused') {
    reason = normalizeReason(input.reason);
    if (reason === '') return { ok: false, error: '请填写不予许可的原因' };
    if ([...reason].length < MIN_REASON_LENGTH) return { ok: false, error: `不予许可的原因至少${MIN_REASON_LENGTH}个字` };
    if ([...reason].length > MAX_REASON_LENGTH) return { ok: false, error: `不予许可的原因不能超过${MAX_REASON_LENGTH}个字` };
  }
  return { ok: true, from, to, documentNo, reason };
}
