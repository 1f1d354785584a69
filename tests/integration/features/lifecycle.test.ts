// The case lifecycle through the services, on a real SQLite store.
import { describe, expect, it } from 'vitest';
import { addWorkdays } from '../../../src/shared/domain/calendar.js';
import { verifyAuditChain } from '../../../src/main/db/audit.js';
import { login, setupFirstAdmin, isInitialized } from '../../../src/main/features/auth/service.js';
import { assignCase, caseAction, closeCase, confirmRefusal, getCaseFile, listCases, reviewProject } from '../../../src/main/features/cases/service.js';
import { getDashboard } from '../../../src/main/features/dashboard/service.js';
import { registerCase } from '../../../src/main/features/intake/service.js';
import { createPlan, setPlanItemStatus } from '../../../src/main/features/plans/service.js';
import { addProgress } from '../../../src/main/features/progress/service.js';
import { searchAll } from '../../../src/main/features/search/service.js';
import { acceptTransfer, returnTransfer, sendTransfer, transferInbox } from '../../../src/main/features/transfers/service.js';
import { openStore } from '../../../src/main/db/store.js';
import { listPlanTemplates } from '../../../src/main/features/catalog/service.js';
import { enterpriseApplicant, makeWorld, PASSWORD, registerProxyCase } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();

function counts(w: ReturnType<typeof makeWorld>) {
  const n = (table: string) => w.store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return { cases: n('cases'), applicants: n('applicants'), audit: n('audit_events'), outbox: n('outbox') };
}

describe('intake', () => {
  it('registers a walk-in with a numbered case, an applicant, a project pending review and a search entry', () => {
    const w = makeWorld(tempDir());
    const res = registerProxyCase(w);
    expect(res.caseNo).toBe('350102-2026-00001');
    const file = getCaseFile(w.ctx('agent'), res.caseId);
    expect(file.summary.status).toBe('accepted');
    expect(file.summary.agentName).toBe('陈志强');
    expect(file.leaderName).toBe('郑国栋');
    expect(file.project?.admissionStatus).toBe('pending');
    // Personal data is masked in the case file.
    expect(file.contact.phone).toBe('139****2345');
    expect(searchAll(w.ctx('clerk'), { q: '智造', limit: 10 }).cases.map((c) => c.id)).toEqual([res.caseId]);
    expect(registerProxyCase(w).caseNo).toBe('350102-2026-00002');
  });

  it('finds the same enterprise by its USCC instead of registering it twice', () => {
    const w = makeWorld(tempDir());
    const applicant = enterpriseApplicant();
    const first = registerProxyCase(w, { applicant });
    const second = registerProxyCase(w, { applicant: { ...applicant, name: '福州闽江智造科技有限公司', contactName: '郑新人', contactPhone: '13600000001' } });
    expect(second.applicantReused).toBe(true);
    const a1 = getCaseFile(w.ctx('clerk'), first.caseId).applicant;
    const a2 = getCaseFile(w.ctx('clerk'), second.caseId).applicant;
    expect(a2.id).toBe(a1.id);
    // Each case keeps its own contact (经办人).
    expect(getCaseFile(w.ctx('clerk'), second.caseId).contact.name).toBe('郑新人');
    expect(getCaseFile(w.ctx('clerk'), first.caseId).contact.name).toBe(applicant.contactName);
    expect(counts(w).applicants).toBe(1);
  });

  it('refuses a wrong agent and changes nothing', () => {
    const w = makeWorld(tempDir());
    const before = counts(w);
    expect(() => registerProxyCase(w, { agentId: w.users.leader })).toThrow(/不是代办员/);
    expect(counts(w)).toEqual(before);
  });

  it('a guide (导办) request starts as a consultation and can be completed right away', () => {
    const w = makeWorld(tempDir());
    const res = registerCase(w.ctx('townClerk'), {
      channel: 'hotline12345', mode: 'help', helpKind: 'guide', applicant: enterpriseApplicant(), summary: '咨询食品经营许可办理流程',
    });
    expect(getCaseFile(w.ctx('townClerk'), res.caseId).summary.status).toBe('consulting');
    caseAction(w.ctx('townClerk'), { caseId: res.caseId, action: 'complete' });
    expect(getCaseFile(w.ctx('townClerk'), res.caseId).summary.status).toBe('completed');
  });
});

describe('admission review needs a second person to refuse', () => {
  it('a proposed refusal waits; the proposer cannot confirm it; a leader can', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const projectId = getCaseFile(w.ctx('clerk'), caseId).project!.id;
    expect(reviewProject(w.ctx('clerk'), { projectId, decision: 'refuse', reason: '不符合国土空间规划' }).admissionStatus).toBe('refusalPending');
    expect(() => confirmRefusal(w.ctx('clerk'), { projectId, confirm: true })).toThrow(/无权/);
    expect(confirmRefusal(w.ctx('leader'), { projectId, confirm: true }).admissionStatus).toBe('refused');
  });
});

describe('plan, progress, status', () => {
  it('plans from a template with due dates from the working-day calendar, parallel groups starting together', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const template = listPlanTemplates(w.ctx('agent'))[0]!;
    createPlan(w.ctx('agent'), { caseId, templateId: template.id, startDate: '2026-09-28' });
    const items = getCaseFile(w.ctx('agent'), caseId).plan!.items;
    expect(items.length).toBe(template.items.length);
    const first = items[0]!;
    // 2026-09-28 is a Monday before National Day: the limit counts only working days.
    expect(first.startDate).toBe('2026-09-28');
    expect(first.dueDate).toBe(addWorkdays('2026-09-28', first.limitValue!));
    const sameGroup = items.filter((i) => i.stage === first.stage && i.parallelGroup === first.parallelGroup);
    expect(new Set(sameGroup.map((i) => i.startDate)).size).toBe(1);
    // The next group starts when the slowest item of the previous group is due.
    const next = items.find((i) => i.stage !== first.stage || i.parallelGroup !== first.parallelGroup);
    if (next) expect(next.startDate).toBe(sameGroup.map((i) => i.dueDate!).sort().at(-1));
    expect(getCaseFile(w.ctx('agent'), caseId).materials.length).toBeGreaterThan(0);
  });

  it('moves a proxy case only as the status machine allows, with reasons for closing', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    expect(() => caseAction(w.ctx('agent'), { caseId, action: 'start' })).toThrow(/委托协议/);
    expect(() => closeCase(w.ctx('agent'), { caseId, outcome: 'withdrawn', reason: '' })).toThrow(/原因/);
    closeCase(w.ctx('agent'), { caseId, outcome: 'suspended', reason: '企业暂缓投资' });
    const file = getCaseFile(w.ctx('agent'), caseId);
    expect(file.summary.status).toBe('suspended');
    expect(file.closing?.reason).toBe('企业暂缓投资');
    caseAction(w.ctx('agent'), { caseId, action: 'resume' });
    expect(getCaseFile(w.ctx('agent'), caseId).summary.status).toBe('inProgress');
    const ops = w.store.db.prepare(`SELECT intent FROM outbox WHERE kind = 'intent' ORDER BY seq`).pluck().all();
    expect(ops).toEqual(['case.suspend', 'case.resume']);
  });

  it('logs progress with hours and refuses it on a closed case', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    addProgress(w.ctx('agent'), { caseId, kind: 'siteVisit', text: '现场踏勘，核实用地红线', hours: 2.5 });
    const file = getCaseFile(w.ctx('agent'), caseId);
    expect(file.progress).toMatchObject([{ kind: 'siteVisit', hours: 2.5, authorName: '陈志强', at: '2026-03-02' }]);
    expect(() => addProgress(w.ctx('agent'), { caseId, kind: 'note', text: '明天的事', hours: 1, at: '2026-03-03' })).toThrow(/晚于今天/);
    closeCase(w.ctx('agent'), { caseId, outcome: 'withdrawn', reason: '申请人撤回' });
    expect(() => addProgress(w.ctx('agent'), { caseId, kind: 'note', text: '补记', hours: 0 })).toThrow(/不能再/);
  });

  it('item statuses follow their machine; approval needs a document number', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    createPlan(w.ctx('agent'), { caseId, templateId: listPlanTemplates(w.ctx('agent'))[0]!.id });
    const item = getCaseFile(w.ctx('agent'), caseId).plan!.items[0]!;
    setPlanItemStatus(w.ctx('agent'), { planItemId: item.id, status: 'preparing' });
    setPlanItemStatus(w.ctx('agent'), { planItemId: item.id, status: 'submitted' });
    expect(() => setPlanItemStatus(w.ctx('agent'), { planItemId: item.id, status: 'approved' })).toThrow(/文号/);
    setPlanItemStatus(w.ctx('agent'), { planItemId: item.id, status: 'approved', approvalDocNo: '榕发改备〔2026〕12号' });
    expect(getCaseFile(w.ctx('agent'), caseId).plan!.items[0]).toMatchObject({ status: 'approved', approvalDocNo: '榕发改备〔2026〕12号', workingDaysLeft: null });
  });
});

describe('scope and transfers', () => {
  it('another district cannot see the case; a transfer down is accepted by the township, which then handles it', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    expect(() => getCaseFile(w.ctx('otherClerk'), caseId)).toThrow(/不属于/);
    expect(() => sendTransfer(w.ctx('clerk'), { caseId, kind: 'down', toOrgUnitId: w.org('350102'), reason: '转街道' })).toThrow(/正在办理/);
    const { id } = sendTransfer(w.ctx('clerk'), { caseId, kind: 'down', toOrgUnitId: w.org('350102001'), reason: '属街道办理权限' });
    expect(() => acceptTransfer(w.ctx('otherClerk'), { transferId: id })).toThrow(/接收机构/);
    expect(transferInbox(w.ctx('townClerk'), {}).map((t) => t.id)).toEqual([id]);
    acceptTransfer(w.ctx('townClerk'), { transferId: id, note: '已接收' });
    const file = getCaseFile(w.ctx('townClerk'), caseId);
    expect(file.summary.orgUnitName).toBe('鼓东街道');
    expect(file.transfers[0]).toMatchObject({ status: 'accepted', answer: '已接收' });
    // The sending office keeps the history.
    expect(getCaseFile(w.ctx('clerk'), caseId).transfers).toHaveLength(1);
  });

  it('a joint (联办) request to the city can be returned with a reason', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const { id } = sendTransfer(w.ctx('agent'), { caseId, kind: 'up', toOrgUnitId: w.org('350100'), reason: '需市级联审' });
    expect(() => sendTransfer(w.ctx('agent'), { caseId, kind: 'up', toOrgUnitId: w.org('350100'), reason: '再发一次' })).toThrow(/待接收/);
    returnTransfer(w.ctx('cityAgent'), { transferId: id, reason: '材料不全，请补充规划意见' });
    expect(getCaseFile(w.ctx('agent'), caseId).transfers[0]).toMatchObject({ status: 'returned', answer: '材料不全，请补充规划意见' });
  });

  it('assigns only real agents, and lists a case under "mine" for its agent', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    expect(() => assignCase(w.ctx('clerk'), { caseId, agentId: w.users.leader })).toThrow(/代办员/);
    assignCase(w.ctx('clerk'), { caseId, agentId: w.users.agent2 });
    expect(listCases(w.ctx('agent2'), { scope: 'mine' }).rows.map((c) => c.id)).toEqual([caseId]);
    expect(listCases(w.ctx('agent'), { scope: 'mine' }).total).toBe(0);
  });
});

describe('dashboard', () => {
  it('counts items due within 3 working days and overdue ones', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    createPlan(w.ctx('agent'), { caseId, templateId: listPlanTemplates(w.ctx('agent'))[0]!.id, startDate: '2026-01-05' });
    const d = getDashboard(w.ctx('agent'));
    expect(d.counters.myCases).toBe(1);
    expect(d.counters.overdue).toBeGreaterThan(0);
    expect(d.overdue.every((i) => i.workingDaysLeft < 0)).toBe(true);
    expect(listCases(w.ctx('agent'), { overdue: true }).rows.map((c) => c.id)).toEqual([caseId]);
    expect(getDashboard(w.ctx('otherClerk')).counters.overdue).toBe(0);
  });
});

describe('sign-in', () => {
  it('locks an account after 5 wrong passwords, audited, and the chain verifies', () => {
    const w = makeWorld(tempDir());
    for (let i = 0; i < 4; i++) expect(() => login(w.store, 'clerk', 'wrong')).toThrow(/还可尝试/);
    expect(() => login(w.store, 'clerk', 'wrong')).toThrow(/锁定/);
    expect(() => login(w.store, 'clerk', PASSWORD)).toThrow(/锁定/);
    w.clock.advance(16 * 60_000);
    expect(login(w.store, 'clerk', PASSWORD).session.displayName).toBe('林晓燕');
    expect(w.store.db.prepare(`SELECT count(*) FROM audit_events WHERE action = 'auth.locked'`).pluck().get()).toBe(1);
    expect(verifyAuditChain(w.store.db).ok).toBe(true);
  });

  it('a fresh folder asks for the first admin, then refuses a second setup', () => {
    const store = openStore(tempDir());
    expect(isInitialized(store)).toBe(false);
    const { session } = setupFirstAdmin(store, { orgUnitName: '鼓楼区行政服务中心', orgLevel: 'county', orgCode: '350102', username: 'admin', displayName: '管理员', password: 'Admin2026' });
    expect(session.role).toBe('admin');
    expect(isInitialized(store)).toBe(true);
    expect(() => setupFirstAdmin(store, { orgUnitName: 'x', orgLevel: 'county', orgCode: '350103', username: 'a2', displayName: 'x', password: 'Admin2026' })).toThrow(/已初始化/);
    store.close();
  });
});

describe('user administration', () => {
  it('an admin moves a colleague to another office and role, resets a forgotten password, and cannot lock themself out', async () => {
    const { updateUser, resetPassword } = await import('../../../src/main/features/auth/service.js');
    const w = makeWorld(tempDir());
    expect(() => updateUser(w.ctx('clerk'), { userId: w.users.agent, displayName: '陈志刚' })).toThrow(/无权/);
    const moved = updateUser(w.ctx('admin'), { userId: w.users.agent, orgUnitId: w.org('350102001'), role: 'clerk', displayName: '陈志刚' });
    expect(moved).toMatchObject({ displayName: '陈志刚', role: 'clerk', orgUnitName: '鼓东街道便民服务中心' });
    expect(() => updateUser(w.ctx('admin'), { userId: w.users.admin, active: false })).toThrow(/自己/);
    for (let i = 0; i < 5; i++) expect(() => login(w.store, 'clerk', 'wrong')).toThrow();
    resetPassword(w.ctx('admin'), { userId: w.users.clerk, password: 'NewPass2026' });
    expect(login(w.store, 'clerk', 'NewPass2026').session.username).toBe('clerk');
    expect(() => login(w.store, 'clerk', PASSWORD)).toThrow(/用户名或密码错误/);
  });
});

describe('staff pickers', () => {
  it('offer a township clerk who is also an agent among the agents', async () => {
    const { userOptions } = await import('../../../src/main/features/auth/service.js');
    const w = makeWorld(tempDir());
    const agents = userOptions(w.ctx('clerk'), 'agent').map((u) => u.displayName);
    expect(agents).toContain('王小红');
    expect(agents).not.toContain('郑国栋');
  });
});
