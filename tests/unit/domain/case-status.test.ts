import { describe, expect, it } from 'vitest';
import {
  applyCaseAction,
  caseActionOptions,
  caseActionsFrom,
  CASE_ACTION_CODES,
  isCaseTransition,
  isOpenStatus,
} from '../../../src/shared/domain/case-status.js';
import { CASE_STATUSES, HELP_KINDS, MODES, ROLES, type CaseStatus, type HelpKind, type Mode, type Role } from '../../../src/shared/domain/enums.js';

const proxy = (role: Role, reason?: string) => ({ role, mode: 'proxy' as Mode, reason });
const help = (role: Role, helpKind: HelpKind, reason?: string) => ({ role, mode: 'help' as Mode, helpKind, reason });

function walk(start: CaseStatus, steps: Array<[string, ReturnType<typeof proxy> | ReturnType<typeof help>]>): CaseStatus {
  let s = start;
  for (const [action, ctx] of steps) {
    const r = applyCaseAction(s, action, ctx);
    if (!r.ok) throw new Error(`${action} from ${s}: ${r.error}`);
    s = r.to;
  }
  return s;
}

describe('case status machine: paths', () => {
  it('walks the full proxy path', () => {
    expect(walk('consulting', [['accept', proxy('clerk')], ['entrust', proxy('clerk')], ['start', proxy('agent')], ['complete', proxy('agent')]])).toBe('completed');
  });

  it('walks a help (协办) path without entrustment', () => {
    expect(walk('consulting', [['accept', help('clerk', 'assist')], ['start', help('clerk', 'assist')], ['complete', help('clerk', 'assist')]])).toBe('completed');
  });

  it('lets a guide (导办) case complete straight from consulting or accepted', () => {
    expect(applyCaseAction('consulting', 'complete', help('clerk', 'guide'))).toEqual({ ok: true, from: 'consulting', to: 'completed', action: 'complete', reason: null });
    expect(applyCaseAction('accepted', 'complete', help('agent', 'guide'))).toMatchObject({ ok: true, to: 'completed' });
    expect(applyCaseAction('consulting', 'complete', help('clerk', 'assist'))).toEqual({ ok: false, error: '“咨询中”状态的件不能执行“办结”' });
    expect(applyCaseAction('accepted', 'complete', proxy('agent'))).toMatchObject({ ok: false });
  });

  it('suspends and resumes with a reason', () => {
    expect(walk('inProgress', [['suspend', proxy('agent', '等待规划调整')], ['resume', proxy('agent')]])).toBe('inProgress');
    expect(applyCaseAction('entrusted', 'suspend', proxy('agent', '  企业  资金未到位 '))).toEqual({
      ok: true, from: 'entrusted', to: 'suspended', action: 'suspend', reason: '企业 资金未到位',
    });
  });

  it('withdraws from every open status and from no closed one', () => {
    for (const s of CASE_STATUSES.codes) {
      const r = applyCaseAction(s, 'withdraw', proxy('agent', '申请人撤回申请'));
      expect(r.ok).toBe(isOpenStatus(s));
      if (r.ok) expect(r.to).toBe('withdrawn');
    }
    expect(applyCaseAction('completed', 'withdraw', proxy('agent', '申请人撤回'))).toEqual({ ok: false, error: '该件已办结，不能再执行“退件”' });
  });

  it('refuses at consulting with a reason', () => {
    expect(applyCaseAction('consulting', 'refuse', proxy('clerk', '不属于本中心受理范围'))).toMatchObject({ ok: true, to: 'withdrawn', reason: '不属于本中心受理范围' });
    expect(applyCaseAction('accepted', 'refuse', proxy('clerk', '不属于本中心受理范围'))).toMatchObject({ ok: false });
  });
});

describe('case status machine: rules', () => {
  it('a proxy case starts only after the entrustment is signed', () => {
    expect(applyCaseAction('accepted', 'start', proxy('agent'))).toEqual({ ok: false, error: '代办件须先签订委托协议，才能开始办理' });
    expect(applyCaseAction('entrusted', 'start', proxy('agent'))).toMatchObject({ ok: true, to: 'inProgress' });
  });

  it('help cases cannot be entrusted', () => {
    expect(applyCaseAction('accepted', 'entrust', help('clerk', 'assist'))).toEqual({ ok: false, error: '帮办件无需签订委托，不能执行“签订委托”' });
  });

  it('reasons: required, at least 2 characters after trimming', () => {
    for (const action of ['refuse', 'suspend', 'withdraw'] as const) {
      const from: CaseStatus = action === 'refuse' ? 'consulting' : 'accepted';
      expect(applyCaseAction(from, action, proxy('agent'))).toMatchObject({ ok: false, error: expect.stringMatching(/^请填写.*原因$/) });
      expect(applyCaseAction(from, action, proxy('agent', '   '))).toMatchObject({ ok: false, error: expect.stringMatching(/^请填写/) });
      expect(applyCaseAction(from, action, proxy('agent', ' 否 '))).toMatchObject({ ok: false, error: expect.stringContaining('至少2个字') });
      expect(applyCaseAction(from, action, proxy('agent', '𠮷否'))).toMatchObject({ ok: true });
      expect(applyCaseAction(from, action, proxy('agent', '长'.repeat(501)))).toMatchObject({ ok: false, error: expect.stringContaining('不能超过500个字') });
    }
    expect(applyCaseAction('consulting', 'withdraw', proxy('clerk'))).toEqual({ ok: false, error: '请填写退件原因' });
  });

  it('a completion note is optional but checked when given', () => {
    expect(applyCaseAction('inProgress', 'complete', proxy('agent', ''))).toMatchObject({ ok: true, reason: null });
    expect(applyCaseAction('inProgress', 'complete', proxy('agent', '好'))).toEqual({ ok: false, error: '办结说明至少2个字' });
    expect(applyCaseAction('inProgress', 'complete', proxy('agent', '已取得施工许可证'))).toMatchObject({ ok: true, reason: '已取得施工许可证' });
  });

  it('leaders never move cases; admins can do everything', () => {
    for (const s of CASE_STATUSES.codes) {
      for (const mode of MODES.codes) {
        expect(caseActionsFrom(s, { role: 'leader', mode, helpKind: mode === 'help' ? 'guide' : null })).toEqual([]);
      }
    }
    expect(applyCaseAction('consulting', 'accept', proxy('leader'))).toEqual({ ok: false, error: '责任领导只能查看和督办，不能执行“受理”' });
    expect(caseActionsFrom('inProgress', { role: 'admin', mode: 'proxy' })).toEqual(['complete', 'suspend', 'withdraw']);
    expect(caseActionsFrom('consulting', { role: 'admin', mode: 'proxy' })).toEqual(['accept', 'refuse', 'withdraw']);
  });

  it('clerks handle help cases themselves but hand proxy work to agents', () => {
    expect(caseActionsFrom('entrusted', { role: 'clerk', mode: 'proxy' })).toEqual(['withdraw']);
    expect(applyCaseAction('entrusted', 'start', proxy('clerk'))).toEqual({ ok: false, error: '窗口人员无权对代办件执行“开始办理”' });
    expect(caseActionsFrom('accepted', { role: 'clerk', mode: 'help', helpKind: 'assist' })).toEqual(['start', 'withdraw']);
    expect(caseActionsFrom('accepted', { role: 'clerk', mode: 'help', helpKind: 'guide' })).toEqual(['start', 'complete', 'withdraw']);
    expect(caseActionsFrom('inProgress', { role: 'clerk', mode: 'help', helpKind: 'assist' })).toEqual(['complete', 'withdraw']);
    expect(applyCaseAction('inProgress', 'suspend', help('clerk', 'assist', '等待材料'))).toEqual({ ok: false, error: '窗口人员无权对帮办件执行“中止”' });
  });

  it('lists exactly the actions that applyCaseAction allows, for every status, role, mode and help kind', () => {
    const kinds: Array<HelpKind | null> = [null, ...HELP_KINDS.codes];
    let checked = 0;
    for (const s of CASE_STATUSES.codes) {
      for (const role of ROLES.codes) {
        for (const mode of MODES.codes) {
          for (const helpKind of mode === 'help' ? kinds.slice(1) : [null]) {
            const listed = caseActionsFrom(s, { role, mode, helpKind });
            for (const action of CASE_ACTION_CODES) {
              const r = applyCaseAction(s, action, { role, mode, helpKind, reason: '充分的理由' });
              expect(r.ok, `${s} ${role} ${mode} ${helpKind} ${action}`).toBe(listed.includes(action));
              if (r.ok) expect(isCaseTransition(s, r.to)).toBe(true);
              checked++;
            }
          }
        }
      }
    }
    expect(checked).toBe(7 * 4 * 5 * 8);
    expect(caseActionOptions('consulting', { role: 'clerk', mode: 'proxy' })[1]).toEqual({
      action: 'refuse', label: '不予受理', to: 'withdrawn', reason: 'required', reasonLabel: '不予受理原因',
    });
  });

  it('closed statuses allow nothing', () => {
    for (const s of ['completed', 'withdrawn'] as const) {
      expect(isOpenStatus(s)).toBe(false);
      expect(caseActionsFrom(s, { role: 'admin', mode: 'help', helpKind: 'guide' })).toEqual([]);
    }
  });

  it('unknown input gives a Chinese error', () => {
    expect(applyCaseAction('consulting', 'explode', proxy('admin'))).toEqual({ ok: false, error: '未知的操作“explode”' });
    expect(applyCaseAction('nope' as CaseStatus, 'accept', proxy('admin'))).toEqual({ ok: false, error: '未知的状态“nope”' });
    expect(applyCaseAction('consulting', 'accept', { role: 'boss' as Role, mode: 'proxy' })).toEqual({ ok: false, error: '未知的角色“boss”' });
  });

  it('isCaseTransition accepts machine moves only', () => {
    expect(isCaseTransition('consulting', 'accepted')).toBe(true);
    expect(isCaseTransition('completed', 'inProgress')).toBe(false);
    expect(isCaseTransition('consulting', 'inProgress')).toBe(false);
    expect(isCaseTransition('suspended', 'inProgress')).toBe(true);
  });
});
