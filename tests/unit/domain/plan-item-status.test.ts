import { describe, expect, it } from 'vitest';
import { applyPlanItemStatus, isPlanItemFinal, planItemNextStatuses } from '../../../src/shared/domain/plan-item-status.js';
import { PLAN_ITEM_STATUSES } from '../../../src/shared/domain/enums.js';

describe('plan-item statuses', () => {
  it('follows 未开始 → 准备材料 → 已申报 → 补正中 → 已申报 → 已办结', () => {
    expect(applyPlanItemStatus('notStarted', 'preparing')).toEqual({ ok: true, from: 'notStarted', to: 'preparing', documentNo: null, reason: null });
    expect(applyPlanItemStatus('preparing', 'submitted').ok).toBe(true);
    expect(applyPlanItemStatus('submitted', 'correcting').ok).toBe(true);
    expect(applyPlanItemStatus('correcting', 'submitted').ok).toBe(true);
    expect(applyPlanItemStatus('submitted', 'approved', { documentNo: ' 榕规建〔2026〕0123号 ' })).toEqual({
      ok: true, from: 'submitted', to: 'approved', documentNo: '榕规建〔2026〕0123号', reason: null,
    });
  });

  it('requires a document number for 已办结 and a reason for 不予许可', () => {
    expect(applyPlanItemStatus('submitted', 'approved')).toEqual({ ok: false, error: '办结须填写批准文号（或证照编号）' });
    expect(applyPlanItemStatus('submitted', 'approved', { documentNo: '  ' })).toMatchObject({ ok: false });
    expect(applyPlanItemStatus('submitted', 'approved', { documentNo: 'x'.repeat(65) })).toMatchObject({ ok: false, error: expect.stringContaining('64') });
    expect(applyPlanItemStatus('submitted', 'refused')).toEqual({ ok: false, error: '请填写不予许可的原因' });
    expect(applyPlanItemStatus('correcting', 'refused', { reason: '否' })).toMatchObject({ ok: false, error: expect.stringContaining('至少2个字') });
    expect(applyPlanItemStatus('correcting', 'refused', { reason: '逾期未补正材料' })).toMatchObject({ ok: true, reason: '逾期未补正材料' });
  });

  it('refuses skipped and final moves', () => {
    expect(applyPlanItemStatus('notStarted', 'approved', { documentNo: 'A1' })).toEqual({ ok: false, error: '事项不能从“未开始”改为“已办结”' });
    expect(applyPlanItemStatus('preparing', 'correcting')).toMatchObject({ ok: false });
    expect(applyPlanItemStatus('approved', 'submitted')).toEqual({ ok: false, error: '事项已是“已办结”，状态不能再更改' });
    expect(applyPlanItemStatus('refused', 'submitted')).toMatchObject({ ok: false });
    expect(applyPlanItemStatus('submitted', 'submitted')).toEqual({ ok: false, error: '事项已是“已申报”状态' });
  });

  it('the table and the function agree for every pair', () => {
    for (const from of PLAN_ITEM_STATUSES.codes) {
      for (const to of PLAN_ITEM_STATUSES.codes) {
        const r = applyPlanItemStatus(from, to, { documentNo: '闽建〔2026〕1号', reason: '不符合规划条件' });
        expect(r.ok, `${from}→${to}`).toBe(planItemNextStatuses(from).includes(to));
      }
      expect(isPlanItemFinal(from)).toBe(from === 'approved' || from === 'refused');
    }
  });
});
