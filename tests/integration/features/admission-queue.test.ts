// 准入审核 queue for leaders, and 驳回 of a proposed refusal: the refusal's reason is no admission note.
import { describe, expect, it } from 'vitest';
import { casesContract } from '../../../src/shared/api/cases.js';
import { caseHistory } from '../../../src/main/features/audit/history.js';
import { admissionQueue } from '../../../src/main/features/cases/admission-queue.js';
import { caseAction, confirmRefusal, getCaseFile, reviewProject } from '../../../src/main/features/cases/service.js';
import { registerCase } from '../../../src/main/features/intake/service.js';
import { enterpriseApplicant, makeWorld, registerProxyCase, type World } from '../../helpers/fixtures.js';
import { useTempDirs } from '../../helpers/temp-dir.js';

const tempDir = useTempDirs();
const review = (v: unknown) => casesContract['project.review'].input.parse(v);

function registerAt(w: World, who: 'townClerk' | 'otherClerk', name: string) {
  return registerCase(w.ctx(who), casesContract['intake.register'].input.parse({
    channel: 'counter', mode: 'proxy', applicant: enterpriseApplicant(), summary: '代办', project: { name, category: 'social' },
  }));
}

describe('准入审核', () => {
  it('驳回 of a proposed refusal admits the project without showing the refusal as its note', () => {
    const w = makeWorld(tempDir());
    const { caseId } = registerProxyCase(w);
    const projectId = getCaseFile(w.ctx('clerk'), caseId).project!.id;
    reviewProject(w.ctx('clerk'), review({ projectId, decision: 'refuse', reason: '不符合产业规划' }));
    expect(getCaseFile(w.ctx('clerk'), caseId).project).toMatchObject({ admissionStatus: 'refusalPending', admissionReason: '不符合产业规划' });

    confirmRefusal(w.ctx('leader'), { projectId, confirm: false });
    expect(getCaseFile(w.ctx('clerk'), caseId).project).toMatchObject({ admissionStatus: 'approved', admissionReason: null });
    // What was overturned stays readable in the case's 修改记录.
    const overturned = caseHistory(w.ctx('clerk'), { caseId }).find((e) => e.action === 'admission.refusalOverturned')!;
    expect(overturned).toMatchObject({ userName: '郑国栋', text: expect.stringContaining('被驳回的理由：不符合产业规划') });
    expect(overturned.changes).toEqual([{ field: '准入审核', from: '拒绝待复核', to: '准入' }, { field: '审核意见', from: '不符合产业规划', to: '（空）' }]);
  });

  it("lists the cases awaiting review of the leader's offices, refusals to confirm first", () => {
    const w = makeWorld(tempDir());
    const mine = registerProxyCase(w); // 鼓楼区, pending
    const town = registerAt(w, 'townClerk', '鼓东街道社区服务站'); // a township below 鼓楼区
    const elsewhere = registerAt(w, 'otherClerk', '台江区商业综合体'); // 台江区: not the leader's
    const refused = registerProxyCase(w);
    const refusedProject = getCaseFile(w.ctx('clerk'), refused.caseId).project!.id;
    reviewProject(w.ctx('leader'), review({ projectId: refusedProject, decision: 'refuse', reason: '超出中心服务范围' }));
    const approved = registerProxyCase(w);
    reviewProject(w.ctx('clerk'), review({ projectId: getCaseFile(w.ctx('clerk'), approved.caseId).project!.id, decision: 'approve' }));
    const closed = registerProxyCase(w);
    caseAction(w.ctx('clerk'), { caseId: closed.caseId, action: 'withdraw', reason: '申请人撤回' });

    const q = admissionQueue(w.ctx('leader'));
    expect(q.total).toBe(3);
    expect(q.rows.map((r) => r.caseId)).toEqual([refused.caseId, mine.caseId, town.caseId]);
    expect(q.rows[0]).toMatchObject({ admissionStatus: 'refusalPending', reason: '超出中心服务范围', proposedBy: '郑国栋', proposedByMe: true });
    expect(admissionQueue(w.ctx('leader2')).rows[0]).toMatchObject({ proposedByMe: false });
    expect(q.rows.map((r) => r.caseId)).not.toContain(elsewhere.caseId);
    // The city admin answers for every office; a clerk has no queue.
    expect(admissionQueue(w.ctx('admin')).rows.map((r) => r.caseId)).toContain(elsewhere.caseId);
    expect(() => admissionQueue(w.ctx('clerk'))).toThrow('您的角色无权');

    // 通过 from the queue takes the case off it.
    reviewProject(w.ctx('leader2'), review({ projectId: q.rows[1]!.projectId, decision: 'approve' }));
    confirmRefusal(w.ctx('leader2'), { projectId: refusedProject, confirm: true });
    expect(admissionQueue(w.ctx('leader')).rows.map((r) => r.caseId)).toEqual([town.caseId]);
  });
});
