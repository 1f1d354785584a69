// Corrections and withdrawals of saved records, on a real SQLite store: each is a field patch with
// base values (outbox), an audit event {caseId, changes, reason}, a row that stays; each refusal
// changes nothing. Also: hours outside 0–24, the agreement's required fields and the key project's
// leader, through the contract as the window UI sends them.
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../../src/main/api/backend.js';
import { caseAction, getCaseFile, setCaseLeader } from '../../../src/main/features/cases/service.js';
import { createEntrustment, signEntrustment } from '../../../src/main/features/entrustments/service.js';
import { registerCase } from '../../../src/main/features/intake/service.js';
import { addInteraction, editInteraction, listInteractions, withdrawInteraction } from '../../../src/main/features/interactions/service.js';
import { editHandover, recordHandover, withdrawHandover } from '../../../src/main/features/materials/service.js';
import { createPlan, editPlanItem, removePlanItem, setPlanItemStatus } from '../../../src/main/features/plans/service.js';
import { addProblem, editProblem, openProblems, resolveProblem, withdrawProblem } from '../../../src/main/features/problems/service.js';
import { addProgress, editProgress, withdrawProgress } from '../../../src/main/features/progress/service.js';
import * as t from '../../../src/main/db/schema.js';
import { printableCase } from '../../../src/main/features/documents/service.js';
import { enterpriseApplicant, makeWorld, PASSWORD, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

function counts(w: World) {
  const n = (sql: string) => w.store.db.prepare(sql).pluck().get() as number;
  return { audit: n('SELECT count(*) FROM audit_events'), outbox: n('SELECT count(*) FROM outbox'), hash: w.store.db.prepare('SELECT group_concat(updated_at) FROM (SELECT updated_at FROM progress_entries UNION ALL SELECT updated_at FROM problems UNION ALL SELECT updated_at FROM handovers UNION ALL SELECT updated_at FROM plan_items UNION ALL SELECT updated_at FROM interactions)').pluck().get() as string | null };
}

function lastAudit(w: World) {
  const r = w.store.db.prepare('SELECT action, entity, entity_id AS entityId, detail FROM audit_events ORDER BY seq DESC LIMIT 1').get() as { action: string; entity: string; entityId: string; detail: string };
  return { ...r, detail: JSON.parse(r.detail) as Record<string, unknown> };
}

function lastOp(w: World) {
  const r = w.store.db.prepare('SELECT entity, entity_id AS entityId, kind, payload FROM outbox ORDER BY seq DESC LIMIT 1').get() as { entity: string; entityId: string; kind: string; payload: string };
  return { ...r, payload: JSON.parse(r.payload) as Record<string, unknown> };
}

function withPlan(w: World) {
  const { caseId } = registerProxyCase(w);
  const tpl = w.store.orm.select().from(t.planTemplates).all()[0]!;
  createPlan(w.ctx('agent'), { caseId, templateId: tpl.id });
  const items = getCaseFile(w.ctx('agent'), caseId).plan!.items;
  return { caseId, items };
}

describe('progress entries', () => {
  it('are corrected by their author as field patches with base values, and withdrawn with a reason — the row stays', () => {
    const w = makeWorld(tempDir());
    const { caseId, items } = withPlan(w);
    const { id } = addProgress(w.ctx('agent'), { caseId, kind: 'phone', text: '电话通知补正材料', hours: 1, planItemId: items[0]!.id });
    editProgress(w.ctx('agent'), { entryId: id, kind: 'meeting', text: '到住建局当面沟通补正材料', hours: 2.5, at: '2026-03-01', planItemId: null });
    const op = lastOp(w);
    expect(op).toMatchObject({ entity: 'progressEntries', entityId: id, kind: 'patch' });
    expect(op.payload).toEqual({
      kind: { base: 'phone', value: 'meeting' },
      text: { base: '电话通知补正材料', value: '到住建局当面沟通补正材料' },
      hours: { base: 1, value: 2.5 },
      occurredDate: { base: '2026-03-02', value: '2026-03-01' },
      planItemId: { base: items[0]!.id, value: null },
    });
    expect(lastAudit(w)).toMatchObject({ action: 'progress.edit', entity: 'progressEntries', entityId: id, detail: { caseId, changes: { hours: { from: 1, to: 2.5 }, kind: { from: 'phone', to: 'meeting' } } } });

    withdrawProgress(w.ctx('agent'), { entryId: id, reason: '误记在本案卷' });
    expect(lastAudit(w)).toMatchObject({ action: 'progress.withdraw', entityId: id, detail: { caseId, reason: '误记在本案卷' } });
    expect(Object.keys(lastOp(w).payload).sort()).toEqual(['withdrawReason', 'withdrawnAt', 'withdrawnBy']);
    const [entry] = getCaseFile(w.ctx('clerk'), caseId).progress;
    expect(entry).toMatchObject({ id, text: '到住建局当面沟通补正材料', hours: 2.5, withdrawReason: '误记在本案卷', withdrawnByName: '陈志强' });
    expect(entry!.withdrawnAt).toBeTruthy();
    expect(w.store.db.prepare("SELECT count(*) FROM outbox WHERE entity = 'progressEntries' AND kind = 'delete'").pluck().get()).toBe(0);
    // The printed 计划书 and 周进展 leave a withdrawn entry out (the case file keeps it, struck through).
    const caseRow = w.store.byId(t.cases, caseId)!;
    expect(printableCase(w.ctx('clerk'), caseRow, 'masked').progress?.map((p) => p.text)).not.toContain('到住建局当面沟通补正材料');
  });

  it('refuses another author, a withdrawn entry, no change, hours outside 0–24 and a foreign item — changing nothing', () => {
    const w = makeWorld(tempDir());
    const { caseId } = withPlan(w);
    const other = registerProxyCase(w, { applicant: enterpriseApplicant({ name: '福州另一家公司' }) });
    const otherItem = (() => {
      const tpl = w.store.orm.select().from(t.planTemplates).all()[0]!;
      createPlan(w.ctx('agent'), { caseId: other.caseId, templateId: tpl.id });
      return getCaseFile(w.ctx('agent'), other.caseId).plan!.items[0]!.id;
    })();
    const { id } = addProgress(w.ctx('agent'), { caseId, kind: 'phone', text: '电话通知补正材料', hours: 1 });
    const base = { entryId: id, kind: 'phone' as const, text: '电话通知补正材料', hours: 1 };
    const before = counts(w);
    expect(() => editProgress(w.ctx('agent2'), { ...base, text: '改写别人的记录' })).toThrow('进度记录只能由记录人本人或管理员更正、撤回');
    expect(() => withdrawProgress(w.ctx('clerk'), { entryId: id, reason: '不是我写的' })).toThrow('进度记录只能由记录人本人或管理员更正、撤回');
    expect(() => editProgress(w.ctx('leader'), { ...base, text: '领导改写' })).toThrow(/角色无权/);
    expect(() => editProgress(w.ctx('agent'), base)).toThrow('没有修改任何内容');
    expect(() => editProgress(w.ctx('agent'), { ...base, hours: -3 })).toThrow('工时不能为负数');
    expect(() => editProgress(w.ctx('agent'), { ...base, hours: 30 })).toThrow('单条记录工时不能超过24小时');
    expect(() => editProgress(w.ctx('agent'), { ...base, planItemId: otherItem })).toThrow('所选计划事项不属于本案卷');
    expect(() => editProgress(w.ctx('agent'), { ...base, at: '2026-03-09' })).toThrow('进度日期不能晚于今天');
    expect(() => editProgress(w.ctx('otherClerk'), { ...base, text: '外机构' })).toThrow(/不属于您所在机构/);
    expect(counts(w)).toEqual(before);
    // An admin may correct anyone's entry; once withdrawn nothing changes it again.
    withdrawProgress(w.ctx('admin'), { entryId: id, reason: '重复登记' });
    const after = counts(w);
    expect(() => editProgress(w.ctx('agent'), { ...base, text: '撤回后再改' })).toThrow(/已于2026-03-02撤回/);
    expect(() => withdrawProgress(w.ctx('agent'), { entryId: id, reason: '再撤一次' })).toThrow(/已于2026-03-02撤回/);
    expect(counts(w)).toEqual(after);
  });
});

describe('the contract refuses what the forms used to clamp or let through', () => {
  it('hours of −3 and 30 are refused with a Chinese message and nothing is saved; an agreement needs its term end and trustee', async () => {
    const dir = tempDir();
    const w = makeWorld(dir);
    const { caseId } = registerProxyCase(w);
    const backend = createBackend({ dataDir: dir, clock: w.clock, log: () => undefined });
    try {
      const call = (name: string, input: unknown) => backend.dispatch('c', name, input);
      expect((await call('auth.login', { username: 'agent', password: PASSWORD })).ok).toBe(true);
      const before = counts(w);
      for (const [hours, message] of [[-3, '工时不能为负数'], [30, '单条记录工时不能超过24小时'], ['abc', '工时应为数字']] as const) {
        const r = await call('progress.add', { caseId, kind: 'phone', text: '电话联系经办人', hours });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error).toMatchObject({ code: 'validation', fieldErrors: { hours: message } });
      }
      expect(counts(w)).toEqual(before);
      expect(getCaseFile(w.ctx('agent'), caseId).progress).toEqual([]);

      const half = await call('entrustment.create', { caseId, kind: 'agreement', scope: '全程代办' });
      expect(half.ok).toBe(false);
      if (!half.ok) expect(half.error.fieldErrors).toMatchObject({ termEnd: '代办委托协议须填写委托期限（截止日期）', authorizedPerson: '代办委托协议须填写受托人' });
      const backwards = await call('entrustment.create', { caseId, kind: 'agreement', scope: '全程代办', termStart: '2026-06-01', termEnd: '2026-05-01', authorizedPerson: '陈志强' });
      if (!backwards.ok) expect(backwards.error.fieldErrors).toMatchObject({ termEnd: '委托期限不能早于起始日期' });
      expect(backwards.ok).toBe(false);
      expect(counts(w)).toEqual(before);
      expect((await call('entrustment.create', { caseId, kind: 'agreement', scope: '全程代办', termEnd: '2026-12-31', authorizedPerson: '陈志强' })).ok).toBe(true);
    } finally {
      backend.close();
    }
  });
});

describe('problems', () => {
  it('are corrected and withdrawn (no longer open), with refusals that change nothing', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const { id } = addProblem(w.ctx('agent'), { caseId, department: '市住建局', description: '施工图审查意见待回复' });
    const before = counts(w);
    expect(() => editProblem(w.ctx('leader'), { problemId: id, department: '市自然资源和规划局', description: '施工图审查意见待回复' })).toThrow(/角色无权/);
    expect(() => editProblem(w.ctx('otherClerk'), { problemId: id, department: '市自然资源和规划局', description: '施工图审查意见待回复' })).toThrow(/不属于您所在机构/);
    expect(() => editProblem(w.ctx('clerk'), { problemId: id, department: '市住建局', description: '施工图审查意见待回复', resolution: '已解决' })).toThrow(/尚未解决/);
    expect(() => editProblem(w.ctx('clerk'), { problemId: id, department: '市住建局', description: '施工图审查意见待回复' })).toThrow('没有修改任何内容');
    expect(counts(w)).toEqual(before);
    editProblem(w.ctx('clerk'), { problemId: id, department: '市自然资源和规划局', description: '施工图审查意见待回复' });
    expect(lastOp(w)).toMatchObject({ entity: 'problems', kind: 'patch', payload: { department: { base: '市住建局', value: '市自然资源和规划局' } } });
    expect(lastAudit(w)).toMatchObject({ action: 'problem.edit', entity: 'problems', entityId: id, detail: { caseId, changes: { department: { from: '市住建局', to: '市自然资源和规划局' } } } });
    withdrawProblem(w.ctx('clerk'), { problemId: id, reason: '登记错了案卷' });
    expect(lastAudit(w)).toMatchObject({ action: 'problem.withdraw', detail: { caseId, reason: '登记错了案卷' } });
    expect(openProblems(w.ctx('clerk'), caseId)).toEqual([]);
    expect(getCaseFile(w.ctx('clerk'), caseId).problems).toEqual([expect.objectContaining({ id, department: '市自然资源和规划局', withdrawReason: '登记错了案卷' })]);
    expect(() => resolveProblem(w.ctx('clerk'), { problemId: id, resolution: '撤回后再解决' })).toThrow(/撤回/);
  });
});

describe('handovers', () => {
  it('are corrected (who, note) and withdrawn with the held counts given back; a withdrawal that would go below zero is refused', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const { id } = recordHandover(w.ctx('clerk'), { caseId, direction: 'received', counterpart: '林小明', items: [{ name: '营业执照', originals: 1, copies: 2 }] });
    const held = () => getCaseFile(w.ctx('clerk'), caseId).materials.find((m) => m.name === '营业执照')!;
    editHandover(w.ctx('clerk'), { handoverId: id, counterpart: '林晓明', note: '原件核对' });
    expect(lastOp(w)).toMatchObject({ entity: 'handovers', kind: 'patch', payload: { counterpartName: { base: '林小明', value: '林晓明' }, note: { base: '', value: '原件核对' } } });
    expect(lastAudit(w)).toMatchObject({ action: 'handover.edit', entityId: id, detail: { caseId, changes: { counterpartName: { from: '林小明', to: '林晓明' } } } });

    const back = recordHandover(w.ctx('clerk'), { caseId, direction: 'returned', counterpart: '林晓明', items: [{ name: '营业执照', originals: 1, copies: 0 }] });
    const before = counts(w);
    expect(() => withdrawHandover(w.ctx('clerk'), { handoverId: id, reason: '误登记' })).toThrow(/已部分退还/);
    expect(() => withdrawHandover(w.ctx('leader'), { handoverId: id, reason: '误登记' })).toThrow(/角色无权/);
    expect(counts(w)).toEqual(before);
    expect(held()).toMatchObject({ originalsHeld: 0, copiesHeld: 2 });

    withdrawHandover(w.ctx('clerk'), { handoverId: back.id, reason: '原件未退还' });
    expect(held()).toMatchObject({ originalsHeld: 1, copiesHeld: 2 });
    withdrawHandover(w.ctx('clerk'), { handoverId: id, reason: '误登记' });
    expect(held()).toMatchObject({ originalsHeld: 0, copiesHeld: 0 });
    expect(lastAudit(w)).toMatchObject({ action: 'handover.withdraw', entityId: id, detail: { caseId, reason: '误登记' } });
    const rows = getCaseFile(w.ctx('clerk'), caseId).handovers;
    expect(rows.map((h) => [h.id, h.withdrawReason])).toEqual(expect.arrayContaining([[id, '误登记'], [back.id, '原件未退还']]));
    expect(() => editHandover(w.ctx('clerk'), { handoverId: id, counterpart: '别人' })).toThrow(/撤回/);
  });
});

describe('plan items', () => {
  it('are edited (department, group, dates) and removed with a reason; decided items stay', () => {
    const w = makeWorld(tempDir());
    const { caseId, items } = withPlan(w);
    const [a, b] = items;
    editPlanItem(w.ctx('agent'), { planItemId: a!.id, department: '福州市住房和城乡建设局', parallelGroup: 3, dueDate: '2026-04-30' });
    expect(lastAudit(w)).toMatchObject({ action: 'planItem.edit', entity: 'planItems', entityId: a!.id, detail: { caseId, changes: { department: { to: '福州市住房和城乡建设局' }, parallelGroup: { to: 3 }, dueDate: { to: '2026-04-30' } } } });
    expect(lastOp(w)).toMatchObject({ kind: 'patch', payload: { parallelGroup: { base: a!.parallelGroup, value: 3 } } });
    const before = counts(w);
    expect(() => editPlanItem(w.ctx('agent'), { planItemId: a!.id, department: '福州市住房和城乡建设局', parallelGroup: 3, dueDate: '2020-01-01' })).toThrow('到期日不能早于开始日期');
    expect(() => editPlanItem(w.ctx('leader'), { planItemId: a!.id, department: '某局', parallelGroup: 1 })).toThrow(/角色无权/);
    expect(counts(w)).toEqual(before);

    removePlanItem(w.ctx('agent'), { planItemId: b!.id, reason: '本项目无需办理该事项' });
    expect(lastAudit(w)).toMatchObject({ action: 'planItem.remove', entityId: b!.id, detail: { caseId, reason: '本项目无需办理该事项' } });
    const after = getCaseFile(w.ctx('agent'), caseId);
    expect(after.plan!.items.map((i) => i.id)).not.toContain(b!.id);
    expect(after.materials.filter((m) => m.planItemId === b!.id)).toEqual([]);

    setPlanItemStatus(w.ctx('agent'), { planItemId: a!.id, status: 'preparing' });
    setPlanItemStatus(w.ctx('agent'), { planItemId: a!.id, status: 'submitted' });
    setPlanItemStatus(w.ctx('agent'), { planItemId: a!.id, status: 'approved', approvalDocNo: '榕建〔2026〕1号' });
    expect(() => removePlanItem(w.ctx('agent'), { planItemId: a!.id, reason: '不要了' })).toThrow(/已办结，不能从计划中移除/);
  });
});

describe('政企互动', () => {
  it('refuses the same event twice, is corrected and withdrawn (kept in the list), only by its office', () => {
    const w = makeWorld(tempDir());
    const input = { heldDate: '2026-02-10', place: '鼓楼区政务服务中心', enterprises: '福州闽江智造科技有限公司', content: '项目审批政策宣讲会' };
    const saved = addInteraction(w.ctx('clerk'), input);
    expect(() => addInteraction(w.ctx('clerk'), input)).toThrow('该政企互动已登记（同一日期、地点和内容），未重复保存');
    const before = counts(w);
    expect(() => editInteraction(w.ctx('otherClerk'), { ...input, interactionId: saved.id, place: '别处' })).toThrow('只能更正本机构及下级机构的政企互动记录');
    expect(() => editInteraction(w.ctx('leader'), { ...input, interactionId: saved.id, place: '别处' })).toThrow(/角色无权/);
    expect(() => editInteraction(w.ctx('clerk'), { ...input, interactionId: saved.id, heldDate: '2026-13-01' })).toThrow(/日期/);
    expect(counts(w)).toEqual(before);
    const edited = editInteraction(w.ctx('clerk'), { ...input, interactionId: saved.id, place: '鼓楼区洪山镇便民服务中心' });
    expect(edited.place).toBe('鼓楼区洪山镇便民服务中心');
    expect(lastAudit(w)).toMatchObject({ action: 'interaction.edit', entity: 'interactions', entityId: saved.id, detail: { changes: { place: { from: input.place, to: '鼓楼区洪山镇便民服务中心' } } } });
    withdrawInteraction(w.ctx('clerk'), { interactionId: saved.id, reason: '活动取消' });
    expect(listInteractions(w.ctx('clerk'), { year: 2026, quarter: 1 })).toEqual([expect.objectContaining({ id: saved.id, withdrawReason: '活动取消', withdrawnByName: '林晓燕' })]);
    // Once withdrawn, the same event may be registered again.
    expect(addInteraction(w.ctx('clerk'), input).id).not.toBe(saved.id);
  });
});

describe('the responsible leader of a case', () => {
  it('is set or changed (audited); a key project without one is refused at intake (contract) and before it is accepted or started', async () => {
    const dir = tempDir();
    const w = makeWorld(dir);
    const { caseId } = registerProxyCase(w);
    setCaseLeader(w.ctx('clerk'), { caseId, leaderId: w.users.leader2 });
    expect(lastAudit(w)).toMatchObject({ action: 'case.setLeader', entity: 'cases', entityId: caseId, detail: { caseId, changes: { leaderId: { from: w.users.leader, to: w.users.leader2 } } } });
    expect(getCaseFile(w.ctx('clerk'), caseId)).toMatchObject({ leaderId: w.users.leader2, leaderName: '吴建华' });
    const before = counts(w);
    expect(() => setCaseLeader(w.ctx('clerk'), { caseId, leaderId: w.users.agent })).toThrow('所选人员不是在岗责任领导');
    expect(() => setCaseLeader(w.ctx('leader'), { caseId, leaderId: w.users.leader })).toThrow(/角色无权/);
    expect(() => setCaseLeader(w.ctx('clerk'), { caseId, leaderId: w.users.leader2 })).toThrow('没有修改任何内容');
    expect(counts(w)).toEqual(before);

    // A key project registered before the rule (or synced in) without a leader is not entrusted or started.
    const bare = registerProxyCase(w, { leaderId: undefined, applicant: enterpriseApplicant({ name: '福州无领导项目公司' }) });
    const { id: agreementId } = createEntrustment(w.ctx('clerk'), { caseId: bare.caseId, kind: 'agreement', scope: '全程代办', termEnd: '2026-12-31', authorizedPerson: '陈志强' });
    const beforeSign = counts(w);
    expect(() => signEntrustment(w.ctx('clerk'), { entrustmentId: agreementId, withoutScan: true })).toThrow('重点项目须指定责任领导，请先在概况中指定');
    expect(counts(w)).toEqual(beforeSign);
    setCaseLeader(w.ctx('clerk'), { caseId: bare.caseId, leaderId: w.users.leader });
    signEntrustment(w.ctx('clerk'), { entrustmentId: agreementId, withoutScan: true });
    expect(caseAction(w.ctx('agent'), { caseId: bare.caseId, action: 'start' }).status).toBe('inProgress');
    // A help case of a key project cannot be started without one either; a social project needs none.
    const help = registerCase(w.ctx('clerk'), {
      channel: 'counter', mode: 'help', helpKind: 'assist', applicant: enterpriseApplicant({ name: '福州协办公司' }),
      project: { name: '协办重点项目', category: 'key' }, summary: '协办', agentId: w.users.agent,
    });
    expect(() => caseAction(w.ctx('agent'), { caseId: help.caseId, action: 'start' })).toThrow('重点项目须指定责任领导');
    const social = registerCase(w.ctx('clerk'), {
      channel: 'counter', mode: 'help', helpKind: 'assist', applicant: enterpriseApplicant({ name: '福州社会投资公司' }),
      project: { name: '社会投资厂房', category: 'social' }, summary: '协办', agentId: w.users.agent,
    });
    expect(caseAction(w.ctx('agent'), { caseId: social.caseId, action: 'start' }).status).toBe('inProgress');

    const backend = createBackend({ dataDir: dir, clock: w.clock, log: () => undefined });
    try {
      await backend.dispatch('c', 'auth.login', { username: 'clerk', password: PASSWORD });
      const r = await backend.dispatch('c', 'intake.register', {
        channel: 'counter', mode: 'proxy', applicant: enterpriseApplicant({ name: '福州重点项目公司' }),
        project: { name: '重点项目厂房', category: 'key' }, summary: '重点项目代办',
      });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.fieldErrors).toMatchObject({ leaderId: '重点项目须指定责任领导' });
    } finally {
      backend.close();
    }
  });
});
