// 修改记录 (case.history) and the audit log in words: events of the case and of its records from
// several tables, old events without caseId found through the child rows, corrections field by field.
import { describe, expect, it } from 'vitest';
import { casesContract } from '../../../src/shared/api/cases.js';
import * as t from '../../../src/main/db/schema.js';
import { caseAction } from '../../../src/main/features/cases/service.js';
import { caseHistory } from '../../../src/main/features/audit/history.js';
import { listAudit } from '../../../src/main/features/audit/service.js';
import { addAttachmentBytes } from '../../../src/main/features/attachments/service.js';
import { listPlanTemplates } from '../../../src/main/features/catalog/service.js';
import { getDashboard } from '../../../src/main/features/dashboard/service.js';
import { addEvaluation, addCallback, evaluationAddSchema, callbackAddSchema } from '../../../src/main/features/evaluations/service.js';
import { newPublicToken, nextCaseNo, registerCase } from '../../../src/main/features/intake/service.js';
import { recordHandover, handoverRecordSchema } from '../../../src/main/features/materials/service.js';
import { createPlan, planItemsOf, setPlanItemStatus } from '../../../src/main/features/plans/service.js';
import { addProblem, problemAddSchema, resolveProblem } from '../../../src/main/features/problems/service.js';
import { addProgress } from '../../../src/main/features/progress/service.js';
import { sendTransfer } from '../../../src/main/features/transfers/service.js';
import { enterpriseApplicant, makeWorld, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

/** A case written the way intake did before the caseId convention: the event names the applicant inserted first. */
function registerTheOldWay(w: World): { caseId: string; caseNo: string; applicantId: string } {
  const ctx = w.ctx('clerk');
  const org = ctx.actor.orgUnitId!;
  return w.store.write({ actor: ctx.actor, action: 'case.register', detail: { channel: 'phone', mode: 'proxy', helpKind: null } }, (tx) => {
    const a = enterpriseApplicant({ name: '福州老案卷贸易有限公司' });
    const applicant = tx.insert(t.applicants, { orgUnitId: org, kind: 'enterprise', name: a.name, uscc: a.uscc, legalRepresentative: '王五' });
    const project = tx.insert(t.projects, { orgUnitId: org, applicantId: applicant.id, name: '老厂房改造', category: 'social', location: '', admissionStatus: 'pending' });
    const caseNo = nextCaseNo(tx, org, 2026);
    const c = tx.insert(t.cases, {
      caseNo, orgUnitId: org, handlingOrgUnitId: org, applicantId: applicant.id, projectId: project.id, channel: 'phone', mode: 'proxy', status: 'accepted',
      subject: '老厂房改造代办', agentId: w.users.agent, publicToken: newPublicToken(), acceptedDate: w.store.today(), registeredBy: w.users.clerk,
    });
    return { caseId: c.id, caseNo, applicantId: applicant.id };
  });
}

describe('case.history', () => {
  it('lists the events of the case and its records from several tables, old ones too, newest first, in words', () => {
    const w = makeWorld(tempDir());
    const old = registerTheOldWay(w);
    const agent = w.ctx('agent');
    w.clock.advance(60_000);
    // An older desktop's demo data: a progress.add naming only the number of entries.
    w.store.audit({ actor: agent.actor, action: 'progress.add', entity: 'cases', entityId: old.caseId, detail: { entries: 4 } });
    const template = listPlanTemplates(agent)[0]!;
    createPlan(agent, { caseId: old.caseId, templateId: template.id });
    const item = planItemsOf(agent, old.caseId)[0]!;
    setPlanItemStatus(agent, casesContract['plan.setItemStatus'].input.parse({ planItemId: item.id, status: 'preparing' }));
    addProgress(agent, casesContract['progress.add'].input.parse({ caseId: old.caseId, kind: 'phone', text: '电话联系经办人补充材料', hours: 1.5 }));
    const { id: problemId } = addProblem(agent, problemAddSchema.parse({ caseId: old.caseId, department: '市自然资源和规划局', description: '红线不一致' }));
    resolveProblem(agent, { problemId, resolution: '已协调' });
    recordHandover(agent, handoverRecordSchema.parse({ caseId: old.caseId, direction: 'received', counterpart: '赵六', items: [{ name: '营业执照', originals: 1, copies: 1 }] }));
    addAttachmentBytes(agent, { caseId: old.caseId, name: '委托书扫描件.pdf', mime: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.4 scan') });
    sendTransfer(w.ctx('clerk'), casesContract['transfer.send'].input.parse({ caseId: old.caseId, kind: 'down', toOrgUnitId: w.org('350102001'), reason: '属地办理更便捷' }));
    caseAction(w.ctx('clerk'), { caseId: old.caseId, action: 'withdraw', reason: '申请人撤回申请' });
    const { id: evaluationId } = addEvaluation(w.ctx('clerk'), evaluationAddSchema.parse({ caseId: old.caseId, level: 2, source: 'phone', comment: '等待太久' }));
    addCallback(w.ctx('clerk'), callbackAddSchema.parse({ evaluationId, content: '致电解释原因', result: '已谅解' }));
    // A correction by the convention of issue 9 (entity = the record, detail.caseId, changes, reason).
    const progressId = w.store.db.prepare('SELECT id FROM progress_entries WHERE case_id = ?').pluck().get(old.caseId) as string;
    w.store.audit({ actor: agent.actor, action: 'progress.edit', entity: 'progressEntries', entityId: progressId, detail: { caseId: old.caseId, changes: { hours: { from: 1.5, to: 2 } }, reason: '工时记错' } });
    w.store.audit({ actor: agent.actor, action: 'case.setLeader', entity: 'cases', entityId: old.caseId, detail: { caseId: old.caseId, changes: { leaderId: { from: w.users.leader, to: w.users.leader2 } } } });
    // Another case of the same office, and a second case of the same applicant: none of theirs shows.
    const other = registerProxyCase(w);
    addProgress(agent, casesContract['progress.add'].input.parse({ caseId: other.caseId, kind: 'siteVisit', text: '上门服务', hours: 2 }));
    const sibling = registerCase(w.ctx('clerk'), casesContract['intake.register'].input.parse({ channel: 'counter', mode: 'help', helpKind: 'assist', applicantId: old.applicantId, contact: { name: '王五', phone: '13905910007' }, summary: '协办营业执照变更' }));

    const history = caseHistory(w.ctx('clerk'), { caseId: old.caseId });
    const actions = history.map((e) => e.action);
    expect(actions).toEqual([
      'case.setLeader', 'progress.edit', 'callback.add', 'evaluation.add', 'case.withdraw', 'transfer.send', 'attachment.add', 'handover.record',
      'problem.resolve', 'problem.add', 'progress.add', 'planItem.status', 'plan.create', 'progress.add', 'case.register',
    ]);
    expect(history.every((e) => e.caseId === old.caseId && e.caseNo === old.caseNo)).toBe(true);
    const byAction = (a: string) => history.find((e) => e.action === a)!;
    expect(byAction('case.register').text).toBe(`登记办件 ${old.caseNo}（电话，代办）`);
    expect(history.filter((e) => e.action === 'progress.add').map((e) => e.text)).toContain(`在 ${old.caseNo} 记录 4 条进度`);
    expect(byAction('planItem.status').text).toBe(`更新 ${old.caseNo} 的计划事项状态：未开始 → 准备材料`);
    expect(byAction('progress.edit')).toMatchObject({ userName: '陈志强', reason: '工时记错', changes: [{ field: '工时（小时）', from: '1.5', to: '2' }] });
    expect(byAction('case.setLeader').changes).toEqual([{ field: '责任领导', from: '郑国栋', to: '吴建华' }]);
    expect(byAction('case.withdraw').text).toBe(`退件 ${old.caseNo}（原因：申请人撤回申请）`);
    expect(byAction('transfer.send').text).toMatch(new RegExp(`^将 ${old.caseNo} 转办至 .+`));
    for (const e of history) expect(e.text, e.action).not.toMatch(/[a-z]+\.[a-z][A-Za-z]+|\{"/);

    // The sibling case shares the applicant but not the old registration; the other case stays apart.
    expect(caseHistory(w.ctx('clerk'), { caseId: sibling.caseId }).map((e) => e.action)).toEqual(['case.register']);
    expect(caseHistory(w.ctx('clerk'), { caseId: other.caseId }).map((e) => e.action)).toEqual(['progress.add', 'case.register']);
    // Another office may not read it.
    expect(() => caseHistory(w.ctx('otherClerk'), { caseId: old.caseId })).toThrow('不属于您所在机构');
  });

  it('finds the events through indexes (fast on a large store)', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const plan = (q: string, ...args: unknown[]) => (w.store.db.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
    expect(plan('SELECT id FROM audit_events WHERE entity_id IN (SELECT value FROM json_each(?))', '[]')).toMatch(/SEARCH audit_events USING INDEX audit_entity/);
    expect(plan('SELECT id FROM audit_events WHERE entity_id = ?', caseId)).toMatch(/USING INDEX audit_entity/);
    for (const table of ['entrustments', 'plan_items', 'progress_entries', 'problems', 'materials', 'handovers', 'attachments', 'transfers', 'evaluations']) {
      expect(plan(`SELECT id FROM ${table} WHERE case_id = ?`, caseId), table).toMatch(/USING (COVERING )?INDEX/);
    }
    expect(plan('SELECT id FROM callbacks WHERE evaluation_id IN (SELECT id FROM evaluations WHERE case_id = ?)', caseId)).toMatch(/callbacks USING (COVERING )?INDEX/);
  });

  it('the audit log and 最近动态 say each event in Chinese with the case number and the person', () => {
    const w = makeWorld(tempDir());
    const { caseId, caseNo } = registerProxyCase(w);
    addProgress(w.ctx('agent'), casesContract['progress.add'].input.parse({ caseId, kind: 'phone', text: '电话跟进', hours: 1 }));
    const page = listAudit(w.ctx('admin'), { offset: 0, limit: 10 });
    const progress = page.rows.find((r) => r.action === 'progress.add')!;
    expect(progress).toMatchObject({ userName: '陈志强', caseNo, domain: '进度记录' });
    expect(progress.text).toMatch(new RegExp(`^在 ${caseNo} 记录进度（.+，1 小时）$`));
    expect(page.rows.find((r) => r.action === 'case.register')).toMatchObject({ userName: '林晓燕', caseId, text: `登记办件 ${caseNo}（窗口，代办）` });
    const recent = getDashboard(w.ctx('clerk')).recent;
    expect(recent.map((a) => a.text)).toEqual([expect.stringMatching(new RegExp(`^在 ${caseNo} 记录进度`)), `登记办件 ${caseNo}（窗口，代办）`]);
    expect(recent.map((a) => a.who)).toEqual(['陈志强', '林晓燕']);
  });
});
