// 好差评台账 on a hand-made world whose answers are known by construction: bad ratings with and
// without callbacks and rectifications, a rectification done late, deadlines across the 2026 Spring
// Festival (调休 Saturdays count as working days), another county's rating out of scope; the rates,
// the lists and their order, the 工作台's reminders, and the report's rows.
import { describe, expect, it } from 'vitest';
import { caseAction } from '../../../src/main/features/cases/service.js';
import { getDashboard } from '../../../src/main/features/dashboard/service.js';
import { buildRatingsReport } from '../../../src/main/features/evaluations/report.js';
import { ratingsLedger } from '../../../src/main/features/evaluations/ledger.js';
import { addCallback, addEvaluation, addRectification, completeRectification, followUpRates } from '../../../src/main/features/evaluations/service.js';
import { registerCase } from '../../../src/main/features/intake/service.js';
import { enterpriseApplicant, makeWorld, type StaffKey, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const at = (w: World, date: string) => w.clock.set(`${date}T01:00:00Z`); // 09:00 in Fuzhou

/** A help (协办) case registered by `who`, assigned to `agent`, taken to 办结 and rated. */
function rated(w: World, who: StaffKey, agent: StaffKey | null, summary: string, level: number, comment = '') {
  const c = registerCase(w.ctx(who), { channel: 'counter', mode: 'help', helpKind: 'assist', applicant: enterpriseApplicant(), summary, ...(agent ? { agentId: w.users[agent] } : {}) });
  caseAction(w.ctx(who), { caseId: c.caseId, action: 'start' });
  caseAction(w.ctx(who), { caseId: c.caseId, action: 'complete', reason: '已协助完成申报' });
  const e = addEvaluation(w.ctx(who), { caseId: c.caseId, level, source: 'sms', comment });
  return { ...c, evaluationId: e.id };
}

const FEB = { from: '2026-02-01', to: '2026-02-28' };

function world() {
  const w = makeWorld(tempDir(), '2026-02-09T01:00:00Z'); // Monday
  const a = rated(w, 'clerk', 'agent', '协助办理施工许可网上申报（A）', 1, '材料一次性告知不清');
  const b = rated(w, 'clerk', 'agent2', '协助办理规划许可（B）', 2, '等待时间太长');
  const c = rated(w, 'clerk', 'agent', '协助办理竣工验收（C）', 2, '窗口解释不耐心');
  const d = rated(w, 'clerk', 'agent2', '协助办理消防审查（D）', 5, '服务热情');
  const e = rated(w, 'clerk', null, '协助办理水电报装（E）', 3);
  const f = rated(w, 'otherClerk', null, '仓山区协办件（F）', 1, '另一区县的差评');
  const g = rated(w, 'townClerk', 'townClerk', '街道协办件（G）', 4);
  addCallback(w.ctx('agent2'), { evaluationId: b.evaluationId, content: '电话回访，企业反映排队时间长', result: '已致歉，企业表示理解' });
  // Default deadline: 10 working days after Monday 2026-02-09 — 10–13, Saturday 14 (调休), then the
  // Spring Festival holidays 15–23, 24–27 and Saturday 28 (调休): 2026-02-28.
  const rb = addRectification(w.ctx('agent2'), { evaluationId: b.evaluationId, measure: '高峰时段增开代办窗口' });
  addCallback(w.ctx('agent'), { evaluationId: c.evaluationId, content: '上门回访', result: '企业认可整改措施' });
  // 2026-02-24 is 6 working days after 02-09 (10, 11, 12, 13, 14 调休, 24).
  const rc = addRectification(w.ctx('agent'), { evaluationId: c.evaluationId, measure: '开展窗口服务规范培训', deadline: '2026-02-24' });
  return { w, a, b, c, d, e, f, g, rb, rc };
}

describe('好差评台账', () => {
  it('lists the period’s ratings in scope, the bad ones with what keeps the rates below 100 % first, and the rates', () => {
    const { w, a, b, c, d, e, g, rb, rc } = world();
    const l = ratingsLedger(w.ctx('leader'), FEB);
    expect(l.office).toMatchObject({ code: '350102', name: '鼓楼区行政服务中心代办服务中心' });
    expect(l.ownCasesOnly).toBe(false);
    // Newest first (same day: the later rating first); 仓山区's F is not in 鼓楼区's scope, the township's G is.
    expect(l.ratings.map((r) => r.caseNo)).toEqual([g, e, d, c, b, a].map((x) => x.caseNo));
    expect(l.ratings.find((r) => r.caseNo === a.caseNo)).toMatchObject({ title: '协助办理施工许可网上申报（A）', agentName: '陈志强', source: 'sms', level: 1, comment: '材料一次性告知不清', evaluatedDate: '2026-02-09', bad: true });
    expect(l.totals).toEqual({
      ratings: 6, byLevel: [1, 2, 1, 1, 1], satisfactionRate: 0.5, badRatings: 3, withCallback: 2, withRectification: 2, rectificationsDone: 0,
      callbackRate: 2 / 3, rectificationRate: 0, registeredRate: 2 / 3, doneOnTime: 0, doneLate: 0,
    });
    expect(l.bad.map((x) => [x.caseNo, x.missing])).toEqual([[a.caseNo, ['未回访', '未登记整改']], [b.caseNo, ['整改未完成']], [c.caseNo, ['整改未完成']]]);
    const bRow = l.bad[1]!;
    expect(bRow.callbacks).toEqual([expect.objectContaining({ byName: '黄丽君', calledDate: '2026-02-09', result: '已致歉，企业表示理解' })]);
    expect(bRow.rectifications).toEqual([{
      id: rb.id, problem: '等待时间太长', measure: '高峰时段增开代办窗口', responsibleName: '黄丽君', enteredDate: '2026-02-09', dueDate: '2026-02-28', workdaysGiven: 10,
      doneDate: null, onTime: null, overdue: false, workingDaysLeft: 10,
    }]);
    expect(l.bad[2]!.rectifications[0]).toMatchObject({ id: rc.id, dueDate: '2026-02-24', workdaysGiven: 6 });

    // An agent sees only their own cases; the township's office filter only its own.
    expect(ratingsLedger(w.ctx('agent'), FEB)).toMatchObject({ ownCasesOnly: true, totals: { ratings: 2, badRatings: 2, withCallback: 1 } });
    expect(ratingsLedger(w.ctx('agent'), FEB).ratings.map((r) => r.caseNo)).toEqual([c.caseNo, a.caseNo]);
    expect(ratingsLedger(w.ctx('agent2'), FEB).ratings.map((r) => r.caseNo)).toEqual([d.caseNo, b.caseNo]);
    expect(ratingsLedger(w.ctx('leader'), { ...FEB, orgCode: '350102001' }).ratings.map((r) => r.caseNo)).toEqual([g.caseNo]);
    expect(ratingsLedger(w.ctx('admin'), FEB).totals).toMatchObject({ ratings: 7, badRatings: 4 });
    // Another period: nothing, and the rates are 100 % (nothing is missing).
    expect(ratingsLedger(w.ctx('leader'), { from: '2026-03-01', to: '2026-03-31' }).totals).toMatchObject({ ratings: 0, satisfactionRate: 1, callbackRate: 1, rectificationRate: 1 });
  });

  it('refuses clerks, offices outside the caller’s subtree, unknown offices and bad periods in Chinese', () => {
    const { w } = world();
    expect(() => ratingsLedger(w.ctx('clerk'), FEB)).toThrow('您的角色无权查看好差评台账');
    expect(() => ratingsLedger(w.ctx('leader'), { ...FEB, orgCode: '350104' })).toThrow('该机构不在您所在机构及下级机构的范围内');
    expect(() => ratingsLedger(w.ctx('leader'), { ...FEB, orgCode: '350199' })).toThrow('机构代码“350199”不存在');
    expect(() => ratingsLedger(w.ctx('leader'), { from: '2026-02-28', to: '2026-02-01' })).toThrow('开始日期不能晚于结束日期');
    expect(() => ratingsLedger(w.ctx('leader'), { from: '2026-2-1', to: '2026-02-28' })).toThrow('开始日期应为日期（YYYY-MM-DD）');
    expect(() => ratingsLedger(w.ctx('leader'), { ...FEB, orgCode: '鼓楼' })).toThrow('机构代码应为6至12位数字');
  });

  it('follows callbacks, rectifications and a late completion through the rates, the order and the 工作台', () => {
    const { w, a, b, c, rb, rc } = world();
    // Friday 02-13: due within 3 working days = by 02-25 (14 调休, 24, 25). C (02-24) is, B (02-28) is not.
    at(w, '2026-02-13');
    let r = getDashboard(w.ctx('leader')).reminders;
    expect(r.ratings).toMatchObject({ followUpCount: 1, rectificationCount: 1, overdueCount: 0 });
    expect(r.ratings!.followUps).toEqual([expect.objectContaining({ caseNo: a.caseNo, missingCallback: true, missingRectification: true, level: 1 })]);
    expect(r.ratings!.rectifications).toEqual([expect.objectContaining({ rectificationId: rc.id, caseNo: c.caseNo, dueDate: '2026-02-24', workingDaysLeft: 2, responsibleName: '陈志强' })]);
    expect(r.interactionReport).toBeNull();
    // The other county's leader-less desk sees its own bad rating only; agent2 sees none of 鼓楼区's A and C.
    expect(getDashboard(w.ctx('otherClerk')).reminders.ratings).toMatchObject({ followUpCount: 1, rectificationCount: 0 });
    expect(getDashboard(w.ctx('agent2')).reminders.ratings).toMatchObject({ followUpCount: 0, rectificationCount: 0 });

    // The callback on A, recorded from the ledger: 回访率 100 %.
    addCallback(w.ctx('agent'), { evaluationId: a.evaluationId, content: '电话回访', result: '企业接受解释' });
    expect(ratingsLedger(w.ctx('leader'), FEB).totals).toMatchObject({ callbackRate: 1, registeredRate: 2 / 3, rectificationRate: 0 });
    const ra = addRectification(w.ctx('agent'), { evaluationId: a.evaluationId, measure: '修订一次性告知单' });
    expect(getDashboard(w.ctx('leader')).reminders.ratings).toMatchObject({ followUpCount: 0, followUps: [] });

    // Wednesday 02-25: C is overdue by one working day; B (02-28, a 调休 Saturday) is due in 3; A (03-05) not yet.
    at(w, '2026-02-25');
    r = getDashboard(w.ctx('leader')).reminders;
    expect(r.ratings).toMatchObject({ rectificationCount: 2, overdueCount: 1 });
    expect(r.ratings!.rectifications.map((x) => [x.rectificationId, x.workingDaysLeft])).toEqual([[rc.id, -1], [rb.id, 3]]);
    expect(getDashboard(w.ctx('agent')).reminders.ratings!.rectifications.map((x) => x.rectificationId)).toEqual([rc.id]);

    // Monday 03-02: B is completed two days late; the complete B drops below the two still open.
    at(w, '2026-03-02');
    completeRectification(w.ctx('agent2'), { rectificationId: rb.id });
    let l = ratingsLedger(w.ctx('leader'), FEB);
    expect(l.bad.map((x) => [x.caseNo, x.missing])).toEqual([[a.caseNo, ['整改未完成']], [c.caseNo, ['整改未完成']], [b.caseNo, []]]);
    expect(l.bad[2]!.rectifications[0]).toMatchObject({ doneDate: '2026-03-02', onTime: false, overdue: false, workingDaysLeft: null });
    expect(l.bad[0]!.rectifications[0]).toMatchObject({ id: ra.id, dueDate: '2026-03-05', workdaysGiven: 10, overdue: false, workingDaysLeft: 3 });
    expect(l.bad[1]!.rectifications[0]).toMatchObject({ overdue: true, workingDaysLeft: -5 }); // 24–27 and the 调休 Saturday 28
    expect(l.totals).toMatchObject({ rectificationsDone: 1, rectificationRate: 1 / 3, registeredRate: 1, doneOnTime: 0, doneLate: 1 });

    completeRectification(w.ctx('agent'), { rectificationId: ra.id });
    completeRectification(w.ctx('agent'), { rectificationId: rc.id });
    l = ratingsLedger(w.ctx('leader'), FEB);
    expect(l.totals).toMatchObject({ callbackRate: 1, rectificationRate: 1, registeredRate: 1, doneOnTime: 1, doneLate: 2 });
    expect(l.bad.map((x) => x.caseNo)).toEqual([a.caseNo, b.caseNo, c.caseNo]);
    expect(followUpRates(w.ctx('leader'), FEB)).toMatchObject({ badRatings: 3, callbackRate: 1, rectificationRate: 1 });
    expect(getDashboard(w.ctx('leader')).reminders.ratings).toMatchObject({ followUpCount: 0, rectificationCount: 0 });
  });

  it('builds the report: 汇总, 评价明细 and one 差评 row per rectification, with the chart of levels', () => {
    const { w, a, b, c, g } = world();
    at(w, '2026-03-02');
    completeRectification(w.ctx('agent2'), { rectificationId: ratingsLedger(w.ctx('leader'), FEB).bad[1]!.rectifications[0]!.id });
    const rep = buildRatingsReport(w.ctx('leader'), FEB);
    expect(rep.header).toMatchObject({ title: '好差评台账', officeName: '鼓楼区行政服务中心代办服务中心', period: FEB });
    const [sum, detail, bad] = rep.tables;
    expect(sum!.columns.map((x) => x.header)).toEqual(['评价数', '满意率', '差评数', '回访率', '整改率', '已登记整改', '按期整改', '逾期整改']);
    expect(sum!.rows).toEqual([[6, 0.5, 3, 2 / 3, 1 / 3, 2 / 3, 0, 1]]);
    expect(detail!.rows).toHaveLength(6);
    expect(detail!.rows[0]).toEqual([1, g.caseNo, '街道协办件（G）', '王小红', '鼓东街道', '短信', '满意', '', '2026-02-09']);
    expect(bad!.rows.map((r) => [r[0], r[1], r[17]])).toEqual([[1, a.caseNo, '未回访、未登记整改'], [2, c.caseNo, '整改未完成'], [3, b.caseNo, '已完成']]);
    expect(bad!.rows[2]).toEqual([3, b.caseNo, '协助办理规划许可（B）', '黄丽君', '不满意', '2026-02-09', '等待时间太长', '黄丽君', '2026-02-09', '已致歉，企业表示理解',
      '等待时间太长', '高峰时段增开代办窗口', '黄丽君', '2026-02-28', 10, '2026-03-02', '逾期', '已完成']);
    expect(bad!.rows[0]!.slice(7)).toEqual([null, null, null, null, null, null, null, null, null, null, '未回访、未登记整改']);
    expect(rep.charts).toEqual([{ kind: 'bar', title: '评价等级分布', categories: ['非常满意', '满意', '基本满意', '不满意', '非常不满意'], series: [{ name: '评价数', values: [1, 1, 1, 2, 1] }], unit: '件' }]);
    expect(() => buildRatingsReport(w.ctx('clerk'), FEB)).toThrow('您的角色无权查看好差评台账');
  });
});
