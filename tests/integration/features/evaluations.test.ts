// 好差评: ratings of finished services, callbacks and rectifications for bad ones, the 100% targets.
import { describe, expect, it } from 'vitest';
import { caseAction, getCaseFile } from '../../../src/main/features/cases/service.js';
import {
  addCallback, addEvaluation, addRectification, completeRectification, evaluationAddSchema, followUpRates, pendingFollowUps,
} from '../../../src/main/features/evaluations/service.js';
import { registerCase } from '../../../src/main/features/intake/service.js';
import { enterpriseApplicant, makeWorld, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

function counts(w: World) {
  const n = (sql: string) => w.store.db.prepare(sql).pluck().get() as number;
  return {
    evaluations: n('SELECT count(*) FROM evaluations'),
    callbacks: n('SELECT count(*) FROM callbacks'),
    rectifications: n('SELECT count(*) FROM rectifications'),
    done: n(`SELECT count(*) FROM rectifications WHERE status = 'done'`),
    audit: n('SELECT count(*) FROM audit_events'),
    outbox: n('SELECT count(*) FROM outbox'),
  };
}

/** A help (协办) case taken through to 办结 by the clerk. */
function completedCase(w: World) {
  const c = registerCase(w.ctx('clerk'), { channel: 'counter', mode: 'help', helpKind: 'assist', applicant: enterpriseApplicant(), summary: '协助办理施工许可网上申报' });
  caseAction(w.ctx('clerk'), { caseId: c.caseId, action: 'start' });
  caseAction(w.ctx('clerk'), { caseId: c.caseId, action: 'complete', reason: '已协助完成申报' });
  return c;
}

describe('evaluations', () => {
  it('records a good rating on a completed case; it needs no follow-up', () => {
    const w = makeWorld(tempDir());
    const { caseId } = completedCase(w);
    const res = addEvaluation(w.ctx('clerk'), { caseId, level: 5, source: 'qr', comment: '服务热情' });
    expect(res.needsFollowUp).toBe(false);
    expect(getCaseFile(w.ctx('leader'), caseId).evaluations).toEqual([
      { id: res.id, level: 5, source: 'qr', comment: '服务热情', at: '2026-03-02', callbacks: [], rectifications: [] },
    ]);
    expect(pendingFollowUps(w.ctx('leader'))).toEqual([]);
    expect(followUpRates(w.ctx('leader'))).toMatchObject({ badRatings: 0, callbackRate: 1, rectificationRate: 1 });
  });

  it('takes a bad rating through callback and rectification until nothing is pending', () => {
    const w = makeWorld(tempDir());
    const { caseId, caseNo } = completedCase(w);
    const ev = addEvaluation(w.ctx('clerk'), { caseId, level: 2, source: 'sms', comment: '等待时间太长' });
    expect(ev.needsFollowUp).toBe(true);
    expect(pendingFollowUps(w.ctx('leader'))).toEqual([
      { evaluationId: ev.id, caseId, caseNo, title: '协助办理施工许可网上申报', level: 2, comment: '等待时间太长', evaluatedDate: '2026-03-02', missingCallback: true, missingRectification: true, openRectifications: [] },
    ]);
    expect(followUpRates(w.ctx('leader'))).toMatchObject({ badRatings: 1, withCallback: 0, callbackRate: 0, rectificationRate: 0 });

    w.clock.advance(86_400_000);
    addCallback(w.ctx('agent'), { evaluationId: ev.id, content: '电话回访，申请人反映排队时间长', result: '已致歉，申请人表示理解' });
    expect(pendingFollowUps(w.ctx('leader'))[0]).toMatchObject({ missingCallback: false, missingRectification: true });

    expect(() => addRectification(w.ctx('leader'), { evaluationId: ev.id, measure: '高峰时段增开代办窗口' })).toThrow('您的角色无权登记整改');
    const r = addRectification(w.ctx('agent2'), { evaluationId: ev.id, measure: '高峰时段增开代办窗口' });
    const row = w.store.db.prepare('SELECT problem, measure, responsible_id, due_date, status FROM rectifications WHERE id = ?').get(r.id);
    // Default deadline: 10 working days after 2026-03-03 (a Tuesday) → 2026-03-17.
    expect(row).toEqual({ problem: '等待时间太长', measure: '高峰时段增开代办窗口', responsible_id: w.users.agent2, due_date: '2026-03-17', status: 'open' });
    expect(pendingFollowUps(w.ctx('leader'))).toEqual([]);
    // 整改率 counts a bad rating once its rectifications are done; entered ones are 已登记整改.
    expect(followUpRates(w.ctx('leader'))).toMatchObject({ badRatings: 1, callbackRate: 1, registeredRate: 1, rectificationRate: 0, rectificationsDone: 0 });

    completeRectification(w.ctx('agent'), { rectificationId: r.id });
    const file = getCaseFile(w.ctx('clerk'), caseId);
    expect(file.evaluations[0]?.callbacks).toEqual([expect.objectContaining({ at: '2026-03-03', byName: '陈志强', result: expect.stringContaining('已致歉') })]);
    expect(file.evaluations[0]?.rectifications).toEqual([{ id: r.id, measure: '高峰时段增开代办窗口', deadline: '2026-03-17', done: true, doneAt: '2026-03-03' }]);
    expect(followUpRates(w.ctx('leader'))).toMatchObject({ rectificationsDone: 1, rectificationRate: 1 });
    expect(w.store.db.prepare(`SELECT intent FROM outbox WHERE entity = 'rectifications' ORDER BY seq`).pluck().all()).toEqual([null, 'rectification.complete']);
  });

  it('lets a withdrawn (退件) service be rated too, and shows each office only its own pending bad ratings (an agent only their own cases)', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    caseAction(w.ctx('clerk'), { caseId, action: 'withdraw', reason: '不符合代办条件' });
    addEvaluation(w.ctx('clerk'), { caseId, level: 1, source: 'phone', comment: '不予受理理由不清楚' });
    expect(pendingFollowUps(w.ctx('clerk'))).toHaveLength(1);
    expect(pendingFollowUps(w.ctx('agent'))).toHaveLength(1);
    expect(pendingFollowUps(w.ctx('cityAgent'))).toEqual([]);
    expect(pendingFollowUps(w.ctx('admin'))).toHaveLength(1);
    expect(pendingFollowUps(w.ctx('otherClerk'))).toEqual([]);
    expect(followUpRates(w.ctx('otherClerk')).badRatings).toBe(0);
  });

  it('refuses rating open cases, twice, by the wrong role or office, and in the future — changing nothing', () => {
    const w = makeWorld(tempDir());
    const open = registerProxyCase(w);
    const { caseId } = completedCase(w);
    const before = counts(w);
    expect(() => addEvaluation(w.ctx('clerk'), { caseId: open.caseId, level: 4, source: 'qr' })).toThrow('只有已办结或已退件的服务才能评价');
    expect(() => addEvaluation(w.ctx('otherClerk'), { caseId, level: 4, source: 'qr' })).toThrow(/不属于您所在机构/);
    expect(() => addEvaluation(w.ctx('leader'), { caseId, level: 4, source: 'qr' })).toThrow('您的角色无权登记好差评');
    expect(() => addEvaluation(w.ctx('clerk'), { caseId, level: 4, source: 'qr', evaluatedDate: '2026-03-03' })).toThrow('评价日期不能晚于今天');
    expect(() => addEvaluation(w.ctx('clerk'), { caseId, level: 4, source: 'qr', evaluatedDate: '2026-03-01' })).toThrow(/评价日期不能早于办结日期/);
    expect(() => addEvaluation({ store: w.store, actor: { userId: w.users.clerk!, roles: [], orgUnitId: w.org('350102') } }, { caseId, level: 4, source: 'qr' })).toThrow(/角色无权/);
    expect(evaluationAddSchema.safeParse({ caseId, level: 6, source: 'qr' }).success).toBe(false);
    expect(evaluationAddSchema.safeParse({ caseId, level: 3, source: 'letter' }).error?.issues[0]?.message).toBe('请选择评价渠道');
    expect(counts(w)).toEqual(before);
    addEvaluation(w.ctx('clerk'), { caseId, level: 4, source: 'qr' });
    const once = counts(w);
    expect(() => addEvaluation(w.ctx('agent'), { caseId, level: 1, source: 'sms' })).toThrow('本件已有评价（满意），一事一评，不能重复登记');
    expect(counts(w)).toEqual(once);
  });

  it('refuses callbacks and rectifications without a rating, rectifications for good ratings, bad deadlines and completing twice — changing nothing', () => {
    const w = makeWorld(tempDir());
    const a = completedCase(w);
    const b = completedCase(w);
    const good = addEvaluation(w.ctx('clerk'), { caseId: a.caseId, level: 3, source: 'device' });
    const bad = addEvaluation(w.ctx('clerk'), { caseId: b.caseId, level: 1, source: 'device', comment: '' });
    const before = counts(w);
    expect(() => addCallback(w.ctx('clerk'), { evaluationId: 'missing', content: '回访内容', result: '满意' })).toThrow('评价不存在或已删除');
    expect(() => addRectification(w.ctx('clerk'), { evaluationId: 'missing', measure: '整改措施' })).toThrow('评价不存在或已删除');
    expect(() => addRectification(w.ctx('clerk'), { evaluationId: good.id, measure: '加强培训' })).toThrow('该评价为“基本满意”，只有差评（不满意、非常不满意）需要登记整改');
    expect(() => addRectification(w.ctx('clerk'), { evaluationId: bad.id, measure: '加强培训', deadline: '2026-03-01' })).toThrow('整改期限不能早于今天');
    expect(() => addRectification(w.ctx('clerk'), { evaluationId: bad.id, measure: '加强培训', responsibleId: 'ghost' })).toThrow('整改责任人不存在或已停用');
    expect(() => addCallback(w.ctx('otherClerk'), { evaluationId: bad.id, content: '回访内容', result: '满意' })).toThrow(/不属于您所在机构/);
    expect(() => addCallback(w.ctx('clerk'), { evaluationId: bad.id, content: '回访内容', result: '满意', calledDate: '2026-03-01' })).toThrow(/回访日期不能早于评价日期/);
    expect(counts(w)).toEqual(before);

    // A callback on a good rating is fine (satisfaction sampling); it is not counted as a bad one.
    addCallback(w.ctx('clerk'), { evaluationId: good.id, content: '抽样回访', result: '满意' });
    const r = addRectification(w.ctx('clerk'), { evaluationId: bad.id, measure: '优化一次性告知单', deadline: '2026-03-20', responsibleId: w.users.agent2 });
    expect(w.store.db.prepare('SELECT problem, responsible_id FROM rectifications WHERE id = ?').get(r.id)).toEqual({ problem: '好差评“非常不满意”', responsible_id: w.users.agent2 });
    completeRectification(w.ctx('clerk'), { rectificationId: r.id });
    const done = counts(w);
    expect(() => completeRectification(w.ctx('clerk'), { rectificationId: r.id })).toThrow('该整改已于2026-03-02完成，不能重复确认');
    expect(() => completeRectification(w.ctx('otherClerk'), { rectificationId: r.id })).toThrow(/不属于您所在机构/);
    expect(() => completeRectification(w.ctx('clerk'), { rectificationId: 'missing' })).toThrow('整改记录不存在或已删除');
    expect(counts(w)).toEqual(done);
    // Still pending: the bad rating has no callback yet.
    expect(pendingFollowUps(w.ctx('clerk'))).toEqual([expect.objectContaining({ evaluationId: bad.id, missingCallback: true, missingRectification: false })]);
  });
});
